use super::*;
use crate::mediasfu::records::parse_call_list;

fn calls(body: &str) -> Vec<SipCall> {
    parse_call_list(body).expect("list")
}

/// Drive the poller at 100 ms resolution, answering every poll with `answer`; returns send times.
fn run(
    p: &mut ListPoller,
    from: u64,
    to: u64,
    mut answer: impl FnMut(u64) -> Result<Vec<SipCall>, ApiError>,
) -> Vec<u64> {
    let mut sent = Vec::new();
    let mut t = from;
    while t <= to {
        if p.poll_due(t) {
            p.on_poll_sent(t);
            sent.push(t);
            p.on_poll_result(t + 50, answer(t), 0.5);
        }
        t += 100;
    }
    sent
}

#[test]
fn poll_interval_is_clamped_to_6_to_60_s_never_faster() {
    assert_eq!(ListPoller::new(1_000).interval_ms(), 6_000);
    assert_eq!(ListPoller::new(600_000).interval_ms(), 60_000);
    let mut p = ListPoller::new(6_000);
    let sent = run(&mut p, 0, 60_000, |_| Ok(vec![]));
    assert!(sent.windows(2).all(|w| w[1] - w[0] >= 6_000), "{sent:?}");
    assert_eq!(sent.len(), 11);
}

#[test]
fn a_view_asking_within_3_s_of_a_response_gets_the_cache() {
    let mut p = ListPoller::new(6_000);
    p.on_poll_sent(0);
    p.on_poll_result(100, Ok(vec![]), 0.5);
    assert!(p.cache_is_fresh(3_000));
    assert!(!p.cache_is_fresh(3_100));
}

#[test]
fn a_successful_action_invalidates_the_cache_and_asks_for_a_poll_at_once() {
    let mut p = ListPoller::new(30_000);
    p.on_poll_sent(0);
    p.on_poll_result(100, Ok(vec![]), 0.5);
    p.on_action_succeeded();
    assert!(!p.cache_is_fresh(2_100));
    // Not 30 s after the last poll: now (the gate then holds it a window after the last answer).
    assert_eq!(p.next_poll_at(), Some(0));
}

#[test]
fn rate_limit_backs_off_from_12_s_doubling_to_120_s_with_jitter() {
    let mut p = ListPoller::new(6_000);
    let mut waits = Vec::new();
    let mut t = 0;
    for _ in 0..6 {
        p.on_poll_sent(t);
        p.on_poll_result(
            t,
            Err(ApiError::RateLimited {
                retry_after_s: None,
            }),
            0.5,
        );
        let next = p.next_poll_at().expect("still polling");
        waits.push(next - t);
        t = next;
    }
    assert_eq!(waits, [12_000, 24_000, 48_000, 96_000, 120_000, 120_000]);
    // ±20 % jitter.
    let mut q = ListPoller::new(6_000);
    q.on_poll_result(
        0,
        Err(ApiError::RateLimited {
            retry_after_s: None,
        }),
        0.0,
    );
    assert_eq!(q.next_poll_at(), Some(9_600));
    let mut q = ListPoller::new(6_000);
    q.on_poll_result(
        0,
        Err(ApiError::RateLimited {
            retry_after_s: None,
        }),
        1.0,
    );
    assert_eq!(q.next_poll_at(), Some(14_400));
}

#[test]
fn a_longer_retry_after_is_honoured_up_to_600_s() {
    let mut p = ListPoller::new(6_000);
    p.on_poll_result(
        0,
        Err(ApiError::RateLimited {
            retry_after_s: Some(90),
        }),
        0.5,
    );
    assert_eq!(p.next_poll_at(), Some(90_000));
    let mut p = ListPoller::new(6_000);
    p.on_poll_result(
        0,
        Err(ApiError::RateLimited {
            retry_after_s: Some(5_000),
        }),
        0.5,
    );
    assert_eq!(p.next_poll_at(), Some(600_000));
}

