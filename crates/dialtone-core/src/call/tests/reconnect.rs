//! Reconnecting to the signaling server: what the phone says again once the server has us back
//! (an unanswered offer is in `negotiation`; here, the ends said while it may have been away).

use super::*;

#[test]
fn an_end_said_while_the_server_was_away_is_said_again_once_it_has_us_back() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    phone.handle(100, Input::HangUp).unwrap();
    drain(&mut phone);
    // The page reconnects (the cancel may have gone into a dead socket, or not out at all).
    signal(&mut phone, 5_000, dialtone_client_id(ME)).unwrap();
    let actions = drain(&mut phone);
    let repeated = sent(&actions).into_iter().any(|m| {
        matches!(m, Message::CallEnd(end) if end.to.as_deref() == Some(ALICE) && end.payload.call_id == "c1" && end.payload.reason == EndReason::Cancelled)
    });
    assert!(repeated, "the cancel goes out again: {actions:?}");
    signal(&mut phone, 9_000, dialtone_client_id(ME)).unwrap();
    assert!(sent(&drain(&mut phone)).is_empty(), "once");
}

#[test]
fn every_end_said_while_the_server_was_away_is_said_again_in_order() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    phone.handle(100, Input::HangUp).unwrap();
    // A second call while still offline, cancelled too: the first cancel must not be forgotten.
    phone.handle(200, Input::PlaceCall { peer: CAROL.into(), media: MediaKind::Audio, call_id: "c2".into() }).unwrap();
    phone.handle(210, Input::MediaAcquired).unwrap();
    phone.handle(215, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    phone.handle(220, Input::HangUp).unwrap();
    drain(&mut phone);
    signal(&mut phone, 5_000, dialtone_client_id(ME)).unwrap();
    let actions = drain(&mut phone);
    let ends: Vec<(Option<&str>, &str)> = sent(&actions)
        .into_iter()
        .filter_map(|m| match m {
            Message::CallEnd(end) => Some((end.to.as_deref(), end.payload.call_id.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(ends, vec![(Some(ALICE), "c1"), (Some(CAROL), "c2")]);
}

#[test]
fn an_end_the_peer_said_is_not_repeated_to_it() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 100, end_from(ALICE, "c1", EndReason::Rejected)).unwrap();
    drain(&mut phone);
    signal(&mut phone, 5_000, dialtone_client_id(ME)).unwrap();
    assert!(sent(&drain(&mut phone)).is_empty());
}
