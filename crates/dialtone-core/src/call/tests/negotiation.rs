//! Renegotiation and ICE restart: perfect negotiation, disconnections, failures.

use super::*;

#[test]
fn a_connection_that_stays_disconnected_is_restarted_then_lost() {
    let mut phone = phone();
    established_outgoing(&mut phone);
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    phone.handle(10 + 4_999, Input::Tick).unwrap();
    assert!(drain(&mut phone).is_empty(), "a short disconnection is left to ICE");
    phone.handle(10 + 5_000, Input::Tick).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateRenegotiationOffer { ice_restart: true }]);
    phone.handle(10 + 5_000 + 14_999, Input::Tick).unwrap();
    assert_eq!(state(&phone), CallState::Connected);
    phone.handle(10 + 5_000 + 15_000, Input::Tick).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::ConnectionLost));
}

#[test]
fn the_caller_restarts_ice_and_the_call_recovers() {
    let mut phone = phone();
    established_outgoing(&mut phone);
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    phone.handle(5_010, Input::Tick).unwrap();
    drain(&mut phone);
    phone.handle(5_020, Input::OfferCreated { sdp: "v=0\r\na=ice-ufrag:new1\r\n".into() }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::Offer(o) if o.payload.call_id.as_deref() == Some("c1")));
    let restart_answer = Message::Answer(Routed {
        from: Some(ALICE.into()),
        to: None,
        payload: SessionDescription { sdp_type: SdpType::Answer, sdp: "v=0\r\na=ice-ufrag:peer2\r\n".into(), call_id: Some("c1".into()), media: None },
    });
    signal(&mut phone, 5_030, restart_answer).unwrap();
    assert!(matches!(&drain(&mut phone)[..], [Action::ApplyRemoteDescription(d)] if d.sdp_type == SdpType::Answer));
    // A candidate of the old ICE generation is dropped; one of the new is applied.
    phone.handle(5_040, Input::RemoteDescriptionApplied).unwrap();
    let mut old = candidate(1, Some("c1"));
    old.ufrag = Some("peer1".into());
    assert!(signal(&mut phone, 5_041, Message::IceCandidate(Routed { from: Some(ALICE.into()), to: None, payload: old })).is_err());
    let mut fresh = candidate(2, Some("c1"));
    fresh.ufrag = Some("peer2".into());
    signal(&mut phone, 5_042, Message::IceCandidate(Routed { from: Some(ALICE.into()), to: None, payload: fresh.clone() })).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::AddRemoteCandidate(fresh)]);
    phone.handle(6_000, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    assert_eq!(phone.next_deadline(), None);
    let view = phone.view().unwrap();
    assert_eq!((view.state, view.ice_restarts, view.connected_at), (CallState::Connected, 1, Some(2)));
}

#[test]
fn the_callee_waits_for_the_callers_restart_and_answers_it() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(1, Input::RemoteDescriptionApplied).unwrap();
    phone.handle(2, Input::Accept).unwrap();
    phone.handle(3, Input::MediaAcquired).unwrap();
    phone.handle(4, Input::AnswerCreated { sdp: "v=0".into() }).unwrap();
    phone.handle(5, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    drain(&mut phone);
    phone.handle(5_010, Input::Tick).unwrap();
    assert!(drain(&mut phone).is_empty(), "the polite callee does not restart ICE itself");
    signal(&mut phone, 5_500, offer_from(ALICE, "c9")).unwrap();
    assert!(matches!(&drain(&mut phone)[..], [Action::ApplyRemoteDescription(d)] if d.sdp_type == SdpType::Offer));
    phone.handle(5_510, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateRenegotiationAnswer]);
    phone.handle(5_520, Input::AnswerCreated { sdp: "v=0".into() }).unwrap();
    assert!(matches!(sent(&drain(&mut phone))[0], Message::Answer(a) if a.payload.call_id.as_deref() == Some("c9")));
}

#[test]
fn a_failed_connection_mid_call_is_restarted_at_once_by_the_caller() {
    let mut phone = phone();
    established_outgoing(&mut phone);
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Failed)).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateRenegotiationOffer { ice_restart: true }]);
    assert_eq!(state(&phone), CallState::Connected);
}

