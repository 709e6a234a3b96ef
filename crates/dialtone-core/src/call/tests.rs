//! The call machine, specified by example: one behaviour per test.

use super::*;
use crate::protocol::{ClientIdInfo, ErrorFrame, MediaSource, PeerInfo};

const ME: &str = "m-bob";
const ALICE: &str = "a-alice";
const CAROL: &str = "z-carol";

fn phone() -> Phone {
    let mut phone = Phone::new(CallTimers::default());
    let _ = signal(&mut phone, 0, Message::ClientId(ClientIdInfo {
        id: ME.into(),
        resume: None,
        name: None,
        room: None,
        limits: None,
    }));
    phone
}

fn signal(phone: &mut Phone, now: u64, message: Message) -> Result<(), Ignored> {
    phone.handle(now, Input::Signal(message))
}

fn drain(phone: &mut Phone) -> Vec<Action> {
    std::iter::from_fn(|| phone.poll_action()).collect()
}

fn state(phone: &Phone) -> CallState {
    phone.view().map(|v| v.state).unwrap_or(CallState::Ended)
}

fn offer_from(peer: &str, call_id: &str) -> Message {
    Message::Offer(Routed {
        from: Some(peer.into()),
        to: None,
        payload: SessionDescription {
            sdp_type: SdpType::Offer,
            sdp: "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".into(),
            call_id: Some(call_id.into()),
            media: Some(MediaKind::Audio),
        },
    })
}

fn answer_from(peer: &str, call_id: &str) -> Message {
    Message::Answer(Routed {
        from: Some(peer.into()),
        to: None,
        payload: SessionDescription {
            sdp_type: SdpType::Answer,
            sdp: "v=0\r\n".into(),
            call_id: Some(call_id.into()),
            media: None,
        },
    })
}

fn candidate_from(peer: &str, call_id: &str, n: u16) -> Message {
    Message::IceCandidate(Routed {
        from: Some(peer.into()),
        to: None,
        payload: candidate(n, Some(call_id)),
    })
}

fn candidate(n: u16, call_id: Option<&str>) -> IceCandidate {
    IceCandidate {
        candidate: format!("candidate:{n} 1 udp 1 127.0.0.1 {} typ host", 40000 + n),
        sdp_mid: Some("0".into()),
        sdp_m_line_index: Some(0),
        call_id: call_id.map(str::to_owned),
        ufrag: None,
    }
}

fn end_from(peer: &str, call_id: &str, reason: EndReason) -> Message {
    Message::CallEnd(Routed {
        from: Some(peer.into()),
        to: None,
        payload: CallEnd {
            call_id: call_id.into(),
            reason,
        },
    })
}

fn sent(actions: &[Action]) -> Vec<&Message> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(m) => Some(m),
            _ => None,
        })
        .collect()
}

fn ended_reason(actions: &[Action]) -> Option<EndReason> {
    actions.iter().find_map(|a| match a {
        Action::Ended(record) => Some(record.reason),
        _ => None,
    })
}

/// Drives an outgoing call from Bob to Alice up to InvitationSent.
fn ringing_outgoing(phone: &mut Phone, now: u64) -> Vec<Action> {
    phone
        .handle(now, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() })
        .unwrap();
    phone.handle(now, Input::MediaAcquired).unwrap();
    phone.handle(now, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    drain(phone)
}

#[test]
fn placing_a_call_acquires_media_then_sends_an_invitation_carrying_the_offer() {
    let mut phone = phone();
    phone
        .handle(10, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Video, call_id: "c1".into() })
        .unwrap();
    assert_eq!(drain(&mut phone), vec![Action::AcquireMedia(MediaKind::Video)]);
    assert_eq!(state(&phone), CallState::WaitCapabilities);
    phone.handle(20, Input::MediaAcquired).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreatePeerConnection, Action::CreateOffer]);
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
fn an_invitation_rings_and_applies_the_offer_at_once() {
    let mut phone = phone();
    signal(&mut phone, 5, offer_from(ALICE, "c9")).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions[0], Action::CreatePeerConnection);
    assert!(matches!(actions[1], Action::ApplyRemoteDescription(_)));
    assert!(actions.contains(&Action::PlayTone(Tone::Ringtone)));
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
        ]
    );
}

