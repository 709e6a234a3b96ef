//! The call machine's vocabulary: its states, the inputs it takes, the actions it asks for, and
//! what it shows the UI.

use crate::errors::ClientError;
use crate::protocol::{
    CallId, EndReason, IceCandidate, MediaKind, MediaSource, Message, PeerId, SessionDescription,
};

/// Timer lengths (specs/call-lifecycle.md, "Timers"). Configurable so tests can use short ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimers {
    pub ring_ms: u64,
    pub media_ms: u64,
    pub connect_ms: u64,
    /// How long a connected call may stay `disconnected` before the caller restarts ICE.
    pub disconnected_grace_ms: u64,
    /// After the restart (or a `failed` connection), how long before CONNECTION_LOST.
    pub disconnected_ms: u64,
}

impl Default for CallTimers {
    fn default() -> Self {
        CallTimers {
            ring_ms: 45_000,
            media_ms: 30_000,
            connect_ms: 20_000,
            disconnected_grace_ms: 5_000,
            disconnected_ms: 15_000,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Outgoing,
    Incoming,
}

/// The states of specs/call-lifecycle.md. Outgoing: WaitCapabilities → InvitationSent →
/// AnswerReceived → Negotiated → Connected → Ended. Incoming: InvitationReceived →
/// InvitationAccepted → AnswerSent → Negotiated → Connected → Ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallState {
    WaitCapabilities,
    InvitationSent,
    AnswerReceived,
    InvitationReceived,
    InvitationAccepted,
    AnswerSent,
    Negotiated,
    Connected,
    Ended,
}

impl CallState {
    /// A stable name for UIs and tests (`data-state` attributes, events).
    pub fn as_str(self) -> &'static str {
        match self {
            CallState::WaitCapabilities => "wait-capabilities",
            CallState::InvitationSent => "invitation-sent",
            CallState::AnswerReceived => "answer-received",
            CallState::InvitationReceived => "invitation-received",
            CallState::InvitationAccepted => "invitation-accepted",
            CallState::AnswerSent => "answer-sent",
            CallState::Negotiated => "negotiated",
            CallState::Connected => "connected",
            CallState::Ended => "ended",
        }
    }

    /// What the screen says about a call in this state.
    pub fn label(self, direction: Direction, media: MediaKind) -> &'static str {
        match (self, direction) {
            (CallState::WaitCapabilities, _) if media.has_video() => "Starting camera and microphone…",
            (CallState::WaitCapabilities, _) => "Starting microphone…",
            (CallState::InvitationSent, _) => "Ringing…",
            (CallState::InvitationReceived, _) => "Incoming call",
            (CallState::InvitationAccepted, _)
            | (CallState::AnswerReceived, _)
            | (CallState::AnswerSent, _)
            | (CallState::Negotiated, _) => "Connecting…",
            (CallState::Connected, _) => "Connected",
            (CallState::Ended, _) => "Call ended",
        }
    }

}

/// What the browser reports about the peer connection (`connectionState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionState {
    New,
    Connecting,
    Connected,
    Disconnected,
    Failed,
    Closed,
}

