//! The live stream: when it starts and ends with a call, and a link's ask for a sink.

use super::call::capture_op;
use super::*;
use crate::call::Input as CallInput;

/// Bob, online, with a live-stream sink configured, takes Alice's audio call up to `connected`.
pub(super) fn connected_with_sink() -> Client {
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
    let op = capture_op(&drain(&mut client));
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

/// A callee whose microphone opens after the connection: the stream waits for it.
#[test]
fn the_live_stream_of_a_callee_waits_for_its_microphone() {
    use crate::call::ConnectionState;
    let mut client = online();
    client.handle(90, Input::StreamSettings { url: "wss://sink.example/in".into(), channels: 2 }).unwrap();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    client.handle(120, Input::Call(CallInput::Accept)).unwrap();
    let op = capture_op(&drain(&mut client));
    client.handle(130, Input::Call(CallInput::AnswerCreated { sdp: "v=0\r\n".into() })).unwrap();
    client.handle(140, Input::Call(CallInput::ConnectionChanged(ConnectionState::Connected))).unwrap();
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::StartLiveStream { .. })), "not without the microphone");
    client.handle(150, Input::MediaCaptured { op: op.expect("a capture") }).unwrap();
    assert_eq!(drain(&mut client).iter().filter(|a| matches!(a, Action::StartLiveStream { .. })).count(), 1);
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

fn with_link(saved: Option<StreamSink>, url: &str, channels: Option<&str>, embedded: bool) -> Client {
    let mut client = Client::new(ClientConfig {
        name: "Bob".into(),
        wall_origin: ORIGIN,
        stream_sink: saved,
        stream_link: Some(StreamLink { url: url.into(), channels: channels.map(str::to_owned) }),
        embedded,
        ..ClientConfig::default()
    });
    client.handle(0, Input::Start).unwrap();
    client
}

fn offers(actions: &[Action]) -> Vec<Option<StreamOffer>> {
    actions.iter().filter_map(|a| if let Action::ShowStreamOffer(offer) = a { Some(offer.clone()) } else { None }).collect()
}

#[test]
fn a_link_only_asks_for_a_sink_and_allowing_makes_it_the_setting() {
    let mut client = with_link(None, "wss://user:pw@sink.example:8443/in", Some("1"), false);
    let shown = offers(&drain(&mut client));
    let sink = StreamSink { url: "wss://user:pw@sink.example:8443/in".into(), channels: 1 };
    assert_eq!(shown, vec![Some(StreamOffer { sink: sink.clone(), host: "sink.example:8443".into() })]);
    // Until allowed, a connected call streams nothing.
    frame(&mut client, 10, client_id("m-bob", None)).unwrap();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    client.handle(120, Input::Call(CallInput::Accept)).unwrap();
    let op = capture_op(&drain(&mut client)).expect("a capture");
    client.handle(130, Input::MediaCaptured { op }).unwrap();
    client.handle(140, Input::Call(CallInput::AnswerCreated { sdp: "v=0\r\n".into() })).unwrap();
    client.handle(150, Input::Call(CallInput::ConnectionChanged(crate::call::ConnectionState::Connected))).unwrap();
    assert!(!drain(&mut client).iter().any(|a| matches!(a, Action::StartLiveStream { .. })));
    client.handle(160, Input::StreamOffer { allow: true }).unwrap();
    assert_eq!(
        drain(&mut client),
        vec![Action::ShowStreamOffer(None), Action::SaveStreamSettings { url: Some(sink.url.clone()), channels: 1 }]
    );
    assert!(client.handle(170, Input::StreamOffer { allow: true }).is_err(), "answered once");
}

#[test]
fn a_dismissed_ask_changes_nothing() {
    let mut client = with_link(None, "ws://127.0.0.1:8081/sink", None, false);
    assert_eq!(offers(&drain(&mut client)).len(), 1);
    client.handle(10, Input::StreamOffer { allow: false }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ShowStreamOffer(None)]);
}

#[test]
fn no_ask_in_the_widget_for_a_bad_url_or_for_the_saved_sink() {
    let saved = StreamSink { url: "wss://sink.example/in".into(), channels: 2 };
    for client in [
        &mut with_link(None, "wss://sink.example/in", None, true),
        &mut with_link(None, "https://sink.example/in", None, false),
        &mut with_link(None, "javascript:alert(1)", None, false),
        &mut with_link(Some(saved.clone()), "wss://sink.example/in", Some("2"), false),
    ] {
        assert!(offers(&drain(client)).is_empty());
        assert!(client.handle(10, Input::StreamOffer { allow: true }).is_err());
    }
    // The saved sink with another channel layout is a change, so it is asked.
    assert_eq!(offers(&drain(&mut with_link(Some(saved), "wss://sink.example/in", Some("1"), false))).len(), 1);
}
