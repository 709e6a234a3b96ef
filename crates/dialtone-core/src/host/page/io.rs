//! What goes into and comes out of [`HostPage`](super::HostPage): inputs the page's glue feeds,
//! actions it performs, and the configuration values they carry.

use crate::host::error::{HostErrorCode, HostError};
use crate::host::frame_crypto::FrameKey;
use crate::host::response::{ConnectionInfo, ConnectionStates};
use crate::host::signal::{IceCandidateInit, SessionDescription};
use crate::host::wire::{CallMediaSource, CallMediaType, IceServer, LayoutType, VideoCamera};

pub use crate::machine::OpId;

/// What the page can do, decided once at load.
#[derive(Debug, Clone, Default)]
pub struct PageConfig {
    /// Frame transforms can be attached (§6.2); reported as `encryption`.
    pub can_encrypt: bool,
    /// Dialtone's own STUN/TURN servers, for commands that bring none (§4.6).
    pub default_ice_servers: Vec<IceServer>,
    /// Which of the `permission` command's texts this browser shows (§7).
    pub browser: super::PermissionBrowser,
}

/// The `RTCConfiguration` to create the peer connection with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerConfig {
    pub ice_servers: Vec<IceServer>,
    /// `iceTransportPolicy: "relay"` (else `"all"`).
    pub relay_only: bool,
    pub ice_candidate_pool_size: u8,
    /// Frames will be encrypted: on the `createEncodedStreams` path the page must also set
    /// `encodedInsertableStreams: true` (and only then).
    pub encrypted: bool,
}

impl PeerConfig {
    /// Relay-only with no TURN server gathers nothing: the page logs this and proceeds (§4.6).
    pub fn relay_without_turn(&self) -> bool {
        self.relay_only
            && !self
                .ice_servers
                .iter()
                .flat_map(|server| &server.urls)
                .any(|url| url.starts_with("turn:") || url.starts_with("turns:"))
    }
}

/// The peer speaks the old two-m-line format (§4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OldPeer {
    pub sends_video: bool,
}

/// Where a media change applies: the caller's preview before the call, or the call's senders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaTarget {
    Preview,
    Call,
}

/// What happened, as the page's glue reports it.
#[derive(Debug, Clone)]
pub enum Input {
    /// A text frame from the host socket.
    Frame(String),
    /// A binary frame from the host socket (answered `MALFORMED` or `TOO_LARGE`).
    BinaryFrame {
        len: usize,
    },
    /// The host socket closed: the call is over, the page closes (§7).
    SocketClosed,
    /// Result of [`Action::AcquireMedia`]: the microphone, and the camera when it was asked for.
    MediaAcquired {
        op: OpId,
        mic: Result<(), HostErrorCode>,
        camera: Option<Result<(), HostErrorCode>>,
    },
    /// The peer connection of [`Action::CreatePeerConnection`] exists (this is t0).
    PeerConnectionCreated {
        op: OpId,
    },
    /// Creating it threw.
    PeerConnectionFailed {
        op: OpId,
    },
    /// [`Action::MakeOffer`] / [`Action::MakeAnswer`] set this local description.
    LocalDescriptionSet {
        op: OpId,
        sdp: String,
        old_peer: Option<OldPeer>,
    },
    /// [`Action::ApplyAnswer`] set the remote description.
    RemoteDescriptionApplied {
        op: OpId,
        old_peer: Option<OldPeer>,
    },
    /// A description step failed (`BAD_SDP` with the browser's words).
    NegotiationFailed {
        op: OpId,
        error: HostError,
    },
    /// A non-null local candidate.
    LocalCandidate(IceCandidateInit),
    /// `iceGatheringState` became `complete`.
    GatheringComplete,
    /// `connectionstatechange`, with the four states read at that moment.
    ConnectionStateChanged(ConnectionStates),
    /// Result of [`Action::CheckConnection`].
    ConnectionChecked {
        op: OpId,
        states: ConnectionStates,
    },
    /// Result of [`Action::CollectStats`].
    Stats {
        op: OpId,
        info: ConnectionInfo,
    },
    /// Result of [`Action::PollInbound`]: `bytesReceived` per remote source (by mid).
    InboundBytes(Vec<(CallMediaSource, u64)>),
    /// A [`Action::SetMedia`] or [`Action::SwitchCamera`] is done: tracks are in that state.
    MediaApplied {
        op: OpId,
    },
    MediaFailed {
        op: OpId,
        error: HostError,
    },
    /// The user pressed a media button (or started/stopped screen sharing) on the page.
    MediaButton {
        source: CallMediaSource,
        enable: bool,
    },
    /// A local track ended by itself (device unplugged, sharing stopped from the browser).
    SourceEnded {
        source: CallMediaSource,
    },
    /// A frame transform could not be attached after the key was accepted (§6.2).
    EncryptionFailed,
    /// The user pressed the page's end button.
    EndPressed,
    Tick,
}

