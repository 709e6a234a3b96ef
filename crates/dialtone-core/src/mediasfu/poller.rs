//! The one shared `/list` poller policy per credential and base URL (spec §6, §8.3): when a poll is
//! due (interval, back-off, stale, stopped), and what the list is. Spacing against every other
//! request with the key is the gate's job ([`super::gate`]); [`super::traffic`] queues a due poll
//! there behind user actions. Every view reads [`ListPoller::calls`]; nothing else polls.

use super::api_error::ApiError;
use super::records::SipCall;

/// Spec §6 numbers.
pub const MIN_INTERVAL_MS: u64 = 6_000;
pub const MAX_INTERVAL_MS: u64 = 60_000;
pub const DEFAULT_INTERVAL_MS: u64 = 6_000;
/// 1 request per 5 s per key, across all endpoints (the gate adds its margin to this).
pub const REQUEST_SPACING_MS: u64 = super::gate::WINDOW_MS;
pub const CACHE_MS: u64 = 3_000;
pub const FAILURES_BEFORE_STOP: u32 = 3;
const BACKOFF_BASE_MS: u64 = 12_000;
const BACKOFF_CAP_MS: u64 = 120_000;
const RETRY_AFTER_CAP_MS: u64 = 600_000;

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerStatus {
    Idle,
    Ok,
    /// "Rate limited, retrying in N s".
    RateLimited {
        retry_in_s: u64,
    },
    /// Stopped after repeated failures; the list stays, marked stale; Retry restarts.
    /// `since_ms` is on the poller's clock (the last success, else the stop).
    Stale { since_ms: u64, error: ApiError },
    /// 401/403: nothing is sent until the user retries or edits credentials.
    Stopped {
        error: ApiError,
    },
}

#[derive(Debug, Clone)]
pub struct ListPoller {
    interval_ms: u64,
    last_poll_sent: Option<u64>,
    in_flight: bool,
    calls: Vec<SipCall>,
    last_success: Option<u64>,
    rate_limited_until: Option<u64>,
    rate_limit_streak: u32,
    failures: u32,
    last_error: Option<ApiError>,
    stale_since: Option<u64>,
    stopped: Option<ApiError>,
    /// Set by a successful control or placed call: poll at the earliest allowed moment.
    poll_soon: bool,
}

impl ListPoller {
    /// `interval_ms` is clamped to 6–60 s: never faster than the spec allows.
    pub fn new(interval_ms: u64) -> Self {
        ListPoller {
            interval_ms: interval_ms.clamp(MIN_INTERVAL_MS, MAX_INTERVAL_MS),
            last_poll_sent: None,
            in_flight: false,
            calls: Vec::new(),
            last_success: None,
            rate_limited_until: None,
            rate_limit_streak: 0,
            failures: 0,
            last_error: None,
            stale_since: None,
            stopped: None,
            poll_soon: false,
        }
    }

    pub fn interval_ms(&self) -> u64 {
        self.interval_ms
    }

    /// The latest list; kept while stale or stopped, never emptied by an error.
    pub fn calls(&self) -> &[SipCall] {
        &self.calls
    }

    /// Live calls (phase not Ended), newest first (§8.3).
    pub fn live_calls(&self) -> Vec<&SipCall> {
        let mut live: Vec<&SipCall> = self.calls.iter().filter(|c| c.phase().is_live()).collect();
        live.sort_by_key(|c| std::cmp::Reverse(c.start_ms().unwrap_or(0)));
        live
    }

    pub fn last_success_ms(&self) -> Option<u64> {
        self.last_success
    }

    /// A view asking within 3 s of a response gets the cache.
    pub fn cache_is_fresh(&self, now_ms: u64) -> bool {
        !self.poll_soon
            && self
                .last_success
                .is_some_and(|t| now_ms.saturating_sub(t) < CACHE_MS)
    }

    /// Whether the poller is halted (stale or stopped) and waits for Retry.
    pub fn is_halted(&self) -> bool {
        self.stopped.is_some() || self.stale_since.is_some()
    }

    /// When the next tick is due, or `None` while halted or in flight. The gate may hold it
    /// longer, behind user actions or until a window has passed since the last answer.
    pub fn next_poll_at(&self) -> Option<u64> {
        if self.is_halted() || self.in_flight {
            return None;
        }
        let interval_gate = match self.last_poll_sent {
            Some(t) if !self.poll_soon => t + self.interval_ms,
            _ => 0,
        };
        Some(interval_gate.max(self.rate_limited_until.unwrap_or(0)))
    }

