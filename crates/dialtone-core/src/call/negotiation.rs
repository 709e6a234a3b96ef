//! Perfect negotiation after the first offer/answer: renegotiation (screen share) and ICE
//! restarts. The callee is polite and yields on colliding offers; the caller ignores the callee's.

use super::*;

/// Perfect negotiation after the first offer/answer (renegotiation, ICE restart). The callee is
/// polite: on colliding offers it yields; the caller ignores the callee's colliding offer.
#[derive(Debug, Clone, Default)]
pub(super) struct Negotiation {
    /// The first exchange is done; any later offer is a renegotiation.
    pub(super) established: bool,
    pub(super) making_offer: bool,
    /// Our offer, sent and not answered yet: sent again when the signaling connection comes
    /// back, since the page drops what it sends while the server is away.
    pub(super) awaiting_answer: Option<String>,
    pub(super) answering_offer: bool,
    /// The answer to the offer being applied is asked for already. The browser reports each
    /// applied remote description without saying which: an answer of ours still being applied
    /// when the peer's next offer arrives reports first, and is taken for the offer's. One
    /// request is enough (the browser's operations chain runs it after the offer), a second
    /// would run in `stable` and fail.
    pub(super) answer_requested: bool,
    /// Asked for while an exchange was under way: offer again once it settles.
    pub(super) pending: bool,
    /// The pending offer must restart ICE.
    pub(super) pending_ice_restart: bool,
    pub(super) ice_restarts: u32,
    pub(super) resend: Resend,
}

impl Negotiation {
    pub(super) fn busy(&self) -> bool {
        self.making_offer || self.awaiting_answer.is_some() || self.answering_offer
    }

    /// When the unanswered offer is due again; none while no offer waits.
    pub(super) fn resend_due(&self) -> Option<u64> {
        self.awaiting_answer.as_ref().and(self.resend.at)
    }
}

/// How long an offer waits for its answer before it is sent again.
pub(super) const OFFER_RESEND_MS: u64 = 4_000;

/// What makes a lost offer or answer recoverable without a new exchange. An offer is sent again
/// as it was; the peer answers a copy of the offer it answered last with that same answer (not a
/// new one); and a copy of the answer we applied last is dropped, so a late copy can never be
/// taken for the answer to a newer offer.
#[derive(Debug, Clone, Default)]
pub(super) struct Resend {
    /// When the unanswered offer goes out again.
    at: Option<u64>,
    /// The last answer applied to an offer of ours.
    applied_answer: Option<String>,
    /// The peer's offer being answered; then that offer with our answer.
    answering: Option<String>,
    answered: Option<(String, String)>,
}

impl Resend {
    pub(super) fn offer_sent(&mut self, now: u64) {
        self.at = Some(now + OFFER_RESEND_MS);
    }

    pub(super) fn is_applied_answer(&self, sdp: &str) -> bool {
        self.applied_answer.as_deref() == Some(sdp)
    }

    pub(super) fn applying_answer(&mut self, sdp: &str) {
        self.at = None;
        self.applied_answer = Some(sdp.to_owned());
    }

    /// `offer` is a copy of the one being answered right now.
    pub(super) fn is_being_answered(&self, offer: &str) -> bool {
        self.answering.as_deref() == Some(offer)
    }

    pub(super) fn answering(&mut self, offer: &str) {
        self.answering = Some(offer.to_owned());
    }

    pub(super) fn answered(&mut self, answer: &str) {
        if let Some(offer) = self.answering.take() {
            self.answered = Some((offer, answer.to_owned()));
        }
    }

    /// Our answer, if `offer` is a copy of the offer we answered last.
    pub(super) fn answer_to_copy(&self, offer: &str) -> Option<String> {
        self.answered.as_ref().filter(|(o, _)| o == offer).map(|(_, a)| a.clone())
    }
}

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
        if call.negotiation.answering_offer && call.negotiation.resend.is_being_answered(&offer.sdp) {
            // Applying it again would leave the connection waiting for a second answer.
            return ignored("a copy of the offer being answered");
        }
        let collision = call.negotiation.making_offer || call.negotiation.awaiting_answer.is_some();
        if collision && !call.polite() {
            // The impolite side keeps its own offer; the polite peer will answer it. (Even a
            // copy of an offer answered before: the peer rolls that offer back on ours, and an
            // old answer arriving after could be taken for its next offer's.)
            return ignored("colliding offer ignored by the impolite side");
        }
        if let Some(answer) = call.negotiation.resend.answer_to_copy(&offer.sdp) {
            // Our answer to it was lost: the same answer again, no new exchange.
            let message = description_message(call, SdpType::Answer, answer);
            self.actions.push_back(Action::Send(message));
            return Ok(());
        }
        if collision {
            // Polite: our offer is rolled back (setRemoteDescription does it) and offered later.
            call.negotiation.pending = true;
        }
        call.negotiation.making_offer = false;
        call.negotiation.awaiting_answer = None;
        call.negotiation.answering_offer = true;
        call.negotiation.resend.answering(&offer.sdp);
        call.remote_candidates.start_generation(ice_ufrag(&offer.sdp));
        self.actions.push_back(Action::ApplyRemoteDescription(offer));
        Ok(())
    }

    /// The answer to our renegotiation offer; a copy of one already applied is dropped.
    pub(super) fn on_renegotiation_answer(&mut self, answer: SessionDescription) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored { reason: "answer with no call" })?;
        if call.negotiation.resend.is_applied_answer(&answer.sdp) {
            return ignored("a copy of an answer already applied");
        }
        call.negotiation.awaiting_answer = None;
        call.negotiation.resend.applying_answer(&answer.sdp);
        call.remote_candidates.start_generation(ice_ufrag(&answer.sdp));
        self.actions.push_back(Action::ApplyRemoteDescription(answer));
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

    /// An offer unanswered for [`OFFER_RESEND_MS`] goes out again: it, or its answer, was lost
    /// in a socket that died (the peer's, which we never hear about).
    pub(super) fn resend_offer_if_due(&mut self, now: u64) {
        let due = self.active().and_then(|call| call.negotiation.resend_due()).is_some_and(|at| at <= now);
        if due {
            if let Some(call) = self.active_mut() {
                call.negotiation.resend.offer_sent(now);
            }
            self.resend_unanswered_offer();
        }
    }
}
