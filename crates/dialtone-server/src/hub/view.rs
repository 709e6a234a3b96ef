//! What the hub shows outside without changing anything: who holds a connection, and the
//! counts for `/healthz` and `/metrics`.

use super::*;

impl Hub {
    /// The peer an open connection holds.
    pub fn peer_of(&self, conn: ConnId) -> Option<&PeerId> {
        self.state.conns.get(&conn)
    }

    pub fn is_closing(&self) -> bool {
        self.closing
    }

    /// Peers this node holds, connected or within their resume grace.
    pub fn peer_count(&self) -> usize {
        self.state.peers.len()
    }

    /// Bytes of room chat this node keeps for newcomers.
    pub fn chat_history_bytes(&self) -> usize {
        self.state.rooms.history_bytes()
    }

    /// The metrics exposition, with connection and room counts as they are now.
    pub fn render_metrics(&self) -> String {
        let state = &self.state;
        let attached = state.conns.len();
        let rooms: HashSet<&str> = state.peers.values().map(|p| p.room.as_str()).collect();
        self.metrics.render(attached, rooms.len(), state.rooms.room_count(), state.rooms.history_bytes())
    }
}
