//! In-call control that does not depend on the signaling server (docs/CONTROL-CHANNEL.md).
//!
//! Once a call is connected, its control events — the end with its reason, confirmed media
//! changes, recording notices — travel over an `RTCDataChannel` of the call itself, acknowledged;
//! the signaling socket carries them before that and is the fallback. The same event can therefore
//! arrive twice, once each way, and must be applied once. This module holds the pieces, each with
//! one job, that the call machine (`call::Phone`, the user of this module) combines:
//! - [`wire`]: the channel's frames (`hello`, the three events, `ack`), parsed from raw text;
//! - [`route`]: which path(s) an event takes, given the channel and what the server relays;
//! - [`outbox`]: the sender's numbering and its unacknowledged events, with fallback deadlines;
//! - [`inbox`]: the receiver's de-duplication: each numbered event is applied at most once, and
//!   a media or recording event older than one already applied for the same thing is stale.

pub mod inbox;
pub mod outbox;
pub mod route;
pub mod wire;

pub use inbox::{Inbox, Verdict};
pub use outbox::Outbox;
pub use route::{Route, route};
pub use wire::{CHANNEL_LABEL, CHANNEL_PROTOCOL, ControlEvent, ControlFrame, ControlHello, is_control_channel};

/// How long an event sent over the data channel waits for its acknowledgement before it is sent
/// over the signaling server too. Short, so a control event still reaches the peer within about a
/// second when only the media path is down; long enough that a healthy channel (a round trip of
/// milliseconds) never causes a second copy.
pub const ACK_TIMEOUT_MS: u64 = 600;
