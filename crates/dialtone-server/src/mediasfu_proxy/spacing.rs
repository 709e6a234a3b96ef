//! The proxy's request gate: the server holds one MediaSFU key for all its clients, so it holds
//! that key's gate — the core's [`RequestGate`], the same rule the page follows: one request to
//! MediaSFU at a time, each a window plus margin after the previous answer, user actions (every
//! route but the call list) before list polls.
//!
//! It delays rather than refuses. A page that follows the rule sends a window plus margin after
//! its own previous answer, which reached it after the proxy saw that answer, so the proxy's gate
//! is already open and a lone page never waits here. Several pages (tabs, operators) sharing the
//! key wait their turn for a few seconds instead of getting a 429 and backing off for 12 s. A wait
//! is refused only when it would run past [`MAX_WAIT`] (the page gives up on a request after 15 s),
//! or when one client already has [`MAX_PER_CLIENT`] requests here: then 429 with `Retry-After`,
//! and MediaSFU never sees the request.

use std::collections::HashMap;
use std::net::IpAddr;
use std::pin::pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dialtone_core::mediasfu::gate::{Answer, Priority, RequestGate, Ticket};
use tokio::sync::Notify;

/// Longest wait in the queue before the proxy says 429 instead (under the page's 15 s timeout,
/// with room left for MediaSFU's own answer).
pub const MAX_WAIT: Duration = Duration::from_secs(8);
/// Requests one client may have waiting or in flight here (a page sends one at a time; a few
/// tabs on one machine share an address).
pub const MAX_PER_CLIENT: usize = 3;

/// Why the gate did not let a request through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The queue is longer than [`MAX_WAIT`]; try again after this many seconds.
    QueueFull { retry_after_s: u64 },
    /// This client already has [`MAX_PER_CLIENT`] requests here.
    TooManyFromClient { retry_after_s: u64 },
}

impl Refusal {
    pub fn retry_after_s(self) -> u64 {
        match self {
            Refusal::QueueFull { retry_after_s } | Refusal::TooManyFromClient { retry_after_s } => {
                retry_after_s
            }
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Refusal::QueueFull { .. } => {
                "Too many requests (Dialtone proxy): MediaSFU takes one request per 5 s for this key"
            }
            Refusal::TooManyFromClient { .. } => {
                "Too many requests from this client at once (Dialtone proxy)"
            }
        }
    }
}

struct State {
    gate: RequestGate,
    per_client: HashMap<IpAddr, usize>,
}

pub struct UpstreamGate {
    state: Mutex<State>,
    changed: Notify,
    epoch: Instant,
}

/// How a wait ended.
pub enum Entry<'a, T> {
    /// Send now; report the answer with [`Permit::answered`].
    Go(Permit<'a>),
    /// While waiting, `shortcut` found an answer (a fresh cached list): nothing is sent.
    Shortcut(T),
}

impl Default for UpstreamGate {
    fn default() -> Self {
        UpstreamGate::new(RequestGate::default())
    }
}

impl UpstreamGate {
    pub fn new(gate: RequestGate) -> Self {
        UpstreamGate {
            state: Mutex::new(State {
                gate,
                per_client: HashMap::new(),
            }),
            changed: Notify::new(),
            epoch: Instant::now(),
        }
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits for this request's turn. `shortcut` is asked on every wake before the turn comes
    /// (a list another client just fetched is served from the cache instead).
    pub async fn enter<T>(
        &self,
        client: Option<IpAddr>,
        priority: Priority,
        shortcut: impl Fn() -> Option<T>,
    ) -> Result<Entry<'_, T>, Refusal> {
        let ticket = {
            let mut state = self.lock();
            let now = self.now_ms();
            let wait = state.gate.wait_estimate_ms(now, priority);
            let retry_after_s = wait.div_ceil(1_000).max(1);
            if let Some(ip) = client
                && state.per_client.get(&ip).copied().unwrap_or(0) >= MAX_PER_CLIENT
            {
                return Err(Refusal::TooManyFromClient { retry_after_s });
            }
            if wait > MAX_WAIT.as_millis() as u64 {
                return Err(Refusal::QueueFull { retry_after_s });
            }
            if let Some(ip) = client {
                *state.per_client.entry(ip).or_default() += 1;
            }
            state.gate.submit(priority)
        };
        let place = Permit {
            gate: self,
            ticket,
            client,
            done: false,
        };
        loop {
            // Registered before looking, so a change between the look and the wait is not lost.
            let mut changed = pin!(self.changed.notified());
            changed.as_mut().enable();
            if let Some(answer) = shortcut() {
                return Ok(Entry::Shortcut(answer));
            }
            let deadline = {
                let mut state = self.lock();
                let now = self.now_ms();
                if state.gate.due(now) == Some(ticket) && state.gate.dispatch(now, ticket) {
                    drop(state);
                    return Ok(Entry::Go(place));
                }
                state.gate.next_deadline().map(|d| d.saturating_sub(now))
            };
            match deadline {
                Some(ms) => {
                    tokio::select! {
                        _ = changed => {}
                        _ = tokio::time::sleep(Duration::from_millis(ms.max(1))) => {}
                    }
                }
                None => changed.await,
            }
        }
    }

    fn release(&self, ticket: Ticket, client: Option<IpAddr>, answer: Option<Answer>) {
        {
            let mut state = self.lock();
            let now = self.now_ms();
            match answer {
                Some(answer) => state.gate.on_answer(now, ticket, answer),
                None => state.gate.cancel(now, ticket),
            }
            if let Some(ip) = client
                && let Some(n) = state.per_client.get_mut(&ip)
            {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    state.per_client.remove(&ip);
                }
            }
        }
        self.changed.notify_waiters();
    }
}

