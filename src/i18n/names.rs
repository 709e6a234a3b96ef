//! What a person is called on screen: the name they gave, or, for someone without one (every
//! peer on a base server, which shares no names), "Peer 0a15b3" in the reader's language. One
//! function, so the people list, the chat, the call and the history say the same.

use dialtone_core::presence::{PeerSummary, short_id};

use super::t;

/// `name`, or the reader's word for an unnamed person with the start of their id.
pub fn person(name: Option<&str>, id: &str) -> String {
    name.map(str::to_owned).unwrap_or_else(|| t::peer_unnamed(short_id(id)))
}

/// A listed person's name on screen.
pub fn listed(peer: &PeerSummary) -> String {
    person(peer.name.as_deref(), &peer.id)
}
