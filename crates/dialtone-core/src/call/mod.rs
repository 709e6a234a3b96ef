//! The 1:1 call lifecycle as a sans-IO machine (specs/call-lifecycle.md).
//!
//! [`Phone`] owns at most one call at a time. The browser layer feeds it [`Input`]s with the current
//! time — user intents, signaling messages, results of browser operations, timer ticks — and drains
//! [`Action`]s with [`Phone::poll_action`], performing each one. Every call decision (when to ring,
//! what to send, which reason ends a call, what to do with a second invitation) is made here, so it
//! can be tested natively, hours of timers in microseconds.

mod model;

use std::collections::VecDeque;

pub use model::*;

use crate::ice::{CandidateDisposition, IceBuffer};
use crate::media_state::{Apply, Confirmed, Settled};
use crate::protocol::{
    CallEnd, CallId, CallMedia, EndReason, ErrorCode, IceCandidate, MediaKind, MediaSource,
    Message, PeerId, Routed, SdpType, SessionDescription,
};

/// Local candidates held before the invitation or answer is out; a sane browser gathers a handful.
const LOCAL_CANDIDATE_LIMIT: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timer {
    Ring,
    Media,
    Connect,
    /// Connected call gone `disconnected`: restart ICE when this fires.
    DisconnectedGrace,
    /// Restarted (or failed): the call is lost when this fires.
    Disconnected,
}

/// Perfect negotiation after the first offer/answer (renegotiation, ICE restart). The callee is
/// polite: on colliding offers it yields; the caller ignores the callee's colliding offer.
#[derive(Debug, Clone, Default)]
struct Negotiation {
    /// The first exchange is done; any later offer is a renegotiation.
    established: bool,
    making_offer: bool,
    awaiting_answer: bool,
    answering_offer: bool,
    /// Asked for while an exchange was under way: offer again once it settles.
    pending: bool,
    /// The pending offer must restart ICE.
    pending_ice_restart: bool,
    ice_restarts: u32,
}

impl Negotiation {
    fn busy(&self) -> bool {
        self.making_offer || self.awaiting_answer || self.answering_offer
    }
}

#[derive(Debug, Clone)]
struct Call {
    id: CallId,
    peer: PeerId,
    direction: Direction,
    media: MediaKind,
    state: CallState,
    started_at: u64,
    connected_at: Option<u64>,
    deadline: Option<(u64, Timer)>,
    remote_candidates: IceBuffer,
    /// Local candidates gathered before our offer/answer was sent go out right after it.
    local_candidates: Vec<IceCandidate>,
    signaled: bool,
    /// Callee: the user accepted and media is ready, waiting for the offer to be applied.
    answer_wanted: bool,
    media_ready: bool,
    mic: Confirmed<bool>,
    camera: Confirmed<bool>,
    screen: Confirmed<bool>,
    remote: RemoteMedia,
    negotiation: Negotiation,
    ended: Option<CallRecord>,
}

impl Call {
    fn polite(&self) -> bool {
        self.direction == Direction::Incoming
    }

    fn new(id: CallId, peer: PeerId, direction: Direction, media: MediaKind, state: CallState, now: u64, deadline: (u64, Timer)) -> Call {
        Call {
            id,
            peer,
            direction,
            media,
            state,
            started_at: now,
            connected_at: None,
            deadline: Some(deadline),
            remote_candidates: IceBuffer::default(),
            local_candidates: Vec::new(),
            signaled: false,
            answer_wanted: false,
            media_ready: false,
            mic: Confirmed::new(true),
            camera: Confirmed::new(media.has_video()),
            screen: Confirmed::new(false),
            remote: RemoteMedia {
                mic: true,
                camera: media.has_video(),
                screen: false,
            },
            negotiation: Negotiation::default(),
            ended: None,
        }
    }

    fn source(&mut self, source: MediaSource) -> Option<&mut Confirmed<bool>> {
        match source {
            MediaSource::Mic => Some(&mut self.mic),
            MediaSource::Camera if self.media.has_video() => Some(&mut self.camera),
            MediaSource::Screen => Some(&mut self.screen),
            MediaSource::Camera => None,
        }
    }
}

