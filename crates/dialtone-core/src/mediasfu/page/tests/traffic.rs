//! Ticks, request ids, errors that stop polling, and the SIP-config cadence.

use super::*;
use crate::mediasfu::controls::ControlState;
use crate::mediasfu::request::{Control, ControlKind};

impl Harness {
    /// Runs to `t`, answering every request 100 ms after it went out with `reply`.
    fn run_until(&mut self, t: u64, mut reply: impl FnMut(&Sent) -> Transport) {
        loop {
            if let Some(sent) = self.wire.first().cloned() {
                let at = (sent.at + 100).max(self.now);
                if at > t {
                    break;
                }
                self.advance_to(at);
                let transport = reply(&sent);
                self.answer(&sent, transport).expect("awaited");
                continue;
            }
            match self.page.next_deadline() {
                Some(d) if d <= t => self.advance_to(d.max(self.now)),
                _ => break,
            }
        }
        self.advance_to(t);
    }

    fn polls(&self) -> Vec<u64> {
        self.log
            .iter()
            .filter(|s| s.request.path == "/v1/sipcall/list")
            .map(|s| s.at)
            .collect()
    }

    fn control_state(&self, id: &str, kind: ControlKind) -> Option<ControlState> {
        self.last_shown(|s| match s {
            Shown::Controls(c) => Some(c.get(id).and_then(|c| c.state(kind).cloned())),
            _ => None,
        })
        .flatten()
    }
}

