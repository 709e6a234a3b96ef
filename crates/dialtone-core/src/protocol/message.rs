//! A validated message: parsing an envelope against its type, and back.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::*;

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
    CallRecording(Routed<CallRecording>),
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

    /// A frame the server sent this client, which may be larger than any a client may send
    /// (see [`super::MAX_SERVER_FRAME_BYTES`]).
    pub fn parse_from_server(text: &str) -> Result<Message, ProtocolError> {
        Message::from_envelope(Envelope::parse_within(text, super::MAX_SERVER_FRAME_BYTES)?)
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
            Message::CallRecording(_) => MessageKind::CallRecording,
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
            MessageKind::CallRecording => {
                Message::CallRecording(routed(env, typed(env.payload.as_ref(), malformed)?))
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
            Message::CallRecording(m) => (&m.from, &m.to, value(&m.payload)).owned(),
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