#[test]
fn colliding_offers_the_impolite_caller_keeps_its_own_and_the_polite_callee_yields() {
    // Caller: making an offer when the callee's arrives: ignored.
    let mut caller = phone();
    established_outgoing(&mut caller);
    caller.handle(10, Input::NegotiationNeeded).unwrap();
    assert_eq!(drain(&mut caller), vec![Action::CreateRenegotiationOffer { ice_restart: false }]);
    assert!(signal(&mut caller, 11, offer_from(ALICE, "c1")).is_err());

    // Callee: its own offer is under way when the caller's arrives: it yields, answers, then
    // offers again.
    let mut callee = phone();
    signal(&mut callee, 0, offer_from(ALICE, "c9")).unwrap();
    callee.handle(1, Input::RemoteDescriptionApplied).unwrap();
    callee.handle(2, Input::Accept).unwrap();
    callee.handle(3, Input::MediaAcquired).unwrap();
    callee.handle(4, Input::AnswerCreated { sdp: "v=0".into() }).unwrap();
    callee.handle(5, Input::NegotiationNeeded).unwrap();
    drain(&mut callee);
    signal(&mut callee, 6, offer_from(ALICE, "c9")).unwrap();
    assert!(matches!(&drain(&mut callee)[..], [Action::ApplyRemoteDescription(_)]));
    callee.handle(7, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut callee), vec![Action::CreateRenegotiationAnswer]);
    callee.handle(8, Input::AnswerCreated { sdp: "v=0".into() }).unwrap();
    let actions = drain(&mut callee);
    assert!(matches!(sent(&actions)[0], Message::Answer(_)));
    assert!(actions.contains(&Action::CreateRenegotiationOffer { ice_restart: false }), "offers again: {actions:?}");
}

#[test]
fn negotiation_needed_during_the_first_exchange_is_left_to_it() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    assert!(phone.handle(1, Input::NegotiationNeeded).is_err());
}

#[test]
fn a_brief_disconnection_that_recovers_keeps_the_call() {
    let mut phone = phone();
    established_outgoing(&mut phone);
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    phone.handle(3_000, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    phone.handle(60_000, Input::Tick).unwrap();
    assert_eq!(state(&phone), CallState::Connected);
    assert_eq!(phone.view().unwrap().connected_at, Some(2));
}

#[test]
fn a_call_that_does_not_connect_gets_one_ice_restart_then_fails() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 100, answer_from(ALICE, "c1")).unwrap();
    phone.handle(110, Input::RemoteDescriptionApplied).unwrap();
    drain(&mut phone);
    phone.handle(100 + 20_000, Input::Tick).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateRenegotiationOffer { ice_restart: true }]);
    assert_eq!(state(&phone), CallState::Negotiated);
    phone.handle(100 + 40_000, Input::Tick).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::ConnectionFailed));
}

#[test]
fn the_view_says_reconnecting_from_the_drop_until_the_connection_is_back() {
    let mut phone = phone();
    established_outgoing(&mut phone);
    assert!(!phone.view().unwrap().reconnecting, "a connected call is not reconnecting");
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    assert!(phone.view().unwrap().reconnecting, "during the grace");
    phone.handle(5_010, Input::Tick).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateRenegotiationOffer { ice_restart: true }]);
    assert!(phone.view().unwrap().reconnecting, "during the ICE restart");
    phone.handle(5_500, Input::ConnectionChanged(ConnectionState::Failed)).unwrap();
    assert!(phone.view().unwrap().reconnecting, "failed, with one more chance");
    phone.handle(6_000, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    let view = phone.view().unwrap();
    assert!(!view.reconnecting, "back");
    assert_eq!(view.state, CallState::Connected);
}

#[test]
fn a_reconnect_that_gives_up_ends_the_call_and_is_no_longer_reconnecting() {
    let mut phone = phone();
    established_outgoing(&mut phone);
    phone.handle(10, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    phone.handle(5_010, Input::Tick).unwrap();
    phone.handle(20_010, Input::Tick).unwrap();
    let view = phone.view().unwrap();
    assert!(!view.reconnecting);
    assert_eq!(view.ended.map(|e| e.reason), Some(EndReason::ConnectionLost));
}

#[test]
fn a_call_not_yet_connected_is_connecting_not_reconnecting() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    phone.handle(5, Input::ConnectionChanged(ConnectionState::Disconnected)).unwrap();
    assert!(!phone.view().unwrap().reconnecting);
}

