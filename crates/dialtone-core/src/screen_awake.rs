//! Keeping the screen on during a call that has something to watch. A phone dims and locks its
//! screen after a minute or less without a touch; in a video call that ends the picture while
//! both people are talking. The page holds a screen wake lock while [`wanted`] says so and the
//! tab is visible. The browser drops the lock whenever the tab is hidden; [`ScreenAwake`] asks
//! for it again when the tab is shown, and only then, so a browser that refuses or revokes it
//! (a battery saver) is not asked in a loop. The page only performs what it says. The host page
//! holds it by the same rule, read from its own machine (`HostPage::keeps_screen_on`).

use crate::call::{CallState, CallView};

/// Whether the call keeps the screen on: one under way (placed, accepted or connected; not one
/// still ringing here, and not its summary) with video either way, a camera or a shared screen.
/// An audio call lets the screen sleep, as a phone held to the ear should.
pub fn wanted(call: Option<&CallView>) -> bool {
    let Some(call) = call else { return false };
    let under_way = !matches!(call.state, CallState::InvitationReceived | CallState::Ended) && call.ended.is_none();
    let video = call.camera.enabled || call.screen.enabled || call.remote.camera || call.remote.screen;
    under_way && video
}

/// What the page is to do with the lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockAction {
    /// `navigator.wakeLock.request("screen")`; report [`ScreenAwake::acquired`] or
    /// [`ScreenAwake::refused`].
    Request,
    /// Release the lock held (without reporting it as lost).
    Release,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lock {
    None,
    Requested,
    Held,
}

/// The screen lock's holder: what is wanted, whether the tab is visible, what is held.
#[derive(Debug, Clone)]
pub struct ScreenAwake {
    wanted: bool,
    visible: bool,
    lock: Lock,
    /// Refused or revoked while visible: not asked again until the tab is shown again or the
    /// lock is wanted anew.
    held_back: bool,
}

impl ScreenAwake {
    pub fn new(visible: bool) -> ScreenAwake {
        ScreenAwake { wanted: false, visible, lock: Lock::None, held_back: false }
    }

    /// The call's need changed ([`wanted`]).
    pub fn want(&mut self, wanted: bool) -> Option<LockAction> {
        if wanted && !self.wanted {
            self.held_back = false;
        }
        self.wanted = wanted;
        self.next()
    }

    /// The tab was shown or hidden.
    pub fn visible(&mut self, visible: bool) -> Option<LockAction> {
        if visible && !self.visible {
            self.held_back = false;
        }
        self.visible = visible;
        self.next()
    }

    /// The request was granted. A lock no longer wanted by then is released at once.
    pub fn acquired(&mut self) -> Option<LockAction> {
        if self.lock != Lock::Requested {
            // Not ours to keep: nothing was asked for.
            return Some(LockAction::Release);
        }
        self.lock = Lock::Held;
        self.next()
    }

    /// The request was refused (no such API, a battery saver, a hidden tab).
    pub fn refused(&mut self) {
        self.lock = Lock::None;
        self.held_back = true;
    }

    /// The browser released the lock it had granted (the tab was hidden, or its own reason).
    pub fn lost(&mut self) {
        if self.lock == Lock::Held {
            self.lock = Lock::None;
            self.held_back = true;
        }
    }

    /// Whether the page holds the lock now.
    pub fn held(&self) -> bool {
        self.lock == Lock::Held
    }

    fn next(&mut self) -> Option<LockAction> {
        let keep = self.wanted && self.visible;
        match self.lock {
            Lock::None if keep && !self.held_back => {
                self.lock = Lock::Requested;
                Some(LockAction::Request)
            }
            Lock::Held if !keep => {
                self.lock = Lock::None;
                Some(LockAction::Release)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