#[test]
fn rate_limited_status_shows_retrying_in_n_s_and_resets_after_a_success() {
    let mut p = ListPoller::new(6_000);
    p.on_poll_sent(0);
    p.on_poll_result(
        0,
        Err(ApiError::RateLimited {
            retry_after_s: None,
        }),
        0.5,
    );
    assert_eq!(
        p.status(2_000),
        PollerStatus::RateLimited { retry_in_s: 10 }
    );
    p.on_poll_sent(12_000);
    p.on_poll_result(12_100, Ok(vec![]), 0.5);
    assert_eq!(p.status(12_200), PollerStatus::Ok);
    // The streak is reset: the next 429 waits 12 s again, not 24 s.
    p.on_poll_result(
        20_000,
        Err(ApiError::RateLimited {
            retry_after_s: None,
        }),
        0.5,
    );
    assert_eq!(p.next_poll_at(), Some(32_000));
}

#[test]
fn rate_limits_do_not_count_toward_the_failure_limit() {
    let mut p = ListPoller::new(6_000);
    for i in 0..10 {
        p.on_poll_result(
            i * 200_000,
            Err(ApiError::RateLimited {
                retry_after_s: None,
            }),
            0.5,
        );
    }
    assert!(!p.is_halted());
}

#[test]
fn three_consecutive_failures_stop_and_mark_the_list_stale_and_retry_restarts() {
    let mut p = ListPoller::new(6_000);
    p.on_poll_sent(0);
    p.on_poll_result(
        100,
        Ok(calls(r#"[{"sipCallId":"p1","status":"connected"}]"#)),
        0.5,
    );
    let sent = run(&mut p, 6_000, 120_000, |_| {
        Err(ApiError::ServerError { status: 500 })
    });
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(p.is_halted());
    match p.status(130_000) {
        PollerStatus::Stale { since_ms, .. } => assert_eq!(since_ms, 100, "the last success"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        p.calls().len(),
        1,
        "the list is never emptied because of an error"
    );
    p.retry();
    assert!(p.poll_due(130_000));
}

#[test]
fn status_401_and_403_stop_the_poller_immediately() {
    for e in [
        ApiError::CredentialsRejected {
            disposable: false,
            via_proxy: false,
        },
        ApiError::AccessDenied,
    ] {
        let mut p = ListPoller::new(6_000);
        p.on_poll_sent(0);
        p.on_poll_result(100, Err(e.clone()), 0.5);
        assert_eq!(p.next_poll_at(), None);
        assert_eq!(p.status(200), PollerStatus::Stopped { error: e });
    }
}

#[test]
fn active_calls_view_shows_non_ended_calls_newest_first() {
    let mut p = ListPoller::new(6_000);
    p.on_poll_result(
        0,
        Ok(calls(
            r#"[
        {"sipCallId":"a","status":"connected","startTimeISO":"2024-01-01T10:00:00Z"},
        {"sipCallId":"b","status":"ended","startTimeISO":"2024-01-01T11:00:00Z"},
        {"sipCallId":"c","status":"ringing","startTimeISO":"2024-01-01T12:00:00Z"}]"#,
        )),
        0.5,
    );
    let ids: Vec<_> = p
        .live_calls()
        .iter()
        .map(|c| c.sip_call_id.as_str())
        .collect();
    assert_eq!(ids, ["c", "a"]);
}

#[test]
fn hidden_tab_pauses_the_poller_only_when_no_call_is_live() {
    assert!(poller_should_run(true, false, false));
    assert!(!poller_should_run(true, false, true));
    assert!(poller_should_run(false, true, true));
    assert!(!poller_should_run(false, false, false));
}

#[test]
fn a_401_on_any_request_stops_the_poller_until_retry() {
    let mut p = ListPoller::new(6_000);
    p.stop_on(&ApiError::Timeout);
    assert!(!p.is_halted(), "only 401/403 stop it");
    p.stop_on(&ApiError::CredentialsRejected {
        disposable: false,
        via_proxy: false,
    });
    assert_eq!(p.next_poll_at(), None);
    p.retry();
    assert!(p.poll_due(0));
}
