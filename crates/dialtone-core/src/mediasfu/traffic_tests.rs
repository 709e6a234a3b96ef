use proptest::prelude::*;

use super::*;
use crate::mediasfu::gate::{MARGIN_MS, WINDOW_MS};

const SPACING: u64 = WINDOW_MS + MARGIN_MS;

/// One request that went out in a simulated run.
#[derive(Debug, Clone)]
struct Sent {
    at: u64,
    answered_at: u64,
    poll: bool,
}

/// A user request: when it was submitted, and the bound the gate promises for it.
#[derive(Debug, Clone)]
struct UserWait {
    ticket: Ticket,
    submitted: u64,
    /// Whether another user request was waiting or on the wire when it was submitted (then it
    /// also waits for those; the one-window promise is about polls and the wire).
    behind_users: bool,
}

/// How the simulated service answers.
#[derive(Debug, Clone, Copy)]
enum Reply {
    Ok,
    RateLimited(Option<u64>),
    Lost,
}

/// Runs the page's driver loop on simulated time: user actions at the given moments, the poller
/// polling on its own, the service answering after the given latencies. Returns what was sent,
/// when each user request went out, and the waits to check.
fn simulate(
    interval_ms: u64,
    user_at: &[u64],
    latencies: &[u64],
    replies: &[Reply],
    end_ms: u64,
) -> (Vec<Sent>, Vec<(UserWait, u64)>) {
    let mut traffic = KeyTraffic::new(interval_ms);
    let mut actions: std::collections::VecDeque<u64> = user_at.iter().copied().collect();
    let mut wire: Option<(Outgoing, u64, bool)> = None;
    let mut sent: Vec<Sent> = Vec::new();
    let mut waits: Vec<UserWait> = Vec::new();
    let mut user_sent: Vec<(UserWait, u64)> = Vec::new();
    let mut users_pending = 0usize;
    let mut n = 0usize;
    let mut t = 0u64;
    let mut wakes_at_t = 0;
    loop {
        // The driver: send whatever is due (one at a time), as the page does on every wake.
        if let Some(out) = traffic.next_outgoing(t, true) {
            assert!(wire.is_none(), "one request on the wire at a time");
            let latency = latencies[n % latencies.len()];
            n += 1;
            let is_poll = matches!(out, Outgoing::Poll(_));
            if let Outgoing::Submitted(ticket) = out {
                let i = waits
                    .iter()
                    .position(|w| w.ticket == ticket)
                    .expect("a submitted ticket is a user request here");
                user_sent.push((waits.remove(i), t));
            }
            wire = Some((out, t + latency, is_poll));
            sent.push(Sent {
                at: t,
                answered_at: t + latency,
                poll: is_poll,
            });
        }
        let next = [
            actions.front().copied(),
            wire.map(|(_, at, _)| at),
            traffic.next_deadline(true),
        ]
        .into_iter()
        .flatten()
        .min();
        let Some(next) = next.filter(|n| *n <= end_ms) else {
            break;
        };
        assert!(next >= t, "time never runs backwards: {next} < {t}");
        wakes_at_t = if next == t { wakes_at_t + 1 } else { 0 };
        assert!(wakes_at_t < 10, "the driver makes progress at {t}");
        t = next;
        if let Some((out, at, _)) = wire
            && at == t
        {
            wire = None;
            let reply = replies[n % replies.len()];
            let result: Result<Vec<SipCall>, ApiError> = match reply {
                Reply::Ok => Ok(vec![]),
                Reply::RateLimited(s) => Err(ApiError::RateLimited { retry_after_s: s }),
                Reply::Lost => Err(ApiError::Timeout),
            };
            match out {
                Outgoing::Poll(_) => {
                    traffic.on_poll_answer(t, result, 0.5);
                }
                Outgoing::Submitted(ticket) => {
                    users_pending -= 1;
                    traffic.on_answer(t, ticket, &result, 0.5);
                }
            }
        }
        if actions.front() == Some(&t) {
            actions.pop_front();
            let ticket = traffic.submit(Priority::User);
            waits.push(UserWait {
                ticket,
                submitted: t,
                behind_users: users_pending > 0,
            });
            users_pending += 1;
        }
    }
    (sent, user_sent)
}

/// The absolute moments of user actions from gaps between them.
fn moments(gaps: &[u64]) -> Vec<u64> {
    gaps.iter()
        .scan(0u64, |t, g| {
            *t += g;
            Some(*t)
        })
        .collect()
}