#[test]
fn an_offer_that_arrives_while_our_answer_is_applied_is_answered_once() {
    // Found by the two-phone harness: the caller applies the callee's answer; before the browser
    // reports it applied, the callee's own offer arrives. The first report (the answer's) is taken
    // for the offer's and asks for the answer; the second must not ask again (the browser would
    // run it in `stable`, fail, and the call would end BAD_SDP).
    let mut caller = phone();
    established_outgoing(&mut caller);
    caller.handle(10, Input::NegotiationNeeded).unwrap();
    caller.handle(11, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    drain(&mut caller);
    signal(&mut caller, 12, answer_from(ALICE, "c1")).unwrap();
    signal(&mut caller, 13, offer_from(ALICE, "c1")).unwrap();
    let applies = drain(&mut caller);
    assert!(matches!(&applies[..], [Action::ApplyRemoteDescription(a), Action::ApplyRemoteDescription(o)]
        if a.sdp_type == SdpType::Answer && o.sdp_type == SdpType::Offer), "{applies:?}");
    caller.handle(14, Input::RemoteDescriptionApplied).unwrap();
    caller.handle(15, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut caller), vec![Action::CreateRenegotiationAnswer], "asked for once");
    caller.handle(16, Input::AnswerCreated { sdp: "v=0\r\n".into() }).unwrap();
    assert!(matches!(sent(&drain(&mut caller))[..], [Message::Answer(_)]));
    assert_eq!(state(&caller), CallState::Connected);
}

#[test]
fn an_offer_still_unanswered_when_the_server_comes_back_is_sent_again() {
    // Found by the two-phone harness: a screen share started just before the signaling socket
    // dropped; its offer was lost, and every later renegotiation (and ICE restart) waited behind
    // it for an answer that could not come.
    let mut caller = phone();
    established_outgoing(&mut caller);
    caller.handle(10, Input::NegotiationNeeded).unwrap();
    caller.handle(11, Input::OfferCreated { sdp: "v=0\r\na=x-screen\r\n".into() }).unwrap();
    let first = drain(&mut caller);
    signal(&mut caller, 5_000, dialtone_client_id(ME)).unwrap();
    let again = drain(&mut caller);
    assert_eq!(sent(&again), sent(&first), "the same offer again");
    signal(&mut caller, 5_100, answer_from(ALICE, "c1")).unwrap();
    drain(&mut caller);
    signal(&mut caller, 9_000, dialtone_client_id(ME)).unwrap();
    assert!(sent(&drain(&mut caller)).is_empty(), "an answered offer is not sent again");
}

#[test]
fn a_lost_answer_is_recovered_by_sending_the_offer_again_and_getting_the_same_answer() {
    // Found by the two-phone property test: the callee's answer died in its socket as that
    // dropped; the caller never hears of the peer's reconnection, so it sends its offer again.
    let mut caller = phone();
    established_outgoing(&mut caller);
    caller.handle(10, Input::NegotiationNeeded).unwrap();
    caller.handle(11, Input::OfferCreated { sdp: "v=0\r\no=- 1 5\r\n".into() }).unwrap();
    let offer = drain(&mut caller);
    assert_eq!(caller.next_deadline(), Some(11 + 4_000));
    caller.handle(11 + 4_000, Input::Tick).unwrap();
    assert_eq!(sent(&drain(&mut caller)), sent(&offer), "the same offer again");

    // The callee answered it already: a copy gets that same answer, not a new exchange.
    let mut callee = phone();
    signal(&mut callee, 0, offer_from(ALICE, "c9")).unwrap();
    callee.handle(1, Input::RemoteDescriptionApplied).unwrap();
    callee.handle(2, Input::Accept).unwrap();
    callee.handle(3, Input::MediaAcquired).unwrap();
    callee.handle(4, Input::AnswerCreated { sdp: "v=0".into() }).unwrap();
    drain(&mut callee);
    signal(&mut callee, 10, offer_from(ALICE, "c9")).unwrap();
    callee.handle(11, Input::RemoteDescriptionApplied).unwrap();
    callee.handle(12, Input::AnswerCreated { sdp: "v=0\r\no=- 2 2\r\n".into() }).unwrap();
    let answer = drain(&mut callee);
    signal(&mut callee, 20, offer_from(ALICE, "c9")).unwrap();
    let again = drain(&mut callee);
    assert_eq!(sent(&again), sent(&answer), "the same answer, and nothing to apply");

    // Back at the caller: the first answer is applied, a late copy of it is dropped, even
    // while a newer offer waits for its own answer.
    let first_answer = answer_from(ALICE, "c1");
    signal(&mut caller, 20, first_answer.clone()).unwrap();
    caller.handle(21, Input::RemoteDescriptionApplied).unwrap();
    caller.handle(22, Input::NegotiationNeeded).unwrap();
    caller.handle(23, Input::OfferCreated { sdp: "v=0\r\no=- 1 6\r\n".into() }).unwrap();
    drain(&mut caller);
    assert!(signal(&mut caller, 24, first_answer).is_err(), "a copy is not the newer offer's answer");
    assert!(drain(&mut caller).is_empty());
}

