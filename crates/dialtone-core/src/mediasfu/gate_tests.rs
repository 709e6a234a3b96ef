use super::*;

const SPACING: u64 = WINDOW_MS + MARGIN_MS;

#[test]
fn the_first_request_goes_at_once_and_the_next_one_a_window_plus_margin_after_its_answer() {
    let mut g = RequestGate::default();
    let a = g.submit(Priority::User);
    assert_eq!(g.due(1_000), Some(a));
    assert!(g.dispatch(1_000, a));
    let b = g.submit(Priority::User);
    assert_eq!(g.due(9_000), None, "one on the wire at a time");
    // A slow answer: the window runs from it, not from the send.
    g.on_answer(3_000, a, Answer::Answered);
    assert_eq!(g.next_deadline(), Some(3_000 + SPACING));
    assert_eq!(g.due(3_000 + SPACING - 1), None);
    assert_eq!(g.due(3_000 + SPACING), Some(b));
}

#[test]
fn user_requests_go_before_background_ones_first_come_first_served_within_each() {
    let mut g = RequestGate::default();
    let poll = g.submit(Priority::Background);
    let click = g.submit(Priority::User);
    let save = g.submit(Priority::User);
    let mut order = Vec::new();
    let mut now = 0;
    while let Some(t) = g.due(now) {
        assert!(g.dispatch(now, t));
        order.push(t);
        g.on_answer(now + 100, t, Answer::Answered);
        now += 100 + SPACING;
    }
    assert_eq!(order, vec![click, save, poll]);
}

#[test]
fn nobody_jumps_the_queue_or_the_window() {
    let mut g = RequestGate::default();
    let first = g.submit(Priority::User);
    let second = g.submit(Priority::User);
    assert!(!g.dispatch(0, second), "not its turn");
    assert!(g.dispatch(0, first));
    g.on_answer(10, first, Answer::Answered);
    assert!(!g.dispatch(20, second), "the window is closed");
    assert!(g.dispatch(10 + SPACING, second));
}

#[test]
fn a_429_with_a_longer_retry_after_keeps_the_gate_shut_that_long_plus_the_margin() {
    let mut g = RequestGate::default();
    let a = g.submit(Priority::User);
    assert!(g.dispatch(0, a));
    g.on_answer(
        100,
        a,
        Answer::RateLimited {
            retry_after_ms: Some(12_000),
        },
    );
    g.submit(Priority::User);
    assert_eq!(g.next_deadline(), Some(100 + 12_000 + MARGIN_MS));
    // A shorter Retry-After never opens it before the window.
    let mut g = RequestGate::default();
    let a = g.submit(Priority::User);
    assert!(g.dispatch(0, a));
    g.on_answer(
        100,
        a,
        Answer::RateLimited {
            retry_after_ms: Some(1_000),
        },
    );
    g.submit(Priority::User);
    assert_eq!(g.next_deadline(), Some(100 + SPACING));
}

#[test]
fn no_answer_counts_like_an_answer_at_that_moment() {
    let mut g = RequestGate::default();
    let a = g.submit(Priority::User);
    assert!(g.dispatch(0, a));
    g.on_answer(15_000, a, Answer::NoAnswer);
    g.submit(Priority::User);
    assert_eq!(g.next_deadline(), Some(15_000 + SPACING));
}

#[test]
fn a_withdrawn_ticket_leaves_the_queue_and_one_on_the_wire_counts_as_unanswered() {
    let mut g = RequestGate::default();
    let a = g.submit(Priority::User);
    let b = g.submit(Priority::User);
    g.cancel(0, b);
    assert!(!g.is_waiting(b));
    assert!(g.dispatch(0, a));
    g.cancel(2_000, a);
    assert!(!g.is_on_the_wire());
    let c = g.submit(Priority::User);
    assert_eq!(g.due(2_000 + SPACING), Some(c));
}

#[test]
fn dropping_the_queue_keeps_the_one_on_the_wire() {
    let mut g = RequestGate::default();
    let a = g.submit(Priority::User);
    assert!(g.dispatch(0, a));
    let b = g.submit(Priority::User);
    let c = g.submit(Priority::Background);
    assert_eq!(g.drop_waiting(), vec![b, c]);
    assert!(g.is_on_the_wire());
    assert_eq!(g.next_deadline(), None);
}

#[test]
fn the_wait_estimate_counts_the_opening_and_the_requests_ahead() {
    let mut g = RequestGate::default();
    assert_eq!(g.wait_estimate_ms(0, Priority::User), 0);
    let a = g.submit(Priority::User);
    assert!(g.dispatch(0, a));
    g.on_answer(500, a, Answer::Answered);
    g.submit(Priority::Background);
    assert_eq!(g.wait_estimate_ms(1_000, Priority::User), 500 + SPACING - 1_000);
    assert_eq!(
        g.wait_estimate_ms(1_000, Priority::Background),
        500 + SPACING - 1_000 + SPACING,
        "behind the poll already waiting"
    );
}
