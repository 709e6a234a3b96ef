//! Around a call: its actions in order, captures and remote streams by op and id, the history,
//! the recorder, and the order of a batch.

use super::live_stream::connected_with_sink;
use super::*;
use crate::call::{Action as CallAction, CallState, Input as CallInput, Tone};
use crate::protocol::{EndReason, MediaKind, Message, PeerInfo, Routed};

#[test]
fn an_invitation_creates_the_connection_applies_the_offer_then_rings() {
    let mut client = online();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    let actions = drain(&mut client);
    assert!(matches!(
        &actions[..],
        [Action::Call(CallAction::CreatePeerConnection), Action::Call(CallAction::ApplyRemoteDescription(_))]
    ), "{actions:?}");
    let view = client.call_view().expect("a call rings");
    assert_eq!(view.started_at, ORIGIN + 100, "times the page shows are on the wall clock");
    // The ring waits for the offer (call::ringing); the machine's deadlines are on the monotonic clock.
    assert!(client.next_deadline().is_some_and(|at| at > 100 && at < ORIGIN));
    client.handle(130, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    assert_eq!(drain(&mut client), vec![Action::Call(CallAction::PlayTone(Tone::Ringtone))]);
}

#[test]
fn media_captured_for_a_call_that_is_over_is_let_go_and_never_reaches_the_next_call() {
    let mut client = online();
    let place = |id: &str| Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Audio, call_id: id.into() });
    client.handle(100, place("call-1")).unwrap();
    let first = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Capture { op, kind } => Some((op, kind)),
        _ => None,
    });
    let (first, kind) = first.expect("getUserMedia is asked for");
    assert_eq!(kind, MediaKind::Audio);
    client.handle(200, Input::Call(CallInput::HangUp)).unwrap();
    client.handle(210, Input::Call(CallInput::DismissEnded)).unwrap();
    client.handle(300, place("call-2")).unwrap();
    drain(&mut client);
    // The first call's permission prompt answers late.
    assert!(client.handle(400, Input::MediaCaptured { op: first }).is_err());
    assert_eq!(drain(&mut client), vec![Action::DiscardCapture { op: first }]);
    assert!(client.handle(410, Input::MediaCaptureFailed { op: first, reason: EndReason::DeviceInUse }).is_err());
    assert!(client.in_call(), "the second call goes on");
}

#[test]
fn the_awaited_capture_becomes_the_calls_stream_and_the_call_goes_on() {
    let mut client = online();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Audio, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    let op = capture_op(&drain(&mut client));
    let op = op.expect("a capture");
    client.handle(150, Input::MediaCaptured { op }).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::UseCapture { op });
    assert_eq!(actions[1], Action::Call(CallAction::CreateControlChannel));
    assert_eq!(actions[2], Action::Call(CallAction::CreateOffer));
}

#[test]
fn a_failed_capture_ends_the_call_with_its_code_and_keeps_it_in_the_history() {
    let mut client = online();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Video, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    let op = capture_op(&drain(&mut client));
    let reason = crate::errors::CaptureFailure::from_dom_exception("NotAllowedError").end_reason(MediaKind::Video);
    client.handle(150, Input::MediaCaptureFailed { op: op.expect("a capture"), reason }).unwrap();
    let actions = drain(&mut client);
    let saved = actions.iter().any(|a| matches!(a, Action::SaveHistory(json) if json.contains("CAMERA_PERMISSION_DENIED")));
    assert!(saved, "{actions:?}");
    assert!(actions.contains(&Action::Call(CallAction::ReleaseCall)), "the connection made at the click is closed: {actions:?}");
    let entry = &client.history().entries()[0];
    assert_eq!((entry.started_at, entry.ended_at), (ORIGIN + 100, ORIGIN + 150));
}

