//! The signaling wire format: every message round-trips, base shapes are byte-for-byte those of
//! the base protocol, and the tolerances of specs/signaling.md hold.

use std::collections::BTreeMap;

use dialtone_core::protocol::*;

fn every_message() -> Vec<Message> {
    let description = |sdp_type| SessionDescription {
        sdp_type,
        sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n".into(),
        call_id: Some("3b2f".into()),
        media: Some(MediaKind::Video),
    };
    let mut profiles = BTreeMap::new();
    profiles.insert("p2".to_owned(), Profile { name: Some("Bob".into()), busy: Some(false), calls: None });
    vec![
        Message::ClientId(ClientIdInfo {
            id: "p1".into(),
            resume: Some("tok".into()),
            name: Some("Alice".into()),
            room: Some("lobby".into()),
            limits: Some(Limits { max_frame: MAX_FRAME_BYTES }),
        }),
        Message::ListPeers,
        Message::PeerList(PeerListing { peers: vec!["p2".into()], profiles: Some(profiles) }),
        Message::PeerJoined(PeerInfo { id: "p2".into(), name: Some("Bob".into()), busy: None, calls: None }),
        Message::PeerLeft(PeerInfo { id: "p2".into(), name: None, busy: None, calls: None }),
        Message::Hello(Hello { name: Some("Al".into()), room: Some("r".into()), calls: None }),
        Message::Offer(Routed { from: Some("p1".into()), to: Some("p2".into()), payload: description(SdpType::Offer) }),
        Message::Answer(Routed::to("p1", description(SdpType::Answer))),
        Message::IceCandidate(Routed::to("p2", IceCandidate {
            candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host".into(),
            sdp_mid: Some("0".into()),
            sdp_m_line_index: Some(0),
            call_id: Some("3b2f".into()),
            ufrag: Some("abcd".into()),
            call_end: None,
        })),
        Message::Chat(Routed::broadcast(ChatBody::Text("hi".into()))),
        Message::Chat(Routed::to("p2", ChatBody::Rich { text: "hi".into(), id: Some("m1".into()), ts: Some(7), name: None })),
        Message::CallEnd(Routed::to("p2", CallEnd { call_id: "3b2f".into(), reason: EndReason::HungUp, seq: None })),
        Message::CallMedia(Routed::to("p2", CallMedia { call_id: "3b2f".into(), source: MediaSource::Mic, enabled: false, lost: false, seq: None })),
        Message::CallRecording(Routed::to("p2", CallRecording { call_id: "3b2f".into(), recording: true, seq: None })),
        Message::Error(ErrorFrame { code: ErrorCode::UnknownPeer, message: "no such peer".into(), reference: Some("offer".into()) }),
    ]
}

#[test]
fn every_message_round_trips_through_json() {
    let messages = every_message();
    let kinds: std::collections::HashSet<MessageKind> = messages.iter().map(Message::kind).collect();
    assert_eq!(kinds.len(), MessageKind::ALL.len(), "every message kind is covered");
    for message in messages {
        let json = message.to_json();
        assert_eq!(Message::parse(&json), Ok(message), "round trip of {json}");
    }
}

