//! Placing, ringing, answering, ending: the call from invitation to hang-up.

use super::*;

#[test]
fn local_candidates_gathered_before_the_invitation_follow_it_in_order() {
    let mut phone = phone();
    phone
        .handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() })
        .unwrap();
    phone.handle(0, Input::MediaAcquired).unwrap();
    phone.handle(0, Input::LocalCandidate(candidate(1, None))).unwrap();
    phone.handle(0, Input::LocalCandidate(candidate(2, None))).unwrap();
    drain(&mut phone);
    phone.handle(0, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    let actions = drain(&mut phone);
    let kinds: Vec<String> = sent(&actions).iter().map(|m| m.kind().to_string()).collect();
    assert_eq!(kinds, vec!["offer", "ice-candidate", "ice-candidate"]);
    let Message::IceCandidate(first) = sent(&actions)[1] else { unreachable!() };
    assert_eq!(first.payload.call_id.as_deref(), Some("c1"));
    assert_eq!(first.payload.candidate, candidate(1, None).candidate);
}

#[test]
fn an_invitation_applies_the_offer_at_once_and_rings_once_it_is_applied() {
    let mut phone = phone();
    signal(&mut phone, 5, offer_from(ALICE, "c9")).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions.len(), 2, "{actions:?}");
    assert_eq!(actions[0], Action::CreatePeerConnection);
    assert!(matches!(actions[1], Action::ApplyRemoteDescription(_)));
    phone.handle(30, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::PlayTone(Tone::Ringtone)]);
    let view = phone.view().unwrap();
    assert_eq!((view.direction, view.state, view.peer.as_str()), (Direction::Incoming, CallState::InvitationReceived, ALICE));
}

#[test]
fn callee_buffers_candidates_until_the_offer_is_applied_then_releases_them_in_order() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    signal(&mut phone, 1, candidate_from(ALICE, "c9", 1)).unwrap();
    signal(&mut phone, 2, candidate_from(ALICE, "c9", 2)).unwrap();
    drain(&mut phone);
    phone.handle(3, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(
        drain(&mut phone),
        vec![
            Action::AddRemoteCandidate(candidate(1, Some("c9"))),
            Action::AddRemoteCandidate(candidate(2, Some("c9"))),
            Action::PlayTone(Tone::Ringtone),
        ]
    );
}

#[test]
fn accepting_before_the_offer_is_applied_answers_once_it_is() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(1, Input::Accept).unwrap();
    phone.handle(2, Input::MediaAcquired).unwrap();
    drain(&mut phone);
    phone.handle(3, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateAnswer]);
}

#[test]
fn the_answer_stops_ringback_and_is_applied() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 100, answer_from(ALICE, "c1")).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions[0], Action::StopTones);
    assert!(matches!(&actions[1], Action::ApplyRemoteDescription(d) if d.sdp_type == SdpType::Answer));
    assert_eq!(state(&phone), CallState::AnswerReceived);
    phone.handle(110, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(state(&phone), CallState::Negotiated);
}

#[test]
fn an_answer_from_someone_else_is_ignored() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    assert!(signal(&mut phone, 1, answer_from(CAROL, "c1")).is_err());
    assert!(signal(&mut phone, 1, answer_from(ALICE, "other")).is_err());
    assert_eq!(state(&phone), CallState::InvitationSent);
}

#[test]
fn connected_records_the_connect_time_and_hang_up_reports_the_duration() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 100, answer_from(ALICE, "c1")).unwrap();
    phone.handle(200, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    assert_eq!(phone.view().unwrap().connected_at, Some(200));
    drain(&mut phone);
    phone.handle(5_200, Input::HangUp).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::HungUp));
    assert!(actions.contains(&Action::ReleaseCall));
    let record = phone.view().unwrap().ended.unwrap();
    assert_eq!((record.reason, record.duration_ms()), (EndReason::HungUp, 5_000));
}

#[test]
fn rejecting_tells_the_caller_who_ends_with_rejected() {
    let mut callee = phone();
    signal(&mut callee, 0, offer_from(ALICE, "c9")).unwrap();
    drain(&mut callee);
    callee.handle(1, Input::Reject).unwrap();
    let actions = drain(&mut callee);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::Rejected));
    assert_eq!(ended_reason(&actions), Some(EndReason::Rejected));

    let mut caller = phone();
    ringing_outgoing(&mut caller, 0);
    signal(&mut caller, 1, end_from(ALICE, "c1", EndReason::Rejected)).unwrap();
    assert_eq!(ended_reason(&drain(&mut caller)), Some(EndReason::Rejected));
}

#[test]
fn hanging_up_while_ringing_cancels() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    phone.handle(1, Input::HangUp).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::Cancelled));
}