#[test]
fn accepting_acquires_media_and_answers() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(1, Input::RemoteDescriptionApplied).unwrap();
    drain(&mut phone);
    phone.handle(2, Input::Accept).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::StopTones, Action::AcquireMedia(MediaKind::Audio)]);
    phone.handle(3, Input::MediaAcquired).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateAnswer]);
    phone.handle(4, Input::AnswerCreated { sdp: "v=0\r\n".into() }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::Answer(a) if a.payload.call_id.as_deref() == Some("c9") && a.to.as_deref() == Some(ALICE)));
    assert_eq!(state(&phone), CallState::AnswerSent);
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
fn media_that_never_arrives_times_out() {
    let mut phone = phone();
    phone
        .handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() })
        .unwrap();
    phone.handle(30_000, Input::Tick).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::DeviceTimeout));
}

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
    let _ = signal(&mut phone, 0, Message::ClientId(ClientIdInfo { id: ME.into(), resume: None, name: None, room: None, limits: None }));
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
    assert_eq!(drain(&mut phone), vec![Action::AddRemoteCandidate(candidate(1, Some("c7")))]);
}

#[test]
fn when_the_current_call_ends_the_waiting_one_rings() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, offer_from(CAROL, "c7")).unwrap();
    drain(&mut phone);
    signal(&mut phone, 4, end_from(ALICE, "c1", EndReason::HungUp)).unwrap();
    let actions = drain(&mut phone);
    assert!(actions.contains(&Action::PlayTone(Tone::Ringtone)));
    let view = phone.view().unwrap();
    assert_eq!((view.peer.as_str(), view.state, view.waiting), (CAROL, CallState::InvitationReceived, None));
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
fn a_peer_leaving_before_answering_makes_the_call_unavailable() {
    let mut phone = phone();
    ringing_outgoing(&mut phone, 0);
    signal(&mut phone, 1, Message::PeerLeft(PeerInfo { id: ALICE.into(), name: None })).unwrap();
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
    assert!(signal(&mut phone, 3, Message::PeerLeft(PeerInfo { id: ALICE.into(), name: None })).is_err());
    assert_eq!(state(&phone), CallState::Connected);
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

fn established_outgoing(phone: &mut Phone) {
    ringing_outgoing(phone, 0);
    signal(phone, 1, answer_from(ALICE, "c1")).unwrap();
    phone.handle(1, Input::RemoteDescriptionApplied).unwrap();
    phone.handle(2, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(phone);
}

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

fn connected_call(phone: &mut Phone) {
    ringing_outgoing(phone, 0);
    signal(phone, 1, answer_from(ALICE, "c1")).unwrap();
    phone.handle(2, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(phone);
}

#[test]
fn muting_applies_then_confirms_then_tells_the_peer() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions, vec![Action::ApplyMedia { source: MediaSource::Mic, seq: 1, enabled: false }]);
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (true, Some(false)), "shown only once confirmed");
    phone.handle(4, Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallMedia(m)
        if m.payload.source == MediaSource::Mic && !m.payload.enabled && m.payload.call_id == "c1"));
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (false, None));
}

#[test]
fn rapid_toggles_coalesce_and_end_in_agreement() {
    let mut phone = phone();
    connected_call(&mut phone);
    let mut applies = Vec::new();
    for n in 0..10 {
        let intent = n % 2 == 1; // off, on, off, …, on
        phone.handle(3, Input::SetMedia { source: MediaSource::Mic, enabled: intent }).unwrap();
        applies.extend(drain(&mut phone));
    }
    assert_eq!(applies.len(), 1, "one apply in flight: {applies:?}");
    let Action::ApplyMedia { seq, enabled, .. } = applies[0] else { panic!() };
    phone.handle(4, Input::MediaApplied { source: MediaSource::Mic, seq, enabled }).unwrap();
    let actions = drain(&mut phone);
    // The last intent (on) is applied next.
    assert!(actions.contains(&Action::ApplyMedia { source: MediaSource::Mic, seq: 2, enabled: true }));
    phone.handle(5, Input::MediaApplied { source: MediaSource::Mic, seq: 2, enabled: true }).unwrap();
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (true, None));
}

