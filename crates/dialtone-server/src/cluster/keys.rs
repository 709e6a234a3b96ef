//! Where the cluster lives in Redis: channels, keys, and the envelope of room-wide news.
//!
//! Every announcement names its origin node, so a node skips its own news (it already served
//! its clients directly).

use serde::{Deserialize, Serialize};

use crate::hub::news::Event;

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
/// The bytes held in [`mailbox_key`]'s list, so a push can trim it by size in one step.
pub fn mailbox_bytes_key(id: &str) -> String {
    format!("dialtone:mailbox-bytes:{id}")
}
/// Resume token → peer id.
pub fn resume_key(token: &str) -> String {
    format!("dialtone:resume:{token}")
}


/// Room-wide news, with the node it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub origin: String,
    #[serde(flatten)]
    pub event: Event,
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
}
