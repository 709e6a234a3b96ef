//! Presence and routing: who is connected, in which room, and where each frame goes.
//!
//! The hub is a sans-IO state machine: [`Hub::handle`] takes one input (a connection, a client's
//! frame, a connection's end, news from another node) at a given time, and the hub answers with
//! outputs read by [`Hub::poll_output`] (frames to deliver, connections to close, writes for the
//! other nodes), plus one deadline ([`Hub::poll_timeout`]) for the resume grace and the room
//! sweep. It owns no socket, task, channel or clock; its drivers (hub_driver/, connection.rs,
//! cluster/) depend on it, never the other way round.
//!
//! Each connection's outbox (in the driver) is bounded in frames and bytes; a full one comes
//! back as [`HubInput::Slow`] and the hub closes that connection instead of waiting, and the
//! client keeps its id for the resume grace (specs/signaling.md, "Server rules"). What a fan-out
//! costs is charged to its sender (a byte budget per sender, and one per room for room chat),
//! never to the readers. Every frame a client sends is validated with the core's protocol
//! types; anything rejected is answered with an `error` frame carrying a stable code, never
//! dropped silently. `from` is always the sender's real id.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dialtone_core::protocol::{
    ClientIdInfo, Envelope, ErrorCode, ErrorFrame, Limits, MAX_FRAME_BYTES, Message, MessageKind, PeerId, PeerInfo,
    PeerListing, Profile, ProtocolError,
};
use dialtone_core::ratelimit::TokenBucket;

use crate::identity::{clean_name, clean_room, new_peer_id, new_resume_token};
use crate::metrics::Metrics;

mod busy;
mod capacity;
mod delivery;
mod fanout;
mod io;
mod kept;
mod members;
pub mod news;
mod profiles;
mod relay;
mod remote;
mod resume;
mod timers;
pub mod rooms;
pub mod snapshot;
mod view;

pub use io::{ClusterInput, ConnId, HubInput, HubOutput, Outgoing, Rejection, Unsent};
pub use kept::QueueLimits;

use fanout::PROFILE_NEWS_BYTES;
use delivery::{broadcast, broadcast_received, client_id_frame, deliver};
use kept::{Fill, KeptFrames};
use news::{ClusterOp, Event, PeerRecord};
use remote::RemotePeer;
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
    /// The connection that holds this id; `None` while the client is away.
    connection: Option<ConnId>,
    /// While away (the resume grace): until when the id is kept, and the frames kept for it.
    away: Option<Away>,
    /// The secret that lets this client take its id back after a dropped connection.
    resume_token: String,
    /// The calls this peer is in, with whom (see busy.rs); empty = not busy.
    calls: Vec<(String, PeerId)>,
    /// What this peer's frames may cost in bytes written (see [`HubLimits`]).
    fanout: TokenBucket,
    /// `Some(false)`: its browser cannot make or take calls (told in a `hello`, relayed in
    /// profiles so callers grey their buttons). Kept on this node only, not across the cluster.
    takes_calls: Option<bool>,
}

struct Away {
    until: Instant,
    kept: KeptFrames,
}

/// Everything the hub knows, and the outputs it has not handed out yet.
struct State {
    peers: HashMap<PeerId, Peer>,
    /// Which peer each open connection holds.
    conns: HashMap<ConnId, PeerId>,
    resume_tokens: HashMap<String, PeerId>,
    rooms: Rooms,
    /// Clustered: peers held by other nodes, as their announcements tell.
    remote: HashMap<PeerId, RemotePeer>,
    /// Who is in each room (both maps above) and in a call with whom, changed only through
    /// members.rs.
    members: members::Members,
    /// Clustered: nodes whose heartbeat stopped (frames for their peers go to mailboxes).
    dead_nodes: HashSet<String>,
    /// Clustered: this node's name (cluster ops are made only when there is one).
    node: Option<String>,
    queue: QueueLimits,
    out: VecDeque<HubOutput>,
}