/// A place in the gate: waiting, then (after [`Entry::Go`]) the right to send one request.
/// Dropped without an answer (the client went away, the wait was cut short), it leaves the queue,
/// or counts as sent with no answer.
pub struct Permit<'a> {
    gate: &'a UpstreamGate,
    ticket: Ticket,
    client: Option<IpAddr>,
    done: bool,
}

impl Permit<'_> {
    /// The upstream's answer (or its absence), for the spacing of the next request.
    pub fn answered(mut self, answer: Answer) {
        self.done = true;
        self.gate.release(self.ticket, self.client, Some(answer));
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.done = true;
            self.gate.release(self.ticket, self.client, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    /// A short window so the tests run in real time: 200 ms plus a 50 ms margin.
    fn small() -> Arc<UpstreamGate> {
        Arc::new(UpstreamGate::new(RequestGate::new(200, 50)))
    }

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([127, 0, 0, last]))
    }

    fn go<T>(entry: Result<Entry<'_, T>, Refusal>) -> Permit<'_> {
        match entry {
            Ok(Entry::Go(p)) => p,
            Ok(Entry::Shortcut(_)) => panic!("a shortcut"),
            Err(r) => panic!("refused: {r:?}"),
        }
    }

    /// Within timer slack of `ms` (measured from just after the event it counts from).
    fn close_to(elapsed: Duration, ms: u64) -> bool {
        elapsed + Duration::from_millis(20) >= Duration::from_millis(ms)
            && elapsed < Duration::from_millis(ms + 150)
    }

    #[tokio::test]
    async fn a_request_after_an_answer_waits_the_window_and_margin_then_goes() {
        let gate = small();
        go(gate.enter(ip(1), Priority::User, || None::<()>).await).answered(Answer::Answered);
        let started = Instant::now();
        go(gate.enter(ip(1), Priority::User, || None::<()>).await).answered(Answer::Answered);
        assert!(close_to(started.elapsed(), 250), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn a_second_client_is_queued_behind_the_first_not_refused() {
        let gate = small();
        let first = go(gate.enter(ip(1), Priority::User, || None::<()>).await);
        let g = gate.clone();
        let started = Instant::now();
        let waiting = tokio::spawn(async move {
            go(g.enter(ip(2), Priority::User, || None::<()>).await).answered(Answer::Answered);
            started.elapsed()
        });
        tokio::time::sleep(Duration::from_millis(100)).await;
        first.answered(Answer::Answered);
        let waited = waiting.await.expect("task");
        assert!(close_to(waited, 100 + 250), "{waited:?}");
    }

    #[tokio::test]
    async fn a_wait_longer_than_the_bound_is_refused_with_retry_after() {
        let gate = UpstreamGate::default();
        go(gate.enter(ip(1), Priority::User, || None::<()>).await).answered(Answer::RateLimited {
            retry_after_ms: Some(20_000),
        });
        match gate.enter(ip(2), Priority::User, || None::<()>).await {
            Err(r @ Refusal::QueueFull { .. }) => assert_eq!(r.retry_after_s(), 21),
            _ => panic!("refused"),
        }
    }

    #[tokio::test]
    async fn one_client_may_not_hold_more_than_its_share_and_others_still_queue() {
        let gate = small();
        let first = go(gate.enter(ip(1), Priority::User, || None::<()>).await);
        let mut waiting = Vec::new();
        for _ in 1..MAX_PER_CLIENT {
            let g = gate.clone();
            waiting.push(tokio::spawn(async move {
                go(g.enter(ip(1), Priority::User, || None::<()>).await).answered(Answer::Answered)
            }));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(matches!(
            gate.enter(ip(1), Priority::User, || None::<()>).await,
            Err(Refusal::TooManyFromClient { .. })
        ));
        let other = tokio::time::timeout(
            Duration::from_millis(20),
            gate.enter(ip(2), Priority::User, || None::<()>),
        )
        .await;
        assert!(other.is_err(), "another client waits its turn");
        first.answered(Answer::Answered);
        for w in waiting {
            w.await.expect("task");
        }
    }

    #[tokio::test]
    async fn a_waiting_list_request_takes_a_fresh_cache_instead_of_its_turn() {
        let gate = small();
        let first = go(gate.enter(ip(1), Priority::Background, || None::<()>).await);
        let fresh = Arc::new(AtomicBool::new(false));
        let (g, f) = (gate.clone(), fresh.clone());
        let waiting = tokio::spawn(async move {
            matches!(
                g.enter(ip(2), Priority::Background, || f.load(Ordering::SeqCst).then_some("cached"))
                    .await,
                Ok(Entry::Shortcut("cached"))
            )
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        fresh.store(true, Ordering::SeqCst);
        first.answered(Answer::Answered);
        assert!(waiting.await.expect("task"));
        // The shortcut left the queue: the next request waits only for the first one's window.
        let started = Instant::now();
        go(gate.enter(ip(3), Priority::User, || None::<()>).await).answered(Answer::Answered);
        assert!(close_to(started.elapsed(), 200), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn a_client_that_goes_away_gives_its_place_back() {
        let gate = small();
        let first = go(gate.enter(ip(1), Priority::User, || None::<()>).await);
        let gone = tokio::time::timeout(
            Duration::from_millis(20),
            gate.enter(ip(2), Priority::User, || None::<()>),
        )
        .await;
        assert!(gone.is_err());
        first.answered(Answer::Answered);
        let started = Instant::now();
        go(gate.enter(ip(3), Priority::User, || None::<()>).await).answered(Answer::Answered);
        assert!(close_to(started.elapsed(), 250), "not held up by the one that left");
    }
}
