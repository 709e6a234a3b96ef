//! A browser without WebRTC: it neither places nor rings; an invitation is turned away at once
//! with WEBRTC_UNAVAILABLE, which the caller shows as the reason (never BAD_SDP).

use super::*;

fn phone_without_webrtc(base: bool) -> Phone {
    let mut phone = if base { base_phone() } else { phone() };
    phone.set_webrtc_missing(true);
    phone
}

#[test]
fn an_invitation_is_refused_at_once_without_ringing_or_a_peer_connection() {
    let mut phone = phone_without_webrtc(false);
    signal(&mut phone, 5, offer_from(ALICE, "c9")).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions.len(), 1, "one frame and nothing else: {actions:?}");
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e)
        if e.payload.reason == EndReason::WebrtcUnavailable && e.payload.call_id == "c9" && e.to.as_deref() == Some(ALICE)));
    assert_eq!(phone.view(), None, "no dialog, no call");
    // The caller's trickled candidates have no call to join.
    assert!(signal(&mut phone, 6, candidate_from(ALICE, "c9", 1)).is_err());
    assert!(drain(&mut phone).is_empty());
}

#[test]
fn on_a_base_server_the_refusal_rides_an_end_of_candidates() {
    let mut phone = phone_without_webrtc(true);
    signal(&mut phone, 5, offer_from(ALICE, "c9")).unwrap();
    let actions = drain(&mut phone);
    let [Message::IceCandidate(end)] = sent(&actions)[..] else { panic!("one end-of-candidates: {actions:?}") };
    assert_eq!(end.to.as_deref(), Some(ALICE));
    assert_eq!(end.payload.candidate, "");
    assert_eq!(end.payload.call_end, Some(EndReason::WebrtcUnavailable));
    assert_eq!(end.payload.call_id.as_deref(), Some("c9"));
}

#[test]
fn no_call_can_be_placed() {
    let mut phone = phone_without_webrtc(false);
    let refused = phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() });
    assert!(refused.is_err());
    assert!(drain(&mut phone).is_empty(), "no media asked for");
    assert_eq!(phone.view(), None);
}

#[test]
fn the_caller_ends_with_the_callees_reason() {
    let mut phone = phone();
    phone
        .handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Video, call_id: "c1".into() })
        .unwrap();
    phone.handle(1, Input::MediaAcquired).unwrap();
    phone.handle(2, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    drain(&mut phone);
    signal(&mut phone, 3, end_from(ALICE, "c1", EndReason::WebrtcUnavailable)).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(ended_reason(&actions), Some(EndReason::WebrtcUnavailable));
    assert_eq!(phone.view().and_then(|v| v.ended).map(|r| r.reason), Some(EndReason::WebrtcUnavailable));
    assert!(EndReason::WebrtcUnavailable.is_error());
    assert_eq!(EndReason::WebrtcUnavailable.code(), "WEBRTC_UNAVAILABLE");
    let wire = serde_json::to_string(&EndReason::WebrtcUnavailable).unwrap();
    assert_eq!(wire, "\"WEBRTC_UNAVAILABLE\"");
}