#[test]
fn the_first_remote_stream_is_the_call_and_another_is_a_screen_share() {
    let mut client = online();
    assert!(client.handle(50, Input::RemoteStream { stream_id: "s0".into() }).is_err(), "no call: too late");
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    drain(&mut client);
    client.handle(110, Input::RemoteStream { stream_id: "s1".into() }).unwrap();
    assert!(client.handle(111, Input::RemoteStream { stream_id: "s1".into() }).is_err());
    client.handle(120, Input::RemoteStream { stream_id: "s2".into() }).unwrap();
    assert_eq!(
        drain(&mut client),
        vec![
            Action::ShowRemoteStream { stream_id: "s1".into(), role: RemoteRole::Call },
            Action::ShowRemoteStream { stream_id: "s2".into(), role: RemoteRole::Screen },
        ]
    );
}

/// The op of the ICE-server request among `actions`, if one was asked for.
fn ice_fetch_op(actions: &[Action]) -> Option<OpId> {
    actions.iter().find_map(|a| match a {
        Action::FetchIceServers { op } => Some(*op),
        _ => None,
    })
}

#[test]
fn ice_servers_are_refreshed_before_they_expire_retried_when_the_failure_may_pass_and_dropped_when_none() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    let op = ice_fetch_op(&drain(&mut client)).expect("fetched at start");
    let body = r#"{"iceServers":[{"urls":["stun:example.org"]}],"ttl":600}"#;
    client.handle(5, Input::IceServersFetched { op, response: Some((200, body.into())) }).unwrap();
    assert!(matches!(&drain(&mut client)[..], [Action::UseIceServers(json)] if json.contains("stun:example.org")));
    let due = client.ice_fetch_at.expect("a refresh is planned");
    assert!(due > 5 && due <= 5 + 600_000);
    assert!(client.handle(6, Input::IceServersFetched { op, response: None }).is_err(), "answered already");

    client.handle_timeout(due);
    let op = ice_fetch_op(&drain(&mut client)).expect("fetched again");
    client.handle(due + 1, Input::IceServersFetched { op, response: Some((503, String::new())) }).unwrap();
    let retry = client.ice_fetch_at.expect("retried");
    client.handle_timeout(retry);
    let op = ice_fetch_op(&drain(&mut client)).expect("fetched a third time");
    client.handle(retry + 1, Input::IceServersFetched { op, response: Some((404, "not found".into())) }).unwrap();
    assert_eq!(client.ice_fetch_at, None, "none configured: not asked again");
}

#[test]
fn an_ice_server_request_that_never_answers_is_abandoned_in_bounded_time_and_asked_again() {
    use crate::client::frames::ICE_FETCH_LIMIT_MS;
    let mut client = client();
    client.handle(1_000, Input::Start).unwrap();
    let first = ice_fetch_op(&drain(&mut client)).expect("fetched at start");
    // Before: no deadline at all, so a hung request kept calls without their TURN servers.
    assert_eq!(client.ice_fetch_at, Some(1_000 + ICE_FETCH_LIMIT_MS));
    client.handle_timeout(1_000 + ICE_FETCH_LIMIT_MS);
    assert_eq!(drain(&mut client), vec![Action::AbandonIceFetch { op: first }]);
    let retry = client.ice_fetch_at.expect("asked again on the back-off");
    assert!(retry > 1_000 + ICE_FETCH_LIMIT_MS, "{retry}");
    client.handle_timeout(retry);
    let second = ice_fetch_op(&drain(&mut client)).expect("fetched again");
    assert_ne!(second, first);
    let body = r#"{"iceServers":[{"urls":["stun:example.org"]}],"ttl":600}"#;
    assert!(client.handle(retry + 5, Input::IceServersFetched { op: first, response: Some((200, body.into())) }).is_err(), "the abandoned one's late answer");
    client.handle(retry + 6, Input::IceServersFetched { op: second, response: Some((200, body.into())) }).unwrap();
    assert!(matches!(&drain(&mut client)[..], [Action::UseIceServers(_)]));
}

