//! The 1:1 call lifecycle as a sans-IO machine (specs/call-lifecycle.md).
//!
//! [`Phone`] owns at most one call at a time. The browser layer feeds it [`Input`]s with the current
//! time — user intents, signaling messages, results of browser operations, timer ticks — and drains
//! [`Action`]s with [`Phone::poll_action`], performing each one. Every call decision (when to ring,
//! what to send, which reason ends a call, what to do with a second invitation) is made here, so it
//! can be tested natively, hours of timers in microseconds.
//!
//! Once connected, in-call control (the end, media changes, recording notices) rides the call's
//! own data channel, with the signaling server before that and as the fallback; each event of the
//! peer is applied once whichever path brings it (`control`, docs/CONTROL-CHANNEL.md).

mod answering;
mod connection;
mod control;
mod ending;
mod leaving;
mod lifecycle;
mod media;
mod machine;
mod model;
mod negotiation;
mod option;
mod recording;
pub mod rehearsal;
mod ringing;
mod view;
mod wire;
mod waiting;

use std::collections::VecDeque;

pub use model::*;
pub use option::{CallOption, call_option};
pub use ringing::RINGTONE_WAIT_MS;
pub use wire::ice_ufrag;
use wire::{candidate_message, description_message, is_about, media_event};
use negotiation::Negotiation;

use crate::ice::{CandidateDisposition, IceBuffer};
use crate::media_state::{Apply, Confirmed, Settled};
use crate::control::ControlEvent;
use crate::protocol::{
    CallEnd, CallId, CallMedia, CallRecording, EndReason, ErrorCode, IceCandidate, MediaKind, MediaSource,
    Message, PeerId, Routed, SdpType, SessionDescription,
};
use crate::server::ServerCapabilities;

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
    /// Callee: the user accepted; the answer waits for the offer to be applied.
    answer_wanted: bool,
    media_ready: bool,
    /// Callee: the answer was asked for before the media opened (`answering`).
    answered_before_media: bool,
    /// Callee: the media must open by then (DEVICE_TIMEOUT), whatever the connection does.
    media_due: Option<u64>,
    /// Callee: the ringtone starts once the offer is applied, or by then (`ringing`).
    ring_due: Option<u64>,
    mic: Confirmed<bool>,
    camera: Confirmed<bool>,
    screen: Confirmed<bool>,
    /// Sources whose device stopped with none in its place: off to the peer (`media.rs`).
    lost: Vec<MediaSource>,
    remote: RemoteMedia,
    /// This side records the call (the peer was told).
    recording: bool,
    negotiation: Negotiation,
    /// The data channel and the numbering of control events, both ways.
    control: control::ControlLink,
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
            answered_before_media: false,
            media_due: None,
            ring_due: None,
            mic: Confirmed::new(true),
            camera: Confirmed::new(media.has_video()),
            screen: Confirmed::new(false),
            lost: Vec::new(),
            remote: RemoteMedia {
                mic: true,
                mic_lost: false,
                camera: media.has_video(),
                screen: false,
                recording: false,
            },
            recording: false,
            negotiation: Negotiation::default(),
            control: control::ControlLink::default(),
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
    /// Our display name, told to the peer over the call's channel.
    display_name: Option<String>,
    /// What the signaling server relays (from its `client-id`).
    capabilities: ServerCapabilities,
    /// This browser has no WebRTC: no call can be placed, and invitations are refused at once.
    webrtc_missing: bool,
    call: Option<Call>,
    waiting: Option<Waiting>,
    /// Ids of calls that are over: a late or replayed invitation for one must not revive it.
    ended_ids: VecDeque<CallId>,
    /// The ends we said through the server since it last said who we are (the newest few).
    ends_to_repeat: VecDeque<Message>,
    actions: VecDeque<Action>,
}

/// Ended call ids remembered.
const ENDED_IDS_KEPT: usize = 64;
/// Ends kept to say again after a reconnect (a person ends a call or two while offline, not more).
const ENDS_REPEATED: usize = 4;

impl Phone {
    pub fn new(timers: CallTimers) -> Self {
        Phone {
            timers,
            ..Phone::default()
        }
    }

    /// The name this side gives itself; the peer learns it over the call's channel.
    pub fn set_display_name(&mut self, name: Option<String>) {
        self.display_name = name.as_deref().and_then(crate::control::wire::clean_name);
    }