#[test]
fn base_shapes_are_byte_for_byte() {
    let cases = [
        (
            Message::ClientId(ClientIdInfo { id: "abc".into(), resume: None, name: None, room: None, limits: None }),
            r#"{"type":"client-id","payload":{"id":"abc"}}"#,
        ),
        (Message::ListPeers, r#"{"type":"list-peers"}"#),
        (
            Message::PeerList(PeerListing { peers: vec!["a".into(), "b".into()], profiles: None }),
            r#"{"type":"peer-list","peers":["a","b"]}"#,
        ),
        (Message::PeerJoined(PeerInfo { id: "a".into(), name: None, busy: None, calls: None }), r#"{"type":"peer-joined","payload":{"id":"a"}}"#),
        (Message::PeerLeft(PeerInfo { id: "a".into(), name: None, busy: None, calls: None }), r#"{"type":"peer-left","payload":{"id":"a"}}"#),
        (
            Message::Offer(Routed::to("b", SessionDescription { sdp_type: SdpType::Offer, sdp: "v=0".into(), call_id: None, media: None })),
            r#"{"type":"offer","to":"b","payload":{"type":"offer","sdp":"v=0"}}"#,
        ),
        (
            Message::Answer(Routed { from: Some("a".into()), to: None, payload: SessionDescription { sdp_type: SdpType::Answer, sdp: "v=0".into(), call_id: None, media: None } }),
            r#"{"type":"answer","from":"a","payload":{"type":"answer","sdp":"v=0"}}"#,
        ),
        (
            Message::IceCandidate(Routed { from: Some("a".into()), to: None, payload: IceCandidate {
                candidate: "candidate:1".into(), sdp_mid: Some("0".into()), sdp_m_line_index: Some(0), call_id: None, ufrag: None, call_end: None,
            } }),
            r#"{"type":"ice-candidate","from":"a","payload":{"candidate":"candidate:1","sdpMid":"0","sdpMLineIndex":0}}"#,
        ),
        (Message::Chat(Routed::broadcast(ChatBody::Text("text".into()))), r#"{"type":"chat","payload":"text"}"#),
        (
            Message::Chat(Routed { from: Some("a".into()), to: None, payload: ChatBody::Text("text".into()) }),
            r#"{"type":"chat","from":"a","payload":"text"}"#,
        ),
    ];
    for (message, wire) in cases {
        assert_eq!(message.to_json(), wire);
        assert_eq!(Message::parse(wire), Ok(message));
    }
}

#[test]
fn the_older_top_level_id_variant_is_understood() {
    let parsed = Message::parse(r#"{"type":"client-id","id":"old1"}"#);
    assert!(matches!(parsed, Ok(Message::ClientId(ClientIdInfo { ref id, .. })) if id == "old1"));
    let parsed = Message::parse(r#"{"type":"peer-joined","id":"old2"}"#);
    assert_eq!(parsed, Ok(Message::PeerJoined(PeerInfo { id: "old2".into(), name: None, busy: None, calls: None })));
    let parsed = Message::parse(r#"{"type":"peer-left","id":"old3"}"#);
    assert_eq!(parsed, Ok(Message::PeerLeft(PeerInfo { id: "old3".into(), name: None, busy: None, calls: None })));
}

#[test]
fn unknown_fields_are_ignored_everywhere() {
    let wire = r#"{"type":"offer","from":"a","x-extra":1,"payload":{"type":"offer","sdp":"v=0","future":{"k":[1]}}}"#;
    let Ok(Message::Offer(offer)) = Message::parse(wire) else { panic!("offer not parsed") };
    assert_eq!(offer.payload.sdp, "v=0");
    let wire = r#"{"type":"client-id","payload":{"id":"a","features":["x"]},"version":3}"#;
    assert!(matches!(Message::parse(wire), Ok(Message::ClientId(_))));
    let wire = r#"{"type":"peer-list","peers":[],"cursor":"z"}"#;
    assert_eq!(Message::parse(wire), Ok(Message::PeerList(PeerListing::default())));
}

#[test]
fn malformed_frames_are_errors_with_codes() {
    let cases = [
        ("not json", ErrorCode::Malformed, None),
        (r#"{"payload":{}}"#, ErrorCode::Malformed, None),
        (r#"{"type":"warp"}"#, ErrorCode::UnknownType, Some("warp")),
        (r#"{"type":"offer","to":"b"}"#, ErrorCode::Malformed, Some("offer")),
        (r#"{"type":"offer","to":"b","payload":{"type":"answer","sdp":"v=0"}}"#, ErrorCode::Malformed, Some("offer")),
        (r#"{"type":"offer","payload":{"type":"offer","sdp":"v=0"}}"#, ErrorCode::Malformed, Some("offer")),
        (r#"{"type":"ice-candidate","to":"b","payload":{"sdpMid":"0"}}"#, ErrorCode::Malformed, Some("ice-candidate")),
        (r#"{"type":"call-end","to":"b","payload":{"callId":"c","reason":"BORED"}}"#, ErrorCode::Malformed, Some("call-end")),
    ];
    for (wire, code, reference) in cases {
        let error = Message::parse(wire).expect_err(wire);
        assert_eq!(error.code(), code, "{wire}");
        assert_eq!(error.reference(), reference, "{wire}");
    }
}

#[test]
fn oversized_frames_are_rejected_before_parsing() {
    let big = format!(r#"{{"type":"chat","payload":"{}"}}"#, "x".repeat(MAX_FRAME_BYTES));
    let error = Message::parse(&big).expect_err("too large");
    assert_eq!(error.code(), ErrorCode::TooLarge);
}

#[test]
fn error_frames_carry_code_message_and_ref() {
    let frame = ProtocolError::UnknownType { kind: "warp".into() }.to_error_frame();
    assert_eq!(
        Message::Error(frame).to_json(),
        r#"{"type":"error","payload":{"code":"UNKNOWN_TYPE","message":"unknown message type `warp`","ref":"warp"}}"#
    );
}

#[test]
fn end_reasons_serialize_as_their_stable_codes() {
    for reason in [EndReason::MicPermissionDenied, EndReason::PeerUnavailable, EndReason::RemoteHungUp, EndReason::BadSdp] {
        assert_eq!(serde_json::to_value(reason).ok(), Some(serde_json::Value::String(reason.code().into())));
    }
}

mod fuzz {
    //! Frame parsing against arbitrary input: it never panics, and whatever it accepts
    //! re-serializes to a frame that parses to the same message.
    use dialtone_core::protocol::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            ".{0,12}".prop_map(serde_json::Value::String),
            prop_oneof![Just("offer"), Just("answer"), Just("ice-candidate"), Just("chat"), Just("client-id"),
                Just("peer-list"), Just("call-end"), Just("call-media"), Just("hello"), Just("error"), Just("HUNG_UP"),
                Just("mic"), Just("audio")].prop_map(|s| serde_json::Value::String(s.into())),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![Just("type".to_owned()), Just("from".to_owned()), Just("to".to_owned()),
                        Just("payload".to_owned()), Just("peers".to_owned()), Just("id".to_owned()), Just("sdp".to_owned()),
                        Just("callId".to_owned()), Just("candidate".to_owned()), Just("reason".to_owned()), "[a-z]{1,6}"],
                    inner,
                    0..6,
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn arbitrary_text_never_panics(text in ".{0,300}") {
            let _ = Message::parse(&text);
        }

        #[test]
        fn arbitrary_json_parses_or_is_refused_with_a_code_and_round_trips(value in json_value()) {
            let text = value.to_string();
            match Message::parse(&text) {
                Ok(message) => {
                    let again = Message::parse(&message.to_json());
                    prop_assert_eq!(again, Ok(message));
                }
                Err(error) => {
                    prop_assert!(!error.to_string().is_empty());
                    let _ = error.to_error_frame();
                }
            }
        }
    }
}

#[test]
fn a_page_without_webrtc_says_calls_false_and_older_frames_without_it_still_parse() {
    let hello = Message::Hello(Hello { name: None, room: None, calls: Some(false) });
    assert_eq!(hello.to_json(), r#"{"type":"hello","payload":{"calls":false}}"#);
    let joined = Message::parse(r#"{"type":"peer-joined","payload":{"id":"b","name":"Bob","busy":false,"calls":false}}"#);
    assert_eq!(joined, Ok(Message::PeerJoined(PeerInfo { id: "b".into(), name: Some("Bob".into()), busy: Some(false), calls: Some(false) })));
    let older = Message::parse(r#"{"type":"peer-joined","payload":{"id":"b","name":"Bob"}}"#);
    assert!(matches!(older, Ok(Message::PeerJoined(PeerInfo { calls: None, .. }))));
}
