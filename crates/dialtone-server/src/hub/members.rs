//! Who is in each room, kept beside the peer maps. A room-wide frame, a room's head count and its
//! list then cost the room's size, not the node's: before, each `hello`, chat line, busy flip or
//! socket asking for a place walked every peer of the node, so a client in a room of one, well
//! inside its budgets, made the hub walk 50,000 peers a frame.
//!
//! It also keeps, for each peer, this node's peers whose calls name it (busy.rs), so a peer's
//! leaving costs its partners, not a walk over the node.
//!
//! Every change to the peer maps that adds, removes or moves a peer goes through the functions
//! here, and every change to a peer's calls through `busy::change_calls`. Debug builds check
//! after every hub input that the index and the maps agree (while the node is small: the check
//! walks every peer).

use std::collections::{HashMap, HashSet};

use super::remote::RemotePeer;
use super::{Peer, PeerId, State};

#[derive(Debug, Default)]
pub(super) struct Members {
    /// This node's peers (away ones within their grace included), by room.
    local: Index,
    /// Clustered: other nodes' peers, by room.
    remote: Index,
    /// This node's peers by the partner their calls name (see busy.rs), so a peer's leaving
    /// finds who was in a call with it without walking the node.
    partners: Index,
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

    /// This node's peers whose calls name `partner`.
    pub(super) fn in_a_call_with(&self, partner: &str) -> Vec<PeerId> {
        self.partners.get(partner).map(|ids| ids.iter().cloned().collect()).unwrap_or_default()
    }

    /// A local peer's calls changed from `before` to `after` (busy.rs changes them).
    pub(super) fn calls_changed(&mut self, id: &str, before: &[(String, PeerId)], after: &[(String, PeerId)]) {
        for (_, partner) in before {
            take(&mut self.partners, partner, id);
        }
        for (_, partner) in after {
            add(&mut self.partners, partner, &id.to_owned());
        }
    }

    /// Rooms with anyone in them, of any node.
    pub(super) fn occupied(&self) -> HashSet<&str> {
        self.local.keys().chain(self.remote.keys()).map(String::as_str).collect()
    }
}

fn add(index: &mut Index, room: &str, id: &PeerId) {
    index.entry(room.to_owned()).or_default().insert(id.clone());
}

/// An emptied room leaves the index, so it holds no more rooms than there are peers.
fn take(index: &mut Index, room: &str, id: &str) {
    if let Some(ids) = index.get_mut(room) {
        ids.remove(id);
        if ids.is_empty() {
            index.remove(room);
        }
    }
}

/// A peer as the index sees it: the room it is in, wherever it is held.
trait Roomed {
    fn room_mut(&mut self) -> &mut String;
}

impl Roomed for Peer {
    fn room_mut(&mut self) -> &mut String {
        &mut self.room
    }
}

impl Roomed for RemotePeer {
    fn room_mut(&mut self) -> &mut String {
        &mut self.room
    }
}

type Index = HashMap<String, HashSet<PeerId>>;

fn insert<P: Roomed>(map: &mut HashMap<PeerId, P>, index: &mut Index, id: PeerId, mut peer: P) -> Option<P> {
    let room = peer.room_mut().clone();
    let mut previous = map.insert(id.clone(), peer);
    if let Some(old) = previous.as_mut().map(|p| p.room_mut().clone()).filter(|old| *old != room) {
        take(index, &old, &id);
    }
    add(index, &room, &id);
    previous
}

fn remove<P: Roomed>(map: &mut HashMap<PeerId, P>, index: &mut Index, id: &str) -> Option<P> {
    let mut peer = map.remove(id)?;
    take(index, peer.room_mut(), id);
    Some(peer)
}

fn relocate<P: Roomed>(map: &mut HashMap<PeerId, P>, index: &mut Index, id: &str, room: &str) {
    let Some(peer) = map.get_mut(id) else { return };
    let current = peer.room_mut();
    if current == room {
        return;
    }
    take(index, current, id);
    add(index, room, &id.to_owned());
    room.clone_into(current);
}

pub(super) fn insert_local(state: &mut State, id: PeerId, peer: Peer) -> Option<Peer> {
    let calls = peer.calls.clone();
    let previous = insert(&mut state.peers, &mut state.members.local, id.clone(), peer);
    let before = previous.as_ref().map_or(&[][..], |p| p.calls.as_slice());
    state.members.calls_changed(&id, before, &calls);
    previous
}

pub(super) fn remove_local(state: &mut State, id: &str) -> Option<Peer> {
    let peer = remove(&mut state.peers, &mut state.members.local, id)?;
    state.members.calls_changed(id, &peer.calls, &[]);
    Some(peer)
}

/// Moves this node's peer `id` to `room` (a `hello` naming another room).
pub(super) fn move_local(state: &mut State, id: &str, room: &str) {
    relocate(&mut state.peers, &mut state.members.local, id, room);
}

pub(super) fn insert_remote(state: &mut State, id: PeerId, peer: RemotePeer) -> Option<RemotePeer> {
    insert(&mut state.remote, &mut state.members.remote, id, peer)
}

pub(super) fn remove_remote(state: &mut State, id: &str) -> Option<RemotePeer> {
    remove(&mut state.remote, &mut state.members.remote, id)
}

/// Moves another node's peer `id` to `room` (its node's news).
pub(super) fn move_remote(state: &mut State, id: &str, room: &str) {
    relocate(&mut state.remote, &mut state.members.remote, id, room);
}

/// Replaces every other node's peer at once (the shared store's view).
pub(super) fn replace_remote(state: &mut State, remote: HashMap<PeerId, RemotePeer>) {
    state.members.remote.clear();
    for (id, peer) in &remote {
        add(&mut state.members.remote, &peer.room, id);
    }
    state.remote = remote;
}

/// Whether the index says exactly what the maps say (debug builds check it after every input).
pub(super) fn agrees(state: &State) -> bool {
    fn of<'a>(rooms: impl Iterator<Item = (&'a PeerId, &'a str)>) -> Index {
        let mut index = HashMap::new();
        for (id, room) in rooms {
            add(&mut index, room, id);
        }
        index
    }
    let partners = state.peers.iter().flat_map(|(id, p)| p.calls.iter().map(move |(_, partner)| (id, partner.as_str())));
    state.members.local == of(state.peers.iter().map(|(id, p)| (id, p.room.as_str())))
        && state.members.remote == of(state.remote.iter().map(|(id, p)| (id, p.room.as_str())))
        && state.members.partners == of(partners)
}
