//! Log lines a client can cause at will (a refused request, a socket for a full room) are
//! limited: one line a window per kind, counting what happened since the last. Without it, one
//! keep-alive connection pipelining refusals writes thousands of lines a second to a log
//! nobody bounds.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The longest an operator waits for the next line about a kind of refusal.
pub const WINDOW: Duration = Duration::from_secs(10);

pub struct LogLimit {
    /// When the last line was written, and the events since it.
    state: Mutex<(Option<Instant>, u64)>,
}

impl LogLimit {
    pub const fn new() -> LogLimit {
        LogLimit { state: Mutex::new((None, 0)) }
    }

    /// Counts one event. `Some(n)` when a line is due now, `n` being the events it reports
    /// (this one included): the first at once, then at most one a [`WINDOW`].
    pub fn event(&self) -> Option<u64> {
        let Ok(mut state) = self.state.lock() else { return None };
        state.1 += 1;
        let now = Instant::now();
        if state.0.is_some_and(|last| now.duration_since(last) < WINDOW) {
            return None;
        }
        let events = state.1;
        *state = (Some(now), 0);
        Some(events)
    }
}

impl Default for LogLimit {
    fn default() -> LogLimit {
        LogLimit::new()
    }
}

#[cfg(test)]
mod tests {
    use super::LogLimit;

    #[test]
    fn the_first_event_is_told_then_the_rest_wait_for_the_window() {
        let limit = LogLimit::new();
        assert_eq!(limit.event(), Some(1));
        for _ in 0..1_000 {
            assert_eq!(limit.event(), None);
        }
    }
}