pub struct Hub {
    state: State,
    metrics: Arc<Metrics>,
    limits: HubLimits,
    /// The hub's clock for budgets: ms since this instant.
    epoch: Instant,
    resume_grace: Duration,
    /// When empty rooms are next looked at (and how often).
    next_sweep: Instant,
    sweep_every: Duration,
    /// Shutting down: a client told to go cannot resume here (and have its token rotated by a
    /// node about to vanish) before it resumes elsewhere.
    closing: bool,
    /// No later than the first resume grace to run out (early is fine: a look that finds
    /// nothing due costs one walk). Kept so the driver's question after every input is not a
    /// walk over every peer of the node.
    first_grace_end: Option<Instant>,
}

impl Hub {
    pub fn new(now: Instant, limits: HubLimits, resume_grace: Duration, metrics: Arc<Metrics>) -> Self {
        let state = State {
            peers: HashMap::new(),
            conns: HashMap::new(),
            resume_tokens: HashMap::new(),
            rooms: Rooms::new(limits.rooms),
            remote: HashMap::new(),
            members: members::Members::default(),
            dead_nodes: HashSet::new(),
            node: None,
            queue: limits.queue.at_least_one(),
            out: VecDeque::new(),
        };
        // Empty rooms are looked at a few times within their forget time.
        let forget = Duration::from_millis(limits.rooms.forget_empty_after_ms);
        let sweep_every = (forget / 4).clamp(Duration::from_secs(1), Duration::from_secs(30));
        Hub {
            state,
            metrics,
            limits,
            epoch: now,
            resume_grace,
            next_sweep: now + sweep_every,
            sweep_every,
            closing: false,
            first_grace_end: None,
        }
    }

    /// Handles one input at `now`. `Err` when a client's frame was refused (it was answered
    /// with an error frame); the outputs are then ready in [`Hub::poll_output`].
    pub fn handle(&mut self, now: Instant, input: HubInput) -> Result<(), Rejection> {
        let handled = self.handle_input(now, input);
        // The check walks every peer, so it runs only while the node is small (the tests that
        // drive the hub step by step); at soak sizes it would be the hub's main cost.
        debug_assert!(
            self.state.peers.len() + self.state.remote.len() > 64 || members::agrees(&self.state),
            "the room index and the peer maps disagree"
        );
        handled
    }

    fn handle_input(&mut self, now: Instant, input: HubInput) -> Result<(), Rejection> {
        match input {
            HubInput::Connect { conn, name, room, resume } => {
                let resumed = resume.as_deref().is_some_and(|token| self.resume(conn, token));
                if !resumed {
                    self.join_new(now, conn, name.as_deref(), room.as_deref());
                }
            }
            HubInput::Frame { conn, text } => {
                let Some(sender) = self.state.conns.get(&conn).cloned() else { return Ok(()) };
                return self.handle_text(now, &sender, &text);
            }
            HubInput::Refused { conn, code, message } => {
                let Some(sender) = self.state.conns.get(&conn).cloned() else { return Ok(()) };
                self.metrics.reject(code.as_str());
                let frame = ErrorFrame { code, message, reference: None };
                deliver(&mut self.state, &sender, Outgoing::of(Message::Error(frame).to_json()));
            }
            HubInput::Slow { conn } => self.close_slow(conn),
            HubInput::Gone { conn, goodbye, unsent } => self.gone(now, conn, goodbye, unsent),
            HubInput::Shutdown => {
                self.closing = true;
                let conns: Vec<ConnId> = self.state.conns.keys().copied().collect();
                for conn in conns {
                    self.state.out.push_back(HubOutput::Close { conn, unsent: Unsent::BackToHub });
                }
            }
            HubInput::Restore(snapshot) => self.restore(now, snapshot),
            HubInput::Cluster(input) => self.handle_cluster(now, input),
        }
        Ok(())
    }

    pub fn poll_output(&mut self) -> Option<HubOutput> {
        self.state.out.pop_front()
    }

    fn now_ms(&self, now: Instant) -> u64 {
        u64::try_from(now.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX)
    }

    fn new_fanout_budget(&self, now: Instant) -> TokenBucket {
        TokenBucket::new(self.limits.fanout_bytes_per_sec, self.limits.fanout_burst_bytes, self.now_ms(now))
    }