    /// Says this browser has no WebRTC (no RTCPeerConnection or no getUserMedia): calls are
    /// refused both ways, an invitation with `WEBRTC_UNAVAILABLE` so the caller knows why.
    pub fn set_webrtc_missing(&mut self, missing: bool) {
        self.webrtc_missing = missing;
    }

    /// The next action for the browser layer to perform.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// When the next timer fires; feed [`Input::Tick`] at or after it.
    pub fn next_deadline(&self) -> Option<u64> {
        let call = self.active().and_then(|call| call.deadline.map(|(at, _)| at));
        let control = self.active().and_then(|call| call.control.outbox.next_deadline());
        let waiting = self.waiting.as_ref().map(|w| w.since + self.timers.ring_ms);
        let resend = self.active().and_then(|call| call.negotiation.resend_due());
        let media = self.active().and_then(|call| call.media_due);
        [call, control, waiting, resend, media, self.ring_deadline()].into_iter().flatten().min()
    }

    /// Forgets an ended call's summary; refused while a call is in progress. The call's id stays
    /// among the ended ones, so a late frame of it is still recognised and ignored.
    fn dismiss_ended(&mut self) -> Result<(), Ignored> {
        if self.call.as_ref().is_some_and(|c| c.state == CallState::Ended) {
            self.call = None;
            Ok(())
        } else {
            ignored("no ended call to dismiss")
        }
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
            Input::Leave => self.leave(now),
            Input::SwitchToWaiting => self.switch_to_waiting(now),
            Input::RejectWaiting => self.reject_waiting(),
            Input::DismissEnded => self.dismiss_ended(),
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
            } => self.on_media_settled(now, source, |s| s.confirm(seq, enabled)),
            Input::SourceEnded { source } => self.on_source_ended(now, source),
            Input::SourceLost { source, lost } => self.on_source_lost(now, source, lost),
            Input::MediaApplyFailed {
                source,
                seq,
                reason,
                enabled,
            } => self.on_media_settled(now, source, |s| s.fail(seq, reason.code(), enabled)),
            Input::SetRecording { on } => self.on_set_recording(now, on),
            Input::ControlChannelOpen => self.on_control_open(),
            Input::ControlChannelClosed => self.on_control_closed(),
            Input::ControlFrame(text) => self.on_control_frame(now, &text),
            Input::Tick => self.on_tick(now),
        }
    }

    fn on_signal(&mut self, now: u64, message: Message) -> Result<(), Ignored> {
        match message {
            Message::ClientId(info) => {
                self.capabilities = ServerCapabilities::from_client_id(&info);
                let changed = self.self_id.as_ref().is_some_and(|id| *id != info.id);
                self.self_id = Some(info.id);
                if changed {
                    self.announce_new_id();
                }
                self.resend_unanswered_offer();
                self.repeat_ends();
                Ok(())
            }
            Message::Offer(offer) => self.on_invitation(now, offer),
            Message::Answer(answer) => self.on_answer(now, answer),
            // A base server's way of carrying an end (docs/CONTROL-CHANNEL.md).
            Message::IceCandidate(carrier) if carrier.payload.call_end.is_some() => {
                let (Some(reason), Some(call_id)) = (carrier.payload.call_end, carrier.payload.call_id.clone()) else {
                    return ignored("an end carried without a call id");
                };
                let end = CallEnd { call_id, reason, seq: None };
                self.on_remote_end(now, Routed { from: carrier.from, to: carrier.to, payload: end })
            }
            Message::IceCandidate(candidate) => self.on_remote_candidate(now, candidate),
            Message::CallEnd(end) => self.on_remote_end(now, end),
            Message::CallMedia(media) => self.on_remote_media(now, media),
            Message::CallRecording(notice) => self.on_remote_recording(now, notice),
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
                    Some(call) if call.direction == Direction::Outgoing && call.connected_at.is_none() => {
                        self.end_active(now, EndReason::PeerUnavailable, false)
                    }
                    _ => ignored("no outgoing invitation for this error"),
                }
            }
            Message::Error(error) if error.reference.as_deref() == Some("call-recording") => {
                self.on_recording_notice_refused(now)
            }
            _ => ignored("not a call message"),
        }
    }
}

#[cfg(test)]
mod tests;
