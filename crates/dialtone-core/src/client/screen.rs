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
        let held = self.screen_hold_until.is_some()
            && view.direction == Direction::Outgoing
            && view.state == CallState::WaitCapabilities
            && view.ended.is_none();
        (!held).then_some(view)
    }

    /// After `PlaceCall` was taken: holds the screen for an audio call with a granted microphone.
    pub(super) fn hold_screen_for_placed_call(&mut self, now: u64, media: MediaKind) {
        let placed = self
            .phone
            .view()
            .is_some_and(|v| v.direction == Direction::Outgoing && v.state == CallState::WaitCapabilities);
        self.screen_hold_until = (placed && self.microphone_granted && media == MediaKind::Audio).then_some(now + SCREEN_HOLD_MS);
    }

    /// The hold's deadline passed (a slow microphone): the screen shows the call as it stands.
    pub(super) fn screen_hold_timeout(&mut self, now: u64) {
        if self.screen_hold_until.is_some_and(|at| at <= now) {
            self.screen_hold_until = None;
        }
    }
}