#[test]
fn a_servers_absurd_credential_ttl_still_plans_a_refresh_within_a_day() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    let op = ice_fetch_op(&drain(&mut client));
    let now = 90_000;
    let body = format!(r#"{{"iceServers":[{{"urls":["stun:example.org"]}}],"ttl":{}}}"#, u64::MAX);
    client.handle(now, Input::IceServersFetched { op: op.expect("fetched"), response: Some((200, body)) }).unwrap();
    let due = client.ice_fetch_at.expect("a refresh is planned");
    assert!(due > now && due <= now + crate::backoff::MAX_CREDENTIAL_TTL_MS, "{due}");
}

#[test]
fn a_new_name_is_remembered_told_to_the_room_and_shown() {
    let mut client = online();
    assert!(client.handle(20, Input::Rename("   ".into())).is_err());
    assert!(client.handle(20, Input::Rename("Bob".into())).is_err());
    client.handle(30, Input::Rename("  Robert\u{7}  ".into())).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::RememberName("Robert".into()));
    assert!(matches!(&sent(&actions)[..], [Message::Hello(hello)] if hello.name.as_deref() == Some("Robert")));
    assert_eq!(actions.last(), Some(&Action::ShowMe(Me { id: Some("m-bob".into()), name: "Robert".into() })));
    assert_eq!(client.name(), "Robert");
}

#[test]
fn a_peer_that_cannot_take_calls_is_marked_when_its_page_turns_us_away() {
    let mut client = online();
    frame(&mut client, 20, Message::PeerJoined(PeerInfo { id: "a-alice".into(), name: None, busy: None, calls: None })).unwrap();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Audio, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    let op = capture_op(&drain(&mut client));
    client.handle(110, Input::MediaCaptured { op: op.expect("a capture") }).unwrap();
    client.handle(120, Input::Call(CallInput::OfferCreated { sdp: "v=0\r\n".into() })).unwrap();
    drain(&mut client);
    let end = crate::protocol::CallEnd { call_id: "call-1".into(), reason: EndReason::WebrtcUnavailable, seq: None };
    frame(&mut client, 130, Message::CallEnd(Routed { from: Some("a-alice".into()), to: None, payload: end })).unwrap();
    let actions = drain(&mut client);
    let marked = actions.iter().any(|a| matches!(a, Action::ShowPeers(p) if p.len() == 1 && !p[0].takes_calls));
    assert!(marked, "{actions:?}");
}

/// The page performs each input's actions in order before it handles an input raised while
/// performing them. Here the peer connection cannot be created (the browser throws at once):
/// the failure is raised from inside `CreatePeerConnection`, while the invitation's offer is
/// still to be applied. The rest of the batch is performed first, then the failure ends the call
/// (before 2e85f8a, `perform` re-entered the machine: a ringtone of that batch rang on after the
/// call was over). The call ends before its offer is applied, so it never rings.
#[test]
fn a_result_raised_while_performing_waits_for_the_rest_of_the_batch() {
    use crate::machine::Pump;
    let mut pump = Pump::new(online());
    let mut performed = Vec::new();
    pump.feed(100, Input::Frame(offer_from("a-alice", "call-1").to_json()), |action, raised| match action {
        Action::Call(CallAction::CreatePeerConnection) => {
            performed.push("create");
            raised.push(Input::Call(CallInput::LocalDescriptionFailed));
        }
        Action::Call(CallAction::ApplyRemoteDescription(_)) => performed.push("apply"),
        Action::Call(CallAction::PlayTone(_)) => performed.push("tone"),
        Action::Call(CallAction::StopTones) => performed.push("stop tones"),
        Action::Call(CallAction::ReleaseCall) => performed.push("release"),
        _ => {}
    })
    .unwrap();
    assert_eq!(performed, vec!["create", "apply", "stop tones", "release"]);
    assert_eq!(pump.machine.call_view().and_then(|v| v.ended).map(|r| r.reason), Some(EndReason::BadSdp));
}

