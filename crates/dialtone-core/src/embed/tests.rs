//! The widget API: command validation, replies, and the events a call produces for the host.

use super::*;
use crate::call::{CallTimers, ConnectionState, Input, Phone};
use crate::protocol::{ClientIdInfo, Message, Routed, SdpType, SessionDescription};

fn command(name: &str, args: Value) -> Value {
    json!({ "dialtone": 1, "id": 7, "kind": "command", "name": name, "args": args })
}

fn parse(message: Value) -> Incoming {
    let size = message.to_string().len();
    parse_incoming(&message, size)
}

#[test]
fn every_command_of_the_api_parses() {
    let cases = [
        (command("call", json!(["p1", "video"])), Command::Call { peer: "p1".into(), media: MediaKind::Video }),
        (command("call", json!(["p1"])), Command::Call { peer: "p1".into(), media: MediaKind::Audio }),
        (command("answer", json!([])), Command::Answer),
        (command("reject", Value::Null), Command::Reject),
        (command("hangUp", json!([])), Command::HangUp),
        (command("setMuted", json!(["mic", true])), Command::SetMuted { source: MediaSource::Mic, muted: true }),
        (command("setOutputDevice", json!(["spk"])), Command::SetOutputDevice { device_id: "spk".into() }),
        (command("sendChat", json!(["hi"])), Command::SendChat { text: "hi".into() }),
        (command("setTheme", json!(["dark"])), Command::SetTheme { theme: Theme::Dark }),
        (command("getState", json!([])), Command::GetState),
    ];
    for (message, expected) in cases {
        assert_eq!(parse(message), Incoming::Command { id: 7, command: expected });
    }
}

#[test]
fn other_scripts_messages_are_not_ours() {
    assert_eq!(parse(json!("hello")), Incoming::NotOurs);
    assert_eq!(parse(json!({ "type": "webpackOk" })), Incoming::NotOurs);
}

#[test]
fn malformed_messages_get_specific_errors() {
    let code = |message: Value| match parse(message) {
        Incoming::Invalid { error, .. } => error.code,
        other => panic!("not invalid: {other:?}"),
    };
    assert_eq!(code(command("teleport", json!([]))), "UNKNOWN_COMMAND");
    assert_eq!(code(command("call", json!([42]))), "BAD_ARGS");
    assert_eq!(code(command("call", json!(["p", "hologram"]))), "BAD_ARGS");
    assert_eq!(code(command("setMuted", json!(["mic"]))), "BAD_ARGS");
    assert_eq!(code(command("setTheme", json!(["neon"]))), "BAD_ARGS");
    assert_eq!(code(command("sendChat", json!(["   "]))), "BAD_ARGS");
    assert_eq!(code(json!({ "dialtone": 2, "id": 1, "kind": "command", "name": "answer" })), "BAD_MESSAGE");
    assert_eq!(code(json!({ "dialtone": 1, "kind": "command", "name": "answer" })), "BAD_MESSAGE");
    assert_eq!(code(json!({ "dialtone": 1, "id": 1, "kind": "reply", "name": "answer" })), "BAD_MESSAGE");
    assert_eq!(code(command("sendChat", json!(["x".repeat(MAX_COMMAND_BYTES)]))), "TOO_LARGE");
}

#[test]
fn replies_and_events_have_the_wire_shape() {
    assert_eq!(
        reply_ok(3, json!({ "ok": true })),
        json!({ "dialtone": 1, "id": 3, "kind": "reply", "result": { "ok": true } })
    );
    let error = CommandError::new("BAD_ARGS", "nope");
    assert_eq!(reply_error(3, &error)["error"], json!({ "code": "BAD_ARGS", "message": "nope" }));
    assert_eq!(event(9, "ready", json!({}))["kind"], "event");
}

fn snapshot(phone: &Phone) -> Snapshot {
    Snapshot {
        self_id: Some("me".into()),
        self_name: Some("Visitor".into()),
        peers: vec![PeerSummary { id: "agent".into(), name: Some("Agent".into()), busy: false, takes_calls: true }],
        call: phone.view(),
        silent_ringing: false,
    }
}

fn names(events: &[(String, Value)]) -> Vec<&str> {
    events.iter().map(|(n, _)| n.as_str()).collect()
}

