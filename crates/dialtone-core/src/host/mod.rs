//! Host mode (specs/host-protocol.md): the page as the WebRTC engine of a local program, the
//! *host*, wire-compatible with SimpleX Chat's desktop call page so that its host can drive
//! Dialtone's page unmodified, and a Dialtone page can hold an encrypted call with its page.
//!
//! Everything here is sans-IO, like the rest of the crate: no clock, no randomness, no browser.
//! - [`wire`], [`response`], [`envelope`]: the JSON of every command, reply and event. A command is
//!   read into a typed [`Command`] and its exact text is kept for the echo ([`Received`]); replies
//!   and events are written compact, `type` first, absent fields omitted.
//! - [`error`]: the stable codes and the `"<type>: <CODE> <text>"` message of an `error` reply.
//! - [`lz`], [`signal`]: LZ-string `compressToBase64`, byte-compatible with lz-string 1.5.0, and the
//!   offer/answer/candidate strings built on it, with decoding bounds.
//! - [`frame_crypto`]: the encrypted frame layout (clear prefix, AES-256-GCM, IV last) and the key.
//! - [`ice_batch`], [`remote_media`]: the candidate batching timings and the `peerMedia` detector.
//! - [`page`]: the page's state machine tying them together; the browser glue (socket in `src/net/`,
//!   peer connection in `src/rtc/`, transform worker in `public/`) feeds it inputs and performs its
//!   actions.
//!
//! Choices where the spec leaves room are documented on the module that makes them; the main ones:
//! the echo is the received text minus insignificant whitespace ([`envelope`]); the LZ decoder
//! refuses characters outside the alphabet and truncated streams instead of yielding `""` ([`lz`]);
//! frames shorter than their clear prefix keep a tag and round-trip ([`frame_crypto`]); a peer
//! connection that cannot be created, even without `stuns:` servers, is `UNSUPPORTED`; an `offer`
//! with no preview before it acquires media like `start` ([`page`]).

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

pub use envelope::{MAX_HOST_FRAME_BYTES, MessageEnvelope, Received, Refused, read_frame};
pub use error::{HostErrorCode, HostError};
pub use response::*;
pub use signal::{IceCandidateInit, SdpType, SessionDescription};
pub use wire::*;