fn empty_list(_: &Sent) -> Transport {
    ok(r#"{"data":[]}"#)
}

#[test]
fn polls_come_every_interval_from_one_timer_and_the_page_sleeps_in_between() {
    let mut h = Harness::signed_in();
    let woke_before = h.wakeups;
    h.run_until(120_000, empty_list);
    let polls = h.polls();
    assert!(polls.len() >= 18, "{polls:?}");
    for pair in polls.windows(2) {
        assert_eq!(pair[1] - pair[0], 6_000, "{polls:?}");
    }
    // One wake-up per poll and none in between: no polling of our own clock.
    assert_eq!(h.wakeups - woke_before, polls.len() as u32);
}

#[test]
fn a_hidden_tab_stops_polling_unless_a_call_is_live() {
    let mut h = Harness::signed_in();
    h.run_until(20_000, empty_list);
    h.input(Input::Visibility { hidden: true }).expect("hidden");
    let before = h.polls().len();
    h.run_until(80_000, empty_list);
    assert_eq!(h.polls().len(), before, "no poll while hidden");
    let refresh = h.page.config_fetch.next_deadline();
    assert_eq!(h.page.next_deadline(), refresh, "only the hourly refresh is left");
    h.input(Input::Visibility { hidden: false }).expect("shown");
    assert_eq!(h.wire.last().map(|s| s.request.path.as_str()), Some("/v1/sipcall/list"), "polls on return");
    // With a call live, hiding the tab does not stop polling.
    h.run_until(81_000, |_| list(&[("c1", "ringing", "2024-03-01T12:00:00Z")]));
    h.input(Input::Visibility { hidden: true }).expect("hidden");
    let before = h.polls().len();
    h.run_until(120_000, |_| list(&[("c1", "ringing", "2024-03-01T12:00:00Z")]));
    assert!(h.polls().len() >= before + 6, "{:?}", h.polls());
}

#[test]
fn answers_are_matched_by_request_id_and_an_unknown_or_repeated_id_is_refused() {
    let mut h = Harness::signed_in();
    let poll = h.wait_for("/v1/sipcall/list");
    h.advance(100);
    let made_up = Sent {
        id: RequestId(999),
        ..poll.clone()
    };
    assert!(h.answer(&made_up, ok("[]")).is_err());
    h.answer(&poll, list(&[("c1", "connected", "2024-03-01T12:00:00Z")]))
        .expect("the poll's answer");
    assert!(h.answer(&poll, ok("[]")).is_err(), "answered once only");
    assert_eq!(h.live_calls().len(), 1, "the refused answers changed nothing");
    // A control and the next poll: each answer goes to the request it belongs to.
    let hold = hold_answered(&mut h, "c1");
    assert!(matches!(
        h.control_state("c1", ControlKind::Hold),
        Some(ControlState::AwaitingPoll { .. })
    ));
    // The 2xx asked for a poll at the earliest moment: one window after the hold's answer.
    let next = h.wait_for("/v1/sipcall/list");
    assert_eq!(next.at, h.now.max(hold.at + 100 + SPACING));
    h.advance(100);
    let on_hold = ok(r#"{"data":[{"sipCallId":"c1","status":"on-hold","onHold":true}]}"#);
    h.answer(&next, on_hold).expect("poll");
    assert!(matches!(
        h.control_state("c1", ControlKind::Hold),
        Some(ControlState::Confirmed { .. })
    ));
}

#[test]
fn an_answer_to_a_request_sent_before_sign_out_only_counts_for_spacing() {
    let mut h = Harness::signed_in();
    let poll = h.wait_for("/v1/sipcall/list");
    h.input(Input::SignOut).expect("signed out");
    h.input(Input::SaveSettings {
        settings: AccountSettings {
            username: "bobby2".into(),
            ..settings()
        },
        test_only: false,
    })
    .expect("saved");
    assert!(h.wire.len() == 1, "the new configs request waits for the old poll's answer");
    h.advance(2_000);
    h.answer(&poll, list(&[("c1", "connected", "2024-03-01T12:00:00Z")]))
        .expect("still awaited");
    assert!(h.live_calls().is_empty(), "not this account's list");
    assert!(h.page.call_log().entries.is_empty());
    let configs = h.wait_for("/v1/sipconfigs/");
    assert_eq!(configs.at, poll.at + 2_000 + SPACING);
}

#[test]
fn three_failures_stop_polling_and_mark_the_list_stale_until_retry() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    h.run_until(60_000, |_| status(500, "{}"));
    assert_eq!(h.poller_state(), "stale");
    let polls = h.polls().len();
    assert_eq!(polls, 4, "one success, then three failures");
    h.run_until(3_000_000, |_| status(500, "{}"));
    assert_eq!(h.polls().len(), polls, "stopped: no more polls");
    assert_eq!(h.live_calls().len(), 1, "the list stays on screen");
    let text = h
        .last_shown(|s| match s {
            Shown::PollerLine(line) => Some(line.english()),
            _ => None,
        })
        .expect("line");
    // The last success was answered at 5.6 s after 12:00:00 UTC.
    assert!(text.starts_with("Stale since 12:00:05 UTC"), "{text}");
    h.input(Input::Retry).expect("retry");
    h.run_until(3_010_000, empty_list);
    assert!(h.polls().len() > polls, "polling again");
    assert_eq!(h.poller_state(), "ok");
}

#[test]
fn a_401_stops_all_traffic_fails_the_queued_control_and_raises_the_banner() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    let poll = h.wait_for("/v1/sipcall/list");
    h.input(Input::Control {
        call_id: "c1".into(),
        control: Control::StopAgent,
    })
    .expect("queued behind the poll");
    h.advance(100);
    h.answer(&poll, status(401, r#"{"error":"bad key"}"#)).expect("answered");
    let banner = h
        .last_shown(|s| match s {
            Shown::Banner(b) => b.clone(),
            _ => None,
        })
        .expect("banner");
    assert_eq!(banner.notice.code, "CREDENTIALS_REJECTED");
    match h.control_state("c1", ControlKind::Agent) {
        Some(ControlState::Failed { error, .. }) => assert_eq!(error.code(), "CREDENTIALS_REJECTED"),
        other => panic!("{other:?}"),
    }
    let sent = h.log.len();
    h.run_until(600_000, empty_list);
    assert_eq!(h.log.len(), sent, "nothing more is sent until Retry");
    assert_eq!(h.poller_state(), "stopped");
}

#[test]
fn sip_configs_are_fetched_at_save_then_again_only_after_an_hour() {
    let mut h = Harness::signed_in();
    let configs = |h: &Harness| h.sent_paths().iter().filter(|p| p.starts_with("/v1/sipconfigs/")).count();
    h.run_until(3_599_000, empty_list);
    assert_eq!(configs(&h), 1);
    h.run_until(3_700_000, |s| {
        if s.request.path.starts_with("/v1/sipconfigs/") { ok(CONFIGS) } else { ok("[]") }
    });
    assert_eq!(configs(&h), 2, "{:?}", h.sent_paths());
}

#[test]
fn a_rate_limited_config_fetch_is_tried_again_after_its_wait() {
    let mut h = Harness::new();
    h.input(Input::SaveSettings { settings: settings(), test_only: false }).expect("saved");
    let first = h.answer_next("/v1/sipconfigs/", status(429, r#"{"error":"Too many requests"}"#));
    let notice = h
        .last_shown(|s| match s {
            Shown::CallerIdNotice(n) => n.clone(),
            _ => None,
        })
        .expect("notice");
    assert_eq!(notice.state(), "retrying");
    h.run_until(60_000, |s| {
        if s.request.path.starts_with("/v1/sipconfigs/") { ok(CONFIGS) } else { ok("[]") }
    });
    let again: Vec<&Sent> = h.log.iter().filter(|s| s.request.path.starts_with("/v1/sipconfigs/")).collect();
    assert_eq!(again.len(), 2);
    assert!(again[1].at >= first.at + 100 + SPACING);
    let configs = h.last_shown(|s| match s {
        Shown::Configs(c) => Some(c.len()),
        _ => None,
    });
    assert_eq!(configs, Some(1));
}

#[test]
fn live_calls_are_shown_newest_first_without_the_ended_ones() {
    let mut h = Harness::signed_in();
    h.answer_next(
        "/v1/sipcall/list",
        list(&[
            ("old", "connected", "2024-03-01T11:00:00Z"),
            ("gone", "ended", "2024-03-01T11:30:00Z"),
            ("new", "ringing", "2024-03-01T11:59:00Z"),
        ]),
    );
    let ids: Vec<String> = h.live_calls().into_iter().map(|c| c.sip_call_id).collect();
    assert_eq!(ids, ["new", "old"]);
}

#[test]
fn a_control_no_poll_confirms_is_given_up_on_30_s_after_its_2xx_even_with_no_poll_answered() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    hold_answered(&mut h, "c1");
    let answered_at = h.now;
    assert!(matches!(h.control_state("c1", ControlKind::Hold), Some(ControlState::AwaitingPoll { .. })));
    // From here no poll is answered (they hang): the 30 s still run out on time, not at a poll.
    h.advance_to(answered_at + 29_999);
    assert!(matches!(h.control_state("c1", ControlKind::Hold), Some(ControlState::AwaitingPoll { .. })));
    h.advance_to(answered_at + 30_000);
    match h.control_state("c1", ControlKind::Hold) {
        Some(ControlState::Failed { error, .. }) => assert_eq!(error.code(), "NOT_CONFIRMED"),
        other => panic!("{other:?}"),
    }
}

/// Puts `call` on hold and answers the request with a 2xx 100 ms later; returns the request.
fn hold_answered(h: &mut Harness, call: &str) -> Sent {
    h.input(Input::Control {
        call_id: call.into(),
        control: Control::Hold {
            message: String::new(),
            pause_recording: true,
        },
    })
    .expect("hold");
    let hold = h.wait_for(&format!("/v1/sipcall/{call}/hold"));
    h.advance(100);
    h.answer(&hold, ok("{}")).expect("hold answered");
    hold
}
