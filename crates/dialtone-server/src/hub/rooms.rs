//! What a node keeps per room besides its peers: the room chat replayed to newcomers, and the
//! room's chat budget. Both are bounded: history in frames and bytes per room and in bytes over
//! all rooms (the least recently active room gives up its oldest frames first), and a room that
//! has stood empty for a while is forgotten, so walking through rooms cannot grow the server.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use axum::extract::ws::Utf8Bytes;
use dialtone_core::ratelimit::TokenBucket;

#[derive(Debug, Clone, Copy)]
pub struct RoomLimits {
    /// Chat frames replayed to newcomers, per room.
    pub history_frames: usize,
    /// Bytes of chat history per room.
    pub history_bytes: usize,
    /// Bytes of chat history over all rooms of this node.
    pub history_total_bytes: usize,
    /// Room chat bytes a second (each reader receives every one), and the burst.
    pub chat_bytes_per_sec: u32,
    pub chat_burst_bytes: u32,
    /// An empty room's history and budget are forgotten after this long.
    pub forget_empty_after_ms: u64,
    /// People one room holds, on every node, away ones in their grace included. Each joining or
    /// leaving person is told to everyone in the room, and the people list is one frame of
    /// ~250 bytes a person that must fit a client's outbox (1 MiB): a cap keeps both bounded.
    pub max_people: usize,
}

impl Default for RoomLimits {
    fn default() -> Self {
        RoomLimits {
            history_frames: 100,
            history_bytes: 256 * 1024,
            history_total_bytes: 64 * 1024 * 1024,
            chat_bytes_per_sec: 256 * 1024,
            chat_burst_bytes: 512 * 1024,
            forget_empty_after_ms: 10 * 60 * 1000,
            max_people: 1000,
        }
    }
}

struct Room {
    history: VecDeque<Utf8Bytes>,
    history_bytes: usize,
    chat_budget: TokenBucket,
    /// Last chat, or last time the room was seen occupied (ms on the hub's clock).
    active_ms: u64,
}

pub struct Rooms {
    limits: RoomLimits,
    rooms: HashMap<String, Room>,
    total_bytes: usize,
    /// Clustered: rooms whose history was loaded from Redis (forgotten with the room).
    loaded: HashSet<String>,
}

impl Rooms {
    pub fn new(limits: RoomLimits) -> Rooms {
        Rooms { limits, rooms: HashMap::new(), total_bytes: 0, loaded: HashSet::new() }
    }

    pub fn limits(&self) -> RoomLimits {
        self.limits
    }

    fn room(&mut self, name: &str, now_ms: u64) -> &mut Room {
        let limits = self.limits;
        self.rooms.entry(name.to_owned()).or_insert_with(|| Room {
            history: VecDeque::new(),
            history_bytes: 0,
            chat_budget: TokenBucket::new(limits.chat_bytes_per_sec, limits.chat_burst_bytes, now_ms),
            active_ms: now_ms,
        })
    }

    /// The room's chat history, oldest first.
    pub fn history(&self, room: &str) -> impl Iterator<Item = &Utf8Bytes> {
        self.rooms.get(room).into_iter().flat_map(|r| r.history.iter())
    }

    /// Pays for one room chat of `bytes` from the room's budget; false: the room is over it.
    pub fn charge_chat(&mut self, room: &str, bytes: usize, now_ms: u64) -> bool {
        let cost = u64::try_from(bytes).unwrap_or(u64::MAX);
        self.room(room, now_ms).chat_budget.try_take_n(cost, now_ms)
    }

    /// Keeps a chat frame for newcomers; returns how many frames the room now keeps (what a
    /// shared store should trim to).
    pub fn remember(&mut self, room: &str, frame: Utf8Bytes, now_ms: u64) -> usize {
        let limits = self.limits;
        let size = frame.len();
        if size > limits.history_bytes {
            return self.rooms.get(room).map_or(0, |r| r.history.len());
        }
        let entry = self.room(room, now_ms);
        entry.active_ms = now_ms;
        entry.history.push_back(frame);
        entry.history_bytes += size;
        let mut freed = 0;
        while entry.history.len() > limits.history_frames || entry.history_bytes > limits.history_bytes {
            let Some(old) = entry.history.pop_front() else { break };
            entry.history_bytes -= old.len();
            freed += old.len();
        }
        let kept = entry.history.len();
        self.total_bytes = self.total_bytes + size - freed;
        self.trim_total();
        kept
    }

    /// Replaces a room's history (from Redis or a state file), newest kept within the bounds.
    pub fn set_history(&mut self, room: &str, frames: impl IntoIterator<Item = String>, now_ms: u64) {
        self.drop_history(room);
        let frames: Vec<String> = frames.into_iter().collect();
        for frame in frames {
            self.remember(room, frame.into(), now_ms);
        }
    }

    fn drop_history(&mut self, room: &str) {
        if let Some(entry) = self.rooms.get_mut(room) {
            self.total_bytes -= entry.history_bytes;
            entry.history.clear();
            entry.history_bytes = 0;
        }
    }

