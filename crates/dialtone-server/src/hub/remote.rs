//! The hub's side of the cluster: peers held by other nodes (a replica kept from the other
//! nodes' news), frames to and from them, and taking over a peer that resumes here after it was
//! on another node. Alone (no cluster) no cluster op is made and the remote view stays empty.

use super::news::{CallNote, Direct, TakenOver};
use super::*;

/// A peer connected to another node.
#[derive(Debug, Clone)]
pub(super) struct RemotePeer {
    pub(super) name: Option<String>,
    pub(super) room: String,
    pub(super) node: String,
    pub(super) busy: bool,
}

/// Queues a write for the other nodes, when this node is one of several.
pub(super) fn tell_cluster(state: &mut State, op: ClusterOp) {
    if state.node.is_some() {
        state.out.push_back(HubOutput::Cluster(op));
    }
}

pub(super) fn announce(state: &mut State, event: Event) {
    tell_cluster(state, ClusterOp::Announce(event));
}

/// Stores a local peer's record for the other nodes (and for resuming on any of them).
pub(super) fn save_record_of(state: &mut State, id: &str, retired_token: Option<String>) {
    let Some(node) = state.node.clone() else { return };
    let Some(peer) = state.peers.get(id) else { return };
    let record = PeerRecord {
        name: peer.name.clone(),
        room: peer.room.clone(),
        node,
        token: peer.resume_token.clone(),
        busy: !peer.calls.is_empty(),
    };
    tell_cluster(state, ClusterOp::SavePeer { id: id.to_owned(), record, retired_token });
}

/// Sends a relayed frame to the node holding its peer, or, while that node is dead, to the
/// peer's mailbox (it collects it when it resumes on another node).
pub(super) fn relay_to_node(state: &mut State, node: &str, to: &str, frame: String, call: Option<CallNote>) {
    let op = if state.dead_nodes.contains(node) {
        ClusterOp::Mailbox { to: to.to_owned(), node: node.to_owned(), frame, keep: state.queue }
    } else {
        ClusterOp::Direct { node: node.to_owned(), direct: Direct { to: to.to_owned(), frame, call } }
    };
    tell_cluster(state, op);
}

impl Hub {
    pub(super) fn handle_cluster(&mut self, now: Instant, input: ClusterInput) {
        match input {
            ClusterInput::Attached { node } => self.state.node = Some(node),
            ClusterInput::Peers(records) => self.sync_remote(records),
            ClusterInput::RoomHistory { room, frames } => {
                let now = self.now_ms(now);
                if self.state.rooms.mark_loaded(&room) {
                    self.state.rooms.set_history(&room, frames, now);
                }
            }
            ClusterInput::Adopt { conn, taken } => self.adopt(now, conn, taken),
            ClusterInput::News(event) => self.apply_news(now, event),
            ClusterInput::Direct(direct) => {
                let Direct { to, frame, call } = direct;
                let state = &mut self.state;
                let changed: Vec<PeerId> = call.iter().filter_map(|n| busy::received(state, &to, n)).collect();
                deliver(state, &to, Outgoing::of(frame));
                busy::changed(state, changed);
            }
            ClusterInput::NodeAlive { node, alive } => {
                if alive {
                    self.state.dead_nodes.remove(&node);
                } else {
                    self.state.dead_nodes.insert(node);
                }
            }
            ClusterInput::Retired { id } => self.retire_remote(&id),
        }
    }

    /// This node's name in the cluster; `None` when alone.
    pub fn node(&self) -> Option<&str> {
        self.state.node.as_deref()
    }

    /// Whether a resume token belongs to a peer of this node (if not, and clustered, it may
    /// belong to a peer of another node, to be taken over).
    pub fn knows_resume_token(&self, token: &str) -> bool {
        self.state.resume_tokens.contains_key(token)
    }

    /// Whether the room's chat history was read from the shared store already.
    pub fn history_loaded(&self, room: &str) -> bool {
        self.state.rooms.is_loaded(&clean_room(room))
    }

    /// The nodes holding remote peers (the ones whose heartbeat matters).
    pub fn remote_nodes(&self) -> HashSet<String> {
        self.state.remote.values().map(|p| p.node.clone()).collect()
    }

    pub fn remote_peers_on(&self, node: &str) -> Vec<PeerId> {
        self.state.remote.iter().filter(|(_, p)| p.node == node).map(|(id, _)| id.clone()).collect()
    }

    /// Nodes holding peers whose heartbeat stopped.
    pub fn nodes_down(&self) -> usize {
        self.state.dead_nodes.len()
    }