#[test]
fn no_answer_within_the_ring_timer_ends_both_sides() {
    let timers = CallTimers { ring_ms: 1_000, ..CallTimers::default() };
    let mut phone = Phone::new(timers);
    ringing_outgoing(&mut phone, 0);
    assert_eq!(phone.next_deadline(), Some(1_000));
    phone.handle(999, Input::Tick).unwrap();
    assert_eq!(state(&phone), CallState::InvitationSent);
    phone.handle(1_000, Input::Tick).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::NoAnswer));
    assert_eq!(ended_reason(&actions), Some(EndReason::NoAnswer));
}

#[test]
fn a_denied_microphone_ends_the_call_before_anything_is_sent() {
    let mut phone = phone();
    phone
        .handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() })
        .unwrap();
    drain(&mut phone);
    phone.handle(1, Input::MediaFailed(EndReason::MicPermissionDenied)).unwrap();
    let actions = drain(&mut phone);
    assert!(sent(&actions).is_empty());
    assert_eq!(ended_reason(&actions), Some(EndReason::MicPermissionDenied));
}

#[test]
fn crossing_invitations_resolve_to_the_smaller_ids_call() {
    // Bob (m-bob) calls Alice (a-alice) while she calls him: her id is smaller, her call wins.
    let mut bob = phone();
    ringing_outgoing(&mut bob, 0);
    signal(&mut bob, 1, offer_from(ALICE, "alice-call")).unwrap();
    let actions = drain(&mut bob);
    assert!(actions.contains(&Action::AcquireMedia(MediaKind::Audio)), "accepted at once: {actions:?}");
    let view = bob.view().unwrap();
    assert_eq!((view.call_id.as_str(), view.state), ("alice-call", CallState::InvitationAccepted));

    // Bob calling Carol (z-carol) who calls him: Bob's id is smaller, Carol's invitation is ignored.
    let mut bob = phone();
    bob.handle(0, Input::PlaceCall { peer: CAROL.into(), media: MediaKind::Audio, call_id: "bob-call".into() })
        .unwrap();
    assert!(signal(&mut bob, 1, offer_from(CAROL, "carol-call")).is_err());
    assert_eq!(bob.view().unwrap().call_id, "bob-call");
}

#[test]
fn calling_the_person_whose_call_rings_here_answers_it() {
    // Alice's invitation arrived a moment before Bob's click to call her: the click answers it,
    // in the media she called with, instead of being refused as "already in a call".
    let mut bob = phone();
    signal(&mut bob, 0, offer_from(ALICE, "alice-call")).unwrap();
    drain(&mut bob);
    bob.handle(5, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Video, call_id: "bob-call".into() })
        .unwrap();
    let actions = drain(&mut bob);
    assert!(actions.contains(&Action::AcquireMedia(MediaKind::Audio)), "answered: {actions:?}");
    let view = bob.view().unwrap();
    assert_eq!((view.call_id.as_str(), view.state), ("alice-call", CallState::InvitationAccepted));

    // Calling someone else while Alice rings is still refused, and her call keeps ringing.
    let mut bob = phone();
    signal(&mut bob, 0, offer_from(ALICE, "alice-call")).unwrap();
    drain(&mut bob);
    let refused = bob.handle(5, Input::PlaceCall { peer: CAROL.into(), media: MediaKind::Audio, call_id: "c".into() });
    assert!(refused.is_err());
    assert_eq!(bob.view().unwrap().state, CallState::InvitationReceived);
}

#[test]
fn a_peer_leaving_before_answering_makes_the_call_unavailable() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 1, Message::PeerLeft(PeerInfo { id: ALICE.into(), name: None, busy: None, calls: None })).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::PeerUnavailable));
}

#[test]
fn the_server_not_knowing_the_peer_makes_the_call_unavailable() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 1, Message::Error(ErrorFrame {
        code: ErrorCode::UnknownPeer,
        message: "no such peer".into(),
        reference: Some("offer".into()),
    }))
    .unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::PeerUnavailable));
}

#[test]
fn a_connected_call_survives_the_peer_leaving_signaling() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 1, answer_from(ALICE, "c1")).unwrap();
    phone.handle(2, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    assert!(signal(&mut phone, 3, Message::PeerLeft(PeerInfo { id: ALICE.into(), name: None, busy: None, calls: None })).is_err());
    assert_eq!(state(&phone), CallState::Connected);
}

#[test]
fn a_flood_of_early_candidates_ends_the_call_with_a_protocol_error() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    for n in 0..256 {
        signal(&mut phone, 1, candidate_from(ALICE, "c9", n)).unwrap();
    }
    drain(&mut phone);
    signal(&mut phone, 2, candidate_from(ALICE, "c9", 999)).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::ProtocolError));
}

