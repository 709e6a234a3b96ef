//! What nodes tell each other through Redis, and what they keep there.
//!
//! Room-wide news (someone joined, left, changed name or room, moved to another node, chatted)
//! goes to every node on one channel; each node passes it on to its own clients in that room.
//! Frames for one peer go to the channel of the node that holds it. Every message names its
//! origin node, so a node skips its own news (it already served its clients directly).

use dialtone_core::protocol::PeerId;
use serde::{Deserialize, Serialize};

/// The channel every node listens to for room-wide news.
pub const EVENTS_CHANNEL: &str = "dialtone:events";
/// Hash of every connected (or resumable) peer: id → [`PeerRecord`] as JSON.
pub const PEERS_KEY: &str = "dialtone:peers";
/// Broadcast chat frames kept per room, the newest last.
pub fn chat_key(room: &str) -> String {
    format!("dialtone:chat:{room}")
}
/// The channel a node listens to for frames addressed to its own clients.
pub fn node_channel(node: &str) -> String {
    format!("dialtone:node:{node}")
}
/// Exists while the node is alive (refreshed each second, expires shortly after it stops).
pub fn heartbeat_key(node: &str) -> String {
    format!("dialtone:alive:{node}")
}
/// Frames for a peer whose node died, kept until it resumes elsewhere (bounded, expiring).
pub fn mailbox_key(id: &str) -> String {
    format!("dialtone:mailbox:{id}")
}
/// Resume token → peer id.
pub fn resume_key(token: &str) -> String {
    format!("dialtone:resume:{token}")
}

/// A peer as Redis keeps it: enough for another node to take it over on resume.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub room: String,
    pub node: String,
    /// The current resume token: kept so that whoever retires the peer also retires its token.
    pub token: String,
    #[serde(default)]
    pub busy: bool,
}

/// Room-wide news, with the node it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub origin: String,
    #[serde(flatten)]
    pub event: Event,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "ev", rename_all = "kebab-case")]
pub enum Event {
    Joined {
        id: PeerId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        room: String,
        node: String,
    },
    Left {
        id: PeerId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        room: String,
    },
    /// A `hello` changed the peer's name or room.
    Profile {
        id: PeerId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        room: String,
        old_room: String,
        /// In a call (see hub/busy.rs).
        #[serde(default)]
        busy: bool,
    },
    /// The peer resumed on `node`: frames for it go there now; peers see nothing.
    Moved {
        id: PeerId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        room: String,
        node: String,
    },
    /// A room chat frame, exactly as clients receive it.
    Chat { room: String, from: PeerId, frame: String },
}

/// A frame for one peer, sent to the channel of the node that holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Direct {
    pub to: PeerId,
    pub frame: String,
    /// What the frame means for the receiver's calls (an answer or a call-end), so its node
    /// can tell whether it is busy without parsing the frame again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallNote>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallNote {
    pub call_id: String,
    pub ends: bool,
    /// The sender: the receiver's partner in that call.
    pub from: PeerId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn announcements_carry_their_origin_and_kind_on_one_level() {
        let a = Announcement {
            origin: "n1".into(),
            event: Event::Joined { id: "p".into(), name: None, room: "lobby".into(), node: "n1".into() },
        };
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(json, r#"{"origin":"n1","ev":"joined","id":"p","room":"lobby","node":"n1"}"#);
        let back: Announcement = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, a);
    }

    #[test]
    fn records_without_a_name_leave_it_out() {
        let r = PeerRecord { name: None, room: "r".into(), node: "n".into(), token: "t".into(), busy: false };
        assert_eq!(serde_json::to_string(&r).unwrap_or_default(), r#"{"room":"r","node":"n","token":"t","busy":false}"#);
    }
}