fn source_view(source: &Confirmed<bool>) -> SourceView {
    SourceView {
        enabled: *source.confirmed(),
        pending: source.pending().copied(),
        error: source.last_error(),
    }
}

/// An invitation that arrived during a call ("call waiting").
#[derive(Debug, Clone)]
struct Waiting {
    call_id: CallId,
    peer: PeerId,
    media: MediaKind,
    offer: SessionDescription,
    since: u64,
    /// The caller trickles while we decide: keep the candidates for when the call is taken.
    candidates: IceBuffer,
}

/// One user's telephone: the current call and the rules for everything that can happen to it.
#[derive(Debug, Default)]
pub struct Phone {
    timers: CallTimers,
    self_id: Option<PeerId>,
    call: Option<Call>,
    waiting: Option<Waiting>,
    /// Ids of calls that are over: a late or replayed invitation for one must not revive it.
    ended_ids: VecDeque<CallId>,
    actions: VecDeque<Action>,
}

/// Ended call ids remembered.
const ENDED_IDS_KEPT: usize = 64;

impl Phone {
    pub fn new(timers: CallTimers) -> Self {
        Phone {
            timers,
            ..Phone::default()
        }
    }

    /// The next action for the browser layer to perform.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// When the next timer fires; feed [`Input::Tick`] at or after it.
    pub fn next_deadline(&self) -> Option<u64> {
        let call = self.active().and_then(|call| call.deadline.map(|(at, _)| at));
        let waiting = self.waiting.as_ref().map(|w| w.since + self.timers.ring_ms);
        match (call, waiting) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn view(&self) -> Option<CallView> {
        self.call.as_ref().map(|call| CallView {
            call_id: call.id.clone(),
            peer: call.peer.clone(),
            direction: call.direction,
            media: call.media,
            state: call.state,
            started_at: call.started_at,
            connected_at: call.connected_at,
            media_ready: call.media_ready,
            mic: source_view(&call.mic),
            camera: source_view(&call.camera),
            screen: source_view(&call.screen),
            remote: call.remote,
            ice_restarts: call.negotiation.ice_restarts,
            waiting: self.waiting.as_ref().filter(|_| call.state != CallState::Ended).map(|w| WaitingView {
                call_id: w.call_id.clone(),
                peer: w.peer.clone(),
                media: w.media,
                since: w.since,
            }),
            ended: call.ended.clone(),
        })
    }

    /// True while a call is in progress (not ended).
    pub fn in_call(&self) -> bool {
        self.active().is_some()
    }

    fn active(&self) -> Option<&Call> {
        self.call.as_ref().filter(|c| c.state != CallState::Ended)
    }

    fn active_mut(&mut self) -> Option<&mut Call> {
        self.call.as_mut().filter(|c| c.state != CallState::Ended)
    }

    /// Applies one input at time `now` (ms). An input that does not fit the current state is
    /// refused with the reason, and changes nothing.
    pub fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        match input {
            Input::PlaceCall {
                peer,
                media,
                call_id,
            } => self.place_call(now, peer, media, call_id),
            Input::Accept => self.accept(now),
            Input::Reject => self.reject(now),
            Input::HangUp => self.hang_up(now),
            Input::SwitchToWaiting => self.switch_to_waiting(now),
            Input::RejectWaiting => self.reject_waiting(),
            Input::Signal(message) => self.on_signal(now, message),
            Input::MediaAcquired => self.on_media_acquired(now),
            Input::MediaFailed(reason) => self.on_media_failed(now, reason),
            Input::OfferCreated { sdp } => self.on_offer_created(now, sdp),
            Input::AnswerCreated { sdp } => self.on_answer_created(now, sdp),
            Input::NegotiationNeeded => self.on_negotiation_needed(false),
            Input::RemoteDescriptionApplied => self.on_remote_description_applied(now),
            Input::RemoteDescriptionFailed | Input::LocalDescriptionFailed => {
                self.end_active(now, EndReason::BadSdp, true)
            }
            Input::LocalCandidate(candidate) => self.on_local_candidate(candidate),
            Input::ConnectionChanged(state) => self.on_connection_changed(now, state),
            Input::SetMedia { source, enabled } => self.set_media(source, enabled),
            Input::ToggleMedia { source } => {
                let latest = self
                    .active_mut()
                    .and_then(|call| call.source(source).map(|s| *s.latest_intent()));
                match latest {
                    Some(latest) => self.set_media(source, !latest),
                    None => ignored("no such source to toggle"),
                }
            }
            Input::MediaApplied {
                source,
                seq,
                enabled,
            } => self.on_media_settled(source, |s| s.confirm(seq, enabled)),
            Input::SourceEnded { source } => self.on_source_ended(source),
            Input::MediaApplyFailed {
                source,
                seq,
                reason,
                enabled,
            } => self.on_media_settled(source, |s| s.fail(seq, reason.code(), enabled)),
            Input::Tick => self.on_tick(now),
        }
    }

