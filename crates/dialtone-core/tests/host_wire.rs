//! Host protocol wire format (specs/host-protocol.md §1–3, §8.6): every command parses from the
//! compact and the reference host's pretty-printed form and writes back byte for byte; every
//! reply and event writes exactly the spec's examples; replies echo the command as received.

use dialtone_core::host::*;

mod host_wire_support;
use host_wire_support::{START, pretty, read, refused};

/// One compact command of each type, in the field order the page writes.
fn every_command() -> Vec<(&'static str, Command)> {
    vec![
        (
            r#"{"type":"capabilities","media":"audio"}"#,
            Command::Capabilities {
                media: CallMediaType::Audio,
            },
        ),
        (
            START,
            Command::Start {
                media: CallMediaType::Video,
                aes_key: Some("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=".into()),
                ice_servers: Some(vec![
                    IceServer {
                        urls: vec!["stun:stun.example.net:3478".into()],
                        username: None,
                        credential: None,
                    },
                    IceServer {
                        urls: vec!["turns:turn.example.net:443?transport=tcp".into()],
                        username: Some("u1".into()),
                        credential: Some("p1".into()),
                    },
                ]),
                relay: Some(true),
            },
        ),
        (
            r#"{"type":"offer","offer":"N4Ig","iceCandidates":"NobwRA","media":"audio","relay":false}"#,
            Command::Offer {
                offer: "N4Ig".into(),
                ice_candidates: "NobwRA".into(),
                media: CallMediaType::Audio,
                aes_key: None,
                ice_servers: None,
                relay: Some(false),
            },
        ),
        (
            r#"{"type":"answer","answer":"N4Ig","iceCandidates":"NoXSA==="}"#,
            Command::Answer {
                answer: "N4Ig".into(),
                ice_candidates: "NoXSA===".into(),
            },
        ),
        (
            r#"{"type":"ice","iceCandidates":"NoXSA==="}"#,
            Command::Ice {
                ice_candidates: "NoXSA===".into(),
            },
        ),
        (
            r#"{"type":"media","source":"screenVideo","enable":true}"#,
            Command::Media {
                source: CallMediaSource::ScreenVideo,
                enable: true,
            },
        ),
        (
            r#"{"type":"camera","camera":"environment"}"#,
            Command::Camera {
                camera: VideoCamera::Environment,
            },
        ),
        (
            r#"{"type":"description","state":"connected","description":"Encrypted call"}"#,
            Command::Description {
                state: "connected".into(),
                description: "Encrypted call".into(),
            },
        ),
        (
            r#"{"type":"layout","layout":"remoteVideo"}"#,
            Command::Layout {
                layout: LayoutType::RemoteVideo,
            },
        ),
        (
            r#"{"type":"permission","title":"Microphone blocked","chrome":"Allow it from the site info icon.","safari":"Allow it in Settings › Websites."}"#,
            Command::Permission {
                title: "Microphone blocked".into(),
                chrome: "Allow it from the site info icon.".into(),
                safari: "Allow it in Settings › Websites.".into(),
            },
        ),
        (r#"{"type":"end"}"#, Command::End),
    ]
}

#[test]
fn every_command_type_has_a_golden_case() {
    let types: Vec<&str> = every_command().iter().map(|(_, c)| c.type_name()).collect();
    assert_eq!(types, Command::TYPES);
}

#[test]
fn every_command_parses_from_its_compact_form() {
    for (json, command) in every_command() {
        let frame = format!(r#"{{"command":{json}}}"#);
        assert_eq!(read(&frame).command, command, "{json}");
    }
}

#[test]
fn every_command_parses_from_the_reference_hosts_pretty_form() {
    for (json, command) in every_command() {
        let frame = pretty(&format!(r#"{{"command":{json}}}"#));
        assert!(
            frame.contains("\n    \"command\": {\n        \"type\""),
            "really pretty: {frame}"
        );
        assert_eq!(read(&frame).command, command, "{frame}");
    }
}

#[test]
fn every_command_writes_byte_for_byte_with_type_first() {
    for (json, command) in every_command() {
        assert_eq!(serde_json::to_string(&command).expect("serialises"), json);
    }
}

#[test]
fn the_reference_end_frame_parses() {
    let frame = "{\n    \"command\": {\n        \"type\": \"end\"\n    }\n}";
    assert_eq!(read(frame).command, Command::End);
}

#[test]
fn a_reply_carries_the_corr_id_and_the_command_as_received() {
    let received = read(r#"{"corrId":7,"command":{"type":"media","source":"mic","enable":false}}"#);
    assert_eq!(
        received.reply(Response::Ok).to_json(),
        r#"{"corrId":7,"resp":{"type":"ok"},"command":{"type":"media","source":"mic","enable":false}}"#
    );
}

#[test]
fn a_reply_to_a_command_without_corr_id_has_none() {
    let received = read(r#"{"command":{"type":"end"}}"#);
    assert_eq!(
        received.reply(Response::Ok).to_json(),
        r#"{"resp":{"type":"ok"},"command":{"type":"end"}}"#
    );
}

#[test]
fn the_echo_keeps_the_key_unknown_fields_key_order_and_number_spelling() {
    let command = r#"{"relay":true,"x-extra":{"n":1e2,"s":"a\u00e9 \"q\""},"type":"start","media":"video","aesKey":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}"#;
    let received = read(&format!(r#"{{"corrId":3,"command":{command}}}"#));
    assert_eq!(received.echo.get(), command);
}

#[test]
fn the_echo_of_a_pretty_command_is_compact_but_keeps_spaces_inside_strings() {
    let received = read(&pretty(
        r#"{"corrId":1,"command":{"type":"description","state":"a  b","description":" {x} "}}"#,
    ));
    assert_eq!(
        received.echo.get(),
        r#"{"type":"description","state":"a  b","description":" {x} "}"#
    );
}

#[test]
fn null_optional_fields_read_as_absent() {
    let received = read(
        r#"{"corrId":null,"command":{"type":"start","media":"audio","aesKey":null,"iceServers":null,"relay":null}}"#,
    );
    assert_eq!(received.corr_id, None);
    assert_eq!(
        received.command,
        Command::Start {
            media: CallMediaType::Audio,
            aes_key: None,
            ice_servers: None,
            relay: None
        }
    );
}

#[test]
fn unknown_fields_are_ignored_at_every_level() {
    let received = read(
        r#"{"v":2,"command":{"type":"start","media":"audio","new":[1],"iceServers":[{"urls":"stun:a","extra":true}]}}"#,
    );
    let Command::Start {
        ice_servers: Some(servers),
        ..
    } = received.command
    else {
        panic!("not a start")
    };
    assert_eq!(servers[0].urls, vec!["stun:a".to_owned()]);
}

#[test]
fn ice_server_urls_may_be_one_string_and_are_written_as_a_list() {
    let server: IceServer =
        serde_json::from_str(r#"{"urls":"turn:t:3478","username":"u","credential":"c"}"#)
            .expect("reads");
    assert_eq!(
        serde_json::to_string(&server).expect("writes"),
        r#"{"urls":["turn:t:3478"],"username":"u","credential":"c"}"#
    );
}

#[test]
fn an_unknown_type_is_refused_with_the_command_echoed() {
    let refusal = refused(r#"{"corrId":9,"command":{"type":"dance","speed":3}}"#);
    assert_eq!(
        refusal.reply().to_json(),
        r#"{"corrId":9,"resp":{"type":"error","message":"dance: UNKNOWN_COMMAND unknown command type"},"command":{"type":"dance","speed":3}}"#
    );
}

#[test]
fn invalid_json_is_malformed_without_corr_id_or_echo() {
    let reply = refused(r#"{"corrId":4,"command":{"type":"end"}"#)
        .reply()
        .to_json();
    assert!(
        reply.starts_with(r#"{"resp":{"type":"error","message":"?: MALFORMED "#),
        "{reply}"
    );
    assert!(!reply.contains("\"command\""), "{reply}");
}

#[test]
fn a_missing_command_is_malformed_with_the_corr_id() {
    let refusal = refused(r#"{"corrId":4}"#);
    assert_eq!(refusal.error.code, HostErrorCode::Malformed);
    assert_eq!(
        refusal.reply().to_json(),
        r#"{"corrId":4,"resp":{"type":"error","message":"?: MALFORMED the envelope has no command"}}"#
    );
}

#[test]
fn a_non_object_command_is_malformed() {
    assert_eq!(
        refused(r#"{"command":"end"}"#).error.code,
        HostErrorCode::Malformed
    );
    assert_eq!(
        refused(r#"{"command":{"kind":"end"}}"#).error.code,
        HostErrorCode::Malformed
    );
    assert_eq!(
        refused(r#"[{"command":{"type":"end"}}]"#).error.code,
        HostErrorCode::Malformed
    );
}

#[test]
fn wrong_field_types_are_malformed_naming_the_type_without_echo() {
    for command in [
        r#"{"type":"media","source":"mic","enable":"yes"}"#,
        r#"{"type":"media","source":"unknown","enable":true}"#,
        r#"{"type":"capabilities"}"#,
        r#"{"type":"capabilities","media":null}"#,
    ] {
        let refusal = refused(&format!(r#"{{"corrId":2,"command":{command}}}"#));
        assert_eq!(refusal.error.code, HostErrorCode::Malformed, "{command}");
        let reply = refusal.reply().to_json();
        assert!(
            reply.starts_with(r#"{"corrId":2,"resp":{"type":"error","message":""#),
            "{reply}"
        );
        assert!(reply.contains(": MALFORMED "), "{reply}");
        assert!(!reply.contains("\"command\""), "{reply}");
    }
}

#[test]
fn a_non_integer_corr_id_is_malformed() {
    assert_eq!(
        refused(r#"{"corrId":"7","command":{"type":"end"}}"#)
            .error
            .code,
        HostErrorCode::Malformed
    );
    assert_eq!(
        refused(r#"{"corrId":7.5,"command":{"type":"end"}}"#)
            .error
            .code,
        HostErrorCode::Malformed
    );
}

#[test]
fn a_frame_over_64_kib_is_too_large() {
    let frame = format!(
        r#"{{"command":{{"type":"description","state":"","description":"{}"}}}}"#,
        "x".repeat(MAX_HOST_FRAME_BYTES)
    );
    let refusal = refused(&frame);
    assert_eq!(
        refusal.reply().to_json(),
        r#"{"resp":{"type":"error","message":"?: TOO_LARGE the frame is larger than 65536 bytes"}}"#
    );
}

#[test]
fn a_frame_of_exactly_64_kib_is_accepted() {
    let head = r#"{"command":{"type":"description","state":"","description":""#;
    let tail = r#""}}"#;
    let frame = format!(
        "{head}{}{tail}",
        "x".repeat(MAX_HOST_FRAME_BYTES - head.len() - tail.len())
    );
    assert_eq!(frame.len(), MAX_HOST_FRAME_BYTES);
    read(&frame);
}

#[test]
fn too_many_ice_servers_or_urls_are_malformed() {
    let servers = vec![r#"{"urls":"stun:a"}"#; 17].join(",");
    let refusal = refused(&format!(
        r#"{{"command":{{"type":"start","media":"audio","iceServers":[{servers}]}}}}"#
    ));
    assert_eq!(refusal.error.code, HostErrorCode::Malformed);
    let urls = vec![r#""stun:a""#; 17].join(",");
    let refusal = refused(&format!(
        r#"{{"command":{{"type":"start","media":"audio","iceServers":[{{"urls":[{urls}]}}]}}}}"#
    ));
    assert_eq!(refusal.error.code, HostErrorCode::Malformed);
    let servers = vec![r#"{"urls":"stun:a"}"#; 16].join(",");
    read(&format!(
        r#"{{"command":{{"type":"start","media":"audio","iceServers":[{servers}]}}}}"#
    ));
}