#[test]
fn a_replayed_invitation_for_an_ended_call_does_not_ring_again() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(1, Input::Reject).unwrap();
    drain(&mut phone);
    assert!(signal(&mut phone, 2, offer_from(ALICE, "c9")).is_err());
    assert!(drain(&mut phone).is_empty());
    assert_eq!(state(&phone), CallState::Ended);
}

#[test]
fn a_dismissed_summary_stays_dismissed_and_the_ended_call_stays_ended() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    assert!(phone.handle(10, Input::DismissEnded).is_err(), "not while the call is on");
    phone.handle(20, Input::HangUp).unwrap();
    drain(&mut phone);
    assert!(phone.view().is_some_and(|v| v.ended.is_some()));
    phone.handle(30, Input::DismissEnded).unwrap();
    assert!(phone.view().is_none());
    // Late frames of that call (its answer, a chat-driven refresh) bring nothing back.
    let _ = signal(&mut phone, 40, answer_from(ALICE, "c1"));
    assert!(phone.view().is_none());
    assert!(drain(&mut phone).iter().all(|a| !matches!(a, Action::ReleaseCall)));
}

#[test]
fn a_plain_offer_from_a_minimal_client_is_an_invitation() {
    let mut phone = phone();
    let plain = Message::Offer(Routed {
        from: Some(ALICE.into()),
        to: None,
        payload: SessionDescription {
            sdp_type: SdpType::Offer,
            sdp: "v=0\r\nm=audio 9 x\r\nm=video 9 x\r\n".into(),
            call_id: None,
            media: None,
        },
    });
    signal(&mut phone, 0, plain).unwrap();
    let view = phone.view().unwrap();
    assert_eq!((view.state, view.media), (CallState::InvitationReceived, MediaKind::Video));
}

#[test]
fn calling_while_in_a_call_is_refused() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    let again = phone.handle(1, Input::PlaceCall { peer: CAROL.into(), media: MediaKind::Audio, call_id: "c2".into() });
    assert_eq!(again, Err(Ignored { reason: "already in a call" }));
}

#[test]
fn durations_read_as_minutes_and_seconds() {
    assert_eq!(format_duration(0), "0:00");
    assert_eq!(format_duration(65_400), "1:05");
    assert_eq!(format_duration(3_723_000), "1:02:03");
}

#[test]
fn placing_a_call_acquires_media_then_sends_an_invitation_carrying_the_offer() {
    let mut phone = phone();
    phone
        .handle(10, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Video, call_id: "c1".into() })
        .unwrap();
    assert_eq!(
        drain(&mut phone),
        vec![Action::AcquireMedia(MediaKind::Video), Action::CreatePeerConnection],
        "the connection is made while the browser opens the media"
    );
    assert_eq!(state(&phone), CallState::WaitCapabilities);
    phone.handle(20, Input::MediaAcquired).unwrap();
    assert_eq!(
        drain(&mut phone),
        vec![Action::CreateControlChannel, Action::CreateOffer],
        "the caller's channel is in its first offer"
    );
    phone.handle(30, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    let actions = drain(&mut phone);
    let Some(Message::Offer(invite)) = sent(&actions).first().cloned() else {
        panic!("no invitation in {actions:?}");
    };
    assert_eq!(invite.to.as_deref(), Some(ALICE));
    assert_eq!(invite.payload.call_id.as_deref(), Some("c1"));
    assert_eq!(invite.payload.media, Some(MediaKind::Video));
    assert!(actions.contains(&Action::PlayTone(Tone::Ringback)));
    assert_eq!(state(&phone), CallState::InvitationSent);
}


#[test]
fn the_remote_hang_up_ends_the_call_as_remote_hung_up() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 1, answer_from(ALICE, "c1")).unwrap();
    phone.handle(2, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(&mut phone);
    signal(&mut phone, 3, end_from(ALICE, "c1", EndReason::HungUp)).unwrap();
    let actions = drain(&mut phone);
    assert!(sent(&actions).is_empty(), "no end is echoed back");
    assert_eq!(ended_reason(&actions), Some(EndReason::RemoteHungUp));
}

#[test]
fn media_that_never_arrives_times_out() {
    let mut phone = phone();
    phone
        .handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() })
        .unwrap();
    phone.handle(30_000, Input::Tick).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::DeviceTimeout));
}

#[test]
fn a_bad_remote_description_ends_with_bad_sdp_and_tells_the_peer() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    drain(&mut phone);
    phone.handle(1, Input::RemoteDescriptionFailed).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::BadSdp));
}
