//! Network adapters: the signaling socket.

pub mod ice_servers;
pub mod signaling;