fn reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        8 => Just(Reply::Ok),
        1 => proptest::option::of(0u64..20).prop_map(Reply::RateLimited),
        1 => Just(Reply::Lost),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any sequence of user actions and poll ticks, any answer times: every request goes out at
    /// least a window plus the margin after the previous one was answered (so at least that long
    /// after it was sent), and a user action waits at most one spacing after the answer to
    /// whatever was on the wire when it was made: polls never go ahead of it.
    #[test]
    fn requests_are_always_a_window_plus_margin_apart_and_a_user_action_waits_at_most_one_window(
        interval in 6_000u64..60_000,
        gaps in proptest::collection::vec(0u64..20_000, 0..40),
        latencies in proptest::collection::vec(1u64..4_000, 1..8),
    ) {
        let user_at = moments(&gaps);
        let (sent, user_sent) = simulate(interval, &user_at, &latencies, &[Reply::Ok], 900_000);
        for w in sent.windows(2) {
            prop_assert!(w[1].at >= w[0].answered_at + SPACING, "{:?} then {:?}", w[0], w[1]);
            prop_assert!(w[1].at - w[0].at >= SPACING);
        }
        prop_assert_eq!(user_sent.len(), user_at.len(), "every user action went out");
        for (wait, at) in &user_sent {
            if wait.behind_users {
                continue;
            }
            // The answer to what was on the wire (or the last answer) before it: at most one
            // spacing later it goes, and the request just before it was sent before it was made.
            let before = sent.iter().rposition(|s| s.at < *at);
            let bound = match before {
                Some(i) => {
                    prop_assert!(sent[i].at <= wait.submitted || !sent[i].poll,
                        "a poll jumped ahead of the user action made at {}", wait.submitted);
                    wait.submitted.max(sent[i].answered_at + SPACING)
                }
                None => wait.submitted,
            };
            prop_assert!(*at <= bound, "sent at {at}, bound {bound}");
        }
    }

    /// With rate limits and lost answers in the mix, the spacing still holds.
    #[test]
    fn rate_limits_and_lost_answers_never_shorten_the_spacing(
        interval in 6_000u64..60_000,
        gaps in proptest::collection::vec(0u64..20_000, 0..30),
        latencies in proptest::collection::vec(1u64..15_000, 1..8),
        replies in proptest::collection::vec(reply(), 1..10),
    ) {
        let (sent, _) = simulate(interval, &moments(&gaps), &latencies, &replies, 900_000);
        for w in sent.windows(2) {
            prop_assert!(w[1].at >= w[0].answered_at + SPACING, "{:?} then {:?}", w[0], w[1]);
        }
    }
}

#[test]
fn a_click_right_after_a_poll_goes_one_window_after_the_polls_answer() {
    let mut t = KeyTraffic::new(6_000);
    let Some(Outgoing::Poll(_)) = t.next_outgoing(0, true) else {
        panic!("the first poll goes at once")
    };
    let click = t.submit(Priority::User);
    t.on_poll_answer(300, Ok(vec![]), 0.5);
    assert_eq!(t.next_outgoing(300 + SPACING - 1, true), None);
    assert_eq!(
        t.next_outgoing(300 + SPACING, true),
        Some(Outgoing::Submitted(click))
    );
}

#[test]
fn a_successful_action_brings_the_next_poll_to_one_window_after_its_answer() {
    let mut t = KeyTraffic::new(30_000);
    assert!(matches!(t.next_outgoing(0, true), Some(Outgoing::Poll(_))));
    t.on_poll_answer(100, Ok(vec![]), 0.5);
    let hold = t.submit(Priority::User);
    assert_eq!(
        t.next_outgoing(100 + SPACING, true),
        Some(Outgoing::Submitted(hold))
    );
    let done = 100 + SPACING + 200;
    t.on_answer(done, hold, &Ok::<(), ApiError>(()), 0.5);
    t.poll_soon();
    assert_eq!(t.next_deadline(true), Some(0), "due now; the gate holds it");
    assert_eq!(t.next_outgoing(done + 1, true), None);
    assert!(matches!(
        t.next_outgoing(done + SPACING, true),
        Some(Outgoing::Poll(_))
    ));
}

#[test]
fn a_401_drops_what_waits_and_stops_polling_until_retry() {
    let mut t = KeyTraffic::new(6_000);
    let a = t.submit(Priority::User);
    assert_eq!(t.next_outgoing(0, true), Some(Outgoing::Submitted(a)));
    let b = t.submit(Priority::User);
    let rejected = ApiError::CredentialsRejected {
        disposable: false,
        via_proxy: false,
    };
    assert_eq!(t.on_answer(100, a, &Err::<(), _>(rejected), 0.5), vec![b]);
    assert_eq!(t.next_outgoing(60_000, true), None);
    assert_eq!(t.next_deadline(true), None);
    t.poller_mut().retry();
    assert!(matches!(
        t.next_outgoing(60_000, true),
        Some(Outgoing::Poll(_))
    ));
}

#[test]
fn a_hidden_tab_without_live_calls_withdraws_the_waiting_poll() {
    let mut t = KeyTraffic::new(6_000);
    let a = t.submit(Priority::User);
    assert_eq!(t.next_outgoing(0, true), Some(Outgoing::Submitted(a)));
    assert_eq!(t.next_outgoing(10, true), None, "the poll waits behind the window");
    t.on_answer(100, a, &Ok::<(), ApiError>(()), 0.5);
    assert_eq!(t.next_outgoing(100 + SPACING, false), None);
    assert_eq!(t.next_deadline(false), None);
}

#[test]
fn after_a_reset_the_poll_on_the_wire_still_spaces_but_its_list_is_dropped() {
    let mut t = KeyTraffic::new(6_000);
    assert!(matches!(t.next_outgoing(0, true), Some(Outgoing::Poll(_))));
    let queued = t.submit(Priority::User);
    assert_eq!(t.reset(100), vec![queued]);
    let list = crate::mediasfu::records::parse_call_list(r#"[{"sipCallId":"x","status":"connected"}]"#)
        .expect("list");
    t.on_poll_answer(2_000, Ok(list), 0.5);
    assert!(t.poller().calls().is_empty(), "not the new session's list");
    assert!(t.next_outgoing(2_000 + SPACING - 1, true).is_none(), "spacing still counts");
    assert!(matches!(t.next_outgoing(2_000 + SPACING, true), Some(Outgoing::Poll(_))));
}