#[test]
fn a_recorder_that_cannot_start_is_switched_off_and_the_peer_told() {
    use crate::call::ConnectionState;
    let mut client = connected_with_sink();
    client.handle(150, Input::Call(CallInput::ConnectionChanged(ConnectionState::Connected))).unwrap();
    client.handle(160, Input::Call(CallInput::SetRecording { on: true })).unwrap();
    assert!(drain(&mut client).contains(&Action::Call(CallAction::StartRecording)));
    client.handle(170, Input::RecorderFailed).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::Call(CallAction::StopRecording)));
    let told = sent(&actions).into_iter().any(|m| matches!(m, Message::CallRecording(r) if !r.payload.recording));
    assert!(told, "{actions:?}");
    assert_eq!(client.call_view().map(|v| v.recording), Some(false));
}

/// The callee's answer is on the wire before the page shows its own media or scans devices:
/// both cost the main thread, and a first call would wait behind them.
#[test]
fn local_media_is_shown_once_the_answer_is_on_its_way() {
    let mut client = online();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    drain(&mut client);
    client.handle(200, Input::Call(CallInput::Accept)).unwrap();
    let op = capture_op(&drain(&mut client));
    client.handle(250, Input::MediaCaptured { op: op.expect("a capture") }).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::UseCapture { op: op.expect("op") }), "{actions:?}");
    assert!(!actions.contains(&Action::ShowLocalMedia), "not before the answer: {actions:?}");
    client.handle(260, Input::Call(CallInput::AnswerCreated { sdp: "v=0 answer".into() })).unwrap();
    let actions = drain(&mut client);
    let answer_at = actions.iter().position(|a| sent(std::slice::from_ref(a)).iter().any(|m| matches!(m, Message::Answer(_))));
    let shown_at = actions.iter().position(|a| *a == Action::ShowLocalMedia);
    assert!(answer_at.is_some() && shown_at.is_some() && answer_at < shown_at, "{actions:?}");
    // Once only.
    client.handle(300, Input::Call(CallInput::ConnectionChanged(crate::call::ConnectionState::Connected))).unwrap();
    assert!(!drain(&mut client).contains(&Action::ShowLocalMedia));
}

/// The answer goes while the microphone opens; the stream that comes after it is put into the
/// answer's places and shown.
#[test]
fn media_that_opens_after_the_answer_is_sent_and_shown() {
    let mut client = online();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    drain(&mut client);
    client.handle(200, Input::Call(CallInput::Accept)).unwrap();
    let actions = drain(&mut client);
    let op = capture_op(&actions);
    assert!(actions.contains(&Action::Call(CallAction::CreateAnswer)), "{actions:?}");
    client.handle(210, Input::Call(CallInput::AnswerCreated { sdp: "v=0 answer".into() })).unwrap();
    assert!(!drain(&mut client).contains(&Action::ShowLocalMedia), "nothing to show yet");
    client.handle(250, Input::MediaCaptured { op: op.expect("a capture") }).unwrap();
    let actions = drain(&mut client);
    let used = actions.iter().position(|a| *a == Action::UseCapture { op: op.expect("op") });
    let sent_on = actions.iter().position(|a| *a == Action::Call(CallAction::SendLocalMedia));
    let shown = actions.iter().position(|a| *a == Action::ShowLocalMedia);
    assert!(used.is_some() && used < sent_on && sent_on < shown, "held, sent, then shown: {actions:?}");
}

/// An audio call placed with the microphone granted; returns the capture's op.
fn place_granted(client: &mut Client, media: MediaKind) -> crate::machine::OpId {
    client.handle(50, Input::MicrophoneGranted(true)).unwrap();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    capture_op(&drain(client)).expect("a capture")
}

