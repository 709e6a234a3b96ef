//! The page going away (its tab closed, reloaded, navigated from): each call ends as the person
//! would end it, and the other side is told now.

use super::*;

/// The call-ends sent, as (to, call id, reason).
fn ends_sent(actions: &[Action]) -> Vec<(String, String, EndReason)> {
    sent(actions)
        .into_iter()
        .filter_map(|m| match m {
            Message::CallEnd(e) => Some((e.to.clone().unwrap_or_default(), e.payload.call_id.clone(), e.payload.reason)),
            _ => None,
        })
        .collect()
}

#[test]
fn leaving_a_connected_call_hangs_it_up_and_tells_the_peer() {
    let mut phone = phone();
    connected_call(&mut phone);
    assert!(phone.view().unwrap().guards_leaving(), "a connected call asks before the page goes");
    phone.handle(10, Input::Leave).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(ended_reason(&actions), Some(EndReason::HungUp));
    assert_eq!(ends_sent(&actions), vec![(ALICE.into(), "c1".into(), EndReason::HungUp)]);
    assert!(!phone.view().unwrap().guards_leaving(), "over: nothing to guard");
}

#[test]
fn leaving_an_outgoing_call_cancels_it_and_asks_nothing() {
    let mut caller = phone();
    ringing_outgoing(&mut caller, 0);
    assert!(!caller.view().unwrap().guards_leaving());
    caller.handle(5, Input::Leave).unwrap();
    let actions = drain(&mut caller);
    assert_eq!(ended_reason(&actions), Some(EndReason::Cancelled));
    assert_eq!(ends_sent(&actions), vec![(ALICE.into(), "c1".into(), EndReason::Cancelled)]);
}

#[test]
fn leaving_while_a_call_rings_here_declines_nothing() {
    let mut callee = phone();
    signal(&mut callee, 0, offer_from(ALICE, "c9")).unwrap();
    drain(&mut callee);
    assert!(!callee.view().unwrap().guards_leaving(), "closing the tab while it rings is not held up");
    // The server tells the caller this side left (unavailable); a decline would say more than happened.
    assert!(callee.handle(5, Input::Leave).is_err());
    assert!(ends_sent(&drain(&mut callee)).is_empty());
}

#[test]
fn leaving_with_a_caller_waiting_turns_them_away_busy_and_hangs_up_the_call() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, offer_from(CAROL, "c7")).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::Leave).unwrap();
    let ends = ends_sent(&drain(&mut phone));
    assert!(ends.contains(&(CAROL.into(), "c7".into(), EndReason::PeerBusy)), "{ends:?}");
    assert!(ends.contains(&(ALICE.into(), "c1".into(), EndReason::HungUp)), "{ends:?}");
}

#[test]
fn leaving_with_no_call_or_one_already_over_changes_nothing() {
    let mut phone = phone();
    assert!(phone.handle(0, Input::Leave).is_err());
    connected_call(&mut phone);
    phone.handle(5, Input::HangUp).unwrap();
    drain(&mut phone);
    assert!(phone.handle(6, Input::Leave).is_err());
    assert!(drain(&mut phone).is_empty());
}
