//! The hub's driver on a node: the one place where the sans-IO [`Hub`] meets sockets, the clock
//! and the cluster's write queue. Every caller (a socket task, the Redis link, the timer) hands
//! it one input; under one lock it stamps the time, lets the hub handle the input and performs
//! every output in order: frames into connection outboxes, closes, cluster writes. An outbox
//! that is full comes back to the hub as [`HubInput::Slow`] before the lock is let go. One timer
//! task sleeps until the hub's next deadline.

pub mod outbox;
pub mod state_file;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};
use std::time::{Duration, Instant};

use dialtone_core::protocol::PeerId;
use tokio::sync::{Notify, mpsc};

use crate::hub::news::{ClusterOp, Direct};
use crate::hub::snapshot::Snapshot;
use crate::hub::{ConnId, Hub, HubInput, HubLimits, HubOutput, Rejection, Unsent};
use crate::metrics::Metrics;
use outbox::{Outbox, Pushed};

struct Inner {
    hub: Hub,
    outboxes: HashMap<ConnId, Outbox>,
    /// The deadline the timer task sleeps until.
    armed: Option<Instant>,
    /// When the metrics' gauges were last set from the hub.
    gauges_at: Option<Instant>,
}

/// How often, at most, the hub's work also sets the metrics' gauges (one pass over its peers):
/// what a scrape shows while the hub is too busy to be asked.
const GAUGES_EVERY: Duration = Duration::from_secs(1);

pub struct HubDriver {
    inner: Mutex<Inner>,
    metrics: Arc<Metrics>,
    queue_limits: crate::hub::QueueLimits,
    resume_grace: Duration,
    next_conn: AtomicU64,
    /// Wakes the timer task when the hub's deadline moved earlier.
    rearm: Arc<Notify>,
    /// Set once when this node is one of several: the Redis link's ordered write queue.
    cluster_ops: OnceLock<mpsc::Sender<ClusterOp>>,
    /// The hub's peer and dead-node counts after its last input, for /healthz: a health check
    /// must answer while the hub works through a burst (hundreds of sockets leaving at once),
    /// so it reads these instead of waiting for the lock.
    peers: AtomicUsize,
    nodes_down: AtomicUsize,
}