    /// Registers a connection: assigns its id, sends `client-id` first, announces it to its room
    /// and replays the room's chat history.
    fn join_new(&mut self, now: Instant, conn: ConnId, name: Option<&str>, room: Option<&str>) {
        let name = name.and_then(clean_name);
        let room = clean_room(room.unwrap_or_default());
        if self.closed_as_full(conn, &room) {
            return;
        }
        let resume_token = new_resume_token();
        let fanout = self.new_fanout_budget(now);
        let state = &mut self.state;
        let mut id = new_peer_id();
        while state.peers.contains_key(&id) || state.remote.contains_key(&id) {
            id = new_peer_id();
        }
        let hello = client_id_frame(&id, &resume_token, &name, &room);
        // The outbox is new and empty: history that does not fit is simply not replayed.
        let mut fill = Fill::new(state.queue);
        fill.take(hello.len());
        state.out.push_back(HubOutput::Deliver { conn, frame: Outgoing::of(hello) });
        let history: Vec<Outgoing> = state
            .rooms
            .history(&room)
            .take_while(|frame| fill.take(frame.len()))
            .map(|frame| Outgoing { text: frame.clone(), received_at: None })
            .collect();
        for frame in history {
            state.out.push_back(HubOutput::Deliver { conn, frame });
        }
        let joined = Message::PeerJoined(PeerInfo { id: id.clone(), name: name.clone(), busy: None, calls: None }).to_json();
        state.resume_tokens.insert(resume_token.clone(), id.clone());
        let peer = Peer {
            name: name.clone(),
            room: room.clone(),
            connection: Some(conn),
            away: None,
            resume_token,
            calls: Vec::new(),
            fanout,
            takes_calls: None,
        };
        members::insert_local(state, id.clone(), peer);
        state.conns.insert(conn, id.clone());
        remote::save_record_of(state, &id, None);
        let node = state.node.clone().unwrap_or_default();
        remote::announce(state, Event::Joined { id: id.clone(), name, room: room.clone(), node });
        broadcast(state, &room, Some(&id), &joined);
        tracing::info!(peer = %id, room = %room, "peer joined");
    }

    /// The peer is gone for good: its room (and the other nodes) are told, its calls end.
    fn leave(&mut self, id: &str) {
        let state = &mut self.state;
        let Some(peer) = members::remove_local(state, id) else {
            return;
        };
        if let Some(conn) = peer.connection {
            state.conns.remove(&conn);
            state.out.push_back(HubOutput::Close { conn, unsent: Unsent::BackToHub });
        }
        state.resume_tokens.remove(&peer.resume_token);
        remote::tell_cluster(state, ClusterOp::ForgetPeer { id: id.to_owned(), token: peer.resume_token.clone() });
        remote::announce(state, Event::Left { id: id.to_owned(), name: peer.name.clone(), room: peer.room.clone() });
        let left = Message::PeerLeft(PeerInfo { id: id.to_owned(), name: peer.name.clone(), busy: None, calls: None }).to_json();
        broadcast(state, &peer.room, None, &left);
        let freed = busy::partner_left(state, id);
        busy::changed(state, freed);
        tracing::info!(peer = %id, room = %peer.room, "peer left");
    }

