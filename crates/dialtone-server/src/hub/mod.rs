//! Presence and routing: who is connected, in which room, and where each frame goes.
//!
//! The hub is the only shared state of a node. Each connection owns an outbox bounded in frames
//! and bytes; the hub only ever pushes into it without waiting, so one slow client can never
//! block the others: when its outbox is full its connection is closed instead, and it keeps its
//! id for the resume grace (specs/signaling.md, "Server rules"). What a fan-out costs is charged
//! to its sender (a byte budget per sender, and one per room for room chat), never to the readers.
//! Every frame a client sends is validated with the core's protocol types; anything rejected is
//! answered with an `error` frame carrying a stable code, never dropped silently. `from` is
//! always the sender's real id.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use dialtone_core::protocol::{
    ClientIdInfo, Envelope, ErrorCode, ErrorFrame, Limits, MAX_FRAME_BYTES, Message, MessageKind,
    PeerId, PeerInfo, PeerListing, Profile, ProtocolError,
};
use dialtone_core::ratelimit::TokenBucket;

use crate::cluster::events::{Event, PeerRecord};
use crate::cluster::{ClusterLink, Op, TakenOver};
use crate::identity::{clean_name, clean_room, new_peer_id};
use crate::metrics::Metrics;

mod busy;
mod delivery;
mod fanout;
mod outbox;
mod profiles;
mod relay;
mod remote;
mod resume;
pub mod rooms;
pub mod snapshot;

use remote::RemotePeer;

use delivery::{broadcast, broadcast_received, client_id_frame, deliver, new_resume_token};
pub use outbox::{Outbox, Outgoing, Pushed, QueueLimits};
use rooms::{RoomLimits, Rooms};

/// A chat frame's size, at most. Chat is a few lines of text (the page sends 2,000 characters at
/// most); a big frame written to every reader would also leave each reader's socket write buffer
/// grown to its size for as long as the connection lives.
pub const MAX_CHAT_FRAME_BYTES: usize = 16 * 1024;

/// What one node holds for its clients, at most.
#[derive(Debug, Clone, Copy)]
pub struct HubLimits {
    /// Each connection's outbox (and, while it is away, what is kept for its resume).
    pub queue: QueueLimits,
    /// Bytes one sender may make the server write, a second (a room chat costs its size times
    /// its readers), and the burst it may save up.
    pub fanout_bytes_per_sec: u32,
    pub fanout_burst_bytes: u32,
    pub rooms: RoomLimits,
}

impl Default for HubLimits {
    fn default() -> Self {
        HubLimits {
            queue: QueueLimits { frames: 256, bytes: 1024 * 1024 },
            fanout_bytes_per_sec: 1024 * 1024,
            fanout_burst_bytes: 4 * 1024 * 1024,
            rooms: RoomLimits::default(),
        }
    }
}

struct Peer {
    name: Option<String>,
    room: String,
    /// The frames on their way to it; closing it ends the connection (slow consumer, shutdown,
    /// replaced). While the peer is away, its closed outbox keeps frames for the resume.
    outbox: Outbox,
    /// The secret that lets this client take its id back after a dropped connection.
    resume_token: String,
    /// Which connection currently holds this id; only that one may detach it.
    connection: u64,
    /// No connection holds the id (the resume grace period).
    detached: bool,
    /// The calls this peer is in, with whom (see busy.rs); empty = not busy.
    calls: Vec<(String, PeerId)>,
    /// What this peer's frames may cost in bytes written (see [`HubLimits`]).
    fanout: TokenBucket,
    /// `Some(false)`: its browser cannot make or take calls (told in a `hello`, relayed in
    /// profiles so callers grey their buttons). Kept on this node only, not across the cluster.
    takes_calls: Option<bool>,
}

struct State {
    peers: HashMap<PeerId, Peer>,
    resume_tokens: HashMap<String, PeerId>,
    rooms: Rooms,
    /// Clustered: peers held by other nodes, as their announcements tell.
    remote: HashMap<PeerId, RemotePeer>,
    /// Clustered: nodes whose heartbeat stopped (frames for their peers go to mailboxes).
    dead_nodes: HashSet<String>,
}

/// What a new connection gets from the hub.
pub struct Registration {
    pub id: PeerId,
    pub outbox: Outbox,
    /// This connection's number, for [`Hub::disconnect`].
    pub connection: u64,
    /// Whether the connection took back an existing id.
    pub resumed: bool,
}

pub struct Hub {
    metrics: Arc<Metrics>,
    state: Mutex<State>,
    limits: HubLimits,
    /// The hub's clock for budgets (ms since this instant).
    epoch: Instant,
    resume_grace: Duration,
    next_connection: AtomicU64,
    /// Set once when this node is one of several sharing a Redis.
    cluster: OnceLock<ClusterLink>,
    /// Shutting down: new sockets are refused, so a client told to go cannot resume here (and
    /// have its token rotated by a node about to vanish) before it resumes elsewhere.
    closing: AtomicBool,
}

