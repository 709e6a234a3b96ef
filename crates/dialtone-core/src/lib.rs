//! Dialtone's sans-IO heart.
//!
//! Every decision of the call client lives here as plain Rust that runs natively and in wasm: the
//! signaling wire format ([`protocol`]), the call lifecycle ([`call`]), the ICE candidate buffer
//! ([`ice`]), confirmation-based media
//! state ([`media_state`]), the peer directory ([`presence`]), error sentences ([`errors`]), retry
//! policies ([`backoff`]), the live audio stream's reconnect buffer ([`audio_stream`]), in-call
//! control over the call's data channel ([`control`]), what the signaling server offers
//! ([`server`]), chat rules ([`chat`]), how the call stage arranges its videos ([`stage`]) and
//! what the ICE-server answer means ([`ice_servers`]). Nothing here touches a browser, a socket or
//! a clock: time and randomness are inputs, and effects are returned as actions for the caller to
//! perform.

pub mod attention;
pub mod audio_stream;
pub mod backoff;
pub mod call;
pub mod chat;
pub mod client;
pub mod control;
pub mod devices;
pub mod embed;
pub mod errors;
pub mod history;
pub mod host;
pub mod ice;
pub mod ice_servers;
pub mod machine;
pub mod media_session;
pub mod media_state;
pub mod mediasfu;
pub mod presence;
pub mod protocol;
pub mod quality;
pub mod ratelimit;
pub mod server;
pub mod share_link;
pub mod speaking;
pub mod screen_awake;
pub mod stage;
