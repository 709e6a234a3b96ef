//! Local recording of a call (specs/audio.md, "Recording"). The peer is told with a
//! `call-recording` message before the recorder starts (the actions come out in that order) and
//! again when it stops; their notices show as `remote.recording`. Only a connected call can be
//! recorded, and a recording ends with its call: the browser side then offers the file.

use super::*;

/// Whether this side may start recording: a connected call with its own microphone in (a callee
/// that answered before its microphone opened would be missing from its own recording). The
/// machine refuses otherwise, and the page's record button reads the same rule
/// ([`CallView::may_start_recording`]).
fn may_start(state: CallState, media_ready: bool) -> bool {
    state == CallState::Connected && media_ready
}

impl CallView {
    /// See [`may_start`]: the record button is enabled only then (or to stop a recording).
    pub fn may_start_recording(&self) -> bool {
        may_start(self.state, self.media_ready)
    }
}

impl Phone {
    pub(super) fn on_set_recording(&mut self, now: u64, on: bool) -> Result<(), Ignored> {
        let deliverable = self.notice_deliverable();
        let call = self.active_mut().ok_or(Ignored {
            reason: "no call to record",
        })?;
        if call.state != CallState::Connected {
            return ignored("only a connected call can be recorded");
        }
        if on && !may_start(call.state, call.media_ready) {
            return ignored("local media is not ready yet");
        }
        if call.recording == on {
            return ignored("the recording already is so");
        }
        if on && !deliverable {
            // A base server drops the notice and the peer's app reads no channel: they would be
            // recorded without knowing. Handled by refusing, with a notice.
            self.actions.push_back(Action::Notify(crate::errors::ClientError::RecordingNoticeUndeliverable));
            return Ok(());
        }
        call.recording = on;
        let notice = recording_event(call, on);
        if on {
            let _ = self.send_event(now, notice);
            self.actions.push_back(Action::StartRecording);
        } else {
            self.actions.push_back(Action::StopRecording);
            let _ = self.send_event(now, notice);
        }
        Ok(())
    }

    /// The peer's recording notice, relayed by the server.
    pub(super) fn on_remote_recording(
        &mut self,
        now: u64,
        notice: Routed<CallRecording>,
    ) -> Result<(), Ignored> {
        let call = self.active().ok_or(Ignored {
            reason: "recording notice with no call",
        })?;
        if !is_about(call, &notice.from, &Some(notice.payload.call_id.clone())) {
            return ignored("recording notice for another call");
        }
        self.apply_remote_event(now, ControlEvent::Recording(notice.payload))
    }

    /// The server refused our notice (a base server does not know `call-recording`, a rate
    /// limit, a peer id that changed): the peer may not have been told, so the recorder stops at
    /// once. The notice may also have gone over the call's channel, whose copy still arrives
    /// (SCTP retransmits after a break): then the peer is told it stopped, the same way, or it
    /// would show us recording when we are not.
    pub(super) fn on_recording_notice_refused(&mut self, now: u64) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored { reason: "no call for this error" })?;
        if !call.recording {
            return ignored("not recording");
        }
        call.recording = false;
        let take_back = (call.control.channel == ChannelState::Usable).then(|| recording_event(call, false));
        self.actions.push_back(Action::StopRecording);
        if let Some(notice) = take_back {
            let _ = self.send_event(now, notice);
        }
        Ok(())
    }

    /// The call is ending: a running recorder stops (before the media goes).
    pub(super) fn stop_recording_at_end(&mut self) {
        if let Some(call) = self.call.as_mut()
            && call.recording
        {
            call.recording = false;
            self.actions.push_back(Action::StopRecording);
        }
    }
}

fn recording_event(call: &Call, recording: bool) -> ControlEvent {
    ControlEvent::Recording(CallRecording { call_id: call.id.clone(), recording, seq: None })
}
