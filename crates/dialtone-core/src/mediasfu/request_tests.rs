use super::*;

#[test]
fn list_and_sip_configs_are_gets_on_the_base_url() {
    let r = list_calls();
    assert_eq!(
        (r.method, r.url("https://mediasfu.com")),
        (Method::Get, "https://mediasfu.com/v1/sipcall/list".into())
    );
    assert_eq!(r.content_type(), None);
    assert_eq!(
        sip_configs(20).path,
        "/v1/sipconfigs/?action=get&startIndex=0&pageSize=20"
    );
    assert_eq!(
        sip_configs(10).url("/api/mediasfu"),
        "/api/mediasfu/v1/sipconfigs/?action=get&startIndex=0&pageSize=10"
    );
}

#[test]
fn every_post_carries_a_json_content_type_and_a_body() {
    let r = control("prod1", &Control::Resume);
    assert_eq!(r.content_type(), Some("application/json"));
    assert_eq!(r.body_text().as_deref(), Some("{}"));
}

#[test]
fn the_call_id_is_percent_encoded_into_the_path() {
    assert_eq!(
        control("a/b c", &Control::StartAgent).path,
        "/v1/sipcall/a%2Fb%20c/start-agent"
    );
}

#[test]
fn start_with_initiator_audio_is_sent_only_as_true() {
    let mut p = PlaceCall {
        room_name: "s123".into(),
        called_did: "+15551230000".into(),
        caller_id_number: "+15550001111".into(),
        initiator_name: "ann".into(),
        start_with_initiator_audio: false,
        callee_display_name: None,
    };
    let off = place_call(&p).body.expect("body");
    assert!(off.get("startWithInitiatorAudio").is_none());
    assert_eq!(off["calledDid"], "+15551230000");
    p.start_with_initiator_audio = true;
    assert_eq!(
        place_call(&p).body.expect("body")["startWithInitiatorAudio"],
        true
    );
}

#[test]
fn end_sends_hangup_and_reject_sends_rejected() {
    assert_eq!(
        control("x", &Control::End).body,
        Some(json!({"reason":"hangup"}))
    );
    let rej = control("x", &Control::Reject);
    assert_eq!(
        (rej.path.as_str(), rej.body),
        ("/v1/sipcall/x/end", Some(json!({"reason":"rejected"})))
    );
}

#[test]
fn hold_omits_an_empty_message_and_sends_pause_recording() {
    let h = control(
        "x",
        &Control::Hold {
            message: "  ".into(),
            pause_recording: true,
        },
    );
    assert_eq!(h.body, Some(json!({"pauseRecording": true})));
    let h = control(
        "x",
        &Control::Hold {
            message: "One moment".into(),
            pause_recording: false,
        },
    );
    assert_eq!(
        h.body,
        Some(json!({"withMessage":"One moment","pauseRecording": false}))
    );
}

#[test]
fn play_switch_agent_and_dtmf_bodies() {
    let p = control(
        "x",
        &Control::Play {
            source: "Hello".into(),
            looped: false,
            immediately: true,
        },
    );
    assert_eq!(
        p.body,
        Some(json!({"sourceValue":"Hello","loop":false,"immediately":true}))
    );
    assert_eq!(
        control("x", &Control::PlayToAll(true)).path,
        "/v1/sipcall/x/update-play-to-all"
    );
    assert_eq!(
        control("x", &Control::ToAgent).body,
        Some(json!({"targetType":"agent"}))
    );
    assert_eq!(
        control(
            "x",
            &Control::ToHuman {
                human_name: "ann".into()
            }
        )
        .body,
        Some(json!({"targetType":"human","humanName":"ann"}))
    );
    assert_eq!(
        control("x", &Control::StopAgent).path,
        "/v1/sipcall/x/stop-agent"
    );
    assert_eq!(
        control("x", &Control::Dtmf("12#".into())).body,
        Some(json!({"digits":"12#"}))
    );
}

#[test]
fn play_url_must_be_https_and_at_most_2048_chars() {
    assert_eq!(
        validate_play_source("http://x/a.mp3", true),
        Err(PlaySourceProblem::UrlNotHttps)
    );
    assert!(validate_play_source("https://x/a.mp3", true).is_ok());
    assert!(validate_play_source("http://not a url but tts", false).is_ok());
    assert_eq!(
        validate_play_source(&"a".repeat(2049), false),
        Err(PlaySourceProblem::TooLong)
    );
    assert_eq!(
        validate_play_source("  ", false),
        Err(PlaySourceProblem::Empty)
    );
}

#[test]
fn room_creation_sends_the_spec_body() {
    let b = create_room("ann", 30).body.expect("body");
    assert_eq!(b["action"], "create");
    assert_eq!(b["duration"], 30);
    assert_eq!(b["supportSIP"], true);
    assert_eq!(b["directionSIP"], "both");
    assert_eq!(b["userName"], "ann");
}
