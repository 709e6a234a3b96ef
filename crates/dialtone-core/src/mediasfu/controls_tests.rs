use super::*;
use crate::mediasfu::records::parse_call_list;

fn rec(json: &str) -> SipCall {
    parse_call_list(&format!("[{json}]"))
        .expect("list")
        .remove(0)
}

#[test]
fn controls_are_enabled_only_with_a_call_id_on_a_call_not_ended() {
    assert!(controls_enabled(&rec(
        r#"{"sipCallId":"p","status":"connected"}"#
    )));
    assert!(!controls_enabled(&rec(
        r#"{"sipCallId":"p","status":"ended"}"#
    )));
    assert!(!controls_enabled(&rec(
        r#"{"sipCallId":"p","status":"connected","callEnded":true}"#
    )));
}

#[test]
fn only_an_incoming_call_not_yet_connected_offers_reject() {
    let incoming = |status: &str| rec(&format!(r#"{{"sipCallId":"p","status":"{status}","direction":"inbound"}}"#));
    assert!(offers_reject(&incoming("ringing")));
    assert!(offers_reject(&incoming("initiating")));
    assert!(!offers_reject(&incoming("connected")));
    assert!(!offers_reject(&rec(r#"{"sipCallId":"p","status":"ringing","direction":"outgoing"}"#)));
}

#[test]
fn hold_shows_pending_until_a_poll_shows_on_hold() {
    let mut c = CallControls::default();
    let hold = Control::Hold {
        message: String::new(),
        pause_recording: true,
    };
    assert!(c.on_sent(hold.clone(), 0));
    assert_eq!(
        c.state(ControlKind::Hold).map(ControlState::token),
        Some("pending")
    );
    let connected = rec(r#"{"sipCallId":"p","status":"connected"}"#);
    c.on_result(ControlKind::Hold, 100, Ok(()), Some(&connected));
    assert_eq!(
        c.state(ControlKind::Hold).map(ControlState::token),
        Some("pending"),
        "2xx alone does not confirm"
    );
    c.on_poll(
        6_000,
        Some(&rec(
            r#"{"sipCallId":"p","status":"on-hold","onHold":true}"#,
        )),
    );
    assert_eq!(
        c.state(ControlKind::Hold),
        Some(&ControlState::Confirmed { control: hold })
    );
}

#[test]
fn only_one_request_per_control_per_call_is_in_flight() {
    let mut c = CallControls::default();
    assert!(c.on_sent(Control::StartAgent, 0));
    assert!(!c.on_sent(Control::StopAgent, 10));
    assert!(c.on_sent(Control::Resume, 10), "another kind may go");
}

#[test]
fn a_failed_control_shows_failed_with_the_api_error_and_can_be_sent_again() {
    let mut c = CallControls::default();
    c.on_sent(Control::End, 0);
    c.on_result(
        ControlKind::End,
        10,
        Err(ApiError::RateLimited {
            retry_after_s: Some(7),
        }),
        None,
    );
    match c.state(ControlKind::End) {
        Some(ControlState::Failed { error, .. }) => assert_eq!(error.code(), "RATE_LIMITED"),
        other => panic!("{other:?}"),
    }
    assert!(
        c.can_send(ControlKind::End),
        "control buttons stay available after a 429"
    );
}

#[test]
fn play_to_all_reflects_the_last_2xx_initially_off() {
    let mut c = CallControls::default();
    assert!(!c.play_to_all());
    c.on_sent(Control::PlayToAll(true), 0);
    c.on_result(ControlKind::PlayToAll, 10, Ok(()), None);
    assert!(c.play_to_all());
    assert_eq!(
        c.state(ControlKind::PlayToAll).map(ControlState::token),
        Some("confirmed")
    );
    c.on_sent(Control::PlayToAll(false), 20);
    c.on_result(
        ControlKind::PlayToAll,
        30,
        Err(ApiError::ServerError { status: 500 }),
        None,
    );
    assert!(c.play_to_all(), "a failure leaves the last confirmed value");
}

#[test]
fn agent_buttons_follow_active_media_source() {
    let mut c = CallControls::default();
    c.on_sent(
        Control::ToHuman {
            human_name: "ann".into(),
        },
        0,
    );
    c.on_result(
        ControlKind::Source,
        10,
        Ok(()),
        Some(&rec(
            r#"{"sipCallId":"p","status":"connected","activeMediaSource":"agent"}"#,
        )),
    );
    assert_eq!(
        c.state(ControlKind::Source).map(ControlState::token),
        Some("pending")
    );
    c.on_poll(
        6_000,
        Some(&rec(
            r#"{"sipCallId":"p","status":"connected","activeMediaSource":"Human"}"#,
        )),
    );
    assert_eq!(
        c.state(ControlKind::Source).map(ControlState::token),
        Some("confirmed")
    );
}

#[test]
fn an_effect_never_shown_within_30_s_is_reported_not_confirmed() {
    let mut c = CallControls::default();
    let connected = rec(r#"{"sipCallId":"p","status":"connected"}"#);
    c.on_sent(
        Control::Hold {
            message: String::new(),
            pause_recording: true,
        },
        0,
    );
    c.on_result(ControlKind::Hold, 10, Ok(()), Some(&connected));
    c.on_poll(29_000, Some(&connected));
    assert_eq!(
        c.state(ControlKind::Hold).map(ControlState::token),
        Some("pending")
    );
    c.on_poll(30_010, Some(&connected));
    match c.state(ControlKind::Hold) {
        Some(ControlState::Failed { error, .. }) => assert_eq!(error.code(), "NOT_CONFIRMED"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_effect_not_shown_is_given_up_on_at_30_s_without_a_poll() {
    let mut c = CallControls::default();
    let connected = rec(r#"{"sipCallId":"p","status":"connected"}"#);
    assert_eq!(c.confirm_deadline(), None);
    c.on_sent(
        Control::Hold {
            message: String::new(),
            pause_recording: true,
        },
        0,
    );
    c.on_result(ControlKind::Hold, 10, Ok(()), Some(&connected));
    assert_eq!(c.confirm_deadline(), Some(30_010));
    c.give_up_overdue(30_009);
    assert_eq!(c.state(ControlKind::Hold).map(ControlState::token), Some("pending"));
    c.give_up_overdue(30_010);
    match c.state(ControlKind::Hold) {
        Some(ControlState::Failed { error, .. }) => assert_eq!(error.code(), "NOT_CONFIRMED"),
        other => panic!("{other:?}"),
    }
    assert_eq!(c.confirm_deadline(), None);
}

#[test]
fn a_404_on_the_first_dtmf_hides_the_keypad() {
    let mut c = CallControls::default();
    c.on_sent(Control::Dtmf("1".into()), 0);
    c.on_result(
        ControlKind::Dtmf,
        10,
        Err(ApiError::RequestRefused {
            status: 404,
            text: String::new(),
        }),
        None,
    );
    assert!(c.dtmf_hidden());
    let mut ok = CallControls::default();
    ok.on_sent(Control::Dtmf("1".into()), 0);
    ok.on_result(ControlKind::Dtmf, 10, Ok(()), None);
    ok.on_sent(Control::Dtmf("2".into()), 20);
    ok.on_result(
        ControlKind::Dtmf,
        30,
        Err(ApiError::RequestRefused {
            status: 404,
            text: String::new(),
        }),
        None,
    );
    assert!(
        !ok.dtmf_hidden(),
        "only the first DTMF's 404 hides the keypad"
    );
}

#[test]
fn only_the_latest_failure_is_shown_and_a_new_request_clears_it() {
    let mut c = CallControls::default();
    c.on_sent(Control::StartAgent, 0);
    c.on_result(ControlKind::Agent, 10, Err(ApiError::ServerError { status: 500 }), None);
    c.on_sent(Control::Resume, 20);
    assert_eq!(c.failure(0), None, "the user moved on");
    assert_eq!(c.state(ControlKind::Agent), None, "its button is idle again");
    c.on_result(ControlKind::Hold, 30, Err(ApiError::Timeout), None);
    c.on_sent(Control::ToAgent, 40);
    c.on_result(ControlKind::Source, 50, Err(ApiError::Network), None);
    let shown = c.failure(0).expect("one failure");
    assert_eq!((shown.kind, shown.code), (ControlKind::Source, "NETWORK"));
    assert_eq!(c.state(ControlKind::Hold), None, "the older failure is gone");
    c.dismiss_failure();
    assert_eq!(c.failure(0), None);
}

#[test]
fn a_rate_limited_control_says_when_to_try_again_even_without_retry_after() {
    let mut c = CallControls::default();
    c.on_sent(Control::ToAgent, 0);
    c.on_result(
        ControlKind::Source,
        10,
        Err(ApiError::RateLimited { retry_after_s: None }),
        None,
    );
    let shown = c.failure(4_200).expect("failure");
    assert_eq!(shown.code, "RATE_LIMITED");
    assert_eq!(shown.text, "MediaSFU is rate-limiting us; you can try again in 5 s.");
    assert_eq!(shown.retry_in_s, Some(5), "the page says it in its own words from this");
    let now = c.failure(0).expect("failure");
    assert!(now.text.contains("try again now"));
    assert_eq!(now.retry_in_s, Some(0));
}

#[test]
fn a_queued_control_says_it_waits_for_the_window_then_that_it_was_sent() {
    let mut c = CallControls::default();
    c.on_sent(
        Control::Hold {
            message: String::new(),
            pause_recording: true,
        },
        0,
    );
    assert!(c.progress().map(|p| p.line()).expect("line").contains("queued"));
    assert_eq!(c.progress(), Some(Progress { label: "Hold", stage: Stage::Queued }));
    c.on_dispatched(ControlKind::Hold);
    assert!(c.progress().map(|p| p.line()).expect("line").contains("sent"));
    assert_eq!(c.progress().map(|p| p.stage), Some(Stage::Sent));
    c.on_result(ControlKind::Hold, 10, Ok(()), Some(&rec(r#"{"sipCallId":"p","status":"connected"}"#)));
    assert!(c.progress().map(|p| p.line()).expect("line").contains("waiting for the call to show it"));
    assert_eq!(c.progress().map(|p| p.stage), Some(Stage::Accepted));
    c.on_poll(6_000, Some(&rec(r#"{"sipCallId":"p","status":"on-hold"}"#)));
    assert_eq!(c.progress().map(|p| p.line()), None);
}

#[test]
fn to_human_names_the_records_participant_else_the_name_we_placed_the_call_under() {
    let with = rec(r#"{"sipCallId":"p","status":"connected","humanParticipantName":"bob"}"#);
    let without = rec(r#"{"sipCallId":"p","status":"connected","humanParticipantName":null}"#);
    assert_eq!(human_name_for(Some(&with), "alice"), "bob");
    assert_eq!(human_name_for(Some(&without), "alice"), "alice");
    assert_eq!(human_name_for(None, "Ann Lee"), "AnnLee");
}