    /// A peer of another node resumed here: same id, the frames kept for it first; its room sees
    /// nothing; the other nodes learn where it is now.
    fn adopt(&mut self, now: Instant, conn: ConnId, taken: TakenOver) {
        let TakenOver { id, name, room, token, mailbox } = taken;
        let fanout = self.new_fanout_budget(now);
        let state = &mut self.state;
        let hello = client_id_frame(&id, &token, &name, &room);
        let mut fill = Fill::new(state.queue);
        fill.take(hello.len());
        state.out.push_back(HubOutput::Deliver { conn, frame: Outgoing::of(hello) });
        for frame in mailbox.into_iter().take_while(|frame| fill.take(frame.len())) {
            state.out.push_back(HubOutput::Deliver { conn, frame: Outgoing::of(frame) });
        }
        members::remove_remote(state, &id);
        state.resume_tokens.insert(token.clone(), id.clone());
        let peer = Peer {
            name: name.clone(),
            room: room.clone(),
            connection: Some(conn),
            away: None,
            resume_token: token,
            calls: Vec::new(),
            fanout,
            // The client says again in its hello after the resume.
            takes_calls: None,
        };
        if let Some(previous) = members::insert_local(state, id.clone(), peer) {
            state.resume_tokens.remove(&previous.resume_token);
            if let Some(old) = previous.connection {
                state.conns.remove(&old);
                state.out.push_back(HubOutput::Close { conn: old, unsent: Unsent::BackToHub });
            }
        }
        state.conns.insert(conn, id.clone());
        let node = state.node.clone().unwrap_or_default();
        announce(state, Event::Moved { id: id.clone(), name, room, node });
        tracing::info!(peer = %id, "peer resumed here from another node");
    }

    /// Replaces the view of other nodes' peers with the shared store's.
    fn sync_remote(&mut self, records: HashMap<PeerId, PeerRecord>) {
        let state = &mut self.state;
        let node = state.node.clone().unwrap_or_default();
        let remote = records
            .into_iter()
            .filter(|(id, record)| record.node != node && !state.peers.contains_key(id))
            .map(|(id, r)| (id, RemotePeer { name: r.name, room: r.room, node: r.node, busy: r.busy }))
            .collect();
        members::replace_remote(state, remote);
    }

    /// News from another node, passed on to this node's clients in the room it concerns.
    fn apply_news(&mut self, now: Instant, event: Event) {
        let now_ms = self.now_ms(now);
        let state = &mut self.state;
        match event {
            Event::Joined { id, name, room, node } => {
                if state.peers.contains_key(&id) {
                    return;
                }
                members::insert_remote(state, id.clone(), RemotePeer { name: name.clone(), room: room.clone(), node, busy: false });
                let joined = Message::PeerJoined(PeerInfo { id, name, busy: None, calls: None }).to_json();
                broadcast(state, &room, None, &joined);
            }
            Event::Left { id, name, room } => {
                if state.peers.contains_key(&id) {
                    return;
                }
                members::remove_remote(state, &id);
                let freed = busy::partner_left(state, &id);
                let left = Message::PeerLeft(PeerInfo { id, name, busy: None, calls: None }).to_json();
                broadcast(state, &room, None, &left);
                busy::changed(state, freed);
            }
            Event::Profile { id, name, room, old_room, busy } => {
                members::move_remote(state, &id, &room);
                let Some(peer) = state.remote.get_mut(&id) else { return };
                peer.name = name.clone();
                peer.busy = busy;
                if room != old_room {
                    let left = Message::PeerLeft(PeerInfo { id: id.clone(), name: name.clone(), busy: None, calls: None }).to_json();
                    broadcast(state, &old_room, None, &left);
                }
                let joined = Message::PeerJoined(PeerInfo { id, name, busy: Some(busy), calls: None }).to_json();
                broadcast(state, &room, None, &joined);
            }
            Event::Moved { id, name, room, node } => {
                if let Some(peer) = members::remove_local(state, &id) {
                    // It resumed elsewhere: this node lets go quietly and sends on what it kept.
                    state.resume_tokens.remove(&peer.resume_token);
                    if let Some(conn) = peer.connection {
                        state.conns.remove(&conn);
                        let unsent = Unsent::ForwardTo { node: node.clone(), peer: id.clone() };
                        state.out.push_back(HubOutput::Close { conn, unsent });
                    }
                    for frame in peer.away.into_iter().flat_map(|mut away| away.kept.take_all()) {
                        let direct = Direct { to: id.clone(), frame: frame.text.as_str().to_owned(), call: None };
                        tell_cluster(state, ClusterOp::Direct { node: node.clone(), direct });
                    }
                    tracing::info!(peer = %id, "peer moved to another node");
                }
                let busy = state.remote.get(&id).is_some_and(|p| p.busy);
                members::insert_remote(state, id, RemotePeer { name, room, node, busy });
            }
            Event::Chat { room, from, frame } => {
                // The sending node charged the sender and the room; this one keeps and passes on.
                let frame: axum::extract::ws::Utf8Bytes = frame.into();
                state.rooms.remember(&room, frame.clone(), now_ms);
                broadcast_received(state, &room, Some(&from), frame, None);
            }
        }
    }

    /// A peer of a dead node did not come back within the grace, and this node retired it in
    /// the shared store: it tells its own clients and announces it to the others.
    fn retire_remote(&mut self, id: &str) {
        let state = &mut self.state;
        let Some(peer) = members::remove_remote(state, id) else { return };
        let left = Message::PeerLeft(PeerInfo { id: id.to_owned(), name: peer.name.clone(), busy: None, calls: None }).to_json();
        broadcast(state, &peer.room, None, &left);
        let freed = busy::partner_left(state, id);
        busy::changed(state, freed);
        announce(state, Event::Left { id: id.to_owned(), name: peer.name, room: peer.room });
        tracing::info!(peer = %id, "peer of a stopped node retired");
    }
}
