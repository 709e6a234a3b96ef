//! The accept loop: every TCP connection the server takes, bounded. A connection cap in total
//! and per client address keeps descriptors free for the listener and for honest clients; each
//! HTTP connection must send its request head within a deadline (and an idle keep-alive
//! connection is closed after the same time), so slowloris clients cannot hold slots; an accept
//! error such as "too many open files" pauses the loop briefly instead of ending it; a response
//! the client stops reading fails after a while without progress (write_stall.rs). A WebSocket
//! keeps its connection's slot for as long as it lives (see [`ConnectionSlot`]).

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};
use tower::ServiceExt;

use crate::write_stall::StallGuard;

/// The most a connection buffers of a request head (hyper's smallest allowed is 8 KiB). Bodies
/// stream through in pieces and are bounded by their routes.
pub const MAX_REQUEST_HEAD_BYTES: usize = 32 * 1024;

#[derive(Debug, Clone, Copy)]
pub struct ListenLimits {
    /// Connections open at once (HTTP and WebSocket).
    pub max_connections: usize,
    /// Connections open at once from one client address; 0 = no per-address cap (behind a
    /// reverse proxy every client has the proxy's address).
    pub max_per_address: usize,
    /// A request head (and the first one of a new connection) must arrive within this.
    pub header_timeout: Duration,
    /// A response the client stops reading fails after this without progress (write_stall.rs).
    pub write_stall: Duration,
}

/// Counts open connections, in total and per address.
struct Slots {
    limits: ListenLimits,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// One admitted connection's place; freed when the last holder (the HTTP connection, and a
/// WebSocket upgraded from it) drops it. Request handlers find it in the request's extensions.
#[derive(Clone)]
pub struct ConnectionSlot(#[allow(dead_code)] Arc<SlotGuard>);

struct SlotGuard {
    slots: Arc<Slots>,
    address: IpAddr,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|p| p.into_inner());
        open.0 = open.0.saturating_sub(1);
        if let Some(count) = open.1.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.1.remove(&self.address);
            }
        }
    }
}

/// The key a client's address is counted under for per-address caps. An IPv6 client is counted
/// by its /64, the block one host or home network is normally given: counted by full address,
/// one such client could take a fresh address for every connection. An IPv4 address (also one
/// written as IPv6, `::ffff:a.b.c.d`) is itself.
pub fn address_key(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        v4 => v4,
    }
}

impl Slots {
    fn admit(self: &Arc<Self>, address: IpAddr) -> Option<ConnectionSlot> {
        let address = address_key(address);
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.0 >= self.limits.max_connections {
            return None;
        }
        let per_address = open.1.get(&address).copied().unwrap_or(0);
        if self.limits.max_per_address > 0 && per_address >= self.limits.max_per_address {
            return None;
        }
        open.0 += 1;
        *open.1.entry(address).or_insert(0) += 1;
        Some(ConnectionSlot(Arc::new(SlotGuard { slots: self.clone(), address })))
    }

    fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(|p| p.into_inner()).0
    }
}

