//! Call waiting: busy, turning a second caller away, switching to them.

use super::*;

#[test]
fn a_second_invitation_during_a_call_waits_and_declining_answers_busy() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    drain(&mut phone);
    signal(&mut phone, 1, offer_from(CAROL, "c7")).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::PlayTone(Tone::CallWaiting)]);
    let waiting = phone.view().unwrap().waiting.unwrap();
    assert_eq!((waiting.peer.as_str(), waiting.call_id.as_str()), (CAROL, "c7"));
    phone.handle(2, Input::RejectWaiting).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions[0], Action::StopTones);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e)
        if e.payload.reason == EndReason::PeerBusy && e.payload.call_id == "c7" && e.to.as_deref() == Some(CAROL)));
    assert_eq!(phone.view().unwrap().peer, ALICE, "the first call is untouched");
    assert_eq!(phone.view().unwrap().waiting, None);
}

#[test]
fn a_third_invitation_while_one_waits_is_busy_at_once() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, offer_from(CAROL, "c7")).unwrap();
    drain(&mut phone);
    signal(&mut phone, 4, offer_from("d-dave", "c8")).unwrap();
    assert!(matches!(sent(&drain(&mut phone))[0], Message::CallEnd(e) if e.payload.call_id == "c8"));
}

#[test]
fn a_waiting_call_unanswered_for_the_ring_time_is_turned_away() {
    let mut phone = Phone::new(CallTimers { ring_ms: 1_000, ..CallTimers::default() });
    let _ = signal(&mut phone, 0, dialtone_client_id(ME));
    connected_call(&mut phone);
    signal(&mut phone, 10, offer_from(CAROL, "c7")).unwrap();
    drain(&mut phone);
    assert_eq!(phone.next_deadline(), Some(1_010));
    phone.handle(1_010, Input::Tick).unwrap();
    assert!(matches!(sent(&drain(&mut phone))[0], Message::CallEnd(e) if e.payload.reason == EndReason::PeerBusy));
    assert_eq!(state(&phone), CallState::Connected);
}

#[test]
fn switching_ends_the_current_call_and_answers_the_waiting_one_with_its_candidates() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, offer_from(CAROL, "c7")).unwrap();
    signal(&mut phone, 4, candidate_from(CAROL, "c7", 1)).unwrap();
    drain(&mut phone);
    phone.handle(5, Input::SwitchToWaiting).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e)
        if e.payload.reason == EndReason::Switched && e.to.as_deref() == Some(ALICE)));
    assert!(actions.iter().any(|a| matches!(a, Action::Ended(r) if r.reason == EndReason::Switched)));
    assert!(actions.contains(&Action::CreatePeerConnection));
    assert!(actions.contains(&Action::AcquireMedia(MediaKind::Audio)), "answered at once: {actions:?}");
    let view = phone.view().unwrap();
    assert_eq!((view.peer.as_str(), view.state), (CAROL, CallState::InvitationAccepted));
    phone.handle(6, Input::RemoteDescriptionApplied).unwrap();
    // Its candidates, then its answer, which does not wait for the microphone.
    assert_eq!(
        drain(&mut phone),
        vec![Action::AddRemoteCandidate(candidate(1, Some("c7"))), Action::PrepareSending(MediaKind::Audio), Action::CreateAnswer]
    );
}

#[test]
fn when_the_current_call_ends_the_waiting_one_rings() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, offer_from(CAROL, "c7")).unwrap();
    drain(&mut phone);
    signal(&mut phone, 4, end_from(ALICE, "c1", EndReason::HungUp)).unwrap();
    let actions = drain(&mut phone);
    assert!(actions.iter().any(|a| matches!(a, Action::ApplyRemoteDescription(_))), "{actions:?}");
    let view = phone.view().unwrap();
    assert_eq!((view.peer.as_str(), view.state, view.waiting), (CAROL, CallState::InvitationReceived, None));
    // Like any invitation, it rings once its offer is applied.
    assert!(!actions.contains(&Action::PlayTone(Tone::Ringtone)));
    phone.handle(20, Input::RemoteDescriptionApplied).unwrap();
    assert!(drain(&mut phone).contains(&Action::PlayTone(Tone::Ringtone)));
}

#[test]
fn a_waiting_caller_who_gives_up_stops_waiting() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, offer_from(CAROL, "c7")).unwrap();
    signal(&mut phone, 4, end_from(CAROL, "c7", EndReason::Cancelled)).unwrap();
    assert_eq!(phone.view().unwrap().waiting, None);
    assert_eq!(state(&phone), CallState::Connected);
}

#[test]
fn an_invitation_given_up_for_a_crossing_one_is_withdrawn_and_never_rings_again() {
    // Found by the two-phone property test: Alice cancelled her call before Bob's invitation
    // reached her, so she took Bob's as a plain call and accepted it, while Bob had dropped his
    // for hers. Bob now says his call is withdrawn, and her later frames for it (a renegotiation
    // offer) no longer ring at Bob as a new call.
    let mut bob = phone();
    ringing_outgoing(&mut bob, 0);
    signal(&mut bob, 1, offer_from(ALICE, "alice-call")).unwrap();
    let actions = drain(&mut bob);
    let withdrawn = sent(&actions).into_iter().any(|m| matches!(m,
        Message::CallEnd(end) if end.payload.call_id == "c1" && end.payload.reason == EndReason::Cancelled));
    assert!(withdrawn, "Bob's own invitation is withdrawn: {actions:?}");
    signal(&mut bob, 2, end_from(ALICE, "alice-call", EndReason::Cancelled)).unwrap();
    drain(&mut bob);
    assert!(signal(&mut bob, 3, offer_from(ALICE, "c1")).is_err(), "a frame of the withdrawn call is no invitation");
    assert!(!bob.in_call());
}
