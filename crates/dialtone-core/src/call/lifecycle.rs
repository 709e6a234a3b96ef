//! The call from invitation to connection: placing, ringing, accepting, the first offer/answer,
//! candidates, and the ends the peer or the server report.

use super::*;

impl Phone {
    pub(super) fn place_call(
        &mut self,
        now: u64,
        peer: PeerId,
        media: MediaKind,
        call_id: CallId,
    ) -> Result<(), Ignored> {
        if self.webrtc_missing {
            return ignored("this browser cannot make calls");
        }
        if self.active().is_some_and(|c| {
            c.peer == peer && c.direction == Direction::Incoming && c.state == CallState::InvitationReceived
        }) {
            // Calling the person whose call is ringing here: the two calls crossed, the other
            // way round from crossing invitations (theirs arrived before this click). Both mean
            // to talk, so this click answers theirs, in the media they called with.
            return self.accept(now);
        }
        if self.in_call() {
            return ignored("already in a call");
        }
        if self.self_id.as_ref() == Some(&peer) {
            return ignored("cannot call yourself");
        }
        if self.ended_ids.contains(&call_id) {
            return ignored("a call id is used once");
        }
        self.call = Some(Call::new(
            call_id,
            peer,
            Direction::Outgoing,
            media,
            CallState::WaitCapabilities,
            now,
            (now + self.timers.media_ms, Timer::Media),
        ));
        self.actions.push_back(Action::AcquireMedia(media));
        // Made while the microphone opens: no consent, nothing gathered before the offer.
        self.actions.push_back(Action::CreatePeerConnection);
        Ok(())
    }

