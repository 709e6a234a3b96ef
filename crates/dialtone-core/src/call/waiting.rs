//! Competing calls: a second invitation during a call waits for the user to switch to it or turn
//! it away (the caller hears PEER_BUSY); of two crossing invitations, ours may give way.

use super::*;

impl Phone {
    /// Turns a caller away (PEER_BUSY). Not our call, so no channel: the server relays it, or on
    /// a base server the end rides an end-of-candidates.
    pub(super) fn send_busy(&mut self, to: PeerId, call_id: CallId) {
        self.send_refusal(to, call_id, EndReason::PeerBusy);
    }

    /// Turns an invitation away with `reason`: a `call-end`, or on a base server (which relays
    /// none) an end-of-candidates that carries it.
    pub(super) fn send_refusal(&mut self, to: PeerId, call_id: CallId, reason: EndReason) {
        let message = if self.capabilities.relays_call_control() {
            Message::CallEnd(Routed::to(to, CallEnd { call_id, reason, seq: None }))
        } else {
            Message::IceCandidate(Routed::to(to, IceCandidate::carrying_end(call_id, reason)))
        };
        self.actions.push_back(Action::Send(message));
    }

    pub(super) fn reject_waiting(&mut self) -> Result<(), Ignored> {
        let waiting = self.waiting.take().ok_or(Ignored {
            reason: "no call is waiting",
        })?;
        self.actions.push_back(Action::StopTones);
        self.send_busy(waiting.peer, waiting.call_id);
        Ok(())
    }

    /// Ends the current call (SWITCHED) and takes the waiting one, as if answered at once.
    pub(super) fn switch_to_waiting(&mut self, now: u64) -> Result<(), Ignored> {
        if self.waiting.is_none() {
            return ignored("no call is waiting");
        }
        if self.in_call() {
            self.end_active(now, EndReason::Switched, true)?;
        }
        let Some(waiting) = self.waiting.take() else {
            return ignored("no call is waiting");
        };
        self.start_incoming(now, waiting.peer, waiting.call_id, waiting.media, waiting.offer);
        if let Some(call) = self.active_mut() {
            call.remote_candidates = waiting.candidates;
        }
        self.accept(now)
    }

    /// Our invitation gives way to the peer's crossing one, which we accept. No history entry:
    /// the user's call goes on as the merged call. The peer is told our call is withdrawn: it
    /// drops an end for a call it ignored, but a peer that took our invitation as a plain call
    /// (its own had ended before ours reached it) would otherwise connect to nobody; and the id
    /// is spent, so its later frames cannot ring here as a new call.
    pub(super) fn drop_own_invitation_for_crossing(&mut self) {
        self.actions.push_back(Action::StopTones);
        self.actions.push_back(Action::ReleaseCall);
        let Some(call) = self.call.take() else { return };
        if call.signaled {
            self.send_refusal(call.peer, call.id.clone(), EndReason::Cancelled);
        }
        self.ended_ids.push_back(call.id);
        if self.ended_ids.len() > ENDED_IDS_KEPT {
            self.ended_ids.pop_front();
        }
    }
}
