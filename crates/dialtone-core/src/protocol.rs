//! The signaling wire format (specs/signaling.md), shared by the app and the server so the two
//! cannot drift.
//!
//! Two layers: [`Envelope`] is the raw JSON frame (`type`, `from`, `to`, `payload`, plus the base
//! protocol's top-level `peers`), and [`Message`] is the typed, validated meaning of a frame. The
//! server validates with [`Message`] but relays the original payload value, so fields a newer client
//! adds survive a hop through an older server. Field order in [`Envelope`] is the base protocol's
//! order, which keeps base shapes byte-for-byte identical.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Frames larger than this are rejected with `TOO_LARGE`.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// A peer's id, assigned by the server.
pub type PeerId = String;
/// A call's id, chosen by the caller (a UUID).
pub type CallId = String;

/// The raw frame as it travels on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PeerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<PeerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    /// `peer-list` only: the base protocol puts the list at the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peers: Option<Vec<PeerId>>,
    /// `peer-list` only (Dialtone extension): names and status per peer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<BTreeMap<PeerId, Profile>>,
    /// An older base server variant puts `id` at the top level instead of in `payload`.
    /// Read, never written.
    #[serde(default, skip_serializing)]
    pub id: Option<PeerId>,
}

impl Envelope {
    fn bare(kind: MessageKind) -> Self {
        Envelope {
            kind: kind.as_str().to_owned(),
            from: None,
            to: None,
            payload: None,
            peers: None,
            profiles: None,
            id: None,
        }
    }

    /// Parses a text frame into an envelope; the payload is not validated yet.
    pub fn parse(text: &str) -> Result<Envelope, ProtocolError> {
        if text.len() > MAX_FRAME_BYTES {
            return Err(ProtocolError::TooLarge { bytes: text.len() });
        }
        serde_json::from_str(text).map_err(|e| ProtocolError::Malformed {
            kind: None,
            detail: e.to_string(),
        })
    }

    pub fn to_json(&self) -> String {
        // Serializing plain structs of strings and `Value`s cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Every message type the protocol knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageKind {
    ClientId,
    ListPeers,
    PeerList,
    PeerJoined,
    PeerLeft,
    Hello,
    Offer,
    Answer,
    IceCandidate,
    Chat,
    CallEnd,
    CallMedia,
    Error,
}

impl MessageKind {
    pub const ALL: [MessageKind; 13] = [
        MessageKind::ClientId,
        MessageKind::ListPeers,
        MessageKind::PeerList,
        MessageKind::PeerJoined,
        MessageKind::PeerLeft,
        MessageKind::Hello,
        MessageKind::Offer,
        MessageKind::Answer,
        MessageKind::IceCandidate,
        MessageKind::Chat,
        MessageKind::CallEnd,
        MessageKind::CallMedia,
        MessageKind::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::ClientId => "client-id",
            MessageKind::ListPeers => "list-peers",
            MessageKind::PeerList => "peer-list",
            MessageKind::PeerJoined => "peer-joined",
            MessageKind::PeerLeft => "peer-left",
            MessageKind::Hello => "hello",
            MessageKind::Offer => "offer",
            MessageKind::Answer => "answer",
            MessageKind::IceCandidate => "ice-candidate",
            MessageKind::Chat => "chat",
            MessageKind::CallEnd => "call-end",
            MessageKind::CallMedia => "call-media",
            MessageKind::Error => "error",
        }
    }

