//! Presence and routing: who is connected, in which room, and where each frame goes.
//!
//! The hub is the only shared state of a node. Each connection owns a bounded outbox; the hub only
//! ever `try_send`s into it, so one slow client can never block the others: when its outbox is
//! full it is disconnected instead (specs/signaling.md, "Server rules"). Every frame a client sends
//! is validated with the core's protocol types; anything rejected is answered with an `error`
//! frame carrying a stable code, never dropped silently. `from` is always the sender's real id.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use dialtone_core::protocol::{
    ClientIdInfo, Envelope, ErrorCode, ErrorFrame, Limits, MAX_FRAME_BYTES, Message, MessageKind,
    PeerId, PeerInfo, PeerListing, Profile, ProtocolError,
};
use tokio::sync::{Notify, mpsc};

use crate::cluster::events::{Event, PeerRecord};
use crate::cluster::{ClusterLink, Op, TakenOver};
use crate::identity::{clean_name, clean_room, new_peer_id};
use crate::metrics::Metrics;

mod busy;
mod delivery;
mod profiles;
mod remote;
mod resume;
pub mod snapshot;

use remote::RemotePeer;

use delivery::{broadcast, broadcast_received, client_id_frame, deliver, new_resume_token};

/// Broadcast chat messages kept per room and replayed to newcomers.
pub const CHAT_HISTORY_PER_ROOM: usize = 100;

/// A frame on its way to one client, with when its source frame arrived (for relay latency).
pub struct Outgoing {
    pub text: String,
    pub received_at: Option<Instant>,
}

impl Outgoing {
    fn of(text: String) -> Outgoing {
        Outgoing { text, received_at: None }
    }
}

struct Peer {
    name: Option<String>,
    room: String,
    outbox: mpsc::Sender<Outgoing>,
    /// Wakes the connection task to close the socket (slow consumer, shutdown, replaced).
    kick: Arc<Notify>,
    /// The secret that lets this client take its id back after a dropped connection.
    resume_token: String,
    /// Which connection currently holds this id; only that one may detach it.
    connection: u64,
    /// While no connection holds the id (the resume grace period), frames for it wait here.
    detached: Option<VecDeque<Outgoing>>,
    /// The calls this peer is in, with whom (see busy.rs); empty = not busy.
    calls: Vec<(String, PeerId)>,
}

#[derive(Default)]
struct State {
    peers: HashMap<PeerId, Peer>,
    resume_tokens: HashMap<String, PeerId>,
    chat_history: HashMap<String, VecDeque<String>>,
    /// Clustered: peers held by other nodes, as their announcements tell.
    remote: HashMap<PeerId, RemotePeer>,
    /// Clustered: nodes whose heartbeat stopped (frames for their peers go to mailboxes).
    dead_nodes: HashSet<String>,
    /// Clustered: rooms whose chat history was loaded from Redis.
    rooms_with_history: HashSet<String>,
}

/// What a new connection gets from the hub.
pub struct Registration {
    pub id: PeerId,
    pub outbox: mpsc::Receiver<Outgoing>,
    pub kick: Arc<Notify>,
    /// This connection's number, for [`Hub::disconnect`].
    pub connection: u64,
    /// Whether the connection took back an existing id.
    pub resumed: bool,
}

pub struct Hub {
    metrics: Arc<Metrics>,
    state: Mutex<State>,
    send_queue: usize,
    resume_grace: Duration,
    next_connection: AtomicU64,
    /// Set once when this node is one of several sharing a Redis.
    cluster: OnceLock<ClusterLink>,
    /// Shutting down: new sockets are refused, so a client told to go cannot resume here (and
    /// have its token rotated by a node about to vanish) before it resumes elsewhere.
    closing: AtomicBool,
}

impl Hub {
    pub fn new(send_queue: usize, resume_grace: Duration, metrics: Arc<Metrics>) -> Self {
        Hub {
            metrics,
            state: Mutex::new(State::default()),
            send_queue: send_queue.max(1),
            resume_grace,
            next_connection: AtomicU64::new(1),
            cluster: OnceLock::new(),
            closing: AtomicBool::new(false),
        }
    }

    pub fn cluster(&self) -> Option<&ClusterLink> {
        self.cluster.get()
    }

