//! What a node keeps per room besides its peers: the room chat replayed to newcomers, and the
//! room's chat budget. Both are bounded: history in frames and bytes per room, and in bytes over
//! all rooms, each room's own keeping counted too (the least recently active room gives up its
//! oldest frames first, then its place), and a room that has stood empty for a while is
//! forgotten, so walking through rooms cannot grow the server. The rooms are kept in order of
//! activity, so finding the stalest one never walks them all.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::ops::Bound;

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
    /// What remembering one room costs besides its history (its name, budget and bookkeeping),
    /// counted within `history_total_bytes`: a chat in each of many new rooms costs memory
    /// even when the chats are empty.
    pub room_entry_bytes: usize,
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
            room_entry_bytes: 256,
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
    /// Every room by its `active_ms`, the stalest first.
    by_activity: BTreeSet<(u64, String)>,
    /// History bytes over all rooms.
    total_bytes: usize,
    /// Clustered: rooms whose history was loaded from Redis (forgotten with the room).
    loaded: HashSet<String>,
}

impl Rooms {
    pub fn new(limits: RoomLimits) -> Rooms {
        Rooms { limits, rooms: HashMap::new(), by_activity: BTreeSet::new(), total_bytes: 0, loaded: HashSet::new() }
    }

    /// What the rooms hold, counted against `history_total_bytes`.
    fn held_bytes(&self) -> usize {
        self.total_bytes.saturating_add(self.rooms.len().saturating_mul(self.limits.room_entry_bytes))
    }

    pub fn limits(&self) -> RoomLimits {
        self.limits
    }

    /// The room's entry, made when it is new (after making room for it within the node's bound).
    fn room(&mut self, name: &str, now_ms: u64) -> &mut Room {
        let limits = self.limits;
        if !self.rooms.contains_key(name) {
            self.trim_total(limits.room_entry_bytes, None);
            self.by_activity.insert((now_ms, name.to_owned()));
        }
        self.rooms.entry(name.to_owned()).or_insert_with(|| Room {
            history: VecDeque::new(),
            history_bytes: 0,
            chat_budget: TokenBucket::new(limits.chat_bytes_per_sec, limits.chat_burst_bytes, now_ms),
            active_ms: now_ms,
        })
    }

    /// Marks the room active at `now_ms` (it moves to the end of the order).
    fn touch(&mut self, name: &str, now_ms: u64) {
        let Some(room) = self.rooms.get_mut(name) else { return };
        if room.active_ms >= now_ms {
            return;
        }
        self.by_activity.remove(&(room.active_ms, name.to_owned()));
        room.active_ms = now_ms;
        self.by_activity.insert((now_ms, name.to_owned()));
    }

    fn forget(&mut self, name: &str) {
        if let Some(room) = self.rooms.remove(name) {
            self.by_activity.remove(&(room.active_ms, name.to_owned()));
            self.total_bytes -= room.history_bytes;
        }
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
        self.room(room, now_ms);
        self.touch(room, now_ms);
        let Some(entry) = self.rooms.get_mut(room) else { return 0 };
        entry.history.push_back(frame);
        entry.history_bytes += size;
        let mut freed = 0;
        while entry.history.len() > limits.history_frames || entry.history_bytes > limits.history_bytes {
            let Some(old) = entry.history.pop_front() else { break };
            entry.history_bytes -= old.len();
            freed += old.len();
        }
        self.total_bytes = self.total_bytes + size - freed;
        self.trim_total(0, Some(room));
        self.rooms.get(room).map_or(0, |r| r.history.len())
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
        // Its place stays; only the frames go (they are about to be replaced).
        if let Some(entry) = self.rooms.get_mut(room) {
            self.total_bytes -= entry.history_bytes;
            entry.history.clear();
            entry.history_bytes = 0;
        }
    }

    /// Over the node-wide bound (with `extra` bytes about to be held): the least recently
    /// active room gives up its oldest frames, then its place, and so on. `keep`: the room being
    /// written to, which keeps its place (its own older frames still give way).
    fn trim_total(&mut self, extra: usize, keep: Option<&str>) {
        let mut skipped = None;
        while self.held_bytes().saturating_add(extra) > self.limits.history_total_bytes {
            let stalest = match &skipped {
                None => self.by_activity.iter().next(),
                Some(after) => self.by_activity.range((Bound::Excluded(after), Bound::Unbounded)).next(),
            };
            let Some((active_ms, name)) = stalest.cloned() else { break };
            let Some(room) = self.rooms.get_mut(&name) else { break };
            if let Some(old) = room.history.pop_front() {
                room.history_bytes -= old.len();
                self.total_bytes -= old.len();
            } else if keep == Some(name.as_str()) {
                skipped = Some((active_ms, name));
            } else {
                self.forget(&name);
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
        let names: Vec<String> = self.rooms.keys().cloned().collect();
        for name in names {
            if occupied.contains(name.as_str()) {
                self.touch(&name, now_ms);
            } else if self.rooms.get(&name).is_some_and(|room| now_ms.saturating_sub(room.active_ms) >= forget_after) {
                self.forget(&name);
            }
        }
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
            room_entry_bytes: 0,
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
    fn remembering_a_room_counts_within_the_node_bound_and_the_stalest_gives_its_place() {
        // 40 bytes for the node, 10 for each room it remembers: 4 rooms, even with empty chats.
        let mut rooms = Rooms::new(RoomLimits { history_total_bytes: 40, room_entry_bytes: 10, ..limits() });
        for n in 0..1000u64 {
            rooms.remember(&format!("walk{n}"), "".into(), n);
            assert!(rooms.room_count() <= 4, "{} rooms after {n}", rooms.room_count());
        }
        assert_eq!(rooms.room_count(), 4);
        assert!(rooms.charge_chat("walk999", 1, 1000), "the newest is still there");
        // A room with history gives up its frames before its place; the newest room keeps its own.
        let mut rooms = Rooms::new(RoomLimits { history_total_bytes: 40, room_entry_bytes: 10, ..limits() });
        rooms.remember("old", "12345".into(), 0);
        rooms.remember("mid", "12345".into(), 1);
        rooms.remember("new", "1234567".into(), 2);
        assert_eq!(kept(&rooms, "new"), ["1234567"]);
        assert!(rooms.history_bytes() + rooms.room_count() * 10 <= 40);
        assert_eq!(kept(&rooms, "old"), Vec::<String>::new(), "the stalest gave way first");
        assert_eq!(kept(&rooms, "mid"), ["12345"]);
        // Activity moves a room to the back of the line.
        rooms.remember("old", "1".into(), 3);
        rooms.remember("newer", "1".into(), 4);
        assert_eq!(kept(&rooms, "old"), ["1"], "written to since: not the stalest any more");
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