    /// Over the node-wide bound: the least recently active rooms give up their oldest frames.
    fn trim_total(&mut self) {
        while self.total_bytes > self.limits.history_total_bytes {
            let stalest = self
                .rooms
                .iter_mut()
                .filter(|(_, r)| !r.history.is_empty())
                .min_by_key(|(_, r)| r.active_ms)
                .map(|(_, r)| r);
            let Some(room) = stalest else { break };
            if let Some(old) = room.history.pop_front() {
                room.history_bytes -= old.len();
                self.total_bytes -= old.len();
            }
        }
    }

    pub fn is_loaded(&self, room: &str) -> bool {
        self.loaded.contains(room)
    }

    /// Marks a room's history as loaded from the shared store; false if it already was.
    pub fn mark_loaded(&mut self, room: &str) -> bool {
        self.loaded.insert(room.to_owned())
    }

    /// Forgets rooms nobody is in any more once they have been empty for the limit; `occupied`
    /// are the rooms that have peers now (here or, clustered, elsewhere).
    pub fn sweep(&mut self, occupied: &HashSet<&str>, now_ms: u64) {
        let forget_after = self.limits.forget_empty_after_ms;
        let mut freed = 0;
        self.rooms.retain(|name, room| {
            if occupied.contains(name.as_str()) {
                room.active_ms = room.active_ms.max(now_ms);
                return true;
            }
            let keep = now_ms.saturating_sub(room.active_ms) < forget_after;
            if !keep {
                freed += room.history_bytes;
            }
            keep
        });
        self.total_bytes -= freed;
        let rooms = &self.rooms;
        self.loaded.retain(|name| rooms.contains_key(name) || occupied.contains(name.as_str()));
    }

    pub fn room_count(&self) -> usize {
        self.rooms.len()
    }

    pub fn history_bytes(&self) -> usize {
        self.total_bytes
    }

    pub fn snapshot(&self) -> BTreeMap<String, Vec<String>> {
        self.rooms
            .iter()
            .filter(|(_, r)| !r.history.is_empty())
            .map(|(name, r)| (name.clone(), r.history.iter().map(|f| f.as_str().to_owned()).collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> RoomLimits {
        RoomLimits {
            history_frames: 4,
            history_bytes: 10,
            history_total_bytes: 15,
            chat_bytes_per_sec: 100,
            chat_burst_bytes: 200,
            forget_empty_after_ms: 1000,
            max_people: 1000,
        }
    }

    fn kept(rooms: &Rooms, room: &str) -> Vec<String> {
        rooms.history(room).map(|f| f.as_str().to_owned()).collect()
    }

    #[test]
    fn history_is_bounded_in_frames_and_bytes_per_room() {
        let mut rooms = Rooms::new(limits());
        for frame in ["a", "b", "c", "d", "e"] {
            rooms.remember("r", frame.into(), 0);
        }
        assert_eq!(kept(&rooms, "r"), ["b", "c", "d", "e"], "4 frames at most");
        rooms.remember("r", "1234567890".into(), 0);
        assert_eq!(kept(&rooms, "r"), ["1234567890"], "10 bytes at most");
        assert_eq!(rooms.remember("r", "x".repeat(11).into(), 0), 1, "a frame over the room's bound is not kept");
        assert_eq!(rooms.history_bytes(), 10);
    }

    #[test]
    fn over_the_node_bound_the_stalest_room_gives_way() {
        let mut rooms = Rooms::new(limits());
        rooms.remember("old", "12345678".into(), 0);
        rooms.remember("new", "12345678".into(), 5);
        assert_eq!(kept(&rooms, "old"), Vec::<String>::new());
        assert_eq!(kept(&rooms, "new"), ["12345678"]);
        assert!(rooms.history_bytes() <= 15);
    }

    #[test]
    fn an_empty_room_is_forgotten_after_the_limit_and_an_occupied_one_never() {
        let mut rooms = Rooms::new(limits());
        rooms.remember("empty", "abc".into(), 0);
        rooms.remember("busy", "abc".into(), 0);
        rooms.mark_loaded("empty");
        let occupied: HashSet<&str> = ["busy"].into();
        rooms.sweep(&occupied, 999);
        assert_eq!(rooms.room_count(), 2, "not yet");
        rooms.sweep(&occupied, 5000);
        assert_eq!(rooms.room_count(), 1);
        assert_eq!(kept(&rooms, "busy"), ["abc"]);
        assert!(!rooms.is_loaded("empty"));
        assert_eq!(rooms.history_bytes(), 3);
    }

    #[test]
    fn the_room_budget_is_shared_by_everyone_in_it() {
        let mut rooms = Rooms::new(limits());
        assert!(rooms.charge_chat("r", 150, 0));
        assert!(!rooms.charge_chat("r", 100, 0), "50 left of the burst");
        assert!(rooms.charge_chat("r", 100, 1000), "a second later");
        assert!(rooms.charge_chat("other", 150, 0), "each room has its own");
    }
}
