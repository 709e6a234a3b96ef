//! What the sink holds for whom: a socket's place among the [`MAX_CONNECTIONS`], and when a call
//! without a socket is over, so its in-memory place may go to a new call (see [`super::MAX_CALLS`]).

use std::sync::Arc;
use std::sync::atomic::Ordering::SeqCst;
use std::time::{Duration, Instant};

use super::{MAX_CONNECTIONS, Sink};

/// A call whose socket left is kept this long for its reconnect.
pub const RECONNECT_GRACE: Duration = Duration::from_secs(60);
/// A call made for an upgrade that never completed is kept this long.
pub const UPGRADE_WAIT: Duration = Duration::from_secs(10);

/// See `Call::over_since`: `live` sockets now, when the last one `left`, when it was `created`.
pub fn over_since(live: usize, left: Option<Instant>, created: Instant, now: Instant) -> Option<Option<Instant>> {
    if live > 0 {
        return None;
    }
    match left {
        Some(left) => (now.saturating_duration_since(left) >= RECONNECT_GRACE).then_some(Some(left)),
        None => (now.saturating_duration_since(created) >= UPGRADE_WAIT).then_some(None),
    }
}

/// One of the [`MAX_CONNECTIONS`] socket places, given back when dropped: also when a request
/// is refused after taking it, or its upgrade never completes (the callback holding it is
/// dropped unrun).
pub struct SocketPlace(Arc<Sink>);

impl SocketPlace {
    pub fn take(sink: &Arc<Sink>) -> Option<SocketPlace> {
        if sink.connections.fetch_add(1, SeqCst) >= MAX_CONNECTIONS {
            sink.connections.fetch_sub(1, SeqCst);
            return None;
        }
        Some(SocketPlace(sink.clone()))
    }
}

impl Drop for SocketPlace {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_over_only_after_its_grace_and_never_connected_ones_go_first() {
        let created = Instant::now();
        let at = |secs: u64| created + Duration::from_secs(secs);
        assert_eq!(over_since(1, None, created, at(3600)), None, "a live call is never over");
        assert_eq!(over_since(0, None, created, at(5)), None, "just made: its socket is still upgrading");
        assert_eq!(over_since(0, None, created, at(10)), Some(None), "never connected");
        assert_eq!(over_since(0, Some(at(100)), created, at(130)), None, "left 30 s ago: may be reconnecting");
        assert_eq!(over_since(0, Some(at(100)), created, at(160)), Some(Some(at(100))));
        // The eviction takes the smallest: never connected, then the one that left first.
        let mut order = [Some(Some(at(200))), Some(None), Some(Some(at(100)))];
        order.sort();
        assert_eq!(order, [Some(None), Some(Some(at(100))), Some(Some(at(200)))]);
    }
}
