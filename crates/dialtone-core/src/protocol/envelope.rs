//! The raw frame and the message types it can carry.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;

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
    pub(super) fn bare(kind: MessageKind) -> Self {
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

    /// A frame as the server relays it: `from` is the real sender; `to` is kept only where the
    /// recipient needs it (a direct chat, to tell it from a room message); the payload is passed
    /// on untouched.
    pub fn relayed(kind: MessageKind, from: &str, to: Option<&str>, payload: Option<Value>) -> Self {
        let mut env = Envelope::bare(kind);
        env.from = Some(from.to_owned());
        env.to = to.map(str::to_owned);
        env.payload = payload;
        env
    }

    /// Parses a text frame into an envelope; the payload is not validated yet.
    pub fn parse(text: &str) -> Result<Envelope, ProtocolError> {
        Envelope::parse_within(text, MAX_FRAME_BYTES)
    }

    /// [`Envelope::parse`] with another size bound (a client reading its server's frames).
    pub fn parse_within(text: &str, max_bytes: usize) -> Result<Envelope, ProtocolError> {
        if text.len() > max_bytes {
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
    /// Dialtone's extension: the sender starts or stops recording the call.
    CallRecording,
    Error,
}

impl MessageKind {
    pub const ALL: [MessageKind; 14] = [
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
        MessageKind::CallRecording,
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
            MessageKind::CallRecording => "call-recording",
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
                | MessageKind::CallRecording
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

