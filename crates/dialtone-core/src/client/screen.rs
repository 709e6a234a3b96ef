//! When the page draws a call it has just placed.
//!
//! Drawing the call screen at the click costs the page ~10 ms of its main thread, and the
//! browser's answer to getUserMedia waits behind it: traced, the caller's offer left at 14 ms
//! with the screen drawn afterwards, at 24–31 ms with it drawn first. So an audio call placed
//! with the microphone already granted is drawn once its invitation is out (the offer follows
//! the microphone within a few ms). Where a permission prompt is ahead, a camera has to start,
//! or the microphone is slow to open (past [`SCREEN_HOLD_MS`]), the screen shows the call at once,
//! as "Starting microphone…".

use super::Client;
use crate::call::{CallState, CallView, Direction};
use crate::protocol::MediaKind;

/// The longest a placed call goes undrawn. Opening a granted microphone takes 5–50 ms.
pub const SCREEN_HOLD_MS: u64 = 150;

impl Client {
    /// The call as the page's screen draws it: [`Client::call_view`], except for a placed audio
    /// call whose granted microphone is still opening (see the module's note). The embedding API
    /// and everything else read [`Client::call_view`].
    pub fn screen_call_view(&self) -> Option<CallView> {
        let view = self.call_view()?;
        // Held only while the placed call opens its microphone (`settle_screen_hold`).
        self.screen_hold_until.is_none().then_some(view)
    }

    /// After `PlaceCall` was taken: holds the screen for an audio call with a granted microphone
    /// (`settle_screen_hold` follows, and lets go of it for a call that is not opening).
    pub(super) fn hold_screen_for_placed_call(&mut self, now: u64, media: MediaKind) {
        self.screen_hold_until = (self.microphone_granted && media == MediaKind::Audio).then_some(now + SCREEN_HOLD_MS);
    }

    /// Lets the hold go once it has done its job (the invitation is out, or the call ended) or
    /// its deadline passed (a slow microphone): the screen shows the call as it stands, and no
    /// deadline is left to wake the page for nothing.
    pub(super) fn settle_screen_hold(&mut self, now: u64) {
        let opening = self.phone.view().is_some_and(|v| {
            v.direction == Direction::Outgoing && v.state == CallState::WaitCapabilities && v.ended.is_none()
        });
        if !opening || self.screen_hold_until.is_some_and(|at| at <= now) {
            self.screen_hold_until = None;
        }
    }
}
