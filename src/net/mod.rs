//! Network adapters: the signaling socket, ICE server fetches, the live audio stream's socket.

pub mod audio_sink;
pub mod host_socket;
pub mod ice_servers;
pub mod signaling;
pub mod mediasfu;