    /// Handles one text frame from `sender`; `Err` when it was rejected (and answered with an
    /// error frame), so the connection can count its rejections.
    fn handle_text(&mut self, now: Instant, sender: &str, text: &str) -> Result<(), Rejection> {
        let env = Envelope::parse(text).map_err(|error| self.reject(sender, &error))?;
        let message = Message::from_envelope_ref(&env).map_err(|error| self.reject(sender, &error))?;
        let kind = message.kind();
        self.metrics.message(kind);
        if kind.is_server_only() {
            return Err(self.refuse(sender, ErrorCode::NotAllowed, format!("`{kind}` is sent by the server, not by clients"), kind));
        }
        match message {
            Message::ListPeers => {
                // Asked for again and again, a big room's list is the costliest answer there is.
                let Some(list) = self.peer_list_of(sender) else { return Ok(()) };
                if let Err(message) = self.charge_sender(now, sender, list.len(), 1) {
                    return Err(self.refuse(sender, ErrorCode::RateLimited, message, kind));
                }
                deliver(&mut self.state, sender, Outgoing::of(list));
                Ok(())
            }
            Message::Hello(hello) if hello.room.as_deref().is_some_and(|room| !self.may_move_to(sender, room)) => {
                Err(self.refuse(sender, ErrorCode::RoomFull, self.room_full_message(), kind))
            }
            Message::Hello(hello) => {
                // News for the room it is in, and for the one it moves to: paid by the sender
                // like any frame written to many readers.
                let into = hello.room.as_deref().map(clean_room).filter(|room| self.state.peers.get(sender).is_some_and(|p| p.room != *room));
                let readers = self.readers_of(sender) + into.map_or(0, |room| capacity::people_in(&self.state, &room));
                if let Err(message) = self.charge_sender(now, sender, PROFILE_NEWS_BYTES, readers) {
                    return Err(self.refuse(sender, ErrorCode::RateLimited, message, kind));
                }
                self.update_identity(sender, hello.name, hello.room, hello.calls);
                Ok(())
            }
            Message::Chat(_) if text.len() > MAX_CHAT_FRAME_BYTES => {
                let message = format!("a chat message may be {} KiB at most", MAX_CHAT_FRAME_BYTES / 1024);
                Err(self.refuse(sender, ErrorCode::TooLarge, message, kind))
            }
            Message::Chat(_) if env.to.is_none() => {
                let payload = self.signed_chat(sender, env.payload);
                self.broadcast_chat(now, sender, payload)
            }
            Message::Chat(_) => {
                let payload = self.signed_chat(sender, env.payload);
                self.relay(now, sender, kind, env.to, payload, None)
            }
            message => {
                let call = busy::CallStep::of(&message);
                self.relay(now, sender, kind, env.to, env.payload, call)
            }
        }
    }

    /// A chat payload under the name this server knows its sender by: the `name` a client
    /// writes in is its claim (readers show it for a sender who has left), so the server puts
    /// its own there, or takes it out for a sender it knows by no name, rather than relay
    /// "Alice" from Mallory.
    fn signed_chat(&self, sender: &str, payload: Option<serde_json::Value>) -> Option<serde_json::Value> {
        let Some(serde_json::Value::Object(mut body)) = payload else { return payload };
        match self.state.peers.get(sender).and_then(|p| p.name.clone()) {
            Some(name) => body.insert("name".to_owned(), serde_json::Value::String(name)),
            None => body.remove("name"),
        };
        Some(serde_json::Value::Object(body))
    }

    fn reject(&mut self, sender: &str, error: &ProtocolError) -> Rejection {
        let code = error.code();
        self.metrics.reject(code.as_str());
        tracing::debug!(peer = %sender, code = code.as_str(), "rejected frame");
        deliver(&mut self.state, sender, Outgoing::of(Message::Error(error.to_error_frame()).to_json()));
        Rejection { code }
    }

    fn refuse(&mut self, sender: &str, code: ErrorCode, message: String, kind: MessageKind) -> Rejection {
        self.metrics.reject(code.as_str());
        tracing::debug!(peer = %sender, code = code.as_str(), kind = %kind, "refused message");
        let frame = ErrorFrame { code, message, reference: Some(kind.as_str().to_owned()) };
        deliver(&mut self.state, sender, Outgoing::of(Message::Error(frame).to_json()));
        Rejection { code }
    }

    /// A client whose outbox overflowed: its connection is closed. It is not gone: the
    /// connection's end brings back what was queued, and the client keeps its id for the
    /// resume grace.
    fn close_slow(&mut self, conn: ConnId) {
        if let Some(id) = self.state.conns.get(&conn) {
            tracing::warn!(peer = %id, "send queue full: closing a slow client's connection");
            self.state.out.push_back(HubOutput::Close { conn, unsent: Unsent::BackToHub });
        }
    }
}