    pub fn parse(name: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Messages a client sends to one peer through the server.
    pub fn is_peer_to_peer(self) -> bool {
        matches!(
            self,
            MessageKind::Offer
                | MessageKind::Answer
                | MessageKind::IceCandidate
                | MessageKind::CallEnd
                | MessageKind::CallMedia
        )
    }

    /// Messages only the server may send; a client sending one is refused.
    pub fn is_server_only(self) -> bool {
        matches!(
            self,
            MessageKind::ClientId
                | MessageKind::PeerList
                | MessageKind::PeerJoined
                | MessageKind::PeerLeft
                | MessageKind::Error
        )
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The server's first frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientIdInfo {
    pub id: PeerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_frame: usize,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busy: Option<bool>,
}

/// `peer-joined` / `peer-left` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerInfo {
    pub id: PeerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeerListing {
    pub peers: Vec<PeerId>,
    pub profiles: Option<BTreeMap<PeerId, Profile>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Hello {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SdpType {
    Offer,
    Answer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Audio,
    Video,
}

impl MediaKind {
    pub fn has_video(self) -> bool {
        self == MediaKind::Video
    }
}

/// `offer` / `answer` payload. A Dialtone invitation adds `callId` and `media`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionDescription {
    #[serde(rename = "type")]
    pub sdp_type: SdpType,
    pub sdp: String,
    #[serde(rename = "callId", default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<CallId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaKind>,
}

/// `ice-candidate` payload. An empty `candidate` is the end-of-candidates signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IceCandidate {
    pub candidate: String,
    #[serde(rename = "sdpMid", default, skip_serializing_if = "Option::is_none")]
    pub sdp_mid: Option<String>,
    #[serde(rename = "sdpMLineIndex", default, skip_serializing_if = "Option::is_none")]
    pub sdp_m_line_index: Option<u16>,
    #[serde(rename = "callId", default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<CallId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ufrag: Option<String>,
}

/// `chat` payload: a bare string (base) or a structured message (Dialtone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChatBody {
    Text(String),
    Rich {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ts: Option<u64>,
    },
}

impl ChatBody {
    pub fn text(&self) -> &str {
        match self {
            ChatBody::Text(text) | ChatBody::Rich { text, .. } => text,
        }
    }
}

/// Why a call ended, and the stable codes of call errors (specs/call-lifecycle.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EndReason {
    MicPermissionDenied,
    CameraPermissionDenied,
    ScreenPermissionDenied,
    DeviceNotFound,
    DeviceInUse,
    DeviceTimeout,
    InsecureContext,
    PeerUnavailable,
    PeerBusy,
    Rejected,
    NoAnswer,
    Cancelled,
    HungUp,
    RemoteHungUp,
    Switched,
    ConnectionFailed,
    ConnectionLost,
    BadSdp,
    ProtocolError,
    EncryptionUnsupported,
}

impl EndReason {
    pub fn code(self) -> &'static str {
        match self {
            EndReason::MicPermissionDenied => "MIC_PERMISSION_DENIED",
            EndReason::CameraPermissionDenied => "CAMERA_PERMISSION_DENIED",
            EndReason::ScreenPermissionDenied => "SCREEN_PERMISSION_DENIED",
            EndReason::DeviceNotFound => "DEVICE_NOT_FOUND",
            EndReason::DeviceInUse => "DEVICE_IN_USE",
            EndReason::DeviceTimeout => "DEVICE_TIMEOUT",
            EndReason::InsecureContext => "INSECURE_CONTEXT",
            EndReason::PeerUnavailable => "PEER_UNAVAILABLE",
            EndReason::PeerBusy => "PEER_BUSY",
            EndReason::Rejected => "REJECTED",
            EndReason::NoAnswer => "NO_ANSWER",
            EndReason::Cancelled => "CANCELLED",
            EndReason::HungUp => "HUNG_UP",
            EndReason::RemoteHungUp => "REMOTE_HUNG_UP",
            EndReason::Switched => "SWITCHED",
            EndReason::ConnectionFailed => "CONNECTION_FAILED",
            EndReason::ConnectionLost => "CONNECTION_LOST",
            EndReason::BadSdp => "BAD_SDP",
            EndReason::ProtocolError => "PROTOCOL_ERROR",
            EndReason::EncryptionUnsupported => "ENCRYPTION_UNSUPPORTED",
        }
    }
}

/// `call-end` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallEnd {
    #[serde(rename = "callId")]
    pub call_id: CallId,
    pub reason: EndReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaSource {
    Mic,
    Camera,
    Screen,
}

/// `call-media` payload: a confirmed change of the sender's media.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallMedia {
    #[serde(rename = "callId")]
    pub call_id: CallId,
    pub source: MediaSource,
    pub enabled: bool,
}

/// Codes the server puts in `error` frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Malformed,
    TooLarge,
    UnknownType,
    UnknownPeer,
    RateLimited,
    NotAllowed,
    RoomFull,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Malformed => "MALFORMED",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::UnknownType => "UNKNOWN_TYPE",
            ErrorCode::UnknownPeer => "UNKNOWN_PEER",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::NotAllowed => "NOT_ALLOWED",
            ErrorCode::RoomFull => "ROOM_FULL",
        }
    }
}

/// `error` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorFrame {
    pub code: ErrorCode,
    pub message: String,
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl ErrorFrame {
    /// Whether a person should see this error. Trickling candidates, media updates or an end to
    /// a peer who just left is an expected race, not a problem.
    pub fn worth_showing(&self) -> bool {
        let trailing = matches!(
            self.reference.as_deref(),
            Some("ice-candidate") | Some("call-media") | Some("call-end")
        );
        !(self.code == ErrorCode::UnknownPeer && trailing)
    }
}

/// A message addressed between peers: the client sets `to`, the server stamps `from`.
#[derive(Debug, Clone, PartialEq)]
pub struct Routed<T> {
    pub from: Option<PeerId>,
    pub to: Option<PeerId>,
    pub payload: T,
}