#[test]
fn media_cannot_change_before_it_is_acquired_or_without_a_camera() {
    let mut phone = phone();
    phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }).unwrap();
    assert!(phone.handle(1, Input::SetMedia { source: MediaSource::Mic, enabled: false }).is_err());
    phone.handle(2, Input::MediaAcquired).unwrap();
    assert!(phone.handle(3, Input::SetMedia { source: MediaSource::Camera, enabled: true }).is_err());
    assert!(phone.handle(3, Input::SetMedia { source: MediaSource::Mic, enabled: false }).is_ok());
}

#[test]
fn muting_before_the_invitation_is_out_is_announced_right_after_it() {
    let mut phone = phone();
    phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }).unwrap();
    phone.handle(1, Input::MediaAcquired).unwrap();
    phone.handle(2, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
    phone.handle(3, Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::OfferCreated { sdp: "v=0".into() }).unwrap();
    let actions = drain(&mut phone);
    let kinds: Vec<String> = sent(&actions).iter().map(|m| m.kind().to_string()).collect();
    assert_eq!(kinds, vec!["offer", "call-media"]);
}

#[test]
fn the_peers_confirmed_media_shows_as_remote_state() {
    let mut phone = phone();
    connected_call(&mut phone);
    let remote_mute = Message::CallMedia(Routed {
        from: Some(ALICE.into()),
        to: None,
        payload: CallMedia { call_id: "c1".into(), source: MediaSource::Mic, enabled: false },
    });
    signal(&mut phone, 3, remote_mute.clone()).unwrap();
    assert!(!phone.view().unwrap().remote.mic);
    let Message::CallMedia(mut forged) = remote_mute else { unreachable!() };
    forged.from = Some(CAROL.into());
    forged.payload.enabled = true;
    assert!(signal(&mut phone, 4, Message::CallMedia(forged)).is_err(), "only the peer speaks for the peer");
    assert!(!phone.view().unwrap().remote.mic);
}

#[test]
fn toggling_flips_the_latest_intent_not_the_confirmed_value() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Mic }).unwrap();
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Mic }).unwrap();
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Mic }).unwrap();
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (true, Some(false)), "three presses from on: off");
}

mod properties {
    //! Any sequence of inputs, from the user, the peer, strangers, the browser and the clock:
    //! every input either moves the call along an edge the spec allows or is refused with a
    //! reason and changes nothing.
    use super::*;
    use proptest::prelude::*;