    pub(super) fn accept(&mut self, now: u64) -> Result<(), Ignored> {
        let media_ms = self.timers.media_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "no call to accept",
        })?;
        if call.state != CallState::InvitationReceived {
            return ignored("only a ringing incoming call can be accepted");
        }
        call.state = CallState::InvitationAccepted;
        call.deadline = Some((now + media_ms, Timer::Media));
        call.media_due = Some(now + media_ms);
        let media = call.media;
        let offer_applied = call.remote_candidates.is_remote_description_applied();
        call.answer_wanted = !offer_applied;
        self.actions.push_back(Action::StopTones);
        self.actions.push_back(Action::AcquireMedia(media));
        // The answer does not wait for the media (`answering`).
        if offer_applied {
            self.request_answer();
        }
        Ok(())
    }

    pub(super) fn reject(&mut self, now: u64) -> Result<(), Ignored> {
        match self.active() {
            Some(call) if call.state == CallState::InvitationReceived => {
                self.end_active(now, EndReason::Rejected, true)
            }
            _ => ignored("only a ringing incoming call can be rejected"),
        }
    }

    pub(super) fn hang_up(&mut self, now: u64) -> Result<(), Ignored> {
        let Some(call) = self.active() else {
            return ignored("no call to hang up");
        };
        let reason = match call.state {
            CallState::InvitationReceived => EndReason::Rejected,
            CallState::Connected => EndReason::HungUp,
            _ if call.direction == Direction::Outgoing => EndReason::Cancelled,
            _ => EndReason::HungUp,
        };
        self.end_active(now, reason, true)
    }

    pub(super) fn on_media_acquired(&mut self, now: u64) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "media arrived with no call",
        })?;
        match (call.direction, call.state) {
            (Direction::Outgoing, CallState::WaitCapabilities) => {
                call.media_ready = true;
                call.deadline = None;
                // The caller's first offer carries the control channel (a base peer could not
                // renegotiate); made after the tracks' place is known, so audio is listed first.
                self.actions.push_back(Action::CreateControlChannel);
                self.actions.push_back(Action::CreateOffer);
                Ok(())
            }
            (Direction::Incoming, _) => self.on_callee_media(now),
            _ => ignored("media is not awaited in this state"),
        }
    }

    pub(super) fn on_media_failed(&mut self, now: u64, reason: EndReason) -> Result<(), Ignored> {
        match self.active() {
            Some(call)
                if call.state == CallState::WaitCapabilities || answering::awaits_callee_media(call) =>
            {
                // The caller's invitation is not out yet: nobody to tell.
                let notify = call.direction == Direction::Incoming;
                self.end_active(now, reason, notify)
            }
            _ => ignored("media is not awaited in this state"),
        }
    }

    pub(super) fn on_offer_created(&mut self, now: u64, sdp: String) -> Result<(), Ignored> {
        let ring_ms = self.timers.ring_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "offer created with no call",
        })?;
        if call.negotiation.making_offer {
            call.negotiation.making_offer = false;
            call.negotiation.awaiting_answer = Some(sdp.clone());
            call.negotiation.resend.offer_sent(now);
            let offer = description_message(call, SdpType::Offer, sdp);
            self.actions.push_back(Action::Send(offer));
            return Ok(());
        }
        if call.state != CallState::WaitCapabilities {
            return ignored("an offer is only created while preparing the invitation");
        }
        call.state = CallState::InvitationSent;
        call.deadline = Some((now + ring_ms, Timer::Ring));
        call.signaled = true;
        let invitation = description_message(call, SdpType::Offer, sdp);
        self.actions.push_back(Action::Send(invitation));
        self.flush_local_candidates();
        self.announce_media_if_changed(now);
        self.actions.push_back(Action::PlayTone(Tone::Ringback));
        Ok(())
    }

    pub(super) fn on_answer_created(&mut self, now: u64, sdp: String) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "answer created with no call",
        })?;
        if call.negotiation.answering_offer {
            call.negotiation.answering_offer = false;
            call.negotiation.answer_requested = false;
            call.negotiation.resend.answered(&sdp);
            let answer = description_message(call, SdpType::Answer, sdp);
            self.actions.push_back(Action::Send(answer));
            return self.offer_if_pending();
        }
        if call.state != CallState::InvitationAccepted {
            return ignored("an answer is only created after accepting");
        }
        call.state = CallState::AnswerSent;
        call.signaled = true;
        call.negotiation.established = true;
        let answer = description_message(call, SdpType::Answer, sdp);
        self.actions.push_back(Action::Send(answer));
        self.on_first_answer_sent(now);
        self.flush_local_candidates();
        self.announce_media_if_changed(now);
        Ok(())
    }

    pub(super) fn on_remote_description_applied(&mut self, now: u64) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "remote description with no call",
        })?;
        let released = call.remote_candidates.release_after_remote_description();
        if call.state == CallState::AnswerReceived {
            call.state = CallState::Negotiated;
            call.negotiation.established = true;
        }
        let create_answer = std::mem::take(&mut call.answer_wanted);
        let renegotiation_answer = call.negotiation.answering_offer;
        let answer_requested = std::mem::replace(&mut call.negotiation.answer_requested, renegotiation_answer);
        self.actions
            .extend(released.into_iter().map(Action::AddRemoteCandidate));
        self.ring_if_due(now, true);
        if create_answer {
            self.request_answer();
        }
        if renegotiation_answer {
            if !answer_requested {
                self.actions.push_back(Action::CreateRenegotiationAnswer);
            }
            return Ok(());
        }
        self.offer_if_pending()
    }

    pub(super) fn on_local_candidate(&mut self, candidate: IceCandidate) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "local candidate with no call",
        })?;
        if call.signaled {
            let message = candidate_message(call, candidate);
            self.actions.push_back(Action::Send(message));
        } else if call.local_candidates.len() < LOCAL_CANDIDATE_LIMIT {
            call.local_candidates.push(candidate);
        } else {
            return ignored("too many local candidates before signaling");
        }
        Ok(())
    }

    pub(super) fn flush_local_candidates(&mut self) {
        let Some(call) = self.active_mut() else {
            return;
        };
        let held = std::mem::take(&mut call.local_candidates);
        let messages: Vec<Action> = held
            .into_iter()
            .map(|candidate| Action::Send(candidate_message(call, candidate)))
            .collect();
        self.actions.extend(messages);
    }

    pub(super) fn on_invitation(&mut self, now: u64, offer: Routed<SessionDescription>) -> Result<(), Ignored> {
        let Some(from) = offer.from.clone() else {
            return ignored("an invitation without a sender");
        };
        // A minimal client offers without a callId or media: derive both.
        let call_id = offer
            .payload
            .call_id
            .clone()
            .unwrap_or_else(|| format!("{from}-offer"));
        if self.ended_ids.contains(&call_id) {
            return ignored("an invitation for a call that is over");
        }
        if self.webrtc_missing {
            // No dialog that could never connect: the caller hears at once, and why.
            self.send_refusal(from, call_id, EndReason::WebrtcUnavailable);
            return Ok(());
        }
        let media = offer.payload.media.unwrap_or(if offer.payload.sdp.contains("m=video") {
            MediaKind::Video
        } else {
            MediaKind::Audio
        });
        if let Some(call) = self.active() {
            if call.id == call_id {
                return self.on_renegotiation_offer(from, offer.payload);
            }
            let crossing = call.peer == from
                && call.direction == Direction::Outgoing
                && matches!(call.state, CallState::WaitCapabilities | CallState::InvitationSent);
            if !crossing {
                if self.waiting.is_some() || call.peer == from || self.ended_ids.contains(&call_id) {
                    // One waiting call at a time; and a peer we are already talking to is busy with us.
                    self.send_busy(from, call_id);
                } else {
                    self.waiting = Some(Waiting {
                        call_id,
                        peer: from,
                        media,
                        offer: offer.payload,
                        since: now,
                        candidates: IceBuffer::default(),
                    });
                    self.actions.push_back(Action::PlayTone(Tone::CallWaiting));
                }
                return Ok(());
            }
            // Crossing invitations: the smaller id's invitation wins on both sides.
            let theirs_wins = self.self_id.as_ref().is_some_and(|me| from < *me);
            if !theirs_wins {
                return ignored("crossing invitation lost to ours");
            }
            self.drop_own_invitation_for_crossing();
            self.start_incoming(now, from, call_id, media, offer.payload);
            return self.accept(now);
        }
        self.start_incoming(now, from, call_id, media, offer.payload);
        self.ring_soon(now);
        Ok(())
    }

    pub(super) fn start_incoming(
        &mut self,
        now: u64,
        from: PeerId,
        call_id: CallId,
        media: MediaKind,
        offer: SessionDescription,
    ) {
        // The waiting call and the current one never share an id.
        if let Some(waiting) = self.waiting.take_if(|w| w.call_id == call_id) {
            self.send_busy(waiting.peer, waiting.call_id);
        }
        self.call = Some(Call::new(
            call_id,
            from,
            Direction::Incoming,
            media,
            CallState::InvitationReceived,
            now,
            (now + self.timers.ring_ms, Timer::Ring),
        ));
        if let Some(call) = self.active_mut() {
            call.remote_candidates.start_generation(ice_ufrag(&offer.sdp));
        }
        // The offer is applied while ringing, so accept → connected is one answer away.
        self.actions.push_back(Action::CreatePeerConnection);
        self.actions.push_back(Action::ApplyRemoteDescription(offer));
    }

    pub(super) fn on_answer(&mut self, now: u64, answer: Routed<SessionDescription>) -> Result<(), Ignored> {
        let connect_ms = self.timers.connect_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "answer with no call",
        })?;
        if !is_about(call, &answer.from, &answer.payload.call_id) {
            return ignored("answer for another call");
        }
        if call.negotiation.awaiting_answer.is_some() || call.negotiation.resend.is_applied_answer(&answer.payload.sdp) {
            return self.on_renegotiation_answer(answer.payload);
        }
        if call.state != CallState::InvitationSent {
            return ignored("an answer is only expected while the invitation rings");
        }
        call.state = CallState::AnswerReceived;
        call.deadline = Some((now + connect_ms, Timer::Connect));
        call.remote_candidates.start_generation(ice_ufrag(&answer.payload.sdp));
        self.actions.push_back(Action::StopTones);
        self.actions
            .push_back(Action::ApplyRemoteDescription(answer.payload));
        Ok(())
    }

    pub(super) fn on_remote_candidate(&mut self, now: u64, message: Routed<IceCandidate>) -> Result<(), Ignored> {
        if let Some(waiting) = self.waiting.as_mut() {
            let for_waiting = message.from.as_ref() == Some(&waiting.peer)
                && message.payload.call_id.as_ref() == Some(&waiting.call_id);
            if for_waiting {
                return match waiting.candidates.accept(message.payload) {
                    Ok(_) => Ok(()),
                    Err(_) => self.reject_waiting(),
                };
            }
        }
        let call = self.active_mut().ok_or(Ignored {
            reason: "candidate with no call",
        })?;
        if !is_about(call, &message.from, &message.payload.call_id) {
            return ignored("candidate for another call");
        }
        match call.remote_candidates.accept(message.payload) {
            Ok(CandidateDisposition::ApplyNow(candidate)) => {
                self.actions.push_back(Action::AddRemoteCandidate(candidate));
                Ok(())
            }
            Ok(CandidateDisposition::Held) => Ok(()),
            Ok(CandidateDisposition::DroppedStale) => ignored("candidate of an old ICE generation"),
            Err(_) => self.end_active(now, EndReason::ProtocolError, true),
        }
    }

    pub(super) fn on_remote_end(&mut self, now: u64, end: Routed<CallEnd>) -> Result<(), Ignored> {
        let ends_waiting = self.waiting.as_ref().is_some_and(|w| {
            end.from.as_ref() == Some(&w.peer) && end.payload.call_id == w.call_id
        });
        if ends_waiting {
            // The second caller gave up before we chose.
            self.waiting = None;
            self.actions.push_back(Action::StopTones);
            return Ok(());
        }
        let call = self.active().ok_or(Ignored {
            reason: "end of a call that is not ours",
        })?;
        if !is_about(call, &end.from, &Some(end.payload.call_id.clone())) {
            return ignored("end of another call");
        }
        self.apply_remote_event(now, ControlEvent::End(end.payload))
    }
}