impl<T> Routed<T> {
    /// A message from this client to `to` (the server fills in `from`).
    pub fn to(to: impl Into<PeerId>, payload: T) -> Self {
        Routed {
            from: None,
            to: Some(to.into()),
            payload,
        }
    }

    /// A message to everyone in the room.
    pub fn broadcast(payload: T) -> Self {
        Routed {
            from: None,
            to: None,
            payload,
        }
    }
}

/// A validated signaling message.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    ClientId(ClientIdInfo),
    ListPeers,
    PeerList(PeerListing),
    PeerJoined(PeerInfo),
    PeerLeft(PeerInfo),
    Hello(Hello),
    Offer(Routed<SessionDescription>),
    Answer(Routed<SessionDescription>),
    IceCandidate(Routed<IceCandidate>),
    Chat(Routed<ChatBody>),
    CallEnd(Routed<CallEnd>),
    CallMedia(Routed<CallMedia>),
    Error(ErrorFrame),
}

/// Why a frame could not be understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    TooLarge { bytes: usize },
    Malformed { kind: Option<String>, detail: String },
    UnknownType { kind: String },
}

impl ProtocolError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ProtocolError::TooLarge { .. } => ErrorCode::TooLarge,
            ProtocolError::Malformed { .. } => ErrorCode::Malformed,
            ProtocolError::UnknownType { .. } => ErrorCode::UnknownType,
        }
    }

    /// The `type` of the offending frame, when it had one.
    pub fn reference(&self) -> Option<&str> {
        match self {
            ProtocolError::TooLarge { .. } => None,
            ProtocolError::Malformed { kind, .. } => kind.as_deref(),
            ProtocolError::UnknownType { kind } => Some(kind),
        }
    }

    /// The `error` frame that answers this failure.
    pub fn to_error_frame(&self) -> ErrorFrame {
        ErrorFrame {
            code: self.code(),
            message: self.to_string(),
            reference: self.reference().map(str::to_owned),
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::TooLarge { bytes } => write!(
                f,
                "frame of {bytes} bytes is over the {MAX_FRAME_BYTES}-byte limit"
            ),
            ProtocolError::Malformed {
                kind: Some(kind),
                detail,
            } => write!(f, "malformed `{kind}` message: {detail}"),
            ProtocolError::Malformed { kind: None, detail } => {
                write!(f, "malformed frame: {detail}")
            }
            ProtocolError::UnknownType { kind } => write!(f, "unknown message type `{kind}`"),
        }
    }
}

impl std::error::Error for ProtocolError {}

/// Clones the routing half of a [`Routed`] message into an envelope's fields.
trait OwnedRoute {
    fn owned(self) -> (Option<PeerId>, Option<PeerId>, Option<Value>);
}

impl OwnedRoute for (&Option<PeerId>, &Option<PeerId>, Option<Value>) {
    fn owned(self) -> (Option<PeerId>, Option<PeerId>, Option<Value>) {
        (self.0.clone(), self.1.clone(), self.2)
    }
}

impl Message {
    /// Parses and validates one text frame.
    pub fn parse(text: &str) -> Result<Message, ProtocolError> {
        Message::from_envelope(Envelope::parse(text)?)
    }

    /// An `offer` or `answer` to `to` for call `call_id`.
    pub fn from_description(to: PeerId, sdp_type: SdpType, sdp: String, call_id: CallId, media: MediaKind) -> Message {
        let payload = SessionDescription {
            sdp_type,
            sdp,
            call_id: Some(call_id),
            media: Some(media),
        };
        match sdp_type {
            SdpType::Offer => Message::Offer(Routed::to(to, payload)),
            SdpType::Answer => Message::Answer(Routed::to(to, payload)),
        }
    }

    pub fn kind(&self) -> MessageKind {
        match self {
            Message::ClientId(_) => MessageKind::ClientId,
            Message::ListPeers => MessageKind::ListPeers,
            Message::PeerList(_) => MessageKind::PeerList,
            Message::PeerJoined(_) => MessageKind::PeerJoined,
            Message::PeerLeft(_) => MessageKind::PeerLeft,
            Message::Hello(_) => MessageKind::Hello,
            Message::Offer(_) => MessageKind::Offer,
            Message::Answer(_) => MessageKind::Answer,
            Message::IceCandidate(_) => MessageKind::IceCandidate,
            Message::Chat(_) => MessageKind::Chat,
            Message::CallEnd(_) => MessageKind::CallEnd,
            Message::CallMedia(_) => MessageKind::CallMedia,
            Message::Error(_) => MessageKind::Error,
        }
    }

    /// Validates an envelope's payload against its type.
    pub fn from_envelope(env: Envelope) -> Result<Message, ProtocolError> {
        Message::from_envelope_ref(&env)
    }

