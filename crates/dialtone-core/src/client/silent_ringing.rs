//! A page the person has not clicked, tapped or typed on yet may not make a sound: that is the
//! browser's autoplay rule (Chrome's and Firefox's default), and the page's audio stays held
//! until the person first uses it. A call coming in then rings on screen only.
//!
//! Rules:
//! - The browser holds the page's sound while its audio is suspended and the browser does not
//!   say a context may start (`Input::PageAudio`). Firefox makes every context suspended and
//!   starts an allowed one a moment later (most of a second on some systems): its policy says
//!   "allowed" meanwhile, so that moment is not read as held. Chrome has no policy to ask; its
//!   context runs from the start when it may. Audio closed or taken by the system is not held
//!   by the autoplay rule (no click brings it back), so nothing is said of it.
//! - The page says so while a call could come in and would ring silently: the browser holds
//!   the page's sound, the page is online, and it can take calls (it has WebRTC). Offline,
//!   nothing can ring; the offline notice says what matters.
//! - Until the page has told the machine, nothing is said (a browser that never holds the sound
//!   never shows it).
//! - The page lets the sound go on the person's first click, tap or key anywhere; the browser's
//!   word that it did (its audio running) takes the notice away. Nothing else does: the notice
//!   stays true until the sound really can play.

use super::*;

#[derive(Debug, Default)]
pub(super) struct Ringer {
    /// Whether the browser holds the page's sound, once the page has said.
    sound_held: Option<bool>,
    /// The page shows that a call would ring silently.
    shown: bool,
}

impl Client {
    /// Whether the browser holds the page's sound, so that a call coming in would ring
    /// silently, as an embedding site hears it: offline too (the notice waits for the link, but
    /// the sound is no less held), so a dropped socket does not flip it.
    pub fn silent_ringing(&self) -> bool {
        self.ringer.sound_held == Some(true) && !self.webrtc_missing
    }

    /// The page's audio is `state`, and the browser's autoplay policy (where it has one) says
    /// `policy`.
    pub(super) fn on_page_audio(&mut self, state: AudioState, policy: Option<AutoplayPolicy>) -> Result<(), Ignored> {
        let held = state == AudioState::Suspended && policy != Some(AutoplayPolicy::Allowed);
        self.ringer.sound_held = Some(held);
        self.show_silent_ringing();
        Ok(())
    }

    /// Says whether a call would ring silently now, when that changed.
    pub(super) fn show_silent_ringing(&mut self) {
        let silent = self.silent_ringing() && self.online;
        if silent != self.ringer.shown {
            self.ringer.shown = silent;
            self.actions.push_back(Action::ShowSilentRinging(silent));
        }
    }
}
