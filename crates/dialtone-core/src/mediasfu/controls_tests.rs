use super::*;
use crate::mediasfu::records::parse_call_list;

fn rec(json: &str) -> CallRecord {
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
