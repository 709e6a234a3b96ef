//! Who is in each room, kept beside the peer maps. A room-wide frame, a room's head count and its
//! list then cost the room's size, not the node's: before, each `hello`, chat line, busy flip or
//! socket asking for a place walked every peer of the node, so a client in a room of one, well
//! inside its budgets, made the hub walk 50,000 peers a frame.
//!
//! Every change to the peer maps that adds, removes or moves a peer goes through the functions
//! here; debug builds check after every hub input that the index and the maps agree (while the
//! node is small: the check walks every peer).

use std::collections::{HashMap, HashSet};

use super::remote::RemotePeer;
use super::{Peer, PeerId, State};

#[derive(Debug, Default)]
pub(super) struct Members {
    /// This node's peers (away ones within their grace included), by room.
    local: HashMap<String, HashSet<PeerId>>,
    /// Clustered: other nodes' peers, by room.
    remote: HashMap<String, HashSet<PeerId>>,
}

impl Members {
    /// This node's peers in `room`.
    pub(super) fn local_in(&self, room: &str) -> impl Iterator<Item = &PeerId> {
        self.local.get(room).into_iter().flatten()
    }

    /// Other nodes' peers in `room`.
    pub(super) fn remote_in(&self, room: &str) -> impl Iterator<Item = &PeerId> {
        self.remote.get(room).into_iter().flatten()
    }

    /// People listed in `room`: this node's and, clustered, other nodes'.
    pub(super) fn count(&self, room: &str) -> usize {
        self.local.get(room).map_or(0, HashSet::len) + self.remote.get(room).map_or(0, HashSet::len)
    }

    /// Rooms with someone of this node in them.
    pub(super) fn local_rooms(&self) -> usize {
        self.local.len()
    }

    /// Rooms with anyone in them, of any node.
    pub(super) fn occupied(&self) -> HashSet<&str> {
        self.local.keys().chain(self.remote.keys()).map(String::as_str).collect()
    }
}

fn add(index: &mut HashMap<String, HashSet<PeerId>>, room: &str, id: &PeerId) {
    index.entry(room.to_owned()).or_default().insert(id.clone());
}

/// An emptied room leaves the index, so it holds no more rooms than there are peers.
fn take(index: &mut HashMap<String, HashSet<PeerId>>, room: &str, id: &str) {
    if let Some(ids) = index.get_mut(room) {
        ids.remove(id);
        if ids.is_empty() {
            index.remove(room);
        }
    }
}

pub(super) fn insert_local(state: &mut State, id: PeerId, peer: Peer) -> Option<Peer> {
    let room = peer.room.clone();
    let previous = state.peers.insert(id.clone(), peer);
    if let Some(previous) = previous.as_ref().filter(|previous| previous.room != room) {
        take(&mut state.members.local, &previous.room, &id);
    }
    add(&mut state.members.local, &room, &id);
    previous
}

pub(super) fn remove_local(state: &mut State, id: &str) -> Option<Peer> {
    let peer = state.peers.remove(id)?;
    take(&mut state.members.local, &peer.room, id);
    Some(peer)
}

/// Moves this node's peer `id` to `room` (a `hello` naming another room).
pub(super) fn move_local(state: &mut State, id: &str, room: String) {
    let Some(peer) = state.peers.get_mut(id) else { return };
    if peer.room == room {
        return;
    }
    take(&mut state.members.local, &peer.room, id);
    add(&mut state.members.local, &room, &peer_id(id));
    peer.room = room;
}

pub(super) fn insert_remote(state: &mut State, id: PeerId, peer: RemotePeer) -> Option<RemotePeer> {
    let room = peer.room.clone();
    let previous = state.remote.insert(id.clone(), peer);
    if let Some(previous) = previous.as_ref().filter(|previous| previous.room != room) {
        take(&mut state.members.remote, &previous.room, &id);
    }
    add(&mut state.members.remote, &room, &id);
    previous
}

pub(super) fn remove_remote(state: &mut State, id: &str) -> Option<RemotePeer> {
    let peer = state.remote.remove(id)?;
    take(&mut state.members.remote, &peer.room, id);
    Some(peer)
}

/// Moves another node's peer `id` to `room` (its node's news).
pub(super) fn move_remote(state: &mut State, id: &str, room: &str) {
    let Some(peer) = state.remote.get_mut(id) else { return };
    if peer.room == room {
        return;
    }
    take(&mut state.members.remote, &peer.room, id);
    add(&mut state.members.remote, room, &peer_id(id));
    peer.room = room.to_owned();
}

/// Replaces every other node's peer at once (the shared store's view).
pub(super) fn replace_remote(state: &mut State, remote: HashMap<PeerId, RemotePeer>) {
    state.members.remote.clear();
    for (id, peer) in &remote {
        add(&mut state.members.remote, &peer.room, id);
    }
    state.remote = remote;
}

fn peer_id(id: &str) -> PeerId {
    id.to_owned()
}

/// Whether the index says exactly what the maps say (debug builds check it after every input).
pub(super) fn agrees(state: &State) -> bool {
    fn of<'a>(rooms: impl Iterator<Item = (&'a PeerId, &'a str)>) -> HashMap<String, HashSet<PeerId>> {
        let mut index = HashMap::new();
        for (id, room) in rooms {
            add(&mut index, room, id);
        }
        index
    }
    state.members.local == of(state.peers.iter().map(|(id, p)| (id, p.room.as_str())))
        && state.members.remote == of(state.remote.iter().map(|(id, p)| (id, p.room.as_str())))
}
