//! What goes into the hub and what comes out of it. The hub never touches a socket, a channel
//! or the clock: its drivers (the socket task, the Redis link) turn what happens into inputs,
//! and perform its outputs in the order they come.

use std::collections::HashMap;
use std::time::Instant;

use axum::extract::ws::Utf8Bytes;
use dialtone_core::protocol::{ErrorCode, PeerId};

use super::news::{ClusterOp, Direct, Event, PeerRecord, TakenOver};
use super::snapshot::Snapshot;

/// One client connection, numbered by the driver; the hub maps it to the peer it holds.
pub type ConnId = u64;

/// A frame on its way to one client, with when its source frame arrived (for relay latency).
/// The text is shared: a broadcast allocates it once and every recipient holds a reference.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub text: Utf8Bytes,
    pub received_at: Option<Instant>,
}

impl Outgoing {
    pub fn of(text: impl Into<Utf8Bytes>) -> Outgoing {
        Outgoing { text: text.into(), received_at: None }
    }

    pub fn bytes(&self) -> usize {
        self.text.len()
    }
}

pub enum HubInput {
    /// A socket was accepted (the driver made its outbox, empty): join, or resume with `resume`.
    Connect { conn: ConnId, name: Option<String>, room: Option<String>, resume: Option<String> },
    /// A text frame from a client, as it came.
    Frame { conn: ConnId, text: Utf8Bytes },
    /// The socket layer refused a frame before it reached the hub (rate, binary); the client is
    /// answered with an error frame carrying `code`.
    Refused { conn: ConnId, code: ErrorCode, message: String },
    /// The connection's outbox is full: the client does not read fast enough.
    Slow { conn: ConnId },
    /// The connection ended. `goodbye`: the client closed it (it leaves); otherwise it keeps its
    /// id for the resume grace. `unsent`: what was still queued for it, in order.
    Gone { conn: ConnId, goodbye: bool, unsent: Vec<Outgoing> },
    /// Graceful shutdown: every connection is asked to close, and new ones are refused.
    Shutdown,
    /// The peers of the last run (a lone node's state file): each may resume within the grace.
    Restore(Snapshot),
    Cluster(ClusterInput),
}

/// What the Redis link learns.
pub enum ClusterInput {
    /// This node joined a cluster under this name.
    Attached { node: String },
    /// Everyone Redis knows, at start and after a lost subscription.
    Peers(HashMap<PeerId, PeerRecord>),
    /// A room's chat as Redis keeps it, read before the first connection to that room.
    RoomHistory { room: String, frames: Vec<String> },
    /// A connection's resume token belonged to a peer of another node: Redis handed it over.
    Adopt { conn: ConnId, taken: TakenOver },
    /// Room-wide news from another node.
    News(Event),
    /// A frame another node relayed to one of this node's peers.
    Direct(Direct),
    /// A node holding remote peers stopped (or came back).
    NodeAlive { node: String, alive: bool },
    /// This node retired a peer of a dead node in Redis: it is gone.
    Retired { id: PeerId },
}

pub enum HubOutput {
    /// Queue `frame` on the connection's outbox; if it is full, send back [`HubInput::Slow`].
    Deliver { conn: ConnId, frame: Outgoing },
    /// End the connection; what is still queued on it goes where `unsent` says.
    Close { conn: ConnId, unsent: Unsent },
    /// A write for the other nodes, in order.
    Cluster(ClusterOp),
}

/// Where the frames still queued on a closed connection go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsent {
    /// Back to the hub with [`HubInput::Gone`] (kept for a resume).
    BackToHub,
    /// Onto the connection that took the id over, after what it has already.
    MoveTo(ConnId),
    /// To the node the peer resumed on, as direct frames.
    ForwardTo { node: String, peer: PeerId },
}

/// A client frame the hub refused (and answered with an error frame), for the connection to
/// count: a client that keeps sending what is refused is not reading its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejection {
    pub code: ErrorCode,
}
