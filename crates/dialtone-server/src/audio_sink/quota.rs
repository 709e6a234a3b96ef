//! The sink folder's bounds: the bytes it may hold and the calls (a WAV and its sidecar) it may
//! hold. What the folder held when the server started counts, and bytes are charged before they
//! are written, so the folder never grows past the quota. When full, new calls are refused and
//! running ones end; the server never deletes a file to make room (an operator frees space by
//! moving recordings away and restarting).

use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Room a new call needs to be let in: its headers and a frame.
const NEW_CALL_BYTES: u64 = 2048;

/// The folder has no room for this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Full;

pub struct Quota {
    max_bytes: u64,
    max_calls: usize,
    used_bytes: AtomicU64,
    /// Calls with files in the folder: found at start, or opened since.
    calls: Mutex<HashSet<String>>,
}

impl Quota {
    pub fn new(max_bytes: u64, max_calls: usize) -> Quota {
        Quota {
            max_bytes,
            max_calls,
            used_bytes: AtomicU64::new(0),
            calls: Mutex::new(HashSet::new()),
        }
    }

    /// A quota charged with what `dir` already holds: every file's bytes, and a call per
    /// `<callId>.wav` / `<callId>.json`. Runs once at start-up, before the sink serves.
    pub fn scan(dir: &Path, max_bytes: u64, max_calls: usize) -> Quota {
        let quota = Quota::new(max_bytes, max_calls);
        let Ok(entries) = std::fs::read_dir(dir) else {
            return quota;
        };
        let mut used = 0u64;
        let mut calls = HashSet::new();
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            used = used.saturating_add(meta.len());
            let path = entry.path();
            let recording = path.extension().is_some_and(|e| e == "wav" || e == "json");
            if let (true, Some(stem)) = (recording, path.file_stem().and_then(|s| s.to_str())) {
                calls.insert(stem.to_owned());
            }
        }
        quota.used_bytes.store(used, Ordering::SeqCst);
        if let Ok(mut known) = quota.calls.lock() {
            *known = calls;
        }
        quota
    }

    /// Whether `call_id` has files in the folder (from an earlier run, or opened since).
    pub fn on_disk(&self, call_id: &str) -> bool {
        self.calls
            .lock()
            .map(|c| c.contains(call_id))
            .unwrap_or(true)
    }

    /// Whether a new call may start: a free call slot and room for its first frames.
    pub fn has_room_for_a_new_call(&self) -> bool {
        let slots = self
            .calls
            .lock()
            .map(|c| c.len() < self.max_calls)
            .unwrap_or(false);
        slots && self.has_room(NEW_CALL_BYTES)
    }

    /// Whether `bytes` more would fit.
    pub fn has_room(&self, bytes: u64) -> bool {
        self.used_bytes.load(Ordering::SeqCst).saturating_add(bytes) <= self.max_bytes
    }

    /// Takes a call slot for `call_id` and charges its first `bytes`.
    pub fn open_call(&self, call_id: &str, bytes: u64) -> Result<(), Full> {
        let mut calls = self.calls.lock().map_err(|_| Full)?;
        if !calls.contains(call_id) && calls.len() >= self.max_calls {
            return Err(Full);
        }
        self.charge(bytes)?;
        calls.insert(call_id.to_owned());
        Ok(())
    }

    /// Charges `bytes` about to be written, if they fit.
    pub fn charge(&self, bytes: u64) -> Result<(), Full> {
        self.used_bytes
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |used| {
                used.checked_add(bytes)
                    .filter(|&total| total <= self.max_bytes)
            })
            .map(|_| ())
            .map_err(|_| Full)
    }

    pub fn used_bytes(&self) -> u64 {
        self.used_bytes.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_charged_until_the_quota_is_reached() {
        let quota = Quota::new(100, 10);
        assert_eq!(quota.charge(60), Ok(()));
        assert_eq!(quota.charge(41), Err(Full));
        assert_eq!(quota.charge(40), Ok(()));
        assert_eq!(quota.used_bytes(), 100);
    }

    #[test]
    fn calls_are_counted_once_and_bounded() {
        let quota = Quota::new(u64::MAX, 2);
        assert_eq!(quota.open_call("a", 1), Ok(()));
        assert_eq!(quota.open_call("a", 1), Ok(()), "the same call again");
        assert_eq!(quota.open_call("b", 1), Ok(()));
        assert!(!quota.has_room_for_a_new_call());
        assert_eq!(quota.open_call("c", 1), Err(Full));
        assert!(quota.on_disk("a") && !quota.on_disk("c"));
    }

    #[test]
    fn what_the_folder_holds_at_start_counts() {
        let scratch = tempfile::tempdir().expect("a scratch folder");
        let dir = scratch.path();
        std::fs::write(dir.join("old.wav"), vec![0u8; 1000]).expect("wav");
        std::fs::write(dir.join("old.json"), b"{}").expect("json");
        std::fs::write(dir.join("notes.txt"), b"hello").expect("txt");
        let quota = Quota::scan(dir, 2000, 5);
        assert_eq!(quota.used_bytes(), 1007);
        assert!(quota.on_disk("old") && !quota.on_disk("notes"));
    }
}
