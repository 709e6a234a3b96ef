//! The callee's answer and its media, side by side. The answer does not wait for the
//! microphone (and camera) to open: a phone's microphone can take longer to open than the
//! connection takes to come up, and a first-time caller's permission prompt longer still. So
//! the answer goes at once, with its audio (and video) places made to send; the tracks go into
//! them when the media opens, and the connection is up by then. Media that fails or never opens
//! still ends the call with its reason, told to the caller, as before the answer.

use super::*;

impl Phone {
    /// Asks for the call's first answer. With no media yet, the places it will send from are
    /// made first (`PrepareSending`); `SendLocalMedia` fills them when the media opens.
    pub(super) fn request_answer(&mut self) {
        let Some(call) = self.active_mut() else { return };
        if !call.media_ready {
            call.answered_before_media = true;
            let media = call.media;
            self.actions.push_back(Action::PrepareSending(media));
        }
        self.actions.push_back(Action::CreateAnswer);
    }

    /// The callee's media opened: in the answer already asked for, or (the offer not yet
    /// applied) in the answer still to come.
    pub(super) fn on_callee_media(&mut self, now: u64) -> Result<(), Ignored> {
        let connect_ms = self.timers.connect_ms;
        let call = self.active_mut().ok_or(Ignored { reason: "media arrived with no call" })?;
        if call.media_ready || !awaits_callee_media(call) {
            return ignored("media is not awaited in this state");
        }
        call.media_ready = true;
        call.media_due = None;
        if call.state == CallState::InvitationAccepted {
            // The answer is still being made: from now on the connection's timer runs.
            call.deadline = Some((now + connect_ms, Timer::Connect));
        }
        if call.answered_before_media {
            self.actions.push_back(Action::SendLocalMedia);
        }
        Ok(())
    }

    /// The first answer went: from now on the connection's timer runs (the media's, if it has
    /// not opened yet, runs on beside it).
    pub(super) fn on_first_answer_sent(&mut self, now: u64) {
        let connect_ms = self.timers.connect_ms;
        if let Some(call) = self.active_mut()
            && matches!(call.deadline, Some((_, Timer::Media)))
        {
            call.deadline = Some((now + connect_ms, Timer::Connect));
        }
    }

    /// Media that has not opened by its time ends the call (DEVICE_TIMEOUT), told to the peer.
    pub(super) fn end_if_media_overdue(&mut self, now: u64) -> Option<Result<(), Ignored>> {
        let due = self.active().and_then(|call| call.media_due)?;
        (now >= due).then(|| self.end_active(now, EndReason::DeviceTimeout, true))
    }
}

/// Whether this call waits for the callee's media: accepted, answered or connected before it
/// opened.
pub(super) fn awaits_callee_media(call: &Call) -> bool {
    call.direction == Direction::Incoming
        && !call.media_ready
        && matches!(
            call.state,
            CallState::InvitationAccepted | CallState::AnswerSent | CallState::Negotiated | CallState::Connected
        )
}
