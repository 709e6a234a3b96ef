//! All the traffic of one key: the [`RequestGate`] and the shared `/list` [`ListPoller`] that
//! feeds it (spec §6, §8.2, §8.3). The page (and nothing else) asks [`KeyTraffic::next_outgoing`]
//! what to send now; user requests were submitted earlier with [`KeyTraffic::submit`], and a
//! due poll is queued here behind them. Answers come back through [`KeyTraffic::on_answer`] and
//! [`KeyTraffic::on_poll_answer`], which also apply what a rate limit or a 401/403 means for
//! polling. The driver sets one timer at [`KeyTraffic::next_deadline`].

use super::api_error::ApiError;
use super::gate::{Answer, Priority, RequestGate, Ticket};
use super::poller::ListPoller;
use super::records::SipCall;

/// What the driver sends now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outgoing {
    /// `GET /v1/sipcall/list`; answer with [`KeyTraffic::on_poll_answer`].
    Poll(Ticket),
    /// The submitted request holding this ticket; answer with [`KeyTraffic::on_answer`].
    Submitted(Ticket),
}

/// What an API outcome means for spacing.
pub fn gate_answer<T>(result: &Result<T, ApiError>) -> Answer {
    match result {
        Err(ApiError::RateLimited { retry_after_s }) => Answer::RateLimited {
            retry_after_ms: retry_after_s.map(|s| s.saturating_mul(1_000)),
        },
        Err(ApiError::Network | ApiError::Timeout) => Answer::NoAnswer,
        _ => Answer::Answered,
    }
}

#[derive(Debug, Clone)]
pub struct KeyTraffic {
    gate: RequestGate,
    poller: ListPoller,
    /// The poll waiting in the gate or on the wire.
    poll: Option<Ticket>,
    /// The poll on the wire belongs to a session that was reset: its list is not ours to keep.
    discard_poll: bool,
}

impl KeyTraffic {
    pub fn new(poll_interval_ms: u64) -> Self {
        KeyTraffic::with_gate(RequestGate::default(), poll_interval_ms)
    }

    pub fn with_gate(gate: RequestGate, poll_interval_ms: u64) -> Self {
        KeyTraffic {
            gate,
            poller: ListPoller::new(poll_interval_ms),
            poll: None,
            discard_poll: false,
        }
    }

    pub fn gate(&self) -> &RequestGate {
        &self.gate
    }

    pub fn poller(&self) -> &ListPoller {
        &self.poller
    }

    pub fn poller_mut(&mut self) -> &mut ListPoller {
        &mut self.poller
    }

    /// Queue a request; it goes out when [`KeyTraffic::next_outgoing`] names its ticket.
    pub fn submit(&mut self, priority: Priority) -> Ticket {
        self.gate.submit(priority)
    }

    /// The one request to send now, if any. `polling` is whether the poller should run (§8.3:
    /// views open, or a call live while the tab is hidden); when it should not, a poll still
    /// waiting in the gate is withdrawn.
    pub fn next_outgoing(&mut self, now_ms: u64, polling: bool) -> Option<Outgoing> {
        match self.poll {
            None if polling && !self.discard_poll && self.poller.poll_due(now_ms) => {
                self.poll = Some(self.gate.submit(Priority::Background));
            }
            Some(t) if !polling && self.gate.is_waiting(t) => {
                self.gate.cancel(now_ms, t);
                self.poll = None;
            }
            _ => {}
        }
        let ticket = self.gate.due(now_ms)?;
        self.gate.dispatch(now_ms, ticket);
        if self.poll == Some(ticket) {
            self.poller.on_poll_sent(now_ms);
            Some(Outgoing::Poll(ticket))
        } else {
            Some(Outgoing::Submitted(ticket))
        }
    }

    /// The poll's outcome (the list already parsed). `random` in [0, 1) is the back-off jitter.
    /// Returns the tickets a 401/403 dropped from the queue, so their owners learn why.
    pub fn on_poll_answer(
        &mut self,
        now_ms: u64,
        result: Result<Vec<SipCall>, ApiError>,
        random: f64,
    ) -> Vec<Ticket> {
        if let Some(t) = self.poll.take() {
            self.gate.on_answer(now_ms, t, gate_answer(&result));
        }
        if std::mem::take(&mut self.discard_poll) {
            return Vec::new();
        }
        let dropped = match &result {
            Err(e) if e.stops_polling() => self.gate.drop_waiting(),
            _ => Vec::new(),
        };
        self.poller.on_poll_result(now_ms, result, random);
        dropped
    }

    /// A submitted request's outcome: spacing, plus what it means for polling — a rate limit
    /// backs polling off too, and a 401/403 stops everything until Retry or new credentials
    /// (§8.1). Returns the tickets such a stop dropped from the queue, so their owners learn why.
    pub fn on_answer<T>(
        &mut self,
        now_ms: u64,
        ticket: Ticket,
        result: &Result<T, ApiError>,
        random: f64,
    ) -> Vec<Ticket> {
        self.gate.on_answer(now_ms, ticket, gate_answer(result));
        match result {
            Err(ApiError::RateLimited { retry_after_s }) => {
                self.poller
                    .on_action_rate_limited(now_ms, *retry_after_s, random);
                Vec::new()
            }
            Err(e) if e.stops_polling() => self.halt(now_ms, e),
            _ => Vec::new(),
        }
    }

    /// The answer to a request whose purpose is gone (sent before a sign-out or a change of
    /// credentials): it still counts for spacing, and for nothing else.
    pub fn on_discarded_answer<T>(&mut self, now_ms: u64, ticket: Ticket, result: &Result<T, ApiError>) {
        self.gate.on_answer(now_ms, ticket, gate_answer(result));
    }

    /// A change was made (a control succeeded, a call was placed): poll as soon as the gate
    /// allows, so its effect shows one window later.
    pub fn poll_soon(&mut self) {
        self.poller.on_action_succeeded();
    }

    /// Stop all traffic: the poller halts, nothing waiting goes out. Returns the dropped tickets
    /// so their owners learn why.
    pub fn halt(&mut self, now_ms: u64, error: &ApiError) -> Vec<Ticket> {
        self.poller.stop_on(error);
        if let Some(t) = self.poll
            && self.gate.is_waiting(t)
        {
            self.gate.cancel(now_ms, t);
            self.poll = None;
        }
        self.gate.drop_waiting()
    }

    /// Sign-out or new credentials: nothing waiting goes out and the poller starts afresh. The
    /// gate keeps its timing (the request on the wire still gets its answer, and the key may be
    /// the same), so a quick sign-in again never sends too soon.
    pub fn reset(&mut self, now_ms: u64) -> Vec<Ticket> {
        let interval = self.poller.interval_ms();
        if let Some(t) = self.poll {
            if self.gate.is_waiting(t) {
                self.gate.cancel(now_ms, t);
                self.poll = None;
            } else {
                self.discard_poll = true;
            }
        }
        self.poller = ListPoller::new(interval);
        self.gate.drop_waiting()
    }

    /// When the driver should call [`KeyTraffic::next_outgoing`] again.
    pub fn next_deadline(&self, polling: bool) -> Option<u64> {
        let poll = if polling && self.poll.is_none() {
            self.poller.next_poll_at()
        } else {
            None
        };
        match (self.gate.next_deadline(), poll) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// How long a user request submitted now would wait for the gate ("next try in N s").
    pub fn user_wait_ms(&self, now_ms: u64) -> u64 {
        self.gate.wait_estimate_ms(now_ms, Priority::User)
    }
}

#[cfg(test)]
#[path = "traffic_tests.rs"]
mod tests;
