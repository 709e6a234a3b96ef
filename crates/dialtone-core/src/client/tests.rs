//! The call page's machine by example: raw frames in, the page's actions out, time as input.

use super::*;
use crate::call::{Action as CallAction, Input as CallInput, Tone};
use crate::protocol::{
    ChatBody, ClientIdInfo, EndReason, ErrorCode, ErrorFrame, MediaKind, Message, PeerInfo, PeerListing, Routed,
    SdpType, SessionDescription,
};

const ORIGIN: u64 = 1_700_000_000_000;

fn client() -> Client {
    Client::new(ClientConfig {
        name: "Bob".into(),
        wall_origin: ORIGIN,
        seed: 7,
        ..ClientConfig::default()
    })
}

fn drain(client: &mut Client) -> Vec<Action> {
    std::iter::from_fn(|| client.poll_action()).collect()
}

fn frame(client: &mut Client, now: u64, message: Message) -> Result<(), Ignored> {
    client.handle(now, Input::Frame(message.to_json()))
}

fn client_id(id: &str, resume: Option<&str>) -> Message {
    Message::ClientId(ClientIdInfo { id: id.into(), resume: resume.map(Into::into), name: None, room: None, limits: None })
}

/// A client that started and was given `m-bob` on a Dialtone server, its actions drained.
fn online() -> Client {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    drain(&mut client);
    client
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

fn sent(actions: &[Action]) -> Vec<Message> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(text) => Message::parse(text).ok(),
            _ => None,
        })
        .collect()
}

#[test]
fn starting_shows_the_name_and_history_then_fetches_ice_servers_and_connects() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::ShowMe(Me { id: None, name: "Bob".into() }));
    assert!(matches!(actions[1], Action::ShowHistory(ref entries) if entries.is_empty()));
    assert!(matches!(actions[2], Action::FetchIceServers { .. }));
    assert_eq!(actions[3], Action::ShowLink(LinkStatus::Connecting));
    assert_eq!(actions[4], Action::OpenSocket { name: "Bob".into(), resume: None });
}

#[test]
fn a_client_id_puts_the_page_online_and_asks_for_the_list() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    drain(&mut client);
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ShowLink(LinkStatus::Online)));
    assert!(actions.contains(&Action::ShowMe(Me { id: Some("m-bob".into()), name: "Bob".into() })));
    assert_eq!(sent(&actions), vec![Message::ListPeers]);
}

#[test]
fn a_lost_socket_clears_the_list_says_so_and_reconnects_with_the_resume_token_after_back_off() {
    let mut client = online();
    client.handle(1_000, Input::SocketClosed).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ShowPeers(Vec::new())));
    assert!(actions.contains(&Action::ShowNotice(Some(Notice::from_client_error(crate::errors::ClientError::SignalingLost)))));
    let at = client.next_deadline().expect("a reconnect is due");
    // The signaling back-off's first delay lies in [250, 500] ms.
    assert!((1_250..=1_500).contains(&at), "{at}");
    assert!(actions.contains(&Action::ShowLink(LinkStatus::Reconnecting { retry_at: ORIGIN + at })));
    // Nothing is sent while offline: a chat line is refused and not shown as sent.
    assert!(client.handle(1_100, Input::SendChat { to: None, text: "hi".into(), id: "c1".into() }).is_err());
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::Send(_) | Action::ShowChat(_))));

    client.handle_timeout(at);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::OpenSocket { name: "Bob".into(), resume: Some("token-1".into()) }));
    // Back online: the reconnect notice goes, the back-off starts over.
    frame(&mut client, at + 5, client_id("m-bob", Some("token-2"))).unwrap();
    assert!(drain(&mut client).contains(&Action::ShowNotice(None)));
    client.handle(at + 10, Input::SocketClosed).unwrap();
    assert!(client.next_deadline().is_some_and(|d| d <= at + 10 + 500));
}

#[test]
fn the_directory_follows_the_server_and_names_chat_lines() {
    let mut client = online();
    let listing = PeerListing { peers: vec!["a-alice".into(), "m-bob".into()], profiles: None };
    frame(&mut client, 20, Message::PeerList(listing)).unwrap_err();
    let actions = drain(&mut client);
    let peers = actions.iter().find_map(|a| match a {
        Action::ShowPeers(peers) => Some(peers.clone()),
        _ => None,
    });
    assert_eq!(peers.map(|p| p.len()), Some(1), "ourselves are not listed");
    frame(&mut client, 30, Message::PeerJoined(PeerInfo { id: "a-alice".into(), name: Some("Alice".into()), busy: None, calls: None }))
        .unwrap_err();
    drain(&mut client);
    let chat = Routed { from: Some("a-alice".into()), to: None, payload: ChatBody::Text("hello".into()) };
    frame(&mut client, 40, Message::Chat(chat)).unwrap_err();
    let line = drain(&mut client).into_iter().find_map(|a| match a {
        Action::ShowChat(line) => Some(line),
        _ => None,
    });
    let line = line.expect("the line is shown");
    assert_eq!((line.name.as_deref(), line.text.as_str(), line.at), (Some("Alice"), "hello", ORIGIN + 40));
    // Our own echo (a base server broadcasts to the sender too) is not shown again.
    let echo = Routed { from: Some("m-bob".into()), to: None, payload: ChatBody::Text("mine".into()) };
    frame(&mut client, 50, Message::Chat(echo)).unwrap_err();
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::ShowChat(_))));
}

