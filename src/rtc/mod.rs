//! The RTCPeerConnection driver: performs the core's actions, turns browser events into inputs.

pub mod connection;
pub mod control_channel;
pub mod peer;
pub mod sending;
pub mod stats;
pub mod warm_up;
