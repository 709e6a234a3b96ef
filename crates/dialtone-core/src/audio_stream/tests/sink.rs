//! Sink URLs and stream names.

use super::super::*;

#[test]
fn only_websocket_urls_with_a_host_are_sink_urls() {
    assert_eq!(
        valid_sink_url(" ws://127.0.0.1:8081/audio-sink "),
        Some("ws://127.0.0.1:8081/audio-sink".into())
    );
    assert!(valid_sink_url("wss://sink.example/a").is_some());
    for bad in [
        "http://x/a",
        "ws://",
        "ws:///path",
        "ws://a b",
        "",
        "javascript:alert(1)",
    ] {
        assert_eq!(valid_sink_url(bad), None, "{bad}");
    }
    assert_eq!(
        valid_sink_url(&format!("ws://h/{}", "a".repeat(MAX_URL_LEN))),
        None
    );
}

#[test]
fn each_side_of_a_call_streams_under_its_own_name() {
    use crate::call::Direction;
    assert_eq!(stream_id("c-1", Direction::Outgoing), "c-1-caller");
    assert_eq!(stream_id("c-1", Direction::Incoming), "c-1-callee");
}

#[test]
fn each_call_gets_its_own_url() {
    assert_eq!(
        sink_url_for_call("ws://h/audio-sink", "c-1"),
        "ws://h/audio-sink/c-1"
    );
    assert_eq!(
        sink_url_for_call("ws://h/audio-sink/?token=t", "c-1"),
        "ws://h/audio-sink/c-1?token=t"
    );
    assert_eq!(
        sink_url_for_call("ws://h/in?call={callId}", "c 1/"),
        "ws://h/in?call=c%201%2F"
    );
}

#[test]
fn a_sink_is_named_by_its_host_for_the_person_asked_to_allow_it() {
    assert_eq!(sink_host("wss://sink.example:8443/a/b?x=1"), "sink.example:8443");
    assert_eq!(sink_host("ws://user:secret@evil.example/audio"), "evil.example", "no credentials shown");
    assert_eq!(sink_host("ws://127.0.0.1:8081"), "127.0.0.1:8081");
}
