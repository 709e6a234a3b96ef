//! What the screen shows of the call: [`Phone::view`], read from the machine after each input.

use super::{CallState, CallView, Phone, SourceView, Timer, WaitingView};
use crate::media_state::Confirmed;

impl Phone {
    /// The current (or just ended) call as the UI shows it; `None` when there is none.
    pub fn view(&self) -> Option<CallView> {
        self.call.as_ref().map(|call| CallView {
            call_id: call.id.clone(),
            peer: call.peer.clone(),
            direction: call.direction,
            media: call.media,
            state: call.state,
            started_at: call.started_at,
            connected_at: call.connected_at,
            media_ready: call.media_ready,
            mic: source_view(&call.mic),
            camera: source_view(&call.camera),
            screen: source_view(&call.screen),
            remote: call.remote,
            recording: call.recording,
            ice_restarts: call.negotiation.ice_restarts,
            // The connection timers run only while the media path is down (cleared on `connected`).
            reconnecting: call.state == CallState::Connected
                && matches!(call.deadline, Some((_, Timer::DisconnectedGrace | Timer::Disconnected))),
            control: call.control.view(),
            waiting: self.waiting.as_ref().filter(|_| call.state != CallState::Ended).map(|w| WaitingView {
                call_id: w.call_id.clone(),
                peer: w.peer.clone(),
                media: w.media,
                since: w.since,
            }),
            ended: call.ended.clone(),
        })
    }
}

fn source_view(source: &Confirmed<bool>) -> SourceView {
    SourceView {
        enabled: *source.confirmed(),
        pending: source.pending().copied(),
        error: source.last_error(),
    }
}
