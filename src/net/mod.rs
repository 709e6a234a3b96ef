//! Network adapters: the text WebSocket (signaling and host mode), ICE server fetches, the live audio stream's socket.

pub mod audio_sink;
pub mod bounded_body;
pub mod early_socket;
pub mod host_socket;
pub mod ice_servers;
pub mod mediasfu;
pub mod text_socket;
