//! Host mode (specs/host-protocol.md): the page as a local host's WebRTC engine, wire-compatible
//! with SimpleX Chat's desktop call page. Sans-IO like the rest of the crate.

pub mod envelope;
pub mod error;
pub mod frame_crypto;
pub mod ice_batch;
pub mod lz;
pub mod page;
pub mod remote_media;
pub mod response;
pub mod signal;
pub mod wire;

pub use envelope::{MAX_FRAME_BYTES, MessageEnvelope, Received, Refused, read_frame};
pub use error::{ErrorCode, HostError};
pub use response::*;
pub use signal::{IceCandidateInit, SdpType, SessionDescription};
pub use wire::*;