    pub fn resume_grace(&self) -> Duration {
        self.resume_grace
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-updated in a way that
        // matters more than refusing all further service would: keep serving.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn peer_count(&self) -> usize {
        self.lock().peers.len()
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The metrics exposition, with connection and room counts as they are now.
    pub fn render_metrics(&self) -> String {
        let (connections, rooms) = {
            let state = self.lock();
            let attached = state.peers.values().filter(|p| p.detached.is_none()).count();
            let rooms: std::collections::HashSet<&str> = state.peers.values().map(|p| p.room.as_str()).collect();
            (attached, rooms.len())
        };
        self.metrics.render(connections, rooms)
    }

    /// Registers a connection: assigns its id, sends `client-id` first, announces it to its room
    /// and replays the room's chat history.
    pub fn join(&self, name: Option<&str>, room: Option<&str>, resume: Option<&str>) -> Registration {
        if let Some(registration) = resume.and_then(|token| self.resume(token)) {
            return registration;
        }
        self.join_new(name, room)
    }

    fn join_new(&self, name: Option<&str>, room: Option<&str>) -> Registration {
        let name = name.and_then(clean_name);
        let room = clean_room(room.unwrap_or_default());
        let (outbox_tx, outbox) = mpsc::channel(self.send_queue);
        let kick = Arc::new(Notify::new());
        let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let resume_token = new_resume_token();
        let mut state = self.lock();
        let mut id = new_peer_id();
        while state.peers.contains_key(&id) || state.remote.contains_key(&id) {
            id = new_peer_id();
        }
        let hello = client_id_frame(&id, &resume_token, &name, &room);
        // The channel is new and empty: these cannot fail for lack of room while the history is
        // shorter than the queue; any excess history is simply not replayed.
        let _ = outbox_tx.try_send(Outgoing::of(hello));
        if let Some(history) = state.chat_history.get(&room) {
            for frame in history.iter().take(self.send_queue.saturating_sub(1)) {
                let _ = outbox_tx.try_send(Outgoing::of(frame.clone()));
            }
        }
        let joined = Message::PeerJoined(PeerInfo {
            id: id.clone(),
            name: name.clone(), busy: None })
        .to_json();
        state.resume_tokens.insert(resume_token.clone(), id.clone());
        let peer = Peer {
            name: name.clone(),
            room: room.clone(),
            outbox: outbox_tx,
            kick: kick.clone(),
            resume_token,
            connection,
            detached: None,
            calls: Vec::new(),
        };
        self.save_record(&id, &peer, None);
        self.announce(Event::Joined { id: id.clone(), name, room: room.clone(), node: self.node_name() });
        state.peers.insert(id.clone(), peer);
        let slow = broadcast(&mut state, &room, Some(&id), &joined, self.send_queue);
        drop(state);
        self.disconnect_slow(slow);
        tracing::info!(peer = %id, room = %room, "peer joined");
        Registration { id, outbox, kick, connection, resumed: false }
    }

    pub fn leave(&self, id: &str) {
        let mut state = self.lock();
        let Some(peer) = state.peers.remove(id) else {
            return;
        };
        state.resume_tokens.remove(&peer.resume_token);
        self.tell_cluster(Op::ForgetPeer { id: id.to_owned(), token: peer.resume_token.clone() });
        self.announce(Event::Left { id: id.to_owned(), name: peer.name.clone(), room: peer.room.clone() });
        let left = Message::PeerLeft(PeerInfo {
            id: id.to_owned(),
            name: peer.name.clone(), busy: None })
        .to_json();
        let mut slow = broadcast(&mut state, &peer.room, None, &left, self.send_queue);
        let freed = busy::partner_left(&mut state, id);
        slow.extend(self.busy_changed(&mut state, freed));
        drop(state);
        self.disconnect_slow(slow);
        tracing::info!(peer = %id, room = %peer.room, "peer left");
    }

    /// Asks every connection to close (graceful shutdown); clients reconnect elsewhere.
    pub fn close_all(&self) {
        self.closing.store(true, Ordering::SeqCst);
        for peer in self.lock().peers.values() {
            peer.kick.notify_one();
        }
    }

    pub fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Handles one text frame from `sender`.
    pub fn handle_text(&self, sender: &str, text: &str) {
        let received_at = Instant::now();
        let env = match Envelope::parse(text) {
            Ok(env) => env,
            Err(error) => return self.reject(sender, &error),
        };
        let message = match Message::from_envelope_ref(&env) {
            Ok(message) => message,
            Err(error) => return self.reject(sender, &error),
        };
        let kind = message.kind();
        self.metrics.message(kind);
        if kind.is_server_only() {
            return self.refuse(
                sender,
                ErrorCode::NotAllowed,
                format!("`{kind}` is sent by the server, not by clients"),
                kind,
            );
        }
        match message {
            Message::ListPeers => self.send_peer_list(sender),
            Message::Hello(hello) => self.update_identity(sender, hello.name, hello.room),
            Message::Chat(_) if env.to.is_none() => self.broadcast_chat(sender, env.payload, received_at),
            _ => self.relay(sender, kind, env.to, env.payload, received_at),
        }
    }

    /// Answers a frame the connection layer rejected before it reached the hub.
    pub fn handle_error_reply(&self, sender: &str, code: ErrorCode, frame: String) {
        self.metrics.reject(code.as_str());
        self.reply(sender, frame);
    }

    /// Sends `frame` to `sender`'s own connection.
    fn reply(&self, sender: &str, frame: String) {
        let slow = {
            let mut state = self.lock();
            deliver(&mut state, sender, Outgoing::of(frame), self.send_queue).err().into_iter().collect()
        };
        self.disconnect_slow(slow);
    }

    fn reject(&self, sender: &str, error: &ProtocolError) {
        self.metrics.reject(error.code().as_str());
        tracing::debug!(peer = %sender, code = error.code().as_str(), "rejected frame");
        self.reply(sender, Message::Error(error.to_error_frame()).to_json());
    }

    fn refuse(&self, sender: &str, code: ErrorCode, message: String, kind: MessageKind) {
        self.metrics.reject(code.as_str());
        tracing::debug!(peer = %sender, code = code.as_str(), kind = %kind, "refused message");
        let frame = ErrorFrame {
            code,
            message,
            reference: Some(kind.as_str().to_owned()),
        };
        self.reply(sender, Message::Error(frame).to_json());
    }

    fn broadcast_chat(&self, sender: &str, payload: Option<serde_json::Value>, received_at: Instant) {
        let mut state = self.lock();
        let Some(room) = state.peers.get(sender).map(|p| p.room.clone()) else {
            return;
        };
        let frame = Envelope::relayed(MessageKind::Chat, sender, None, payload).to_json();
        self.tell_cluster(Op::SaveChat { room: room.clone(), frame: frame.clone() });
        self.announce(Event::Chat { room: room.clone(), from: sender.to_owned(), frame: frame.clone() });
        let history = state.chat_history.entry(room.clone()).or_default();
        history.push_back(frame.clone());
        while history.len() > CHAT_HISTORY_PER_ROOM {
            history.pop_front();
        }
        let slow = broadcast_received(&mut state, &room, Some(sender), &frame, self.send_queue, Some(received_at));
        drop(state);
        self.disconnect_slow(slow);
    }

    /// Relays a peer-to-peer message (offer, answer, ice-candidate, call-end, call-media, direct
    /// chat) to its `to`, with `from` stamped and the payload passed on untouched.
    fn relay(
        &self,
        sender: &str,
        kind: MessageKind,
        to: Option<PeerId>,
        payload: Option<serde_json::Value>,
        received_at: Instant,
    ) {
        let Some(to) = to else {
            return self.refuse(sender, ErrorCode::Malformed, format!("`{kind}` needs `to`"), kind);
        };
        if to == sender {
            return self.refuse(
                sender,
                ErrorCode::NotAllowed,
                "you cannot send to yourself".to_owned(),
                kind,
            );
        }
        let step = busy::CallStep::of(kind, &payload);
        let mut slow = Vec::new();
        let outcome = {
            let mut state = self.lock();
            // The sender's own calls change whether or not the peer is still there (a call-end
            // to someone who just left frees the sender too).
            let mut changed: Vec<PeerId> = step.iter().filter_map(|s| busy::sent(&mut state, sender, &to, s)).collect();
            let note = step.as_ref().and_then(|s| s.note_for_receiver(sender));
            let my_room = state.peers.get(sender).map(|me| me.room.clone());
            let keep_to = (kind == MessageKind::Chat).then_some(to.as_str());
            let outcome = match (my_room, state.peers.get(&to), state.remote.get(&to)) {
                (Some(mine), Some(them), _) if them.room == mine => {
                    let frame = Envelope::relayed(kind, sender, keep_to, payload).to_json();
                    let outgoing = Outgoing { text: frame, received_at: Some(received_at) };
                    changed.extend(note.iter().filter_map(|n| busy::received(&mut state, &to, n)));
                    Some(deliver(&mut state, &to, outgoing, self.send_queue))
                }
                (Some(mine), None, Some(them)) if them.room == mine => {
                    let frame = Envelope::relayed(kind, sender, keep_to, payload).to_json();
                    let node = them.node.clone();
                    let node_dead = state.dead_nodes.contains(&node);
                    self.relay_to_node(&node, node_dead, &to, frame, note);
                    Some(Ok(()))
                }
                _ => None,
            };
            slow.extend(self.busy_changed(&mut state, changed));
            outcome
        };
        self.disconnect_slow(slow);
        match outcome {
            Some(Ok(())) => {
                tracing::trace!(from = %sender, to = %to, kind = %kind, "relayed");
            }
            Some(Err(slow)) => self.disconnect_slow(vec![slow]),
            None => self.refuse(
                sender,
                ErrorCode::UnknownPeer,
                format!("no peer `{to}` in your room"),
                kind,
            ),
        }
    }

    /// Disconnects clients whose outbox overflowed.
    fn disconnect_slow(&self, slow: Vec<PeerId>) {
        for id in slow {
            let kick = self.lock().peers.get(&id).map(|p| p.kick.clone());
            if let Some(kick) = kick {
                tracing::warn!(peer = %id, "send queue full: disconnecting slow client");
                kick.notify_one();
                self.leave(&id);
            }
        }
    }
}
