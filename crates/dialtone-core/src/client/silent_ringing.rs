//! A page the person has not clicked, tapped or typed on yet may not make a sound: that is the
//! browser's autoplay rule (Chrome's and Firefox's default), and the page's audio stays held
//! until the person first uses it. A call coming in then rings on screen only.
//!
//! Rules:
//! - The page says so while a call could come in and would ring silently: the browser holds
//!   the page's sound (`Input::SoundAllowed(false)`), the page is online, and it can take calls
//!   (it has WebRTC). Offline, nothing can ring; the offline notice says what matters.
//! - Until the page has told the machine, nothing is said (a browser that never holds the sound
//!   never shows it).
//! - The page lets the sound go on the person's first click, tap or key anywhere; the browser's
//!   word that it did (`SoundAllowed(true)`) takes the notice away. Nothing else does: the
//!   notice stays true until the sound really can play.

use super::*;

#[derive(Debug, Default)]
pub(super) struct Ringer {
    /// Whether the browser lets the page's sound play, once the page has said.
    sound_allowed: Option<bool>,
    /// The page shows that a call would ring silently.
    shown: bool,
}

impl Client {
    /// The browser holds the page's sound (`false`) or lets it play (`true`).
    pub(super) fn on_sound_allowed(&mut self, allowed: bool) -> Result<(), Ignored> {
        self.ringer.sound_allowed = Some(allowed);
        self.show_silent_ringing();
        Ok(())
    }

    /// Says whether a call would ring silently now, when that changed.
    pub(super) fn show_silent_ringing(&mut self) {
        let silent = self.ringer.sound_allowed == Some(false) && self.online && !self.webrtc_missing;
        if silent != self.ringer.shown {
            self.ringer.shown = silent;
            self.actions.push_back(Action::ShowSilentRinging(silent));
        }
    }
}