#[test]
fn a_call_placed_with_the_microphone_granted_is_drawn_once_its_invitation_is_out() {
    let mut client = online();
    let op = place_granted(&mut client, MediaKind::Audio);
    assert!(client.call_view().is_some(), "the call is on");
    assert_eq!(client.screen_call_view(), None, "not drawn while the microphone opens");
    client.handle(110, Input::MediaCaptured { op }).unwrap();
    assert_eq!(client.screen_call_view(), None, "nor while the offer is made");
    client.handle(115, Input::Call(CallInput::OfferCreated { sdp: "v=0\r\n".into() })).unwrap();
    let shown = client.screen_call_view().expect("drawn with the invitation out");
    assert_eq!(shown.state, CallState::InvitationSent);
    // The hold is let go with it: its deadline no longer wakes the page.
    assert_ne!(client.next_deadline(), Some(100 + super::super::screen::SCREEN_HOLD_MS));
}

#[test]
fn a_call_is_drawn_at_once_with_a_prompt_ahead_a_camera_to_start_or_a_slow_microphone() {
    // No permission known: the browser may ask, and the screen says why nothing happens yet.
    let mut client = online();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Audio, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    assert_eq!(client.screen_call_view().map(|v| v.state), Some(CallState::WaitCapabilities));

    // A video call: a camera takes far longer to start than a microphone.
    let mut client = online();
    place_granted(&mut client, MediaKind::Video);
    assert_eq!(client.screen_call_view().map(|v| v.state), Some(CallState::WaitCapabilities));

    // A granted microphone that is slow to open: drawn when the hold runs out.
    let mut client = online();
    place_granted(&mut client, MediaKind::Audio);
    let due = client.next_deadline().expect("the hold has a deadline");
    assert_eq!(due, 100 + super::super::screen::SCREEN_HOLD_MS);
    client.handle_timeout(due - 1);
    assert_eq!(client.screen_call_view(), None);
    client.handle_timeout(due);
    assert_eq!(client.screen_call_view().map(|v| v.state), Some(CallState::WaitCapabilities));
}

#[test]
fn a_held_call_that_fails_shows_its_end() {
    let mut client = online();
    let op = place_granted(&mut client, MediaKind::Audio);
    let reason = crate::errors::CaptureFailure::from_dom_exception("NotReadableError").end_reason(MediaKind::Audio);
    client.handle(120, Input::MediaCaptureFailed { op, reason }).unwrap();
    let shown = client.screen_call_view().expect("the ended call is drawn");
    assert!(shown.ended.is_some());
}

/// The op of the capture among `actions`, if one was asked for.
pub(super) fn capture_op(actions: &[Action]) -> Option<crate::machine::OpId> {
    actions.iter().find_map(|a| match a {
        Action::Capture { op, .. } => Some(*op),
        _ => None,
    })
}

#[test]
fn a_lost_server_says_a_connected_call_goes_on_until_that_call_ends() {
    use crate::call::ConnectionState;
    use crate::errors::ClientError;
    let notice = |error: ClientError| Action::ShowNotice(Some(Notice::from_client_error(error)));
    let mut client = connected_with_sink();
    client.handle(150, Input::Call(CallInput::ConnectionChanged(ConnectionState::Connected))).unwrap();
    drain(&mut client);
    client.handle(200, Input::SocketClosed).unwrap();
    assert!(drain(&mut client).contains(&notice(ClientError::SignalingLostInCall)));
    // The call ends while the server is away: the notice stops saying it goes on.
    client.handle(300, Input::Call(CallInput::HangUp)).unwrap();
    assert!(drain(&mut client).contains(&notice(ClientError::SignalingLost)));
    // Back online, it goes.
    let at = client.next_deadline().expect("a reconnect is due");
    client.handle_timeout(at);
    frame(&mut client, at + 5, client_id("m-bob", Some("token-2"))).unwrap();
    assert!(drain(&mut client).contains(&Action::ShowNotice(None)));
    // A call still ringing is not said to go on.
    frame(&mut client, at + 10, offer_from("a-carol", "call-2")).unwrap();
    client.handle(at + 20, Input::SocketClosed).unwrap();
    assert!(drain(&mut client).contains(&notice(ClientError::SignalingLost)));
}
