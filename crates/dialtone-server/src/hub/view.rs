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

    /// Whether `id` is away: kept for a resume, with no connection yet.
    pub fn is_away(&self, id: &str) -> bool {
        self.state.peers.get(id).is_some_and(|peer| peer.connection.is_none())
    }

    /// Peers this node holds, connected or within their resume grace.
    pub fn peer_count(&self) -> usize {
        self.state.peers.len()
    }

    /// Bytes of room chat this node keeps for newcomers.
    pub fn chat_history_bytes(&self) -> usize {
        self.state.rooms.history_bytes()
    }

    /// The counts the metrics' gauges show, as they are now (one pass over the peers).
    pub fn gauges(&self) -> crate::metrics::Gauges {
        let state = &self.state;
        crate::metrics::Gauges {
            connections: state.conns.len(),
            rooms: state.members.local_rooms(),
            rooms_remembered: state.rooms.room_count(),
            chat_history_bytes: state.rooms.history_bytes(),
        }
    }
}