impl HubDriver {
    /// A hub and its timer task (on the current tokio runtime).
    pub fn start(limits: HubLimits, resume_grace: Duration, metrics: Arc<Metrics>) -> Arc<HubDriver> {
        let hub = Hub::new(Instant::now(), limits, resume_grace, metrics.clone());
        let driver = Arc::new(HubDriver {
            inner: Mutex::new(Inner { hub, outboxes: HashMap::new(), armed: None, gauges_at: None }),
            metrics,
            queue_limits: limits.queue,
            resume_grace,
            next_conn: AtomicU64::new(1),
            rearm: Arc::new(Notify::new()),
            cluster_ops: OnceLock::new(),
            peers: AtomicUsize::new(0),
            nodes_down: AtomicUsize::new(0),
        });
        tokio::spawn(run_timer(Arc::downgrade(&driver), driver.rearm.clone()));
        driver
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // The hub changes only inside `handle`, whole; a panic elsewhere cannot leave it half
        // updated in a way that matters more than refusing all further service would.
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Handles one input now and performs what it leads to.
    pub fn input(&self, input: HubInput) -> Result<(), Rejection> {
        let mut inner = self.lock();
        let now = Instant::now();
        let handled = inner.hub.handle(now, input);
        self.perform(&mut inner, now);
        handled
    }

    /// A new connection's number and outbox (empty), before it is announced with
    /// [`HubInput::Connect`] or adopted.
    pub fn open(&self) -> (ConnId, Outbox) {
        let conn = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let outbox = Outbox::new(self.queue_limits);
        self.lock().outboxes.insert(conn, outbox.clone());
        (conn, outbox)
    }

    /// The connection ended: what was still queued goes back to the hub with the news.
    pub fn gone(&self, conn: ConnId, goodbye: bool) {
        let mut inner = self.lock();
        let unsent = inner.outboxes.remove(&conn).map(|outbox| Vec::from(outbox.take_all())).unwrap_or_default();
        let now = Instant::now();
        let _ = inner.hub.handle(now, HubInput::Gone { conn, goodbye, unsent });
        self.perform(&mut inner, now);
    }

    /// Makes this node one of a cluster (once, at start-up): `ops` carries its writes to Redis.
    pub fn attach_cluster(&self, node: String, ops: mpsc::Sender<ClusterOp>) {
        if self.cluster_ops.set(ops).is_err() {
            tracing::warn!("cluster: already attached");
            return;
        }
        let _ = self.input(HubInput::Cluster(crate::hub::ClusterInput::Attached { node }));
    }

    /// Performs the hub's outputs in order; outboxes found full are handed back as `Slow`
    /// (which closes them) until nothing is left.
    fn perform(&self, inner: &mut Inner, now: Instant) {
        loop {
            let mut slow: Vec<ConnId> = Vec::new();
            while let Some(output) = inner.hub.poll_output() {
                match output {
                    HubOutput::Deliver { conn, frame } => {
                        let full = inner.outboxes.get(&conn).is_some_and(|outbox| outbox.push(frame) == Pushed::Full);
                        if full && !slow.contains(&conn) {
                            slow.push(conn);
                        }
                    }
                    HubOutput::Close { conn, unsent } => self.close(inner, conn, unsent),
                    HubOutput::Cluster(op) => self.send_cluster(op),
                }
            }
            if slow.is_empty() {
                break;
            }
            for conn in slow {
                let _ = inner.hub.handle(now, HubInput::Slow { conn });
            }
        }
        let deadline = inner.hub.poll_timeout();
        if deadline.is_some_and(|d| inner.armed.is_none_or(|armed| d < armed)) {
            self.rearm.notify_one();
        }
        self.peers.store(inner.hub.peer_count(), Ordering::Relaxed);
        self.nodes_down.store(inner.hub.nodes_down(), Ordering::Relaxed);
        if inner.gauges_at.is_none_or(|at| now.duration_since(at) >= GAUGES_EVERY) {
            self.set_gauges(inner, now);
        }
    }

    fn set_gauges(&self, inner: &mut Inner, now: Instant) {
        self.metrics.set_gauges(inner.hub.gauges());
        inner.gauges_at = Some(now);
    }

    fn close(&self, inner: &Inner, conn: ConnId, unsent: Unsent) {
        let Some(outbox) = inner.outboxes.get(&conn) else { return };
        outbox.close();
        match unsent {
            Unsent::BackToHub => {}
            Unsent::MoveTo(next) => {
                let frames = outbox.take_all();
                if let Some(next) = inner.outboxes.get(&next) {
                    for frame in frames {
                        next.push(frame);
                    }
                }
            }
            Unsent::ForwardTo { node, peer } => {
                for frame in outbox.take_all() {
                    let direct = Direct { to: peer.clone(), frame: frame.text.as_str().to_owned(), call: None };
                    self.send_cluster(ClusterOp::Direct { node: node.clone(), direct });
                }
            }
        }
    }

    /// Queues a write for Redis; a full queue is logged, not fatal.
    fn send_cluster(&self, op: ClusterOp) {
        let Some(ops) = self.cluster_ops.get() else { return };
        if ops.try_send(op).is_err() {
            tracing::warn!("cluster: Redis is behind; a write was dropped");
        }
    }

    /// Resume graces that ran out, the room sweep; then sleeps until the next deadline.
    fn timeout(&self) -> Option<Instant> {
        let mut inner = self.lock();
        let now = Instant::now();
        if inner.hub.poll_timeout().is_some_and(|deadline| deadline <= now) {
            inner.hub.handle_timeout(now);
            self.perform(&mut inner, now);
        }
        let deadline = inner.hub.poll_timeout();
        inner.armed = deadline;
        deadline
    }

    /// Reads the hub (for queries that change nothing).
    pub fn read<T>(&self, read: impl FnOnce(&Hub) -> T) -> T {
        read(&self.lock().hub)
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub fn resume_grace(&self) -> Duration {
        self.resume_grace
    }

    pub fn is_closing(&self) -> bool {
        self.read(Hub::is_closing)
    }

    /// Peers known to the hub (those within their resume grace included), as of its last input;
    /// never waits for the hub.
    pub fn peer_count(&self) -> usize {
        self.peers.load(Ordering::Relaxed)
    }

    /// The metrics exposition; never waits for the hub. When the hub is free its counts are
    /// read now; while it works through a burst, a scrape shows them as the hub last set them
    /// (at most [`GAUGES_EVERY`] before its latest input).
    pub fn render_metrics(&self) -> String {
        let free = match self.inner.try_lock() {
            Ok(inner) => Some(inner),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        };
        if let Some(mut inner) = free {
            self.set_gauges(&mut inner, Instant::now());
        }
        self.metrics.render()
    }

    /// Nodes of the cluster this one holds as down, as of the hub's last input; never waits.
    pub fn nodes_down(&self) -> usize {
        self.nodes_down.load(Ordering::Relaxed)
    }

    pub fn peer_of(&self, conn: ConnId) -> Option<PeerId> {
        self.read(|hub| hub.peer_of(conn).cloned())
    }

    /// Asks every connection to close (graceful shutdown); clients reconnect elsewhere.
    pub fn close_all(&self) {
        let _ = self.input(HubInput::Shutdown);
    }

    pub fn snapshot(&self) -> Snapshot {
        self.read(Hub::snapshot)
    }

    pub fn restore(&self, snapshot: Snapshot) {
        let _ = self.input(HubInput::Restore(snapshot));
    }
}

/// The one timer: sleeps until the hub's next deadline, or until an input moved it earlier.
async fn run_timer(driver: Weak<HubDriver>, rearm: Arc<Notify>) {
    loop {
        let Some(deadline) = driver.upgrade().and_then(|d| d.timeout()) else {
            // No deadline: wait for an input that makes one (or for the hub to go away).
            if driver.strong_count() == 0 {
                return;
            }
            rearm.notified().await;
            continue;
        };
        tokio::select! {
            _ = tokio::time::sleep_until(tokio::time::Instant::from_std(deadline)) => {}
            _ = rearm.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A health check reads the counts while the hub is busy (its lock held), without waiting.
    #[tokio::test]
    async fn the_peer_count_is_read_without_waiting_for_the_hub() {
        let driver = HubDriver::start(HubLimits::default(), Duration::from_secs(2), Metrics::new());
        let (conn, _outbox) = driver.open();
        let _ = driver.input(HubInput::Connect { conn, name: Some("Ann".into()), room: None, resume: None });
        let reader = driver.clone();
        let counted = driver.read(|_busy_hub| {
            let (sent, got) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = sent.send((reader.peer_count(), reader.nodes_down()));
            });
            // Bounded: a count that waited for the lock would never come while it is held.
            got.recv_timeout(Duration::from_secs(2))
        });
        assert_eq!(counted.ok(), Some((1, 0)));
    }

    fn gauge(text: &str, name: &str) -> Option<String> {
        text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ').map(str::to_owned))
    }

    /// A scrape answers while the hub is busy, with the counts the hub last set; with the hub
    /// free, it reads them at once (a second socket, a second of no other input).
    #[tokio::test]
    async fn metrics_are_rendered_without_waiting_for_the_hub() {
        let driver = HubDriver::start(HubLimits::default(), Duration::from_secs(2), Metrics::new());
        let (ann, _outbox) = driver.open();
        let _ = driver.input(HubInput::Connect { conn: ann, name: Some("Ann".into()), room: None, resume: None });
        let reader = driver.clone();
        let scraped = driver.read(|_busy_hub| {
            let (sent, got) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = sent.send(reader.render_metrics());
            });
            // Bounded: a scrape that waited for the lock would never come while it is held.
            got.recv_timeout(Duration::from_secs(2))
        });
        let busy = scraped.expect("a scrape while the hub is busy");
        assert_eq!(gauge(&busy, "dialtone_connections").as_deref(), Some("1"), "{busy}");
        assert_eq!(gauge(&busy, "dialtone_rooms").as_deref(), Some("1"));

        // Within the second: the hub did not set the gauges again, a free scrape reads them.
        let (bob, _outbox) = driver.open();
        let _ = driver.input(HubInput::Connect { conn: bob, name: Some("Bob".into()), room: Some("other".into()), resume: None });
        let free = driver.render_metrics();
        assert_eq!(gauge(&free, "dialtone_connections").as_deref(), Some("2"), "{free}");
        assert_eq!(gauge(&free, "dialtone_rooms").as_deref(), Some("2"));
    }
}
