//! When an incoming call rings: after its offer is applied, or after `RINGTONE_WAIT_MS`.

use super::*;

fn rings(actions: &[Action]) -> bool {
    actions.contains(&Action::PlayTone(Tone::Ringtone))
}

#[test]
fn an_offer_slow_to_apply_rings_when_the_wait_is_over_and_only_once() {
    let mut phone = phone();
    signal(&mut phone, 100, offer_from(ALICE, "c9")).unwrap();
    assert!(!rings(&drain(&mut phone)));
    assert_eq!(phone.next_deadline(), Some(100 + RINGTONE_WAIT_MS), "the page wakes to ring");
    phone.handle(100 + RINGTONE_WAIT_MS - 1, Input::Tick).unwrap();
    assert!(!rings(&drain(&mut phone)));
    phone.handle(100 + RINGTONE_WAIT_MS, Input::Tick).unwrap();
    assert!(rings(&drain(&mut phone)));
    // The offer applied afterwards does not start a second ringtone.
    phone.handle(500, Input::RemoteDescriptionApplied).unwrap();
    assert!(!rings(&drain(&mut phone)));
    assert!(phone.next_deadline().is_some_and(|at| at > 500), "only the ring timer is left");
}

#[test]
fn a_call_accepted_before_its_offer_is_applied_never_rings() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(5, Input::Accept).unwrap();
    phone.handle(40, Input::RemoteDescriptionApplied).unwrap();
    phone.handle(5 + RINGTONE_WAIT_MS, Input::Tick).unwrap();
    let actions = drain(&mut phone);
    assert!(!rings(&actions), "{actions:?}");
    assert!(actions.iter().any(|a| matches!(a, Action::CreateAnswer)), "the answer still goes: {actions:?}");
}

#[test]
fn a_declined_call_does_not_ring_afterwards() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(5, Input::Reject).unwrap();
    phone.handle(RINGTONE_WAIT_MS, Input::Tick).unwrap();
    assert!(!rings(&drain(&mut phone)));
}

#[test]
fn an_offer_this_browser_refuses_ends_the_call_without_ringing() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(20, Input::RemoteDescriptionFailed).unwrap();
    let actions = drain(&mut phone);
    assert!(!rings(&actions), "{actions:?}");
    assert_eq!(ended_reason(&actions), Some(EndReason::BadSdp));
}

#[test]
fn a_caller_who_hangs_up_before_the_offer_is_applied_is_never_rung_for() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    signal(&mut phone, 10, end_from(ALICE, "c9", EndReason::Cancelled)).unwrap();
    phone.handle(RINGTONE_WAIT_MS, Input::Tick).unwrap();
    assert!(!rings(&drain(&mut phone)));
}