/// Everything the machine reacts to. Time comes with every input (`now`, in ms).
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The user calls `peer`. `call_id` is a fresh UUID chosen by the caller (randomness is injected).
    PlaceCall { peer: PeerId, media: MediaKind, call_id: CallId },
    Accept,
    Reject,
    HangUp,
    /// The page is going away (its tab closed, reloaded, navigated from): a connected call is
    /// hung up and an outgoing one cancelled now, a waiting caller hears busy, so the other side
    /// reads who ended it at once, not a lost connection later. A call ringing here is left to
    /// the server's `peer-left` (the caller reads that this side is unavailable, not a decline).
    Leave,
    /// End the current call (SWITCHED) and take the waiting one.
    SwitchToWaiting,
    /// Turn the waiting call away: the caller hears PEER_BUSY.
    RejectWaiting,
    /// The user closed the summary of the call that ended: the view forgets it (and nothing that
    /// arrives later, a chat line or a late frame of that call, brings it back).
    DismissEnded,
    /// A signaling message from the server.
    Signal(Message),
    /// Local media (getUserMedia) is ready.
    MediaAcquired,
    /// getUserMedia failed; the code says why (MIC_PERMISSION_DENIED, DEVICE_NOT_FOUND, …).
    MediaFailed(EndReason),
    /// The local offer was created and set as the local description.
    OfferCreated { sdp: String },
    /// The local answer was created and set as the local description.
    AnswerCreated { sdp: String },
    /// The browser wants a new offer/answer exchange (a track was added or removed mid-call).
    NegotiationNeeded,
    /// The remote description from the last `ApplyRemoteDescription` is in place.
    RemoteDescriptionApplied,
    /// The browser refused the remote description (BAD_SDP).
    RemoteDescriptionFailed,
    /// Creating or setting the local offer/answer failed (BAD_SDP).
    LocalDescriptionFailed,
    /// A local ICE candidate was gathered (an empty `candidate` is end-of-candidates).
    LocalCandidate(IceCandidate),
    ConnectionChanged(ConnectionState),
    /// The user wants a local source on or off (mute is `Mic` off).
    SetMedia { source: MediaSource, enabled: bool },
    /// The user flips a source: the opposite of its latest intent, so rapid presses alternate.
    ToggleMedia { source: MediaSource },
    /// The browser applied `ApplyMedia` number `seq`; the source really is `enabled` now.
    MediaApplied { source: MediaSource, seq: u64, enabled: bool },
    /// A source changed on its own (the browser's "Stop sharing", a track that ended).
    SourceEnded { source: MediaSource },
    /// The device behind a source stopped and none could take its place (`lost`), or one did
    /// (`!lost`). Meanwhile the peer is told the source is off, as nothing of it reaches them;
    /// its switch stays the person's (a mute made meanwhile holds, none made comes back on).
    SourceLost { source: MediaSource, lost: bool },
    /// Applying `seq` failed with `reason`; the source really is `enabled`.
    MediaApplyFailed { source: MediaSource, seq: u64, reason: EndReason, enabled: bool },
    /// The user starts or stops recording the connected call.
    SetRecording { on: bool },
    /// The call's control channel is open (the caller's own, or the one the caller opened and
    /// this side adopted because [`crate::control::is_control_channel`] said so).
    ControlChannelOpen,
    /// The call's control channel closed (the peer closed its connection, or SCTP gave up).
    ControlChannelClosed,
    /// A text frame arrived on the call's control channel, as it arrived.
    ControlFrame(String),
    /// Time passed; expired timers fire.
    Tick,
}

/// Which sound the UI should play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Incoming call.
    Ringtone,
    /// Our invitation is ringing at the peer.
    Ringback,
    /// A second call is waiting during this one (soft beeps).
    CallWaiting,
}

/// What the machine asks the browser layer to do, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Send(Message),
    /// getUserMedia for this kind of call; report MediaAcquired or MediaFailed.
    AcquireMedia(MediaKind),
    /// Create the peer connection (no tracks yet).
    CreatePeerConnection,
    /// Create the call's control channel on the peer connection (label and protocol from
    /// [`crate::control`]) before the first offer, so the offer carries it; report its open,
    /// frames and close.
    CreateControlChannel,
    /// Add the local tracks, create an offer, set it locally; report OfferCreated.
    CreateOffer,
    /// Set this remote description; report RemoteDescriptionApplied or RemoteDescriptionFailed.
    ApplyRemoteDescription(SessionDescription),
    /// Add the local tracks, create an answer, set it locally; report AnswerCreated.
    CreateAnswer,
    /// The answer goes before the media opened: make the offer's first audio place (and video,
    /// for this kind) send, with no track yet. `SendLocalMedia` fills them.
    PrepareSending(MediaKind),
    /// The media opened after the answer: its tracks go into the places `PrepareSending` made.
    SendLocalMedia,
    /// Mid-call: create an offer from the tracks as they are (with `iceRestart` when asked),
    /// set it locally; report OfferCreated.
    CreateRenegotiationOffer { ice_restart: bool },
    /// Mid-call: answer the remote offer just applied; report AnswerCreated.
    CreateRenegotiationAnswer,
    AddRemoteCandidate(IceCandidate),
    /// Turn a local source on or off; report MediaApplied / MediaApplyFailed with `seq`.
    ApplyMedia { source: MediaSource, seq: u64, enabled: bool },
    PlayTone(Tone),
    StopTones,
    /// Start recording the call locally (the peer was told just before).
    StartRecording,
    /// Stop the recorder and offer the file.
    StopRecording,
    /// Send this text frame on the call's control channel.
    SendControl(String),
    /// The peer said who they are over the call's channel: `peer` is their current signaling id
    /// (it may be new), `name` their display name (a base server never tells it).
    PeerIntroduced { peer: PeerId, name: Option<String> },
    /// Show this notice (a stable code and its sentence).
    Notify(ClientError),
    /// Stop every local track and close the peer connection; the control channel is closed
    /// first, so frames already queued on it (a hang-up) still reach the peer.
    ReleaseCall,
    /// The call is over: a record for the history.
    Ended(CallRecord),
}

