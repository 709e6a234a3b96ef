//! The hub's side of the cluster: peers held by other nodes (a replica kept from Redis
//! announcements), frames to and from them, and taking over a peer that resumes here after its
//! node stopped. Alone (no Redis) none of this runs and the remote view stays empty.

use super::*;
use crate::cluster::events::{CallNote, Direct};

/// A peer connected to another node.
#[derive(Debug, Clone)]
pub(super) struct RemotePeer {
    pub(super) name: Option<String>,
    pub(super) room: String,
    pub(super) node: String,
    pub(super) busy: bool,
}

impl Hub {
    /// Queues a write for the cluster, when there is one; a full queue is logged, not fatal.
    pub(super) fn tell_cluster(&self, op: Op) {
        if let Some(link) = self.cluster.get() {
            if !link.send(op) {
                tracing::warn!("cluster: Redis is behind; a write was dropped");
            }
        }
    }

    pub(super) fn announce(&self, event: Event) {
        if let Some(link) = self.cluster.get() {
            if !link.announce(event) {
                tracing::warn!("cluster: Redis is behind; an announcement was dropped");
            }
        }
    }

    /// Stores a local peer's record for the other nodes (and for resuming on any of them).
    pub(super) fn save_record(&self, id: &str, peer: &Peer, retired_token: Option<String>) {
        if let Some(link) = self.cluster.get() {
            let record = PeerRecord {
                name: peer.name.clone(),
                room: peer.room.clone(),
                node: link.node().to_owned(),
                token: peer.resume_token.clone(),
                busy: !peer.calls.is_empty(),
            };
            self.tell_cluster(Op::SavePeer { id: id.to_owned(), record, retired_token });
        }
    }

    /// This node's name in the cluster (empty when alone).
    pub(super) fn node_name(&self) -> String {
        self.cluster.get().map(|l| l.node().to_owned()).unwrap_or_default()
    }

    /// Removes a connection and tells its room.

    /// Makes this hub one node of a cluster (once, at start-up).
    pub fn attach_cluster(&self, link: ClusterLink) {
        if self.cluster.set(link).is_err() {
            tracing::warn!("cluster: already attached");
        }
    }

    /// A connection arrives: on a cluster, a resume token this node does not know may belong to a
    /// peer of another node (taken over here), and the room's chat history may be elsewhere.
    pub async fn connect(&self, name: Option<&str>, room: Option<&str>, resume: Option<&str>) -> Registration {
        if let Some(link) = self.cluster.get().cloned() {
            if let Some(token) = resume.filter(|t| !self.lock().resume_tokens.contains_key(*t)) {
                match link.take_over(token, &new_resume_token()).await {
                    Ok(Some(taken)) => return self.adopt(taken),
                    Ok(None) => {}
                    Err(error) => tracing::warn!(%error, "cluster: cannot look up a resume token"),
                }
            }
            let room = clean_room(room.unwrap_or_default());
            if !self.lock().rooms.is_loaded(&room) {
                match link.room_history(&room).await {
                    Ok(frames) => self.load_history(&room, frames),
                    Err(error) => tracing::warn!(%error, "cluster: cannot load a room's chat history"),
                }
            }
        }
        self.join(name, room, resume)
    }

    fn load_history(&self, room: &str, frames: Vec<String>) {
        let now = self.now_ms();
        let mut state = self.lock();
        if state.rooms.mark_loaded(room) {
            state.rooms.set_history(room, frames, now);
        }
    }

    /// A peer of another node resumed here: same id, the frames kept for it first; its room sees
    /// nothing; the other nodes learn where it is now.
    fn adopt(&self, taken: TakenOver) -> Registration {
        let TakenOver { id, name, room, token, mailbox } = taken;
        let outbox = self.new_outbox();
        let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
        outbox.push(Outgoing::of(client_id_frame(&id, &token, &name, &room)));
        for frame in mailbox {
            if outbox.push(Outgoing::of(frame)) != Pushed::Queued {
                break;
            }
        }
        let mut state = self.lock();
        state.remote.remove(&id);
        state.resume_tokens.insert(token.clone(), id.clone());
        let peer = Peer {
            name: name.clone(),
            room: room.clone(),
            outbox: outbox.clone(),
            resume_token: token,
            connection,
            detached: false,
            calls: Vec::new(),
            fanout: self.new_fanout_budget(),
            // The client says again in its hello after the resume.
            takes_calls: None,
        };
        if let Some(previous) = state.peers.insert(id.clone(), peer) {
            previous.outbox.close();
            state.resume_tokens.remove(&previous.resume_token);
        }
        drop(state);
        self.announce(Event::Moved { id: id.clone(), name, room, node: self.node_name() });
        tracing::info!(peer = %id, "peer resumed here from another node");
        Registration { id, outbox, connection, resumed: true }
    }

    /// Replaces the view of other nodes' peers with Redis's (at start and after a lost subscription).
    pub fn sync_remote(&self, records: HashMap<PeerId, PeerRecord>) {
        let node = self.node_name();
        let mut state = self.lock();
        state.remote = records
            .into_iter()
            .filter(|(id, record)| record.node != node && !state.peers.contains_key(id))
            .map(|(id, r)| (id, RemotePeer { name: r.name, room: r.room, node: r.node, busy: r.busy }))
            .collect();
    }

