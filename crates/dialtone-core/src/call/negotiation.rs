//! Perfect negotiation after the first offer/answer: renegotiation (screen share) and ICE
//! restarts. The callee is polite and yields on colliding offers; the caller ignores the callee's.

use super::*;

impl Phone {
    /// Starts a renegotiation offer, or remembers to once the exchange under way settles.
    pub(super) fn on_negotiation_needed(&mut self, ice_restart: bool) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "negotiation with no call",
        })?;
        if !call.negotiation.established {
            return ignored("the first offer/answer covers this");
        }
        if call.negotiation.busy() {
            call.negotiation.pending = true;
            call.negotiation.pending_ice_restart |= ice_restart;
            return Ok(());
        }
        call.negotiation.making_offer = true;
        call.negotiation.pending = false;
        call.negotiation.pending_ice_restart = false;
        if ice_restart {
            call.negotiation.ice_restarts += 1;
        }
        self.actions
            .push_back(Action::CreateRenegotiationOffer { ice_restart });
        Ok(())
    }

    pub(super) fn offer_if_pending(&mut self) -> Result<(), Ignored> {
        match self.active() {
            Some(call) if call.negotiation.pending && !call.negotiation.busy() => {
                let restart = call.negotiation.pending_ice_restart;
                self.on_negotiation_needed(restart)
            }
            _ => Ok(()),
        }
    }

    /// An offer for the call in progress (perfect negotiation).
    pub(super) fn on_renegotiation_offer(&mut self, from: PeerId, offer: SessionDescription) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "offer with no call",
        })?;
        if call.peer != from {
            return ignored("an offer for this call from someone else");
        }
        if !call.negotiation.established {
            return ignored("a second offer before the first exchange finished");
        }
        let collision = call.negotiation.making_offer || call.negotiation.awaiting_answer.is_some();
        if collision && !call.polite() {
            // The impolite side keeps its own offer; the polite peer will answer it.
            return ignored("colliding offer ignored by the impolite side");
        }
        if collision {
            // Polite: our offer is rolled back (setRemoteDescription does it) and offered later.
            call.negotiation.pending = true;
        }
        call.negotiation.making_offer = false;
        call.negotiation.awaiting_answer = None;
        call.negotiation.answering_offer = true;
        call.remote_candidates.start_generation(ice_ufrag(&offer.sdp));
        self.actions.push_back(Action::ApplyRemoteDescription(offer));
        Ok(())
    }

    /// The signaling connection is back: an offer still waiting for its answer may never have
    /// left (or reached the peer), and without its answer every later renegotiation and ICE
    /// restart would wait behind it. The same offer again is harmless if it did arrive.
    pub(super) fn resend_unanswered_offer(&mut self) {
        let Some(call) = self.active() else { return };
        if let Some(sdp) = call.negotiation.awaiting_answer.clone() {
            let offer = description_message(call, SdpType::Offer, sdp);
            self.actions.push_back(Action::Send(offer));
        }
    }
}