/// A finished call, as history keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    pub call_id: CallId,
    pub peer: PeerId,
    pub direction: Direction,
    pub media: MediaKind,
    pub started_at: u64,
    pub connected_at: Option<u64>,
    pub ended_at: u64,
    pub reason: EndReason,
    /// The peer ended the call and `reason` is theirs (their microphone refused, say).
    pub by_peer: bool,
}

impl CallRecord {
    /// Talk time: from connection to the end; zero for a call that never connected.
    pub fn duration_ms(&self) -> u64 {
        self.connected_at
            .map(|at| self.ended_at.saturating_sub(at))
            .unwrap_or(0)
    }
}

/// A call duration as people read it: `m:ss`, or `h:mm:ss` from an hour on.
pub fn format_duration(ms: u64) -> String {
    let seconds = ms / 1_000;
    let (h, m, s) = (seconds / 3_600, (seconds / 60) % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// A local source as the UI shows it: the confirmed value, and the intent not yet confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceView {
    pub enabled: bool,
    pub pending: Option<bool>,
    /// The code of the last failed change, if the latest one failed.
    pub error: Option<&'static str>,
}

/// A second invitation that arrived during a call, waiting for the user's choice.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingView {
    pub call_id: CallId,
    pub peer: PeerId,
    pub media: MediaKind,
    pub since: u64,
}

/// What the peer told us about their media (after their own confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoteMedia {
    pub mic: bool,
    /// Their microphone is off because it stopped with none in its place, not muted by them.
    pub mic_lost: bool,
    pub camera: bool,
    pub screen: bool,
    /// They record the call.
    pub recording: bool,
}

/// The call's control channel (docs/CONTROL-CHANNEL.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChannelState {
    /// No channel yet (before connection, or the peer never opened one).
    #[default]
    None,
    /// Open on this side; the peer has not said hello (an older or base peer never will).
    Open,
    /// The peer said hello: control events go this way.
    Usable,
    /// It closed; the server is the only path again.
    Closed,
}

impl ChannelState {
    /// A stable name for `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelState::None => "none",
            ChannelState::Open => "open",
            ChannelState::Usable => "usable",
            ChannelState::Closed => "closed",
        }
    }
}

/// The control link as the UI (and tests) see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ControlView {
    pub channel: ChannelState,
    /// The peer's control events applied (each once, whichever path brought it first).
    pub applied: u64,
    /// Second copies dropped (the event came both ways).
    pub duplicates: u64,
    /// Events dropped because a newer one about the same thing was applied.
    pub stale: u64,
    /// Our events sent over the channel and not acknowledged yet.
    pub unacknowledged: usize,
}

/// What the UI shows of the current (or just-ended) call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallView {
    pub call_id: CallId,
    pub peer: PeerId,
    pub direction: Direction,
    pub media: MediaKind,
    pub state: CallState,
    pub started_at: u64,
    pub connected_at: Option<u64>,
    /// Local media is acquired: the media controls can act.
    pub media_ready: bool,
    pub mic: SourceView,
    pub camera: SourceView,
    pub screen: SourceView,
    pub remote: RemoteMedia,
    /// This side records the call.
    pub recording: bool,
    /// ICE restarts this call has gone through.
    pub ice_restarts: u32,
    /// The connected call lost its media path (ICE `disconnected` or `failed`) and is trying to
    /// get it back (grace, then an ICE restart); false again once connected, or once it ended.
    pub reconnecting: bool,
    /// The call's control channel and its counters.
    pub control: ControlView,
    /// A second caller waiting for the user to switch or turn them away.
    pub waiting: Option<WaitingView>,
    /// Set once the call is over.
    pub ended: Option<CallRecord>,
}

impl CallView {
    /// Whether leaving the page would cut a call the person is in (connected and not over, a
    /// reconnecting one too): the page then asks before it goes. Not while it only rings: closing
    /// the tab is a way to decline, or to give up.
    pub fn guards_leaving(&self) -> bool {
        self.connected_at.is_some() && self.ended.is_none()
    }
}

pub use crate::machine::Ignored;

pub(crate) fn ignored<T>(reason: &'static str) -> Result<T, Ignored> {
    Err(Ignored { reason })
}