#[test]
fn a_sent_chat_line_goes_out_then_shows_as_ours() {
    let mut client = online();
    client.handle(60, Input::SendChat { to: None, text: "  hi all ".into(), id: "c1".into() }).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::ShowChatRefusal(None));
    assert!(matches!(&actions[1], Action::Send(text) if text.contains("hi all")));
    assert!(matches!(&actions[2], Action::ShowChat(line) if line.mine && line.text == "hi all" && line.at == ORIGIN + 60));
}

#[test]
fn a_private_line_on_a_base_server_is_refused_before_anything_is_sent() {
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    frame(&mut client, 10, client_id("m-bob", None)).unwrap();
    drain(&mut client);
    assert!(client.handle(20, Input::SendChat { to: Some("a-alice".into()), text: "psst".into(), id: "c1".into() }).is_err());
    let actions = drain(&mut client);
    assert_eq!(actions.len(), 1);
    assert!(matches!(&actions[0], Action::ShowChatRefusal(Some(n)) if n.code == "PRIVATE_CHAT_UNAVAILABLE"));
}

#[test]
fn a_server_error_is_shown_unless_the_call_took_it_or_it_is_the_expected_race() {
    let mut client = online();
    let error = |code, reference: &str| {
        Message::Error(ErrorFrame { code, message: "nope".into(), reference: Some(reference.into()) })
    };
    frame(&mut client, 20, error(ErrorCode::RateLimited, "chat")).unwrap();
    assert!(matches!(&drain(&mut client)[..], [Action::ShowNotice(Some(n))] if n.code == "RATE_LIMITED"));
    frame(&mut client, 30, error(ErrorCode::UnknownPeer, "ice-candidate")).unwrap();
    assert!(drain(&mut client).is_empty(), "trickling to a peer who just left is not a problem");
}

#[test]
fn a_frame_that_does_not_parse_is_skipped() {
    let mut client = online();
    assert!(client.handle(20, Input::Frame("{not json".into())).is_err());
    assert!(drain(&mut client).is_empty());
}

#[test]
fn an_invitation_creates_the_connection_applies_the_offer_then_rings() {
    let mut client = online();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    let actions = drain(&mut client);
    assert!(matches!(
        &actions[..],
        [
            Action::Call(CallAction::CreatePeerConnection),
            Action::Call(CallAction::ApplyRemoteDescription(_)),
            Action::Call(CallAction::PlayTone(Tone::Ringtone)),
            Action::StopDeviceCheck,
        ]
    ), "{actions:?}");
    let view = client.call_view().expect("a call rings");
    assert_eq!(view.started_at, ORIGIN + 100, "times the page shows are on the wall clock");
    // The ring timer is the machine's deadline, on the monotonic clock.
    assert!(client.next_deadline().is_some_and(|at| at > 100 && at < ORIGIN));
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
    let op = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Capture { op, .. } => Some(op),
        _ => None,
    });
    let op = op.expect("a capture");
    client.handle(150, Input::MediaCaptured { op }).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::UseCapture { op });
    assert_eq!(actions[1], Action::Call(CallAction::CreatePeerConnection));
}

#[test]
fn a_failed_capture_ends_the_call_with_its_code_and_keeps_it_in_the_history() {
    let mut client = online();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Video, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    let op = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Capture { op, .. } => Some(op),
        _ => None,
    });
    let reason = crate::errors::CaptureFailure::from_dom_exception("NotAllowedError").end_reason(MediaKind::Video);
    client.handle(150, Input::MediaCaptureFailed { op: op.expect("a capture"), reason }).unwrap();
    let actions = drain(&mut client);
    let saved = actions.iter().any(|a| matches!(a, Action::SaveHistory(json) if json.contains("CAMERA_PERMISSION_DENIED")));
    assert!(saved, "{actions:?}");
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