impl Hub {
    pub fn new(limits: HubLimits, resume_grace: Duration, metrics: Arc<Metrics>) -> Self {
        let state = State {
            peers: HashMap::new(),
            resume_tokens: HashMap::new(),
            rooms: Rooms::new(limits.rooms),
            remote: HashMap::new(),
            dead_nodes: HashSet::new(),
        };
        Hub {
            metrics,
            state: Mutex::new(state),
            limits,
            epoch: Instant::now(),
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

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn new_outbox(&self) -> Outbox {
        Outbox::new(self.limits.queue)
    }

    fn new_fanout_budget(&self) -> TokenBucket {
        TokenBucket::new(self.limits.fanout_bytes_per_sec, self.limits.fanout_burst_bytes, self.now_ms())
    }

    /// Rooms nobody has been in for a while are forgotten (history and budget); call now and
    /// then. Returns how many rooms are still remembered.
    pub fn sweep_rooms(&self) -> usize {
        let now = self.now_ms();
        let mut guard = self.lock();
        let state = &mut *guard;
        let occupied: HashSet<&str> = state
            .peers
            .values()
            .map(|p| p.room.as_str())
            .chain(state.remote.values().map(|p| p.room.as_str()))
            .collect();
        state.rooms.sweep(&occupied, now);
        state.rooms.room_count()
    }

    /// Bytes of room chat this node keeps for newcomers.
    pub fn chat_history_bytes(&self) -> usize {
        self.lock().rooms.history_bytes()
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
        let (connections, rooms, remembered, history_bytes) = {
            let state = self.lock();
            let attached = state.peers.values().filter(|p| !p.detached).count();
            let rooms: std::collections::HashSet<&str> = state.peers.values().map(|p| p.room.as_str()).collect();
            (attached, rooms.len(), state.rooms.room_count(), state.rooms.history_bytes())
        };
        self.metrics.render(connections, rooms, remembered, history_bytes)
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
        let outbox = self.new_outbox();
        let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let resume_token = new_resume_token();
        let mut state = self.lock();
        let mut id = new_peer_id();
        while state.peers.contains_key(&id) || state.remote.contains_key(&id) {
            id = new_peer_id();
        }
        let hello = client_id_frame(&id, &resume_token, &name, &room);
        // The outbox is new and empty: history that does not fit is simply not replayed.
        outbox.push(Outgoing::of(hello));
        for frame in state.rooms.history(&room) {
            if outbox.push(Outgoing { text: frame.clone(), received_at: None }) != Pushed::Queued {
                break;
            }
        }
        let joined = Message::PeerJoined(PeerInfo {
            id: id.clone(),
            name: name.clone(), busy: None, calls: None })
        .to_json();
        state.resume_tokens.insert(resume_token.clone(), id.clone());
        let peer = Peer {
            name: name.clone(),
            room: room.clone(),
            outbox: outbox.clone(),
            resume_token,
            connection,
            detached: false,
            calls: Vec::new(),
            fanout: self.new_fanout_budget(),
            takes_calls: None,
        };
        self.save_record(&id, &peer, None);
        self.announce(Event::Joined { id: id.clone(), name, room: room.clone(), node: self.node_name() });
        state.peers.insert(id.clone(), peer);
        let slow = broadcast(&mut state, &room, Some(&id), &joined);
        drop(state);
        self.disconnect_slow(slow);
        tracing::info!(peer = %id, room = %room, "peer joined");
        Registration { id, outbox, connection, resumed: false }
    }

    pub fn leave(&self, id: &str) {
        let mut state = self.lock();
        let Some(peer) = state.peers.remove(id) else {
            return;
        };
        peer.outbox.close();
        state.resume_tokens.remove(&peer.resume_token);
        self.tell_cluster(Op::ForgetPeer { id: id.to_owned(), token: peer.resume_token.clone() });
        self.announce(Event::Left { id: id.to_owned(), name: peer.name.clone(), room: peer.room.clone() });
        let left = Message::PeerLeft(PeerInfo {
            id: id.to_owned(),
            name: peer.name.clone(), busy: None, calls: None })
        .to_json();
        let mut slow = broadcast(&mut state, &peer.room, None, &left);
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
            peer.outbox.close();
        }
    }

    pub fn is_closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Handles one text frame from `sender`; false when it was rejected (and answered with an
    /// error frame), so the connection can count its rejections.
    pub fn handle_text(&self, sender: &str, text: &str) -> bool {
        let received_at = Instant::now();
        let env = match Envelope::parse(text) {
            Ok(env) => env,
            Err(error) => {
                self.reject(sender, &error);
                return false;
            }
        };
        let message = match Message::from_envelope_ref(&env) {
            Ok(message) => message,
            Err(error) => {
                self.reject(sender, &error);
                return false;
            }
        };
        let kind = message.kind();
        self.metrics.message(kind);
        if kind.is_server_only() {
            self.refuse(sender, ErrorCode::NotAllowed, format!("`{kind}` is sent by the server, not by clients"), kind);
            return false;
        }
        match message {
            Message::ListPeers => {
                self.send_peer_list(sender);
                true
            }
            Message::Hello(hello) => {
                self.update_identity(sender, hello.name, hello.room, hello.calls);
                true
            }
            Message::Chat(_) if text.len() > MAX_CHAT_FRAME_BYTES => {
                let message = format!("a chat message may be {} KiB at most", MAX_CHAT_FRAME_BYTES / 1024);
                self.refuse(sender, ErrorCode::TooLarge, message, kind);
                false
            }
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
            deliver(&mut state, sender, Outgoing::of(frame)).err().into_iter().collect()
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

    /// Closes the connections of clients whose outbox overflowed. They are not gone: each keeps
    /// its id for the resume grace (its connection's end detaches it), and frames for it are
    /// kept meanwhile, within the same bounds.
    fn disconnect_slow(&self, slow: Vec<PeerId>) {
        if slow.is_empty() {
            return;
        }
        let state = self.lock();
        for id in slow {
            if let Some(peer) = state.peers.get(&id).filter(|p| !p.detached) {
                tracing::warn!(peer = %id, "send queue full: closing a slow client's connection");
                peer.outbox.close();
            }
        }
    }
}
