//! The end of a call, whoever ends it: the peer told (when it knows of the call), tones and
//! media stopped, the record for the history, and a call waiting behind it rung.

use super::*;

impl Phone {
    /// Ends the active call: tells the peer when it knows of the call, stops sounds and media,
    /// and emits the history record.
    pub(super) fn end_active(&mut self, now: u64, reason: EndReason, notify_peer: bool) -> Result<(), Ignored> {
        self.end_call(now, reason, notify_peer, false)
    }

    /// Ends the active call because the peer said so: `reason` is theirs (their microphone, say),
    /// and the record says so, so no screen tells this side it was its own.
    pub(super) fn end_by_peer(&mut self, now: u64, reason: EndReason) -> Result<(), Ignored> {
        self.end_call(now, reason, false, true)
    }

    fn end_call(&mut self, now: u64, reason: EndReason, notify_peer: bool, by_peer: bool) -> Result<(), Ignored> {
        let Some(call) = self.active_mut() else {
            return ignored("no call to end");
        };
        call.state = CallState::Ended;
        call.deadline = None;
        let record = CallRecord {
            call_id: call.id.clone(),
            peer: call.peer.clone(),
            direction: call.direction,
            media: call.media,
            started_at: call.started_at,
            connected_at: call.connected_at,
            ended_at: now,
            reason,
            by_peer,
        };
        call.ended = Some(record.clone());
        let ended_id = call.id.clone();
        let tell_peer = notify_peer && (call.signaled || call.direction == Direction::Incoming);
        if tell_peer {
            let end = ControlEvent::End(CallEnd { call_id: ended_id.clone(), reason, seq: None });
            let _ = self.send_event(now, end);
        }
        self.stop_recording_at_end();
        self.actions.push_back(Action::StopTones);
        self.actions.push_back(Action::ReleaseCall);
        self.actions.push_back(Action::Ended(record));
        self.ended_ids.push_back(ended_id);
        if self.ended_ids.len() > ENDED_IDS_KEPT {
            self.ended_ids.pop_front();
        }
        // A call that was waiting on this one now simply rings (unless we are switching to it).
        if reason != EndReason::Switched {
            if let Some(waiting) = self.waiting.take_if(|w| self.ended_ids.contains(&w.call_id)) {
                // Its id is already spent (a peer reused it): it cannot become a call.
                self.send_busy(waiting.peer, waiting.call_id);
            } else if let Some(waiting) = self.waiting.take() {
                self.start_incoming(now, waiting.peer, waiting.call_id, waiting.media, waiting.offer);
                if let Some(call) = self.active_mut() {
                    call.remote_candidates = waiting.candidates;
                }
                self.ring_soon(now);
            }
        }
        Ok(())
    }
}
