//! The widget asking its server which sites may control it, as a machine the one driver runs:
//! one request at a time, each bounded in time (a server that takes the connection and never
//! answers is a failure like a refused one), asked again on the back-off after a failure, then
//! the decision ([`host_access`]). The page only fetches, aborts and acts on the decision.

use std::collections::VecDeque;

use serde_json::Value;

use super::access::{allowed_origins, host_access};
use crate::backoff::{Backoff, Jitter};
use crate::errors::ClientError;
use crate::machine::{Ignored, Machine};

/// How long one request may take before it counts as failed (and is aborted).
pub const FETCH_LIMIT_MS: u64 = 5_000;

#[derive(Debug, Clone, PartialEq)]
pub enum AccessInput {
    /// The widget starts: the first request goes out.
    Start,
    /// Request `attempt` answered: the body it parsed to, `None` when it failed (a network error,
    /// a status other than 2xx, a body that is not JSON).
    Answered { attempt: u32, body: Option<Value> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessAction {
    /// Ask the server (`GET /api/embed-config`); report `AccessInput::Answered` with `attempt`.
    Fetch { attempt: u32 },
    /// Request `attempt` took too long: abort it (its late answer is refused anyway).
    Abort { attempt: u32 },
    /// The origin the widget answers, or why it answers nobody.
    Decided(Result<String, ClientError>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    NotStarted,
    Asking { attempt: u32, until: u64 },
    Waiting { until: u64 },
    Decided,
}

#[derive(Debug)]
pub struct AccessCheck {
    own_origin: String,
    parent_origin: Option<String>,
    retry: Backoff,
    jitter: Jitter,
    attempt: u32,
    phase: Phase,
    actions: VecDeque<AccessAction>,
}

impl AccessCheck {
    /// A check not started yet (`AccessInput::Start`). `parent_origin`: as the browser reports it.
    pub fn new(own_origin: String, parent_origin: Option<String>, seed: u64) -> AccessCheck {
        AccessCheck {
            own_origin,
            parent_origin,
            retry: Backoff::embed_config(),
            jitter: Jitter::new(seed),
            attempt: 0,
            phase: Phase::NotStarted,
            actions: VecDeque::new(),
        }
    }

    fn ask(&mut self, now: u64) {
        self.attempt += 1;
        self.phase = Phase::Asking { attempt: self.attempt, until: now + FETCH_LIMIT_MS };
        self.actions.push_back(AccessAction::Fetch { attempt: self.attempt });
    }

    /// No usable answer to this request: wait and ask again, or give up on the server.
    fn failed(&mut self, now: u64) {
        match self.retry.next_delay_ms(self.jitter.sample()) {
            Some(delay) => self.phase = Phase::Waiting { until: now + delay },
            None => self.decide(None),
        }
    }

    fn decide(&mut self, allowed: Option<Vec<String>>) {
        self.phase = Phase::Decided;
        let decision = host_access(allowed.as_deref(), &self.own_origin, self.parent_origin.as_deref());
        self.actions.push_back(AccessAction::Decided(decision));
    }
}

impl Machine for AccessCheck {
    type Input = AccessInput;
    type Action = AccessAction;

    fn handle(&mut self, now: u64, input: AccessInput) -> Result<(), Ignored> {
        let (attempt, body) = match input {
            AccessInput::Start if self.phase == Phase::NotStarted => {
                self.ask(now);
                return Ok(());
            }
            AccessInput::Start => return Err(Ignored { reason: "the check has started already" }),
            AccessInput::Answered { attempt, body } => (attempt, body),
        };
        if !matches!(self.phase, Phase::Asking { attempt: asked, .. } if asked == attempt) {
            return Err(Ignored { reason: "an answer to a request nobody waits for" });
        }
        // The server's answer in the wrong shape is no answer: asked again, not an empty list.
        match body.as_ref().and_then(allowed_origins) {
            Some(allowed) => self.decide(Some(allowed)),
            None => self.failed(now),
        }
        Ok(())
    }

    fn handle_timeout(&mut self, now: u64) {
        match self.phase {
            Phase::Asking { attempt, until } if now >= until => {
                self.actions.push_back(AccessAction::Abort { attempt });
                self.failed(now);
            }
            Phase::Waiting { until } if now >= until => self.ask(now),
            _ => {}
        }
    }

    fn poll_action(&mut self) -> Option<AccessAction> {
        self.actions.pop_front()
    }

    fn next_deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Asking { until, .. } | Phase::Waiting { until } => Some(until),
            Phase::NotStarted | Phase::Decided => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const OWN: &str = "https://call.example";
    const SITE: &str = "https://shop.example";

    fn actions(check: &mut AccessCheck) -> Vec<AccessAction> {
        std::iter::from_fn(|| check.poll_action()).collect()
    }

    fn started(now: u64, parent: Option<&str>, seed: u64) -> AccessCheck {
        let mut check = AccessCheck::new(OWN.into(), parent.map(str::to_owned), seed);
        assert_eq!(check.next_deadline(), None, "nothing before it starts");
        check.handle(now, AccessInput::Start).unwrap();
        assert!(check.handle(now, AccessInput::Start).is_err(), "once");
        check
    }

    fn listed() -> Option<Value> {
        Some(json!({ "origins": [SITE] }))
    }

    #[test]
    fn a_listed_site_is_answered_after_one_request() {
        let mut check = started(0, Some(SITE), 7);
        assert_eq!(actions(&mut check), vec![AccessAction::Fetch { attempt: 1 }]);
        assert_eq!(check.next_deadline(), Some(FETCH_LIMIT_MS));
        check.handle(80, AccessInput::Answered { attempt: 1, body: listed() }).unwrap();
        assert_eq!(actions(&mut check), vec![AccessAction::Decided(Ok(SITE.into()))]);
        assert_eq!(check.next_deadline(), None);
    }

    #[test]
    fn a_server_that_never_answers_is_aborted_in_bounded_time_and_asked_again() {
        let mut check = started(1_000, Some(SITE), 7);
        actions(&mut check);
        check.handle_timeout(1_000 + FETCH_LIMIT_MS - 1);
        assert!(actions(&mut check).is_empty(), "not before its limit");
        check.handle_timeout(1_000 + FETCH_LIMIT_MS);
        assert_eq!(actions(&mut check), vec![AccessAction::Abort { attempt: 1 }]);
        // The back-off's first wait: 250–500 ms.
        let again = check.next_deadline().unwrap();
        assert!((1_000 + FETCH_LIMIT_MS + 250..=1_000 + FETCH_LIMIT_MS + 500).contains(&again), "{again}");
        check.handle_timeout(again);
        assert_eq!(actions(&mut check), vec![AccessAction::Fetch { attempt: 2 }]);
        // The first request's late answer is not taken for the second's.
        assert!(check.handle(again + 10, AccessInput::Answered { attempt: 1, body: listed() }).is_err());
        check.handle(again + 20, AccessInput::Answered { attempt: 2, body: listed() }).unwrap();
        assert_eq!(actions(&mut check), vec![AccessAction::Decided(Ok(SITE.into()))]);
    }

    #[test]
    fn failures_and_wrong_shapes_are_asked_again_then_the_server_is_said_to_be_the_cause() {
        let mut check = started(0, Some(SITE), 3);
        let mut fetches = 0;
        let mut now = 0;
        for step in 0..100 {
            let batch = actions(&mut check);
            if batch.is_empty() {
                now = check.next_deadline().expect("it waits to ask again");
                check.handle_timeout(now);
                continue;
            }
            for action in batch {
                match action {
                    AccessAction::Fetch { attempt } => {
                        fetches += 1;
                        // Failed, or a body in another shape: both are no answer.
                        let body = if step % 2 == 0 { None } else { Some(json!({ "origins": "everyone" })) };
                        check.handle(now, AccessInput::Answered { attempt, body }).unwrap();
                    }
                    AccessAction::Decided(decision) => {
                        assert_eq!(decision, Err(ClientError::EmbedConfigUnavailable));
                        assert_eq!(fetches, 7, "the first request and six more");
                        assert!((15_000..=31_000).contains(&now), "about 30 s of back-off: {now}");
                        assert_eq!(check.next_deadline(), None);
                        return;
                    }
                    AccessAction::Abort { .. } => panic!("nothing timed out"),
                }
            }
        }
        panic!("never decided");
    }

    #[test]
    fn a_site_not_listed_or_an_opaque_one_is_refused_once_the_list_is_in() {
        for parent in [Some("https://other.example"), Some("null"), None] {
            let mut check = started(0, parent, 1);
            actions(&mut check);
            check.handle(5, AccessInput::Answered { attempt: 1, body: listed() }).unwrap();
            assert_eq!(actions(&mut check), vec![AccessAction::Decided(Err(ClientError::EmbedNotAllowed))], "{parent:?}");
        }
    }
}