    fn place_call(
        &mut self,
        now: u64,
        peer: PeerId,
        media: MediaKind,
        call_id: CallId,
    ) -> Result<(), Ignored> {
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
        Ok(())
    }

    fn accept(&mut self, now: u64) -> Result<(), Ignored> {
        let media_ms = self.timers.media_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "no call to accept",
        })?;
        if call.state != CallState::InvitationReceived {
            return ignored("only a ringing incoming call can be accepted");
        }
        call.state = CallState::InvitationAccepted;
        call.deadline = Some((now + media_ms, Timer::Media));
        let media = call.media;
        self.actions.push_back(Action::StopTones);
        self.actions.push_back(Action::AcquireMedia(media));
        Ok(())
    }

    fn reject(&mut self, now: u64) -> Result<(), Ignored> {
        match self.active() {
            Some(call) if call.state == CallState::InvitationReceived => {
                self.end_active(now, EndReason::Rejected, true)
            }
            _ => ignored("only a ringing incoming call can be rejected"),
        }
    }

    fn hang_up(&mut self, now: u64) -> Result<(), Ignored> {
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

    fn on_media_acquired(&mut self, now: u64) -> Result<(), Ignored> {
        let connect_ms = self.timers.connect_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "media arrived with no call",
        })?;
        let expected = matches!(
            (call.direction, call.state),
            (Direction::Outgoing, CallState::WaitCapabilities)
                | (Direction::Incoming, CallState::InvitationAccepted)
        );
        call.media_ready |= expected;
        match (call.direction, call.state) {
            (Direction::Outgoing, CallState::WaitCapabilities) => {
                call.deadline = None;
                self.actions.push_back(Action::CreatePeerConnection);
                self.actions.push_back(Action::CreateOffer);
                Ok(())
            }
            (Direction::Incoming, CallState::InvitationAccepted) => {
                call.deadline = Some((now + connect_ms, Timer::Connect));
                if call.remote_candidates.is_remote_description_applied() {
                    self.actions.push_back(Action::CreateAnswer);
                } else {
                    call.answer_wanted = true;
                }
                Ok(())
            }
            _ => ignored("media is not awaited in this state"),
        }
    }

    fn on_media_failed(&mut self, now: u64, reason: EndReason) -> Result<(), Ignored> {
        match self.active() {
            Some(call)
                if matches!(
                    call.state,
                    CallState::WaitCapabilities | CallState::InvitationAccepted
                ) =>
            {
                // The caller's invitation is not out yet: nobody to tell.
                let notify = call.direction == Direction::Incoming;
                self.end_active(now, reason, notify)
            }
            _ => ignored("media is not awaited in this state"),
        }
    }

    fn on_offer_created(&mut self, now: u64, sdp: String) -> Result<(), Ignored> {
        let ring_ms = self.timers.ring_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "offer created with no call",
        })?;
        if call.negotiation.making_offer {
            call.negotiation.making_offer = false;
            call.negotiation.awaiting_answer = true;
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
        self.announce_media_if_changed();
        self.actions.push_back(Action::PlayTone(Tone::Ringback));
        Ok(())
    }

    fn on_answer_created(&mut self, _now: u64, sdp: String) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "answer created with no call",
        })?;
        if call.negotiation.answering_offer {
            call.negotiation.answering_offer = false;
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
        self.flush_local_candidates();
        self.announce_media_if_changed();
        Ok(())
    }

    fn on_remote_description_applied(&mut self, _now: u64) -> Result<(), Ignored> {
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
        self.actions
            .extend(released.into_iter().map(Action::AddRemoteCandidate));
        if create_answer {
            self.actions.push_back(Action::CreateAnswer);
        }
        if renegotiation_answer {
            self.actions.push_back(Action::CreateRenegotiationAnswer);
            return Ok(());
        }
        self.offer_if_pending()
    }

    fn on_local_candidate(&mut self, candidate: IceCandidate) -> Result<(), Ignored> {
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

    fn flush_local_candidates(&mut self) {
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

    fn on_connection_changed(&mut self, now: u64, state: ConnectionState) -> Result<(), Ignored> {
        let timers = self.timers;
        let call = self.active_mut().ok_or(Ignored {
            reason: "connection state with no call",
        })?;
        match state {
            ConnectionState::Connected
                if !matches!(
                    call.state,
                    CallState::AnswerReceived | CallState::AnswerSent | CallState::Negotiated | CallState::Connected
                ) =>
            {
                ignored("no offer/answer exchange has completed: cannot be connected")
            }
            ConnectionState::Connected => {
                call.state = CallState::Connected;
                call.connected_at.get_or_insert(now);
                call.deadline = None;
                Ok(())
            }
            ConnectionState::Disconnected if call.state == CallState::Connected => {
                if call.deadline.is_none() {
                    call.deadline = Some((now + timers.disconnected_grace_ms, Timer::DisconnectedGrace));
                }
                Ok(())
            }
            // A call that was up gets one more chance through an ICE restart.
            ConnectionState::Failed if call.connected_at.is_some() => {
                call.deadline = Some((now + timers.disconnected_ms, Timer::Disconnected));
                if !call.polite() {
                    return self.on_negotiation_needed(true);
                }
                Ok(())
            }
            ConnectionState::Failed => self.end_active(now, EndReason::ConnectionFailed, true),
            ConnectionState::Connecting if call.state == CallState::AnswerSent => {
                call.state = CallState::Negotiated;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn on_tick(&mut self, now: u64) -> Result<(), Ignored> {
        if self.waiting.as_ref().is_some_and(|w| now >= w.since + self.timers.ring_ms) {
            let _ = self.reject_waiting();
        }
        let Some((at, timer)) = self.active().and_then(|call| call.deadline) else {
            return Ok(());
        };
        if now < at {
            return Ok(());
        }
        let reason = match timer {
            Timer::Ring => EndReason::NoAnswer,
            Timer::Media => EndReason::DeviceTimeout,
            Timer::Connect => {
                // One ICE restart by the caller before giving up (once the first exchange is done).
                let connect_ms = self.timers.connect_ms;
                let Some(call) = self.active_mut() else { return Ok(()) };
                let can_restart = call.negotiation.established && call.negotiation.ice_restarts == 0;
                if can_restart {
                    call.deadline = Some((now + connect_ms, Timer::Connect));
                    if !call.polite() {
                        return self.on_negotiation_needed(true);
                    }
                    // The callee waits for the caller's restart, but only once.
                    call.negotiation.ice_restarts += 1;
                    return Ok(());
                }
                EndReason::ConnectionFailed
            }
            Timer::Disconnected => EndReason::ConnectionLost,
            Timer::DisconnectedGrace => {
                // Still disconnected after the grace: the caller restarts ICE; both give it
                // `disconnected_ms` more before calling the connection lost.
                let lost_ms = self.timers.disconnected_ms;
                let Some(call) = self.active_mut() else { return Ok(()) };
                call.deadline = Some((now + lost_ms, Timer::Disconnected));
                if call.polite() {
                    return Ok(());
                }
                return self.on_negotiation_needed(true);
            }
        };
        let notify = self.active().is_some_and(|call| call.signaled || call.direction == Direction::Incoming);
        self.end_active(now, reason, notify)
    }

    fn on_signal(&mut self, now: u64, message: Message) -> Result<(), Ignored> {
        match message {
            Message::ClientId(info) => {
                self.self_id = Some(info.id);
                Ok(())
            }
            Message::Offer(offer) => self.on_invitation(now, offer),
            Message::Answer(answer) => self.on_answer(now, answer),
            Message::IceCandidate(candidate) => self.on_remote_candidate(now, candidate),
            Message::CallEnd(end) => self.on_remote_end(now, end),
            Message::CallMedia(media) => self.on_remote_media(media),
            Message::PeerLeft(peer) if self.waiting.as_ref().is_some_and(|w| w.peer == peer.id) => {
                self.waiting = None;
                self.actions.push_back(Action::StopTones);
                Ok(())
            }
            Message::PeerLeft(peer) => match self.active() {
                Some(call) if call.peer == peer.id && call.state != CallState::Connected => {
                    self.end_active(now, EndReason::PeerUnavailable, false)
                }
                // A connected call's media does not go through the server: it goes on.
                _ => ignored("the peer who left is not in a ringing call"),
            },
            Message::Error(error)
                if error.code == ErrorCode::UnknownPeer
                    && error.reference.as_deref() == Some("offer") =>
            {
                match self.active() {
                    Some(call) if call.direction == Direction::Outgoing && !call.connected_at.is_some() => {
                        self.end_active(now, EndReason::PeerUnavailable, false)
                    }
                    _ => ignored("no outgoing invitation for this error"),
                }
            }
            _ => ignored("not a call message"),
        }
    }

    fn on_invitation(&mut self, now: u64, offer: Routed<SessionDescription>) -> Result<(), Ignored> {
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
        self.actions.push_back(Action::PlayTone(Tone::Ringtone));
        Ok(())
    }

    /// Starts a renegotiation offer, or remembers to once the exchange under way settles.
    fn on_negotiation_needed(&mut self, ice_restart: bool) -> Result<(), Ignored> {
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

    fn offer_if_pending(&mut self) -> Result<(), Ignored> {
        match self.active() {
            Some(call) if call.negotiation.pending && !call.negotiation.busy() => {
                let restart = call.negotiation.pending_ice_restart;
                self.on_negotiation_needed(restart)
            }
            _ => Ok(()),
        }
    }

    /// An offer for the call in progress (perfect negotiation).
    fn on_renegotiation_offer(&mut self, from: PeerId, offer: SessionDescription) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "offer with no call",
        })?;
        if call.peer != from {
            return ignored("an offer for this call from someone else");
        }
        if !call.negotiation.established {
            return ignored("a second offer before the first exchange finished");
        }
        let collision = call.negotiation.making_offer || call.negotiation.awaiting_answer;
        if collision && !call.polite() {
            // The impolite side keeps its own offer; the polite peer will answer it.
            return ignored("colliding offer ignored by the impolite side");
        }
        if collision {
            // Polite: our offer is rolled back (setRemoteDescription does it) and offered later.
            call.negotiation.pending = true;
        }
        call.negotiation.making_offer = false;
        call.negotiation.awaiting_answer = false;
        call.negotiation.answering_offer = true;
        call.remote_candidates.start_generation(ice_ufrag(&offer.sdp));
        self.actions.push_back(Action::ApplyRemoteDescription(offer));
        Ok(())
    }

    fn send_busy(&mut self, to: PeerId, call_id: CallId) {
        self.actions.push_back(Action::Send(Message::CallEnd(Routed::to(
            to,
            CallEnd {
                call_id,
                reason: EndReason::PeerBusy,
            },
        ))));
    }

    fn reject_waiting(&mut self) -> Result<(), Ignored> {
        let waiting = self.waiting.take().ok_or(Ignored {
            reason: "no call is waiting",
        })?;
        self.actions.push_back(Action::StopTones);
        self.send_busy(waiting.peer, waiting.call_id);
        Ok(())
    }

    /// Ends the current call (SWITCHED) and takes the waiting one, as if answered at once.
    fn switch_to_waiting(&mut self, now: u64) -> Result<(), Ignored> {
        if self.waiting.is_none() {
            return ignored("no call is waiting");
        }
        if self.in_call() {
            self.end_active(now, EndReason::Switched, true)?;
        }
        let Some(waiting) = self.waiting.take() else {
            return ignored("no call is waiting");
        };
        self.start_incoming(now, waiting.peer, waiting.call_id, waiting.media, waiting.offer);
        if let Some(call) = self.active_mut() {
            call.remote_candidates = waiting.candidates;
        }
        self.accept(now)
    }

    fn drop_own_invitation_for_crossing(&mut self) {
        // Our call silently gives way: the peer drops theirs too and accepts ours… or, as here,
        // we accept theirs. No history entry: the user's call goes on as the merged call.
        self.actions.push_back(Action::StopTones);
        self.actions.push_back(Action::ReleaseCall);
        self.call = None;
    }

    fn start_incoming(
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

    fn on_answer(&mut self, now: u64, answer: Routed<SessionDescription>) -> Result<(), Ignored> {
        let connect_ms = self.timers.connect_ms;
        let call = self.active_mut().ok_or(Ignored {
            reason: "answer with no call",
        })?;
        if !is_about(call, &answer.from, &answer.payload.call_id) {
            return ignored("answer for another call");
        }
        if call.negotiation.awaiting_answer {
            call.negotiation.awaiting_answer = false;
            call.remote_candidates.start_generation(ice_ufrag(&answer.payload.sdp));
            self.actions
                .push_back(Action::ApplyRemoteDescription(answer.payload));
            return Ok(());
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

    fn on_remote_candidate(&mut self, now: u64, message: Routed<IceCandidate>) -> Result<(), Ignored> {
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

    fn on_remote_end(&mut self, now: u64, end: Routed<CallEnd>) -> Result<(), Ignored> {
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
        let reason = match end.payload.reason {
            EndReason::HungUp => EndReason::RemoteHungUp,
            other => other,
        };
        self.end_active(now, reason, false)
    }

    fn set_media(&mut self, source: MediaSource, enabled: bool) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "no call to change media in",
        })?;
        if !call.media_ready {
            return ignored("local media is not ready yet");
        }
        let Some(confirmed) = call.source(source) else {
            return ignored("this call has no such source");
        };
        if let Some(Apply { seq, value }) = confirmed.request(enabled) {
            self.actions.push_back(Action::ApplyMedia {
                source,
                seq,
                enabled: value,
            });
        }
        Ok(())
    }

    fn on_media_settled(
        &mut self,
        source: MediaSource,
        settle: impl FnOnce(&mut Confirmed<bool>) -> Option<Settled<bool>>,
    ) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "media report with no call",
        })?;
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        let settled = settle(confirmed).ok_or(Ignored {
            reason: "not the media change in flight",
        })?;
        let enabled = *confirmed.confirmed();
        let mut actions = Vec::new();
        if let Some(Apply { seq, value }) = settled.next {
            actions.push(Action::ApplyMedia {
                source,
                seq,
                enabled: value,
            });
        }
        // After confirmation, the peer is told, so its UI can show "muted".
        if settled.changed && call.signaled {
            actions.push(Action::Send(media_message(call, source, enabled)));
        }
        self.actions.extend(actions);
        Ok(())
    }

    fn on_source_ended(&mut self, source: MediaSource) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "a source ended with no call",
        })?;
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        if confirmed.observe(false) && call.signaled {
            let message = media_message(call, source, false);
            self.actions.push_back(Action::Send(message));
        }
        Ok(())
    }

    /// Right after our offer/answer: a source changed before the peer knew of the call.
    fn announce_media_if_changed(&mut self) {
        let Some(call) = self.active() else { return };
        let mut messages = Vec::new();
        if !*call.mic.confirmed() {
            messages.push(media_message(call, MediaSource::Mic, false));
        }
        if *call.camera.confirmed() != call.media.has_video() {
            messages.push(media_message(call, MediaSource::Camera, *call.camera.confirmed()));
        }
        self.actions.extend(messages.into_iter().map(Action::Send));
    }

    fn on_remote_media(&mut self, media: Routed<CallMedia>) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "media update with no call",
        })?;
        if !is_about(call, &media.from, &Some(media.payload.call_id.clone())) {
            return ignored("media update for another call");
        }
        match media.payload.source {
            MediaSource::Mic => call.remote.mic = media.payload.enabled,
            MediaSource::Camera => call.remote.camera = media.payload.enabled,
            MediaSource::Screen => call.remote.screen = media.payload.enabled,
        }
        Ok(())
    }

    /// Ends the active call: tells the peer when it knows of the call, stops sounds and media,
    /// and emits the history record.
    fn end_active(&mut self, now: u64, reason: EndReason, notify_peer: bool) -> Result<(), Ignored> {
        let Some(call) = self.active_mut() else {
            return ignored("no call to end");
        };
        call.state = CallState::Ended;
        call.deadline = None;
        let record = CallRecord {
            call_id: call.id.clone(),
            peer: call.peer.clone(),
            direction: call.direction,
            media: call.media,
            started_at: call.started_at,
            connected_at: call.connected_at,
            ended_at: now,
            reason,
        };
        call.ended = Some(record.clone());
        let ended_id = call.id.clone();
        let tell_peer = notify_peer && (call.signaled || call.direction == Direction::Incoming);
        if tell_peer {
            let message = Message::CallEnd(Routed::to(
                call.peer.clone(),
                CallEnd {
                    call_id: call.id.clone(),
                    reason,
                },
            ));
            self.actions.push_back(Action::Send(message));
        }
        self.actions.push_back(Action::StopTones);
        self.actions.push_back(Action::ReleaseCall);
        self.actions.push_back(Action::Ended(record));
        self.ended_ids.push_back(ended_id);
        if self.ended_ids.len() > ENDED_IDS_KEPT {
            self.ended_ids.pop_front();
        }
        // A call that was waiting on this one now simply rings (unless we are switching to it).
        if reason != EndReason::Switched {
            if let Some(waiting) = self.waiting.take_if(|w| self.ended_ids.contains(&w.call_id)) {
                // Its id is already spent (a peer reused it): it cannot become a call.
                self.send_busy(waiting.peer, waiting.call_id);
            } else if let Some(waiting) = self.waiting.take() {
                self.start_incoming(now, waiting.peer, waiting.call_id, waiting.media, waiting.offer);
                if let Some(call) = self.active_mut() {
                    call.remote_candidates = waiting.candidates;
                }
                self.actions.push_back(Action::PlayTone(Tone::Ringtone));
            }
        }
        Ok(())
    }
}

