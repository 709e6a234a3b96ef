//! Network adapters: the signaling socket.

pub mod signaling;