#[test]
fn a_call_produces_each_event_once_in_order() {
    let mut phone = Phone::new(CallTimers::default());
    let _ = phone.handle(0, Input::Signal(Message::ClientId(ClientIdInfo { id: "me".into(), resume: None, name: None, room: None, limits: None })));
    let mut tracker = EventTracker::default();
    assert_eq!(names(&tracker.events_for(&snapshot(&phone))), vec!["ready", "peers"]);
    assert!(tracker.events_for(&snapshot(&phone)).is_empty(), "nothing changed, nothing sent");

    phone.handle(1, Input::PlaceCall { peer: "agent".into(), media: MediaKind::Audio, call_id: "c1".into() }).unwrap();
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(names(&events), vec!["call-state"]);
    assert_eq!(events[0].1["state"], "wait-capabilities");
    assert_eq!(events[0].1["peerName"], "Agent");

    phone.handle(2, Input::MediaAcquired).unwrap();
    phone.handle(3, Input::OfferCreated { sdp: "v=0 secret-ice-pwd".into() }).unwrap();
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(names(&events), vec!["call-state", "media-state"]);
    assert!(!events.iter().any(|(_, args)| args.to_string().contains("secret")), "no SDP crosses to the host");

    let answer = Message::Answer(Routed { from: Some("agent".into()), to: None, payload: SessionDescription {
        sdp_type: SdpType::Answer, sdp: "v=0".into(), call_id: Some("c1".into()), media: None } });
    phone.handle(4, Input::Signal(answer)).unwrap();
    phone.handle(5, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(events.last().map(|(_, a)| a["state"].clone()), Some(json!("connected")));

    phone.handle(6, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
    assert!(tracker.events_for(&snapshot(&phone)).is_empty(), "a pending change is not announced");
    phone.handle(7, Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }).unwrap();
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(names(&events), vec!["media-state"]);
    assert_eq!(events[0].1["mic"], false);

    phone.handle(3_005, Input::HangUp).unwrap();
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(names(&events), vec!["call-state", "call-ended"]);
    assert_eq!(events[1].1["reason"], "HUNG_UP");
    assert_eq!(events[1].1["duration"], 3_000);
    assert!(tracker.events_for(&snapshot(&phone)).is_empty());
}

#[test]
fn an_incoming_call_is_announced_to_the_host() {
    let mut phone = Phone::new(CallTimers::default());
    let mut tracker = EventTracker::default();
    tracker.events_for(&snapshot(&phone));
    let invite = Message::Offer(Routed { from: Some("agent".into()), to: None, payload: SessionDescription {
        sdp_type: SdpType::Offer, sdp: "v=0".into(), call_id: Some("c9".into()), media: Some(MediaKind::Video) } });
    phone.handle(0, Input::Signal(invite)).unwrap();
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(names(&events), vec!["incoming-call", "call-state"]);
    assert_eq!(events[0].1["media"], "video");
    assert!(state_of(&snapshot(&phone))["call"]["state"] == "invitation-received");
}

#[test]
fn the_host_hears_once_each_time_calls_start_or_stop_ringing_silently() {
    let mut phone = Phone::new(CallTimers::default());
    let _ = phone.handle(0, Input::Signal(Message::ClientId(ClientIdInfo { id: "me".into(), resume: None, name: None, room: None, limits: None })));
    let mut tracker = EventTracker::default();
    let held = Snapshot { silent_ringing: true, ..snapshot(&phone) };
    let events = tracker.events_for(&held);
    assert_eq!(names(&events), vec!["ready", "peers", "silent-ringing"]);
    assert_eq!(events[2].1, json!({ "silent": true }));
    assert!(tracker.events_for(&held).is_empty(), "once");
    assert_eq!(state_of(&held)["silentRinging"], true);
    let events = tracker.events_for(&snapshot(&phone));
    assert_eq!(events, vec![("silent-ringing".to_owned(), json!({ "silent": false }))]);
}

#[test]
fn a_refused_chat_line_is_told_to_the_host_with_its_own_reason() {
    assert_eq!(chat_refused(None, true).code, "BAD_ARGS");
    assert_eq!(chat_refused(Some("CHAT_TOO_LONG"), true).message, "an empty chat line", "a blank line whatever was refused before");
    assert_eq!(chat_refused(Some("CHAT_TOO_LONG"), false).code, "BAD_ARGS");
    assert_eq!(chat_refused(Some("CHAT_RECIPIENT_LEFT"), false).code, "NOT_ALLOWED");
    assert_eq!(chat_refused(Some("PRIVATE_CHAT_UNAVAILABLE"), false).code, "UNSUPPORTED");
    assert_eq!(chat_refused(Some("CHAT_OFFLINE"), false).code, "NOT_CONNECTED");
    assert_eq!(chat_refused(None, false).code, "NOT_CONNECTED");
}