/// Serves `router` on `listener` until `shutdown` resolves; then stops accepting, lets requests in
/// progress finish (at most `drain`), and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ListenLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> std::io::Result<()> {
    let slots = Arc::new(Slots { limits, open: Mutex::new((0, HashMap::new())) });
    let (stop_tx, stop_rx) = watch::channel(false);
    // Each connection task holds a sender; when all are gone, every connection has ended.
    let (alive_tx, mut alive_rx) = mpsc::channel::<Infallible>(1);
    let mut refused_since_log = 0u64;
    let mut last_refusal_log = tokio::time::Instant::now();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors (or another resource): wait a little and go on; the
                // connections already open are unaffected and will free some.
                if !is_per_connection_error(&error) {
                    tracing::warn!(%error, open = slots.open(), "accept failed; pausing 100 ms");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                continue;
            }
        };
        let Some(slot) = slots.admit(peer.ip()) else {
            refused_since_log += 1;
            if last_refusal_log.elapsed() >= Duration::from_secs(10) {
                tracing::warn!(refused = refused_since_log, open = slots.open(), "connection cap reached: refusing connections");
                refused_since_log = 0;
                last_refusal_log = tokio::time::Instant::now();
            }
            // Closing at once frees the descriptor; the client sees a reset and may retry.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut stop = stop_rx.clone();
        let alive = alive_tx.clone();
        tokio::spawn(async move {
            let _alive = alive;
            let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request.extensions_mut().insert(slot.clone());
                router.clone().oneshot(request.map(axum::body::Body::new))
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                // hyper would buffer ~400 KB of an unfinished request head for the whole header
                // deadline; no request of ours needs more than a few KB (answered 431 past it).
                .max_buf_size(MAX_REQUEST_HEAD_BYTES)
                .serve_connection(TokioIo::new(StallGuard::new(stream, limits.write_stall)), service)
                .with_upgrades();
            tokio::pin!(connection);
            let stopping = async move {
                let _ = stop.wait_for(|stopped| *stopped).await;
            };
            tokio::select! {
                _ = connection.as_mut() => return,
                () = stopping => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_tx);
    let _ = tokio::time::timeout(drain, alive_rx.recv()).await;
    Ok(())
}

/// Errors that concern only the connection being accepted (it was reset before we took it).
fn is_per_connection_error(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
    )
}

/// Raises this process's open-file limit to its hard limit (Linux starts services at 1,024 soft),
/// and returns the soft limit now in force, so the connection cap can leave headroom below it.
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit/setrlimit only read and write the struct passed in.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return None;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        Some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The connection cap to use: the one asked for, but never so close to the descriptor limit
/// that the listener, log files, Redis or the audio sink's files cannot get one.
pub fn connection_cap(asked: usize, open_file_limit: Option<u64>) -> usize {
    const HEADROOM: u64 = 128;
    match open_file_limit {
        Some(limit) => asked.min(usize::try_from(limit.saturating_sub(HEADROOM).max(16)).unwrap_or(usize::MAX)),
        None => asked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_headroom_below_the_descriptor_limit() {
        assert_eq!(connection_cap(50_000, Some(1024)), 896);
        assert_eq!(connection_cap(500, Some(1_048_576)), 500);
        assert_eq!(connection_cap(500, None), 500);
        assert_eq!(connection_cap(500, Some(10)), 16);
    }

    #[test]
    fn slots_are_capped_in_total_and_per_address_and_freed_on_drop() {
        let limits = ListenLimits { max_connections: 3, max_per_address: 2, header_timeout: Duration::from_secs(1), write_stall: Duration::from_secs(1) };
        let slots = Arc::new(Slots { limits, open: Mutex::new((0, HashMap::new())) });
        let a: IpAddr = [127, 0, 0, 2].into();
        let b: IpAddr = [127, 0, 0, 3].into();
        let first = slots.admit(a).expect("a 1");
        let _second = slots.admit(a).expect("a 2");
        assert!(slots.admit(a).is_none(), "a third from one address");
        let _third = slots.admit(b).expect("b 1");
        assert!(slots.admit(b).is_none(), "total cap");
        let held_by_websocket = first.clone();
        drop(first);
        assert!(slots.admit(b).is_none(), "a slot held by an upgraded socket stays taken");
        drop(held_by_websocket);
        assert!(slots.admit(b).is_some());
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64_block() {
        let limits = ListenLimits { max_connections: 10, max_per_address: 2, header_timeout: Duration::from_secs(1), write_stall: Duration::from_secs(1) };
        let slots = Arc::new(Slots { limits, open: Mutex::new((0, HashMap::new())) });
        let host = |last: u16| IpAddr::from([0x2001, 0xdb8, 0, 7, 0, 0, 0, last]);
        let _a = slots.admit(host(1)).expect("first address of the block");
        let _b = slots.admit(host(2)).expect("second address of the block");
        assert!(slots.admit(host(3)).is_none(), "a third address of the same /64");
        assert!(slots.admit(IpAddr::from([0x2001, 0xdb8, 0, 8, 0, 0, 0, 1])).is_some(), "the next /64 is another client");
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("mapped");
        assert_eq!(address_key(mapped), IpAddr::from([192, 0, 2, 1]));
        assert_eq!(address_key(IpAddr::from([192, 0, 2, 1])), IpAddr::from([192, 0, 2, 1]));
    }
}
