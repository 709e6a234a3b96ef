//! When an incoming call starts to ring: once the caller's offer is applied (the call can be
//! answered), or [`RINGTONE_WAIT_MS`] after the invitation came at the latest.
//!
//! - An invitation whose offer this browser refuses (or whose connection it cannot create) ends
//!   without a sound; before, it rang for the few milliseconds until its failure came.
//! - The ringtone is usually the page's first sound, so starting it starts the page's audio
//!   output; it no longer does so beside the offer's application. On this two-core machine a
//!   probe with no audio at all on the callee's page applied the offer in ~25 ms instead of ~37.
//!   Side by side (three rounds of 12 first calls, with the callee's media also held until
//!   connected, which was not kept), click → connected did not move beyond the runs' ±20 ms.
//! - Applying an offer takes tens of milliseconds, so the ring follows the dialog by that much,
//!   which nobody hears as late; a slow phone still rings within a third of a second.

use super::{Action, CallState, Phone, Tone};

/// The longest an incoming call waits for its offer to be applied before it rings anyway.
pub const RINGTONE_WAIT_MS: u64 = 300;

impl Phone {
    /// After an invitation was taken: the ring waits for the offer (`ring_if_due`).
    pub(super) fn ring_soon(&mut self, now: u64) {
        if let Some(call) = self.active_mut() {
            call.ring_due = Some(now + RINGTONE_WAIT_MS);
        }
    }

    /// Rings the invitation if its offer is applied or its wait is over; a call that is no longer
    /// ringing (accepted, declined, ended) forgets its ring.
    pub(super) fn ring_if_due(&mut self, now: u64, offer_applied: bool) {
        let Some(call) = self.active_mut() else { return };
        let Some(due) = call.ring_due else { return };
        if call.state != CallState::InvitationReceived {
            call.ring_due = None;
        } else if offer_applied || now >= due {
            call.ring_due = None;
            self.actions.push_back(Action::PlayTone(Tone::Ringtone));
        }
    }

    /// When the page must wake to ring (only while the invitation rings unheard).
    pub(super) fn ring_deadline(&self) -> Option<u64> {
        self.active()
            .filter(|call| call.state == CallState::InvitationReceived)
            .and_then(|call| call.ring_due)
    }
}