    fn input() -> impl Strategy<Value = Input> {
        let peer = prop_oneof![Just(ALICE), Just(CAROL)];
        let call_id = prop_oneof![Just("c1"), Just("c9"), Just("other")];
        prop_oneof![
            Just(Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }),
            Just(Input::Accept),
            Just(Input::Reject),
            Just(Input::HangUp),
            Just(Input::SwitchToWaiting),
            Just(Input::RejectWaiting),
            Just(Input::MediaAcquired),
            Just(Input::MediaFailed(EndReason::MicPermissionDenied)),
            Just(Input::OfferCreated { sdp: "v=0\r\na=ice-ufrag:x\r\n".into() }),
            Just(Input::AnswerCreated { sdp: "v=0".into() }),
            Just(Input::RemoteDescriptionApplied),
            Just(Input::RemoteDescriptionFailed),
            Just(Input::NegotiationNeeded),
            Just(Input::LocalCandidate(candidate(1, None))),
            Just(Input::ToggleMedia { source: MediaSource::Mic }),
            Just(Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }),
            prop_oneof![
                Just(ConnectionState::Connecting),
                Just(ConnectionState::Connected),
                Just(ConnectionState::Disconnected),
                Just(ConnectionState::Failed),
            ]
            .prop_map(Input::ConnectionChanged),
            Just(Input::Tick),
            (peer.clone(), call_id.clone()).prop_map(|(p, c)| Input::Signal(offer_from(p, c))),
            (peer.clone(), call_id.clone()).prop_map(|(p, c)| Input::Signal(answer_from(p, c))),
            (peer.clone(), call_id.clone()).prop_map(|(p, c)| Input::Signal(candidate_from(p, c, 3))),
            (peer.clone(), call_id).prop_map(|(p, c)| Input::Signal(end_from(p, c, EndReason::HungUp))),
            peer.prop_map(|p| Input::Signal(Message::PeerLeft(PeerInfo { id: p.into(), name: None }))),
        ]
    }

    fn allowed(from: CallState, to: CallState) -> bool {
        use CallState::*;
        from == to
            || to == Ended
            || matches!(
                (from, to),
                (WaitCapabilities, InvitationSent)
                    | (InvitationSent, AnswerReceived)
                    | (AnswerReceived, Negotiated | Connected)
                    | (InvitationReceived, InvitationAccepted)
                    | (InvitationAccepted, AnswerSent | Connected)
                    | (AnswerSent, Negotiated | Connected)
                    | (Negotiated, Connected)
                    | (Connected, Connected)
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn every_input_transitions_as_specified_or_is_refused(
            steps in proptest::collection::vec((input(), 0u64..30_000), 1..80)
        ) {
            let mut phone = phone();
            let mut now = 0u64;
            for (input, advance) in steps {
                now += advance;
                let before = phone.view();
                let result = phone.handle(now, input.clone());
                let actions = drain(&mut phone);
                let after = phone.view();
                match result {
                    Err(ignored) => {
                        prop_assert!(!ignored.reason.is_empty());
                        prop_assert_eq!(&before, &after, "a refused {:?} changed the call", input);
                        prop_assert!(actions.is_empty(), "a refused {:?} acted: {:?}", input, actions);
                    }
                    Ok(()) => match (&before, &after) {
                        (Some(b), Some(a)) if b.call_id == a.call_id => {
                            prop_assert!(allowed(b.state, a.state), "{:?} -> {:?} on {:?}", b.state, a.state, input);
                            if b.state == CallState::Ended {
                                prop_assert_eq!(a.state, CallState::Ended, "Ended is final");
                            }
                        }
                        (Some(b), Some(a)) => {
                            // A new call replaces one that is over, or one given up for it
                            // (crossing invitations, end-and-accept).
                            let was_waiting = b.waiting.as_ref().is_some_and(|w| w.call_id == a.call_id && w.peer == a.peer);
                            prop_assert!(
                                b.state == CallState::Ended
                                    || matches!(a.state, CallState::InvitationAccepted)
                                    || was_waiting,
                                "{:?} replaced by {:?} on {:?}", b.state, a.state, input
                            );
                            prop_assert!(matches!(a.state,
                                CallState::WaitCapabilities | CallState::InvitationReceived | CallState::InvitationAccepted));
                        }
                        _ => {}
                    },
                }
                // Whatever happened, an ended call has released everything and told the UI.
                if let (Some(b), Some(a)) = (&before, &after) {
                    if b.state != CallState::Ended && a.state == CallState::Ended && b.call_id == a.call_id {
                        prop_assert!(actions.contains(&Action::ReleaseCall));
                        prop_assert!(actions.iter().any(|x| matches!(x, Action::Ended(_))));
                    }
                }
            }
        }
    }
}

#[test]
fn screen_sharing_is_confirmed_and_ends_when_the_browser_stops_it() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Screen }).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::ApplyMedia { source: MediaSource::Screen, seq: 1, enabled: true }]);
    phone.handle(4, Input::MediaApplied { source: MediaSource::Screen, seq: 1, enabled: true }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallMedia(m) if m.payload.source == MediaSource::Screen && m.payload.enabled));
    assert!(phone.view().unwrap().screen.enabled);
    // The user pressed the browser's own "Stop sharing".
    phone.handle(5, Input::SourceEnded { source: MediaSource::Screen }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallMedia(m) if m.payload.source == MediaSource::Screen && !m.payload.enabled));
    assert!(!phone.view().unwrap().screen.enabled);
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
