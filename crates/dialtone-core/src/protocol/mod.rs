//! The signaling wire format (specs/signaling.md), shared by the app and the server so the two
//! cannot drift.
//!
//! Two layers: [`Envelope`] is the raw JSON frame (`type`, `from`, `to`, `payload`, plus the base
//! protocol's top-level `peers`), and [`Message`] is the typed, validated meaning of a frame. The
//! server validates with [`Message`] but relays the original payload value, so fields a newer client
//! adds survive a hop through an older server. Field order in [`Envelope`] is the base protocol's
//! order, which keeps base shapes byte-for-byte identical.

mod envelope;
mod message;
mod payloads;

pub use envelope::{Envelope, MessageKind};
pub use message::{Message, ProtocolError};
pub use payloads::*;

/// Frames larger than this are rejected with `TOO_LARGE`.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// The most a client reads in one frame from its server. The people list of a big room is the
/// one frame that outgrows [`MAX_FRAME_BYTES`] (about 200 bytes a person, so past some 300
/// people); read against that bound the list was dropped and the page showed nobody. 1 MiB
/// is also all the server queues for one client.
pub const MAX_SERVER_FRAME_BYTES: usize = 1024 * 1024;

/// A peer's id, assigned by the server.
pub type PeerId = String;
/// A call's id, chosen by the caller (a UUID).
pub type CallId = String;