    /// News from another node, passed on to this node's clients in the room it concerns.
    pub fn apply_remote(&self, event: Event) {
        let mut state = self.lock();
        let mut slow = Vec::new();
        match event {
            Event::Joined { id, name, room, node } => {
                if state.peers.contains_key(&id) {
                    return;
                }
                state.remote.insert(id.clone(), RemotePeer { name: name.clone(), room: room.clone(), node, busy: false });
                let joined = Message::PeerJoined(PeerInfo { id, name, busy: None, calls: None }).to_json();
                slow = broadcast(&mut state, &room, None, &joined);
            }
            Event::Left { id, name, room } => {
                if state.peers.contains_key(&id) {
                    return;
                }
                state.remote.remove(&id);
                let freed = busy::partner_left(&mut state, &id);
                let left = Message::PeerLeft(PeerInfo { id, name, busy: None, calls: None }).to_json();
                slow = broadcast(&mut state, &room, None, &left);
                slow.extend(self.busy_changed(&mut state, freed));
            }
            Event::Profile { id, name, room, old_room, busy } => {
                let Some(peer) = state.remote.get_mut(&id) else { return };
                peer.name = name.clone();
                peer.room = room.clone();
                peer.busy = busy;
                if room != old_room {
                    let left = Message::PeerLeft(PeerInfo { id: id.clone(), name: name.clone(), busy: None, calls: None }).to_json();
                    slow.extend(broadcast(&mut state, &old_room, None, &left));
                }
                let joined = Message::PeerJoined(PeerInfo { id, name, busy: Some(busy), calls: None }).to_json();
                slow.extend(broadcast(&mut state, &room, None, &joined));
            }
            Event::Moved { id, name, room, node } => {
                if let Some(peer) = state.peers.remove(&id) {
                    // It resumed elsewhere: this node lets go quietly and sends on what it kept.
                    state.resume_tokens.remove(&peer.resume_token);
                    peer.outbox.close();
                    if let Some(link) = self.cluster.get() {
                        for frame in peer.outbox.take_all() {
                            link.send_direct(&node, &id, frame.text.as_str().to_owned(), None);
                        }
                    }
                    tracing::info!(peer = %id, "peer moved to another node");
                }
                let busy = state.remote.get(&id).is_some_and(|p| p.busy);
                state.remote.insert(id, RemotePeer { name, room, node, busy });
            }
            Event::Chat { room, from, frame } => {
                // The sending node charged the sender and the room; this one keeps and passes on.
                let frame: axum::extract::ws::Utf8Bytes = frame.into();
                let now = self.now_ms();
                state.rooms.remember(&room, frame.clone(), now);
                slow = broadcast_received(&mut state, &room, Some(&from), frame, None);
            }
        }
        drop(state);
        self.disconnect_slow(slow);
    }

    /// A frame another node relayed to one of this node's peers.
    pub fn deliver_from_cluster(&self, direct: Direct) {
        let Direct { to, frame, call } = direct;
        let slow: Vec<PeerId> = {
            let mut state = self.lock();
            let changed: Vec<PeerId> = call.iter().filter_map(|n| busy::received(&mut state, &to, n)).collect();
            let mut slow: Vec<PeerId> = deliver(&mut state, &to, Outgoing::of(frame)).err().into_iter().collect();
            slow.extend(self.busy_changed(&mut state, changed));
            slow
        };
        self.disconnect_slow(slow);
    }

    /// Sends a relayed frame to the node holding its peer, or keeps it in Redis while that node
    /// is dead (the peer collects it when it resumes on another node).
    pub(super) fn relay_to_node(&self, node: &str, node_dead: bool, to: &str, frame: String, call: Option<CallNote>) {
        let Some(link) = self.cluster.get() else { return };
        let queued = if node_dead {
            link.send(Op::Mailbox { to: to.to_owned(), frame })
        } else {
            link.send_direct(node, to, frame, call)
        };
        if !queued {
            tracing::warn!(peer = %to, "cluster: Redis is behind; a relayed frame was dropped");
        }
    }

    /// The nodes holding remote peers (the ones whose heartbeat matters).
    pub fn remote_nodes(&self) -> HashSet<String> {
        self.lock().remote.values().map(|p| p.node.clone()).collect()
    }

    pub fn remote_peers_on(&self, node: &str) -> Vec<PeerId> {
        self.lock().remote.iter().filter(|(_, p)| p.node == node).map(|(id, _)| id.clone()).collect()
    }

    /// Nodes holding peers whose heartbeat stopped.
    pub fn nodes_down(&self) -> usize {
        self.lock().dead_nodes.len()
    }

    pub fn set_node_alive(&self, node: &str, alive: bool) {
        let mut state = self.lock();
        if alive {
            state.dead_nodes.remove(node);
        } else {
            state.dead_nodes.insert(node.to_owned());
        }
    }

    /// A peer of a dead node did not come back within the grace: it is gone. The node that
    /// retired it in Redis tells its own clients and announces it to the others.
    pub fn retire_remote(&self, id: &str, announce: bool) {
        let mut state = self.lock();
        let Some(peer) = state.remote.remove(id) else { return };
        if !announce {
            return;
        }
        let left = Message::PeerLeft(PeerInfo { id: id.to_owned(), name: peer.name.clone(), busy: None, calls: None }).to_json();
        let mut slow = broadcast(&mut state, &peer.room, None, &left);
        let freed = busy::partner_left(&mut state, id);
        slow.extend(self.busy_changed(&mut state, freed));
        drop(state);
        self.announce(Event::Left { id: id.to_owned(), name: peer.name, room: peer.room });
        self.disconnect_slow(slow);
        tracing::info!(peer = %id, "peer of a stopped node retired");
    }
}
