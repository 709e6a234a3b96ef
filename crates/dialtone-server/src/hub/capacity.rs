//! How many people a room holds: a room has a place, or it is full (ROOM_FULL).

use dialtone_core::protocol::ErrorCode;

use super::{ConnId, Hub, HubOutput, State, Unsent};
use crate::identity::clean_room;

impl Hub {
    /// Whether a socket for `room` may be let in: the room has a place, or the socket takes
    /// back a place it holds (a resume). Asked before the socket is upgraded, so a page that
    /// comes to a full room is told why before it is closed. Clustered, a token this node does
    /// not know may be another node's (that node stopped, and its people come here, still
    /// counted in the room): it is let through, and a take-over that fails meets the cap in
    /// `join_new`.
    pub fn has_place(&self, room: Option<&str>, resume: Option<&str>) -> bool {
        resume.is_some_and(|token| self.state.resume_tokens.contains_key(token) || self.state.node.is_some())
            || people_in(&self.state, &clean_room(room.unwrap_or_default())) < self.limits.rooms.max_people
    }

    /// The words a refused page is told (ROOM_FULL): the room's state, not the person's fault.
    pub fn room_full_message(&self) -> String {
        format!("this room is full ({} people); try again later", self.limits.rooms.max_people)
    }

    /// A new connection to a full room is closed without a word: it was let in while the room
    /// had a place ([`Hub::has_place`]) and another took it meanwhile, or it came with a resume
    /// token that took nothing back. An honest page retries, and is then told ROOM_FULL.
    pub(super) fn closed_as_full(&mut self, conn: ConnId, room: &str) -> bool {
        if people_in(&self.state, room) < self.limits.rooms.max_people {
            return false;
        }
        self.metrics.reject(ErrorCode::RoomFull.as_str());
        self.state.out.push_back(HubOutput::Close { conn, unsent: Unsent::BackToHub });
        static CLOSED: crate::log_limit::LogLimit = crate::log_limit::LogLimit::new();
        if let Some(closed) = CLOSED.event() {
            tracing::info!(room = %room, closed, "room full: connections closed");
        }
        true
    }

    /// A `hello` may move its sender to `room` if it is the sender's room or has a place.
    pub(super) fn may_move_to(&self, sender: &str, room: &str) -> bool {
        let room = clean_room(room);
        self.state.peers.get(sender).is_some_and(|peer| peer.room == room)
            || people_in(&self.state, &room) < self.limits.rooms.max_people
    }
}

/// People listed in `room`: this node's (away ones within their grace included) and, clustered,
/// other nodes'.
pub(super) fn people_in(state: &State, room: &str) -> usize {
    state.members.count(room)
}
