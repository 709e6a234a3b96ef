//! The request gate: one per MediaSFU key, and every request with that key passes through it
//! (polls, placement steps, controls, DTMF, SIP-config fetches, "test connection"; the server's
//! proxy holds one for its own key). MediaSFU allows 1 request per 5 s per key across all
//! endpoints (spec §6) and stamps a request when it arrives, which we cannot see. What we can see
//! is the answer: the service counted the previous request before it answered, so a request sent
//! [`WINDOW_MS`] + [`MARGIN_MS`] after the previous answer arrives at least a window after the
//! previous one did, however slow either trip was. Spacing counted from the send instead is what
//! got 429s: a fast trip back and a slow trip out land under 5 s apart at the service.
//!
//! One request is on the wire at a time. Waiting requests go out in priority order ([`Priority`]:
//! user actions before polls), first come first served within a priority, each as soon as the gate
//! opens: a user action waits at most one window after the answer to whatever was on the wire.
//! A 429 opens the gate no earlier than its `Retry-After`. Sans-IO: the driver submits, asks
//! [`RequestGate::due`] at [`RequestGate::next_deadline`], sends what is due, and reports the answer.

/// The service's window: 1 request per 5 s per key (spec §6).
pub const WINDOW_MS: u64 = 5_000;
/// Safety margin on top of the window, counted after the answer. It covers a service that stamps
/// a request late in its handling (or on another node whose clock is a little ahead) and timers
/// that fire early. At 10 % of the window it costs a user at most half a second.
pub const MARGIN_MS: u64 = 500;

/// Who is waiting: a person (a click, a placement step, Save) or the background (polls, the hourly
/// SIP-config refresh). A waiting user request always goes before a waiting background one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    User,
    Background,
}

/// A place in the gate, handed out by [`RequestGate::submit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ticket(u64);

/// How a request that went out ended, as far as spacing cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Any HTTP answer but a rate limit: the service counted the request.
    Answered,
    /// 429: not counted; wait at least the window, or `Retry-After` if it says longer.
    RateLimited { retry_after_ms: Option<u64> },
    /// No answer (network failure, timeout, abandoned): it may have been counted, so the window
    /// runs from now, like an answer.
    NoAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Waiting {
    ticket: Ticket,
    priority: Priority,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestGate {
    window_ms: u64,
    margin_ms: u64,
    waiting: Vec<Waiting>,
    on_the_wire: Option<Ticket>,
    /// The earliest moment the next request may go out.
    open_at_ms: u64,
    next_ticket: u64,
}

impl Default for RequestGate {
    fn default() -> Self {
        RequestGate::new(WINDOW_MS, MARGIN_MS)
    }
}

impl RequestGate {
    pub fn new(window_ms: u64, margin_ms: u64) -> Self {
        RequestGate {
            window_ms,
            margin_ms,
            waiting: Vec::new(),
            on_the_wire: None,
            open_at_ms: 0,
            next_ticket: 0,
        }
    }

    /// The spacing between one answer and the next send: window plus margin.
    pub fn spacing_ms(&self) -> u64 {
        self.window_ms + self.margin_ms
    }

    /// Queue a request; it goes out when [`RequestGate::due`] names its ticket.
    pub fn submit(&mut self, priority: Priority) -> Ticket {
        self.next_ticket += 1;
        let ticket = Ticket(self.next_ticket);
        self.waiting.push(Waiting { ticket, priority });
        ticket
    }

    /// The ticket that may go out now: nothing on the wire, the gate open, highest priority
    /// first, then first come first served.
    pub fn due(&self, now_ms: u64) -> Option<Ticket> {
        if self.on_the_wire.is_some() || now_ms < self.open_at_ms {
            return None;
        }
        self.first_waiting()
    }

    fn first_waiting(&self) -> Option<Ticket> {
        self.waiting
            .iter()
            .min_by_key(|w| (w.priority, w.ticket))
            .map(|w| w.ticket)
    }

    /// The driver sends `ticket` now. Refused (false) unless it is the one [`RequestGate::due`]
    /// names, so no caller can jump the queue or the window.
    pub fn dispatch(&mut self, now_ms: u64, ticket: Ticket) -> bool {
        if self.due(now_ms) != Some(ticket) {
            return false;
        }
        self.waiting.retain(|w| w.ticket != ticket);
        self.on_the_wire = Some(ticket);
        // A floor even before the answer: the answer comes later and moves it further.
        self.open_at_ms = self.open_at_ms.max(now_ms + self.spacing_ms());
        true
    }

    /// The answer (or the lack of one) to the request on the wire.
    pub fn on_answer(&mut self, now_ms: u64, ticket: Ticket, answer: Answer) {
        if self.on_the_wire != Some(ticket) {
            return;
        }
        self.on_the_wire = None;
        let mut open = now_ms + self.spacing_ms();
        if let Answer::RateLimited {
            retry_after_ms: Some(wait),
        } = answer
        {
            open = open.max(now_ms + wait + self.margin_ms);
        }
        self.open_at_ms = self.open_at_ms.max(open);
    }

    /// Withdraw a ticket: a waiting one leaves the queue; one on the wire counts as sent with no
    /// answer (its request may still reach the service).
    pub fn cancel(&mut self, now_ms: u64, ticket: Ticket) {
        self.waiting.retain(|w| w.ticket != ticket);
        self.on_answer(now_ms, ticket, Answer::NoAnswer);
    }

    /// Drop every waiting request (a 401/403 stops all traffic; sign-out). Returns their tickets.
    /// The one on the wire, if any, still gets its answer.
    pub fn drop_waiting(&mut self) -> Vec<Ticket> {
        self.waiting.drain(..).map(|w| w.ticket).collect()
    }

    /// When the driver should look again: the opening, while something waits and nothing is on
    /// the wire. `None` when there is nothing to do until an answer or a submit.
    pub fn next_deadline(&self) -> Option<u64> {
        if self.on_the_wire.is_some() || self.waiting.is_empty() {
            None
        } else {
            Some(self.open_at_ms)
        }
    }

    /// The earliest moment anything may go out (ignoring the queue); while a request is on the
    /// wire, one spacing after now is the earliest its answer allows.
    pub fn open_at(&self, now_ms: u64) -> u64 {
        if self.on_the_wire.is_some() {
            self.open_at_ms.max(now_ms + self.spacing_ms())
        } else {
            self.open_at_ms.max(now_ms)
        }
    }

    /// Roughly how long a new request of `priority` would wait: until the gate opens, then one
    /// spacing per request queued ahead of it. Shown to users ("next try in N s") and used by the
    /// proxy to refuse a wait longer than a client's timeout.
    pub fn wait_estimate_ms(&self, now_ms: u64, priority: Priority) -> u64 {
        let ahead = self
            .waiting
            .iter()
            .filter(|w| w.priority <= priority)
            .count() as u64;
        self.open_at(now_ms).saturating_sub(now_ms) + ahead * self.spacing_ms()
    }

    /// Whether `ticket` is still waiting (not yet sent, not withdrawn).
    pub fn is_waiting(&self, ticket: Ticket) -> bool {
        self.waiting.iter().any(|w| w.ticket == ticket)
    }

    pub fn waiting_count(&self, priority: Priority) -> usize {
        self.waiting.iter().filter(|w| w.priority == priority).count()
    }

    pub fn is_on_the_wire(&self) -> bool {
        self.on_the_wire.is_some()
    }
}

#[cfg(test)]
#[path = "gate_tests.rs"]
mod tests;