#[test]
fn the_impolite_side_with_its_own_offer_out_ignores_even_a_copy_of_an_offer_it_answered() {
    // Found by the two-phone property test: the caller re-sent its stored answer to a copy of
    // the callee's offer while its own offer was out; the callee had rolled that offer back on
    // the caller's, and took the old answer for the answer to its next offer.
    let mut caller = phone();
    established_outgoing(&mut caller);
    signal(&mut caller, 10, offer_from(ALICE, "c1")).unwrap();
    caller.handle(11, Input::RemoteDescriptionApplied).unwrap();
    caller.handle(12, Input::AnswerCreated { sdp: "v=0\r\no=- 1 3\r\n".into() }).unwrap();
    caller.handle(13, Input::NegotiationNeeded).unwrap();
    caller.handle(14, Input::OfferCreated { sdp: "v=0\r\no=- 1 4\r\n".into() }).unwrap();
    drain(&mut caller);
    assert!(signal(&mut caller, 15, offer_from(ALICE, "c1")).is_err());
    assert!(sent(&drain(&mut caller)).is_empty(), "no old answer goes out");
}

#[test]
fn a_call_whose_restart_waits_behind_an_unanswered_offer_still_fails_in_time() {
    // Found by the two-phone property test: the caller's screen-share offer never got an answer
    // (the callee had hung up, its end lost); each connect timer asked for an ICE restart that
    // queued behind that offer, re-armed the timer, and the call never ended.
    let mut caller = phone();
    ringing_outgoing(&mut caller, 0);
    signal(&mut caller, 1, answer_from(ALICE, "c1")).unwrap();
    caller.handle(1, Input::RemoteDescriptionApplied).unwrap();
    caller.handle(2, Input::NegotiationNeeded).unwrap();
    caller.handle(3, Input::OfferCreated { sdp: "v=0\r\no=- 1 2\r\n".into() }).unwrap();
    drain(&mut caller);
    let connect_ms = CallTimers::default().connect_ms;
    for now in (1..=4).map(|n| 1 + n * connect_ms) {
        caller.handle(now, Input::Tick).unwrap();
    }
    assert_eq!(state(&caller), CallState::Ended);
    assert_eq!(caller.view().and_then(|v| v.ended).map(|r| r.reason), Some(EndReason::ConnectionFailed));
}

#[test]
fn a_copy_of_the_offer_being_answered_is_not_applied_again() {
    // Found by the two-phone property test: the callee sent its offer, then again on getting its
    // connection back; the copy arrived while the caller was answering the first and was applied
    // again after the answer, leaving the caller's connection waiting for a second answer.
    let mut caller = phone();
    established_outgoing(&mut caller);
    signal(&mut caller, 10, offer_from(ALICE, "c1")).unwrap();
    drain(&mut caller);
    assert!(signal(&mut caller, 11, offer_from(ALICE, "c1")).is_err());
    assert!(drain(&mut caller).is_empty(), "nothing applied twice");
}
