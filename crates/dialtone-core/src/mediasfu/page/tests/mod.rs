//! The telephony page driven the way the browser drives it, on simulated time: inputs in, every
//! action performed in order, one timer at `next_deadline`. MediaSFU's answers are scripted per
//! request (it is not ours); everything of ours is real.

mod calls;
mod traffic;

use super::*;
use crate::machine::Machine;
use crate::mediasfu::api_error::Transport;
use crate::mediasfu::gate::{MARGIN_MS, WINDOW_MS};
use crate::mediasfu::records::SipCall;
use crate::mediasfu::request::{Method, Request};

/// The gate's spacing: a window plus its margin after the previous answer.
const SPACING: u64 = WINDOW_MS + MARGIN_MS;
/// Wall-clock time at monotonic 0 (2024-03-01T12:00:00Z).
const WALL0: u64 = 1_709_294_400_000;
const CONFIGS: &str = r#"{"sipConfigs":[{"contactNumber":"+15550001111","provider":"p","autoAgent":{"enabled":true,"type":"AI","outgoingType":"AI"}}]}"#;

/// A request the page sent, and when.
#[derive(Debug, Clone)]
struct Sent {
    id: RequestId,
    request: Request,
    at: u64,
}

struct Harness {
    page: TelephonyPage,
    now: u64,
    /// Sent and not yet answered, oldest first.
    wire: Vec<Sent>,
    /// Every request sent, in order.
    log: Vec<Sent>,
    shown: Vec<Shown>,
    stored_logs: Vec<String>,
    /// Timer wake-ups the page asked for.
    wakeups: u32,
}

fn settings() -> AccountSettings {
    AccountSettings {
        username: "alice1".into(),
        key: "k".repeat(64),
        base_url: "https://mediasfu.example".into(),
        ..AccountSettings::default()
    }
}

fn ok(body: &str) -> Transport {
    Transport::Response {
        status: 200,
        body: body.into(),
        retry_after: None,
    }
}

fn status(code: u16, body: &str) -> Transport {
    Transport::Response {
        status: code,
        body: body.into(),
        retry_after: None,
    }
}

impl Harness {
    fn new() -> Self {
        Harness::with_config(TelephonyConfig::default())
    }

    fn with_config(config: TelephonyConfig) -> Self {
        Harness {
            page: TelephonyPage::new(config),
            now: 0,
            wire: Vec::new(),
            log: Vec::new(),
            shown: Vec::new(),
            stored_logs: Vec::new(),
            wakeups: 0,
        }
    }

    /// Opened with saved settings; the SIP configs answered.
    fn signed_in() -> Self {
        let mut h = Harness::new();
        h.input(Input::Loaded {
            settings: Some(settings()),
            call_log_json: None,
            wall_ms: WALL0,
        })
        .expect("loaded");
        h.answer_next("/v1/sipconfigs/", ok(CONFIGS));
        h
    }

    fn perform(&mut self) {
        while let Some(action) = self.page.poll_action() {
            match action {
                Action::Send { id, request, .. } => {
                    let sent = Sent {
                        id,
                        request,
                        at: self.now,
                    };
                    self.wire.push(sent.clone());
                    self.log.push(sent);
                }
                Action::StoreCallLog(json) => self.stored_logs.push(json),
                Action::Show(s) => self.shown.push(s),
                _ => {}
            }
        }
    }

    fn input(&mut self, input: Input) -> Result<(), Ignored> {
        let verdict = self.page.handle(self.now, input);
        self.perform();
        verdict
    }

    /// Time passes to `t`; the one timer fires at each deadline on the way.
    fn advance_to(&mut self, t: u64) {
        while let Some(d) = self.page.next_deadline() {
            if d > t {
                break;
            }
            assert!(d >= self.now, "a deadline in the past ({d} < {}) would spin", self.now);
            self.now = d;
            self.wakeups += 1;
            assert!(self.wakeups < 100_000, "the page keeps waking up");
            self.page.handle_timeout(d);
            self.perform();
        }
        self.now = t;
    }

    fn advance(&mut self, ms: u64) {
        self.advance_to(self.now + ms);
    }

    /// Until the page sends a request whose path starts with `path` (answering nothing).
    fn wait_for(&mut self, path: &str) -> Sent {
        let until = self.now + 600_000;
        loop {
            if let Some(s) = self.wire.iter().find(|s| s.request.path.starts_with(path)) {
                return s.clone();
            }
            let d = self
                .page
                .next_deadline()
                .unwrap_or_else(|| panic!("nothing due, waiting for {path}; wire {:?}", self.wire));
            assert!(d <= until, "{path} never sent");
            self.advance_to(d.max(self.now));
        }
    }