#[test]
fn ice_servers_are_refreshed_before_they_expire_retried_when_the_failure_may_pass_and_dropped_when_none() {
    let fetch_op = |actions: &[Action]| {
        actions.iter().find_map(|a| match a {
            Action::FetchIceServers { op } => Some(*op),
            _ => None,
        })
    };
    let mut client = client();
    client.handle(0, Input::Start).unwrap();
    let op = fetch_op(&drain(&mut client)).expect("fetched at start");
    let body = r#"{"iceServers":[{"urls":["stun:example.org"]}],"ttl":600}"#;
    client.handle(5, Input::IceServersFetched { op, response: Some((200, body.into())) }).unwrap();
    assert!(matches!(&drain(&mut client)[..], [Action::UseIceServers(json)] if json.contains("stun:example.org")));
    let due = client.next_deadline().expect("a refresh is planned");
    assert!(due > 5 && due <= 5 + 600_000);
    assert!(client.handle(6, Input::IceServersFetched { op, response: None }).is_err(), "answered already");

    client.handle_timeout(due);
    let op = fetch_op(&drain(&mut client)).expect("fetched again");
    client.handle(due + 1, Input::IceServersFetched { op, response: Some((503, String::new())) }).unwrap();
    let retry = client.next_deadline().expect("retried");
    client.handle_timeout(retry);
    let op = fetch_op(&drain(&mut client)).expect("fetched a third time");
    client.handle(retry + 1, Input::IceServersFetched { op, response: Some((404, "not found".into())) }).unwrap();
    assert_eq!(client.next_deadline(), None, "none configured: not asked again");
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
    frame(&mut client, 20, Message::PeerJoined(PeerInfo { id: "a-alice".into(), name: None, busy: None, calls: None })).unwrap_err();
    let place = Input::Call(CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Audio, call_id: "call-1".into() });
    client.handle(100, place).unwrap();
    let op = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Capture { op, .. } => Some(op),
        _ => None,
    });
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
/// the failure is raised from inside `CreatePeerConnection`, while the invitation's ringtone is
/// still to be played. The ringtone must start before the failure stops it, or it rings on
/// after the call is over (the bug of 2e85f8a, where `perform` re-entered the machine).
#[test]
fn a_result_raised_while_performing_waits_for_the_rest_of_the_batch() {
    use crate::machine::Pump;
    let mut pump = Pump::new(online());
    let mut tones = Vec::new();
    pump.feed(100, Input::Frame(offer_from("a-alice", "call-1").to_json()), |action, raised| match action {
        Action::Call(CallAction::CreatePeerConnection) => raised.push(Input::Call(CallInput::LocalDescriptionFailed)),
        Action::Call(CallAction::PlayTone(tone)) => tones.push(Some(tone)),
        Action::Call(CallAction::StopTones) => tones.push(None),
        _ => {}
    })
    .unwrap();
    assert_eq!(tones, vec![Some(Tone::Ringtone), None], "the ringtone stops with the call");
    assert_eq!(pump.machine.call_view().and_then(|v| v.ended).map(|r| r.reason), Some(EndReason::BadSdp));
}

/// Bob, online, with a live-stream sink configured, takes Alice's audio call up to `connected`.
fn connected_with_sink() -> Client {
    let mut client = Client::new(ClientConfig {
        name: "Bob".into(),
        wall_origin: ORIGIN,
        stream_sink: Some(StreamSink { url: "wss://sink.example/in".into(), channels: 2 }),
        ..ClientConfig::default()
    });
    client.handle(0, Input::Start).unwrap();
    frame(&mut client, 10, client_id("m-bob", Some("token-1"))).unwrap();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    client.handle(120, Input::Call(CallInput::Accept)).unwrap();
    let op = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Capture { op, .. } => Some(op),
        _ => None,
    });
    client.handle(130, Input::MediaCaptured { op: op.expect("a capture") }).unwrap();
    client.handle(140, Input::Call(CallInput::AnswerCreated { sdp: "v=0\r\n".into() })).unwrap();
    drain(&mut client);
    client
}

#[test]
fn the_live_stream_starts_when_the_call_connects_and_ends_with_that_call_only() {
    use crate::call::ConnectionState;
    let mut client = connected_with_sink();
    client.handle(150, Input::Call(CallInput::ConnectionChanged(ConnectionState::Connected))).unwrap();
    let starts: Vec<_> = drain(&mut client).into_iter().filter(|a| matches!(a, Action::StartLiveStream { .. })).collect();
    assert_eq!(starts.len(), 1);
    assert!(matches!(&starts[0], Action::StartLiveStream { url, channels: 2 } if url.starts_with("wss://sink.example/in") && url.contains("call-1-callee")));
    // A dip and a recovery of the connection neither restarts nor ends it.
    client.handle(160, Input::Call(CallInput::ConnectionChanged(ConnectionState::Disconnected))).unwrap();
    client.handle(170, Input::Call(CallInput::ConnectionChanged(ConnectionState::Connected))).unwrap();
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::StartLiveStream { .. } | Action::EndLiveStream)));
    client.handle(180, Input::Call(CallInput::HangUp)).unwrap();
    assert_eq!(drain(&mut client).iter().filter(|a| **a == Action::EndLiveStream).count(), 1);
}

#[test]
fn no_sink_no_stream_and_a_bad_sink_url_is_refused() {
    use crate::call::ConnectionState;
    let mut client = connected_with_sink();
    assert!(client.handle(145, Input::StreamSettings { url: "http://nope".into(), channels: 1 }).is_err());
    client.handle(146, Input::StreamSettings { url: "  ".into(), channels: 9 }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::SaveStreamSettings { url: None, channels: 2 }]);
    client.handle(150, Input::Call(CallInput::ConnectionChanged(ConnectionState::Connected))).unwrap();
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::StartLiveStream { .. })));
}

#[test]
fn a_call_that_begins_makes_the_device_check_let_go_once() {
    let mut client = online();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    assert_eq!(drain(&mut client).iter().filter(|a| **a == Action::StopDeviceCheck).count(), 1);
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    assert!(!drain(&mut client).contains(&Action::StopDeviceCheck));
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