/// What the page's glue must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Write this text frame to the host socket.
    Send(String),
    /// Show the control bar (§7).
    ShowControls,
    /// `getUserMedia`: the microphone, plus the camera with this facing mode when asked
    /// (the page asks only when a `videoinput` exists; otherwise it reports `DEVICE_NOT_FOUND`).
    AcquireMedia {
        op: OpId,
        camera: Option<VideoCamera>,
    },
    CreatePeerConnection {
        op: OpId,
        config: PeerConfig,
    },
    /// Offerer (§4.3): four transceivers in mid order, VP8 first, create and set the offer, then
    /// attach sender transforms with `key`. Report [`Input::LocalDescriptionSet`].
    MakeOffer {
        op: OpId,
        media: CallMediaType,
        key: Option<FrameKey>,
    },
    /// Answerer (§4.2): set `offer`, local tracks on mids 0/1, transforms with `key`, VP8 first,
    /// all `sendrecv`, create and set the answer. Report [`Input::LocalDescriptionSet`].
    MakeAnswer {
        op: OpId,
        offer: SessionDescription,
        key: Option<FrameKey>,
    },
    /// Offerer: set the peer's answer. Report [`Input::RemoteDescriptionApplied`].
    ApplyAnswer {
        op: OpId,
        answer: SessionDescription,
    },
    /// `addIceCandidate` for each, in order.
    AddRemoteCandidates(Vec<IceCandidateInit>),
    /// Turn a local source on or off (§5.2); report [`Input::MediaApplied`] once it really is.
    SetMedia {
        op: OpId,
        source: CallMediaSource,
        enable: bool,
        target: MediaTarget,
        facing: VideoCamera,
    },
    /// Re-acquire the (running) camera with another facing mode.
    SwitchCamera {
        op: OpId,
        facing: VideoCamera,
        target: MediaTarget,
    },
    /// Read the four connection states now.
    CheckConnection {
        op: OpId,
    },
    /// `getStats()` for the `connected` event.
    CollectStats {
        op: OpId,
    },
    /// Read `bytesReceived` of each remote transceiver.
    PollInbound,
    /// Show or hide the remote track of this source.
    RemoteMedia {
        source: CallMediaSource,
        enabled: bool,
    },
    /// Stop every local track (preview included) and close the peer connection.
    EndCall,
    ShowDescription {
        state: String,
        description: String,
    },
    SetLayout(LayoutType),
    /// Hide the info block and the toggles (keep end), show this (§7): the title, and the
    /// host's text for this browser (empty when neither fits it).
    ShowPermission {
        title: String,
        text: String,
    },
    /// The socket is gone: `window.close()`, or the "call ended" screen.
    Close,
}

pub use crate::machine::Ignored;

pub(super) fn ignored<T>(reason: &'static str) -> Result<T, Ignored> {
    Err(Ignored { reason })
}