    fn answer(&mut self, sent: &Sent, transport: Transport) -> Result<(), Ignored> {
        self.wire.retain(|s| s.id != sent.id);
        self.input(Input::Answer {
            id: sent.id,
            transport,
            wall_ms: WALL0 + self.now,
            jitter: 0.5,
        })
    }

    /// Waits for the next request to `path` and answers it after 100 ms.
    fn answer_next(&mut self, path: &str, transport: Transport) -> Sent {
        let sent = self.wait_for(path);
        self.advance(100);
        self.answer(&sent, transport).expect("awaited");
        sent
    }

    fn last_shown<T>(&self, pick: impl Fn(&Shown) -> Option<T>) -> Option<T> {
        self.shown.iter().rev().find_map(pick)
    }

    fn live_calls(&self) -> Vec<SipCall> {
        self.last_shown(|s| match s {
            Shown::LiveCalls(c) => Some(c.clone()),
            _ => None,
        })
        .unwrap_or_default()
    }

    fn poller_state(&self) -> &'static str {
        self.last_shown(|s| match s {
            Shown::PollerLine(line) => Some(line.state()),
            _ => None,
        })
        .unwrap_or("")
    }

    fn sent_paths(&self) -> Vec<String> {
        self.log.iter().map(|s| s.request.path.clone()).collect()
    }
}

/// A `/list` body of `(id, status, start ISO)` records in room `s1`.
fn list(calls: &[(&str, &str, &str)]) -> Transport {
    let items: Vec<String> = calls
        .iter()
        .map(|(id, status, start)| {
            format!(r#"{{"sipCallId":"{id}","status":"{status}","roomName":"s1","startTimeISO":"{start}","direction":"outgoing"}}"#)
        })
        .collect();
    ok(&format!(r#"{{"data":[{}]}}"#, items.join(",")))
}

#[test]
fn signed_out_the_page_sends_nothing_and_never_wakes() {
    let mut h = Harness::new();
    h.input(Input::Loaded {
        settings: None,
        call_log_json: None,
        wall_ms: WALL0,
    })
    .expect("loaded");
    assert_eq!(h.page.next_deadline(), None);
    h.advance(3_600_000);
    assert!(h.log.is_empty());
    assert_eq!(h.wakeups, 0);
    assert_eq!(h.poller_state(), "off");
}

#[test]
fn save_sends_the_configs_first_then_polls_one_window_after_their_answer() {
    let mut h = Harness::new();
    h.input(Input::SaveSettings {
        settings: settings(),
        test_only: false,
    })
    .expect("saved");
    let configs = h.answer_next("/v1/sipconfigs/", ok(CONFIGS));
    assert_eq!(configs.request.method, Method::Get);
    let poll = h.wait_for("/v1/sipcall/list");
    assert_eq!(poll.at, configs.at + 100 + SPACING, "a window plus margin after the answer");
    assert!(h.shown.iter().any(|s| matches!(s, Shown::SettingsSaved(1))));
}

#[test]
fn an_invalid_key_says_why_and_sends_nothing() {
    let mut h = Harness::new();
    let bad = AccountSettings {
        key: "short".into(),
        ..settings()
    };
    h.input(Input::SaveSettings {
        settings: bad,
        test_only: false,
    })
    .expect("handled");
    let line = h
        .last_shown(|s| match s {
            Shown::SettingsLine(n) => n.clone(),
            _ => None,
        })
        .expect("line");
    assert_eq!(line.code(), "CREDENTIALS_INVALID");
    h.advance(60_000);
    assert!(h.log.is_empty());
}

#[test]
fn an_empty_key_field_keeps_the_key_in_use_and_test_only_stores_nothing() {
    let mut h = Harness::signed_in();
    let mut stored = Vec::new();
    let typed = AccountSettings {
        key: String::new(),
        remember: true,
        ..settings()
    };
    h.page
        .handle(h.now, Input::SaveSettings { settings: typed.clone(), test_only: true })
        .expect("tested");
    while let Some(a) = h.page.poll_action() {
        if let Action::StoreSettings(s) = a {
            stored.push(s);
        }
    }
    assert!(stored.is_empty(), "a test stores nothing");
    h.page
        .handle(h.now, Input::SaveSettings { settings: typed, test_only: false })
        .expect("saved");
    while let Some(a) = h.page.poll_action() {
        if let Action::StoreSettings(s) = a {
            stored.push(s);
        }
    }
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].key, settings().key, "the key in use, not an empty one");
    assert!(stored[0].remember);
}
