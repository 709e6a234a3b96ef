//! What nodes tell each other, and what the shared store keeps: the hub's side of the cluster,
//! in its own terms. The Redis link (cluster/) carries these; the hub never sees Redis.
//!
//! Room-wide news (someone joined, left, changed name or room, moved to another node, chatted)
//! goes to every node; each node passes it on to its own clients in that room. Frames for one
//! peer go to the node that holds it.

use dialtone_core::protocol::PeerId;
use serde::{Deserialize, Serialize};

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

/// One write to the other nodes and the shared store, in the order the hub made it.
#[derive(Debug, Clone, PartialEq)]
pub enum ClusterOp {
    /// Room-wide news for every other node.
    Announce(Event),
    /// A frame for a peer held by `node`.
    Direct { node: String, direct: Direct },
    /// Stores (or updates) a peer's record and its resume token; retires the token it replaces.
    SavePeer { id: PeerId, record: PeerRecord, retired_token: Option<String> },
    /// The peer left for good: its record and token go.
    ForgetPeer { id: PeerId, token: String },
    /// `keep`: how many frames the room keeps after this one (the hub's byte bound applied).
    SaveChat { room: String, frame: String, keep: usize },
    /// A frame for a peer whose node is gone, kept for when it resumes elsewhere. `keep`: the
    /// newest within one outbox's bounds, what its resume can take (the rest would never reach it).
    /// `node`: the dead node that held `to` as this node last heard; if another node has taken
    /// `to` over meanwhile, the frame goes there instead (decided in Redis, atomically).
    Mailbox { to: PeerId, node: String, frame: String, keep: super::QueueLimits },
}

/// A peer taken over from another node: who it is and what was kept for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TakenOver {
    pub id: PeerId,
    pub name: Option<String>,
    pub room: String,
    pub token: String,
    pub mailbox: Vec<String>,
}

/// A frame for one peer, sent to the node that holds it.
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
    fn records_without_a_name_leave_it_out() {
        let r = PeerRecord { name: None, room: "r".into(), node: "n".into(), token: "t".into(), busy: false };
        assert_eq!(serde_json::to_string(&r).unwrap_or_default(), r#"{"room":"r","node":"n","token":"t","busy":false}"#);
    }
}
