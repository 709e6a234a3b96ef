//! The page going away (its tab closed, reloaded, navigated from): what happens to its calls.

use super::*;

impl Phone {
    /// The page is going away (see [`Input::Leave`]): the call waiting is turned away, the
    /// current one hung up or cancelled. One still ringing here is left to the server, which
    /// tells the caller that this side left (unavailable): nobody declined it.
    pub(super) fn leave(&mut self, now: u64) -> Result<(), Ignored> {
        let waiting = self.reject_waiting().is_ok();
        let ends = self.active().is_some_and(|call| !matches!(call.state, CallState::Ended | CallState::InvitationReceived));
        let active = ends && self.hang_up(now).is_ok();
        if waiting || active { Ok(()) } else { ignored("no call to leave") }
    }
}
