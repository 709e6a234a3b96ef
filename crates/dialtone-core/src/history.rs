//! Call history: every ended call becomes an entry (peer, direction, media, start, connect, end,
//! duration, reason), newest first, bounded, and stored as JSON by the browser layer. Reading a
//! damaged or foreign store never fails: bad entries are skipped.

use serde::{Deserialize, Serialize};

use crate::call::{CallRecord, Direction};
use crate::protocol::{EndReason, MediaKind};

/// Entries kept; older ones fall off.
pub const MAX_ENTRIES: usize = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub call_id: String,
    pub peer: String,
    /// The peer's name when the call ended (ids change between sessions, names are what people read).
    pub peer_name: Option<String>,
    pub outgoing: bool,
    pub media: MediaKind,
    pub started_at: u64,
    pub connected_at: Option<u64>,
    pub ended_at: u64,
    pub reason: EndReason,
    /// The reason came from the peer's side (their microphone, their switch): the row says so.
    /// Absent from entries stored before it was kept: read as ours, as they were shown.
    #[serde(default)]
    pub by_peer: bool,
}

impl HistoryEntry {
    pub fn from_record(record: &CallRecord, peer_name: Option<String>) -> Self {
        HistoryEntry {
            call_id: record.call_id.clone(),
            peer: record.peer.clone(),
            peer_name,
            outgoing: record.direction == Direction::Outgoing,
            media: record.media,
            started_at: record.started_at,
            connected_at: record.connected_at,
            ended_at: record.ended_at,
            reason: record.reason,
            by_peer: record.by_peer,
        }
    }

    pub fn duration_ms(&self) -> u64 {
        self.connected_at
            .map(|at| self.ended_at.saturating_sub(at))
            .unwrap_or(0)
    }

    /// An incoming call nobody took.
    pub fn is_missed(&self) -> bool {
        !self.outgoing
            && self.connected_at.is_none()
            && matches!(self.reason, EndReason::NoAnswer | EndReason::Cancelled | EndReason::PeerUnavailable)
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    entries: Vec<HistoryEntry>,
    /// What the last Clear took away, kept (in this page only, never stored) so it can be undone.
    cleared: Vec<HistoryEntry>,
}

impl History {
    /// Reads a stored history; anything unreadable is skipped, never an error.
    pub fn from_json(stored: &str) -> History {
        let values: Vec<serde_json::Value> = serde_json::from_str(stored).unwrap_or_default();
        let mut entries: Vec<HistoryEntry> = values
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect();
        entries.sort_by(|a, b| b.ended_at.cmp(&a.ended_at));
        entries.truncate(MAX_ENTRIES);
        History { entries, cleared: Vec::new() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.entries).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Adds an entry (newest first); a repeated call id replaces the old entry.
    pub fn record(&mut self, entry: HistoryEntry) {
        self.entries.retain(|e| e.call_id != entry.call_id);
        self.entries.insert(0, entry);
        self.entries.truncate(MAX_ENTRIES);
    }

    pub fn entries(&self) -> &[HistoryEntry] {
        &self.entries
    }

    /// Takes every entry away; [`History::undo_clear`] brings them back until the next Clear
    /// (of a history that has entries: clearing nothing keeps the undo).
    pub fn clear(&mut self) {
        if !self.entries.is_empty() {
            self.cleared = std::mem::take(&mut self.entries);
        }
    }

    /// Brings back what the last Clear took, after any call recorded since (still newest first,
    /// still bounded). False when there is nothing to bring back.
    pub fn undo_clear(&mut self) -> bool {
        if self.cleared.is_empty() {
            return false;
        }
        let cleared = std::mem::take(&mut self.cleared);
        for entry in cleared {
            if !self.entries.iter().any(|e| e.call_id == entry.call_id) {
                self.entries.push(entry);
            }
        }
        self.entries.sort_by(|a, b| b.ended_at.cmp(&a.ended_at));
        self.entries.truncate(MAX_ENTRIES);
        true
    }

    /// How many entries the last Clear took (0: nothing to undo).
    pub fn cleared(&self) -> usize {
        self.cleared.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, ended_at: u64) -> HistoryEntry {
        HistoryEntry {
            call_id: id.into(),
            peer: "p".into(),
            peer_name: Some("Bob".into()),
            outgoing: true,
            media: MediaKind::Audio,
            started_at: ended_at - 10,
            connected_at: Some(ended_at - 5),
            ended_at,
            reason: EndReason::HungUp,
            by_peer: false,
        }
    }

    #[test]
    fn entries_are_newest_first_and_bounded() {
        let mut history = History::default();
        for n in 0..(MAX_ENTRIES as u64 + 5) {
            history.record(entry(&n.to_string(), 100 + n));
        }
        assert_eq!(history.entries().len(), MAX_ENTRIES);
        assert_eq!(history.entries()[0].call_id, (MAX_ENTRIES + 4).to_string());
    }

    #[test]
    fn the_store_round_trips_and_survives_damage() {
        let mut history = History::default();
        history.record(entry("a", 100));
        history.record(entry("b", 200));
        let stored = history.to_json();
        assert_eq!(History::from_json(&stored), history);
        let damaged = stored.replacen("[", r#"[{"callId":5},"junk","#, 1);
        assert_eq!(History::from_json(&damaged), history);
        assert_eq!(History::from_json("not json"), History::default());
    }

    /// Whose reason it was is kept; an entry stored before it was is read as ours.
    #[test]
    fn whose_reason_it_was_is_stored_and_old_entries_read_as_ours() {
        let mut history = History::default();
        let mut theirs = entry("t", 100);
        (theirs.reason, theirs.by_peer) = (EndReason::MicPermissionDenied, true);
        history.record(theirs);
        let stored = history.to_json();
        assert!(stored.contains(r#""byPeer":true"#), "{stored}");
        assert_eq!(History::from_json(&stored), history);
        let old = stored.replace(r#","byPeer":true"#, "");
        let read = History::from_json(&old);
        assert_eq!(read.entries().len(), 1);
        assert!(!read.entries()[0].by_peer);
    }

    #[test]
    fn a_clear_is_undone_around_calls_recorded_since_and_only_once() {
        let mut history = History::default();
        history.record(entry("a", 100));
        history.record(entry("b", 200));
        history.clear();
        assert!(history.entries().is_empty());
        assert_eq!(history.cleared(), 2);
        // What was cleared is not stored: a reload cannot bring it back.
        assert_eq!(History::from_json(&history.to_json()).entries().len(), 0);
        history.record(entry("c", 300));
        assert!(history.undo_clear());
        let ids: Vec<&str> = history.entries().iter().map(|e| e.call_id.as_str()).collect();
        assert_eq!(ids, ["c", "b", "a"]);
        assert_eq!(history.cleared(), 0);
        assert!(!history.undo_clear(), "nothing left to undo");
        // A later Clear replaces what the first kept; clearing nothing keeps it.
        history.clear();
        history.record(entry("d", 400));
        history.clear();
        history.clear();
        assert_eq!(history.cleared(), 1);
        assert!(history.undo_clear());
        assert_eq!(history.entries().len(), 1);
    }

    #[test]
    fn durations_and_missed_calls() {
        let mut missed = entry("m", 100);
        missed.outgoing = false;
        missed.connected_at = None;
        missed.reason = EndReason::NoAnswer;
        assert!(missed.is_missed());
        assert_eq!(missed.duration_ms(), 0);
        assert_eq!(entry("x", 100).duration_ms(), 5);
    }
}