/// Whether a message from `from` about `call_id` concerns this call. A minimal peer sends no
/// callId; then the sender alone decides.
fn is_about(call: &Call, from: &Option<PeerId>, call_id: &Option<CallId>) -> bool {
    from.as_ref() == Some(&call.peer) && call_id.as_ref().is_none_or(|id| *id == call.id)
}

/// The offer or answer message for this call.
fn description_message(call: &Call, sdp_type: SdpType, sdp: String) -> Message {
    Message::from_description(call.peer.clone(), sdp_type, sdp, call.id.clone(), call.media)
}

/// The ICE username fragment of an SDP (its first `a=ice-ufrag:` line): the ICE generation.
pub fn ice_ufrag(sdp: &str) -> Option<String> {
    sdp.lines()
        .find_map(|line| line.trim().strip_prefix("a=ice-ufrag:"))
        .map(|ufrag| ufrag.trim().to_owned())
}

fn media_message(call: &Call, source: MediaSource, enabled: bool) -> Message {
    Message::CallMedia(Routed::to(
        call.peer.clone(),
        CallMedia {
            call_id: call.id.clone(),
            source,
            enabled,
        },
    ))
}

fn candidate_message(call: &Call, mut candidate: IceCandidate) -> Message {
    candidate.call_id = Some(call.id.clone());
    Message::IceCandidate(Routed::to(call.peer.clone(), candidate))
}

#[cfg(test)]
mod tests;
