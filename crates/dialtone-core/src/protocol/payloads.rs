//! The payload of each message type, as serde reads and writes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;

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
    /// Dialtone: `false` when the peer's browser cannot make or take calls (no WebRTC), so callers
    /// grey its call buttons. Absent means it can (or an older client that does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<bool>,
}

/// `peer-joined` / `peer-left` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerInfo {
    pub id: PeerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Dialtone: whether the peer is in a call (a repeated `peer-joined` updates it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub busy: Option<bool>,
    /// Dialtone: `false` when the peer's browser cannot make or take calls (no WebRTC), so callers
    /// grey its call buttons. Absent means it can (or an older client that does not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<bool>,
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
    /// Dialtone: `false` tells the room this page cannot make or take calls (no WebRTC); the
    /// server keeps it and relays it in profiles. A base server ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<bool>,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDescription {
    #[serde(rename = "type")]
    pub sdp_type: SdpType,
    pub sdp: String,
    #[serde(rename = "callId", default, skip_serializing_if = "Option::is_none")]
    pub call_id: Option<CallId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<MediaKind>,
}

impl SessionDescription {
    /// A plain description: no call id, no media (a renegotiation, or host mode's wire).
    pub fn new(sdp_type: SdpType, sdp: impl Into<String>) -> Self {
        SessionDescription {
            sdp_type,
            sdp: sdp.into(),
            call_id: None,
            media: None,
        }
    }
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
    /// Dialtone's end of a call on a base server, which relays no `call-end` (docs/CONTROL-CHANNEL.md):
    /// an end-of-candidates (empty `candidate`) that also says the call `callId` ended for this
    /// reason. A base peer reads only an end-of-candidates; an older Dialtone peer ignores the field.
    #[serde(rename = "callEnd", default, skip_serializing_if = "Option::is_none")]
    pub call_end: Option<EndReason>,
}

impl IceCandidate {
    /// The end-of-candidates that carries the end of call `call_id` past a base server.
    pub fn carrying_end(call_id: CallId, reason: EndReason) -> IceCandidate {
        IceCandidate {
            candidate: String::new(),
            // Both set: a base peer's `new RTCIceCandidate(payload)` throws when both are missing.
            sdp_mid: Some("0".to_owned()),
            sdp_m_line_index: Some(0),
            call_id: Some(call_id),
            ufrag: None,
            call_end: Some(reason),
        }
    }
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
        /// The sender's display name when it wrote this (Dialtone extension): shown when the
        /// server no longer knows the sender (history replayed after they left).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
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
    /// The callee's browser has no WebRTC: it cannot take calls (Dialtone, sent by that page).
    WebrtcUnavailable,
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
            EndReason::WebrtcUnavailable => "WEBRTC_UNAVAILABLE",
        }
    }
}

/// `call-end` payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallEnd {
    #[serde(rename = "callId")]
    pub call_id: CallId,
    pub reason: EndReason,
    /// The sender's number for this in-call event (docs/CONTROL-CHANNEL.md): the same event may
    /// arrive over the data channel and the server, and is applied once. Older peers send none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
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
    /// Off because the source's device stopped with none in its place, not by the sender's
    /// switch (a Dialtone extension: a peer that does not know it reads an off source).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lost: bool,
    /// As [`CallEnd::seq`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
}

/// `call-recording` payload (Dialtone's extension of the protocol): the sender starts or stops
/// recording this call. It is sent before the recorder starts, so the other side is told first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallRecording {
    #[serde(rename = "callId")]
    pub call_id: CallId,
    pub recording: bool,
    /// As [`CallEnd::seq`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seq: Option<u64>,
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

