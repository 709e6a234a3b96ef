//! What the sink holds for whom: a socket's place among the [`MAX_CONNECTIONS`] (at most
//! [`MAX_CONNECTIONS_PER_ADDRESS`] of them for one client address), and when a call without a
//! socket is over, so its in-memory place may go to a new call (see [`super::MAX_CALLS`]).

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering::SeqCst;
use std::time::{Duration, Instant};

use super::{MAX_CONNECTIONS, Sink};
use crate::listener::address_key;

/// Sockets one client address (an IPv6 /64) may hold: a page streams one call, and a reconnect
/// may overlap the socket it replaces; a few tabs or people behind one address fit, and no one
/// address holds the sink's every place.
pub const MAX_CONNECTIONS_PER_ADDRESS: usize = 16;

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
pub struct SocketPlace {
    sink: Arc<Sink>,
    /// The address it is counted under (`None`: the request came with no peer address, which
    /// the server's own listener always gives).
    address: Option<IpAddr>,
}

impl SocketPlace {
    /// A place, or which cap is reached: `Err(true)` the client's address's, `Err(false)` the sink's.
    pub fn take(sink: &Arc<Sink>, client: Option<IpAddr>) -> Result<SocketPlace, bool> {
        if sink.connections.fetch_add(1, SeqCst) >= MAX_CONNECTIONS {
            sink.connections.fetch_sub(1, SeqCst);
            return Err(false);
        }
        // From here on, dropping the place gives back what it holds.
        let mut place = SocketPlace { sink: sink.clone(), address: None };
        if let Some(address) = client.map(address_key) {
            let mut by_address = sink.by_address.lock().map_err(|_| false)?;
            let held = by_address.entry(address).or_default();
            if *held >= MAX_CONNECTIONS_PER_ADDRESS {
                return Err(true);
            }
            *held += 1;
            place.address = Some(address);
        }
        Ok(place)
    }

    fn give_back_address(&self) {
        let Some(address) = self.address else { return };
        if let Ok(mut by_address) = self.sink.by_address.lock()
            && let Some(held) = by_address.get_mut(&address)
        {
            *held = held.saturating_sub(1);
            if *held == 0 {
                by_address.remove(&address);
            }
        }
    }
}

impl Drop for SocketPlace {
    fn drop(&mut self) {
        self.sink.connections.fetch_sub(1, SeqCst);
        self.give_back_address();
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