    /// True when a `/list` request should be sent now.
    pub fn poll_due(&self, now_ms: u64) -> bool {
        self.next_poll_at().is_some_and(|t| now_ms >= t)
    }

    /// The web layer sent the poll.
    pub fn on_poll_sent(&mut self, now_ms: u64) {
        self.in_flight = true;
        self.poll_soon = false;
        self.last_poll_sent = Some(now_ms);
    }

    /// A control succeeded or a call was placed: invalidate the cache and poll at the earliest
    /// moment the gate allows rather than a full interval after the last poll.
    pub fn on_action_succeeded(&mut self) {
        self.poll_soon = true;
    }

    /// An action (not a poll) was answered 429: the shared back-off applies to polls too.
    pub fn on_action_rate_limited(&mut self, now_ms: u64, retry_after_s: Option<u64>, random: f64) {
        self.enter_rate_limit(now_ms, retry_after_s, random);
    }

    fn enter_rate_limit(&mut self, now_ms: u64, retry_after_s: Option<u64>, random: f64) {
        let doubling = BACKOFF_BASE_MS
            .saturating_mul(1u64 << self.rate_limit_streak.min(8))
            .min(BACKOFF_CAP_MS);
        let jitter = 0.8 + 0.4 * random.clamp(0.0, 1.0);
        let backoff = (doubling as f64 * jitter) as u64;
        let server = retry_after_s.map_or(0, |s| s.saturating_mul(1000).min(RETRY_AFTER_CAP_MS));
        let wait = backoff.max(server).max(REQUEST_SPACING_MS);
        self.rate_limit_streak = self.rate_limit_streak.saturating_add(1);
        self.rate_limited_until = Some(now_ms + wait);
    }

    /// The poll's outcome. `random` in [0, 1) is the back-off jitter.
    pub fn on_poll_result(
        &mut self,
        now_ms: u64,
        result: Result<Vec<SipCall>, ApiError>,
        random: f64,
    ) {
        self.in_flight = false;
        match result {
            Ok(calls) => {
                self.calls = calls;
                self.last_success = Some(now_ms);
                self.failures = 0;
                self.rate_limit_streak = 0;
                self.rate_limited_until = None;
                self.last_error = None;
                self.stale_since = None;
            }
            Err(ApiError::RateLimited { retry_after_s }) => {
                self.enter_rate_limit(now_ms, retry_after_s, random)
            }
            Err(e) if e.stops_polling() => self.stopped = Some(e),
            Err(e) => {
                self.failures += 1;
                if self.failures >= FAILURES_BEFORE_STOP {
                    self.stale_since = Some(self.last_success.unwrap_or(now_ms));
                }
                self.last_error = Some(e);
            }
        }
    }

    /// A 401/403 on any other request (SIP configs, a control) stops polling too (§8.1): nothing
    /// is sent until Retry or new credentials. Other errors are ignored here.
    pub fn stop_on(&mut self, error: &ApiError) {
        if error.stops_polling() {
            self.stopped = Some(error.clone());
        }
    }

    /// "Retry" (or new credentials): start again, keeping the list on screen.
    pub fn retry(&mut self) {
        self.stopped = None;
        self.stale_since = None;
        self.failures = 0;
        self.last_error = None;
    }

    pub fn status(&self, now_ms: u64) -> PollerStatus {
        if let Some(e) = &self.stopped {
            return PollerStatus::Stopped { error: e.clone() };
        }
        if let Some(since) = self.stale_since {
            let error = self.last_error.clone().unwrap_or(ApiError::Network);
            return PollerStatus::Stale {
                since_ms: since,
                error,
            };
        }
        if let Some(until) = self.rate_limited_until.filter(|u| *u > now_ms) {
            return PollerStatus::RateLimited {
                retry_in_s: (until - now_ms).div_ceil(1000),
            };
        }
        if self.last_success.is_some() {
            PollerStatus::Ok
        } else {
            PollerStatus::Idle
        }
    }

    /// The last non-rate-limit error while still polling (shown beside the list).
    pub fn last_error(&self) -> Option<&ApiError> {
        self.last_error.as_ref()
    }
}

/// §8.3: runs while any view or live call needs it; while the tab is hidden only if a call is live.
pub fn poller_should_run(any_view_open: bool, any_live_call: bool, tab_hidden: bool) -> bool {
    if tab_hidden {
        any_live_call
    } else {
        any_view_open || any_live_call
    }
}

#[cfg(test)]
#[path = "poller_tests.rs"]
mod tests;