    /// As [`Message::from_envelope`], reading the envelope in place (the server validates a
    /// frame, then relays the very same payload: no copy of it is made for the check).
    pub fn from_envelope_ref(env: &Envelope) -> Result<Message, ProtocolError> {
        let kind = MessageKind::parse(&env.kind).ok_or_else(|| ProtocolError::UnknownType {
            kind: env.kind.clone(),
        })?;
        let malformed = |detail: String| ProtocolError::Malformed {
            kind: Some(kind.as_str().to_owned()),
            detail,
        };
        fn typed<T: serde::de::DeserializeOwned>(
            value: Option<&Value>,
            malformed: impl Fn(String) -> ProtocolError,
        ) -> Result<T, ProtocolError> {
            let value = value.ok_or_else(|| malformed("missing payload".to_owned()))?;
            T::deserialize(value).map_err(|e| malformed(e.to_string()))
        }
        // The older base variant: `{"type":"client-id","id":"…"}`.
        let older_id = env.id.as_ref().map(|id| serde_json::json!({ "id": id }));
        let id_payload = env.payload.as_ref().or(older_id.as_ref());
        fn routed<T>(env: &Envelope, payload: T) -> Routed<T> {
            Routed {
                from: env.from.clone(),
                to: env.to.clone(),
                payload,
            }
        }
        let message = match kind {
            MessageKind::ClientId => Message::ClientId(typed(id_payload, malformed)?),
            MessageKind::ListPeers => Message::ListPeers,
            MessageKind::PeerList => Message::PeerList(PeerListing {
                peers: env
                    .peers
                    .clone()
                    .ok_or_else(|| malformed("missing peers".to_owned()))?,
                profiles: env.profiles.clone(),
            }),
            MessageKind::PeerJoined => Message::PeerJoined(typed(id_payload, malformed)?),
            MessageKind::PeerLeft => Message::PeerLeft(typed(id_payload, malformed)?),
            MessageKind::Hello => Message::Hello(typed(env.payload.as_ref(), malformed)?),
            MessageKind::Offer | MessageKind::Answer => {
                let description: SessionDescription = typed(env.payload.as_ref(), malformed)?;
                let expected = if kind == MessageKind::Offer {
                    SdpType::Offer
                } else {
                    SdpType::Answer
                };
                if description.sdp_type != expected {
                    return Err(malformed(format!(
                        "payload.type must be \"{}\"",
                        kind.as_str()
                    )));
                }
                if kind == MessageKind::Offer {
                    Message::Offer(routed(env, description))
                } else {
                    Message::Answer(routed(env, description))
                }
            }
            MessageKind::IceCandidate => {
                Message::IceCandidate(routed(env, typed(env.payload.as_ref(), malformed)?))
            }
            MessageKind::Chat => Message::Chat(routed(env, typed(env.payload.as_ref(), malformed)?)),
            MessageKind::CallEnd => Message::CallEnd(routed(env, typed(env.payload.as_ref(), malformed)?)),
            MessageKind::CallMedia => {
                Message::CallMedia(routed(env, typed(env.payload.as_ref(), malformed)?))
            }
            MessageKind::Error => Message::Error(typed(env.payload.as_ref(), malformed)?),
        };
        if kind.is_peer_to_peer() && env.to.is_none() && env.from.is_none() {
            return Err(malformed("missing `to`".to_owned()));
        }
        Ok(message)
    }

    pub fn to_envelope(&self) -> Envelope {
        fn value<T: Serialize>(payload: &T) -> Option<Value> {
            serde_json::to_value(payload).ok()
        }
        let mut env = Envelope::bare(self.kind());
        let (from, to, payload) = match self {
            Message::ClientId(info) => (None, None, value(info)),
            Message::ListPeers => (None, None, None),
            Message::PeerList(listing) => {
                env.peers = Some(listing.peers.clone());
                env.profiles = listing.profiles.clone();
                (None, None, None)
            }
            Message::PeerJoined(peer) | Message::PeerLeft(peer) => (None, None, value(peer)),
            Message::Hello(hello) => (None, None, value(hello)),
            Message::Offer(m) | Message::Answer(m) => (&m.from, &m.to, value(&m.payload)).owned(),
            Message::IceCandidate(m) => (&m.from, &m.to, value(&m.payload)).owned(),
            Message::Chat(m) => (&m.from, &m.to, value(&m.payload)).owned(),
            Message::CallEnd(m) => (&m.from, &m.to, value(&m.payload)).owned(),
            Message::CallMedia(m) => (&m.from, &m.to, value(&m.payload)).owned(),
            Message::Error(e) => (None, None, value(e)),
        };
        env.from = from;
        env.to = to;
        env.payload = payload;
        env
    }

    pub fn to_json(&self) -> String {
        self.to_envelope().to_json()
    }
}
