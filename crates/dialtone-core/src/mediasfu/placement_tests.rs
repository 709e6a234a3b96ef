use super::*;
use crate::mediasfu::records::{parse_call_list, parse_sip_configs};
use crate::mediasfu::credentials::CredentialsProblem;
use crate::mediasfu::placement_view::Tone;
use crate::mediasfu::records::SipConfig;
use crate::mediasfu::status::Outcome;

fn configs() -> Vec<SipConfig> {
    parse_sip_configs(
        r#"{"sipConfigs":[
      {"contactNumber":"+15550001111","autoAgent":{"enabled":true,"type":"AI","outgoingType":"AI"}},
      {"contactNumber":"+15550002222"},
      {"contactNumber":"+15550003333","allowOutgoing":false}]}"#,
    )
    .expect("configs")
}

fn dial(called: &str, caller: &str, room: &str) -> DialRequest {
    DialRequest {
        called: called.into(),
        caller_id: caller.into(),
        room: room.into(),
        participant_name: "Ann Op".into(),
        duration_minutes: 30,
    }
}

#[test]
fn both_numbers_are_validated_before_any_request() {
    let e = plan_placement(None, &configs(), &dial("5551230000", "+15550001111", ""))
        .expect_err("invalid");
    assert_eq!(e.code(), "INVALID_NUMBER");
    let ok = plan_placement(
        None,
        &configs(),
        &dial("+1 (555) 123-0000", "+15550001111", ""),
    )
    .expect("plan");
    assert_eq!(ok.called_did, "+15551230000");
    assert_eq!(ok.initiator_name, "AnnOp");
}

#[test]
fn credentials_are_validated_before_any_request() {
    let e = plan_placement(
        Some(Err(CredentialsProblem::KeyMissing)),
        &configs(),
        &dial("+15551230000", "+15550001111", ""),
    );
    assert_eq!(e.expect_err("no key").code(), "CREDENTIALS_MISSING");
}

#[test]
fn the_caller_id_must_be_an_eligible_config_else_no_caller_id() {
    let e = plan_placement(
        None,
        &configs(),
        &dial("+15551230000", "+15550003333", "s1234567"),
    )
    .expect_err("ineligible");
    assert_eq!(e, LocalError::NoCallerId);
    let e = plan_placement(
        None,
        &configs(),
        &dial("+15551230000", "+19999999999", "s1234567"),
    )
    .expect_err("unknown");
    assert_eq!(e, LocalError::NoCallerId);
}

#[test]
fn without_a_named_room_creation_needs_an_agent_capable_config_else_room_required() {
    let e = plan_placement(None, &configs(), &dial("+15551230000", "+15550002222", ""))
        .expect_err("no agent");
    assert_eq!(e.code(), "ROOM_REQUIRED");
    assert!(
        plan_placement(
            None,
            &configs(),
            &dial("+15551230000", "+15550002222", "s1234567")
        )
        .is_ok()
    );
    let agent_first =
        plan_placement(None, &configs(), &dial("+15551230000", "+15550001111", "")).expect("plan");
    assert_eq!(agent_first.room, None);
}

fn placed(room: &str) -> Placement {
    Placement::new(
        plan_placement(
            None,
            &configs(),
            &dial("+15551230000", "+15550001111", room),
        )
        .expect("plan"),
        &[],
        0,
    )
}

#[test]
fn agent_first_creates_a_room_then_places_the_call_into_it() {
    let mut p = placed("");
    let r = p.next_request(0).expect("create");
    assert_eq!(r.path, "/v1/rooms/");
    assert!(p.next_request(0).is_none(), "one request at a time");
    p.on_room_created(100, Ok(r#"{"success":true,"roomName":"s9999999"}"#.into()));
    let r = p.next_request(200).expect("place");
    assert_eq!(r.path, "/v1/sipcall/outgoingCall");
    assert_eq!(r.body.expect("body")["roomName"], "s9999999");
}

#[test]
fn monitor_follows_initiating_ringing_connected_ended_through_the_poller() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(100, Ok(r#"{"sipCallId":"prod1"}"#.into()));
    for (status, phase) in [
        ("initiating", Phase::Dialing),
        ("ringing", Phase::Ringing),
        ("connected", Phase::Connected),
    ] {
        p.on_poll(
            1_000,
            &parse_call_list(&format!(r#"[{{"sipCallId":"prod1","status":"{status}"}}]"#))
                .expect("l"),
        );
        assert!(
            matches!(p.state(), PlacementState::Tracking { phase: ph, .. } if *ph == phase),
            "{status}"
        );
    }
    p.on_poll(2_000, &[]);
    assert!(matches!(
        p.state(),
        PlacementState::Tracking {
            phase: Phase::Ended(Outcome::Completed),
            ..
        }
    ));
    assert!(p.is_finished());
}

#[test]
fn a_call_still_dialing_after_45_s_shows_the_hint() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(0, Ok(r#"{"sipCallId":"prod1"}"#.into()));
    let list = parse_call_list(r#"[{"sipCallId":"prod1","status":"initiating"}]"#).expect("l");
    p.on_poll(44_000, &list);
    assert!(!p.shows_outbound_hint(44_999));
    assert!(p.shows_outbound_hint(45_000));
}

#[test]
fn without_sip_call_id_the_call_is_found_by_room_within_60_s() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(1_000, Ok(r#"{"success":true}"#.into()));
    p.on_poll(
        10_000,
        &parse_call_list(r#"[{"sipCallId":"other","roomName":"s0000000","status":"ringing"}]"#)
            .expect("l"),
    );
    assert!(matches!(p.state(), PlacementState::FindingByRoom { .. }));
    p.on_poll(
        20_000,
        &parse_call_list(r#"[{"sipCallId":"found","roomName":"s1234567","status":"ringing"}]"#)
            .expect("l"),
    );
    assert!(
        matches!(p.state(), PlacementState::Tracking { sip_call_id, .. } if sip_call_id == "found")
    );
}

#[test]
fn a_timed_out_post_is_never_posted_again_and_ends_in_call_not_found_after_60_s() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(15_000, Err(ApiError::Timeout));
    assert!(p.next_request(16_000).is_none());
    p.on_poll(74_999, &[]);
    assert!(matches!(p.state(), PlacementState::FindingByRoom { .. }));
    p.on_tick(75_000);
    assert_eq!(
        p.state(),
        &PlacementState::Failed(PlacementFailure::Local(LocalError::CallNotFound))
    );
    assert!(p.next_request(80_000).is_none());
}

#[test]
fn each_step_that_got_429_is_resent_once_after_max_retry_after_5_s() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(
        100,
        Err(ApiError::RateLimited {
            retry_after_s: Some(2),
        }),
    );
    assert!(p.next_request(5_099).is_none());
    assert!(p.next_request(5_100).is_some());
    p.on_call_placed(
        5_200,
        Err(ApiError::RateLimited {
            retry_after_s: Some(30),
        }),
    );
    assert!(matches!(
        p.state(),
        PlacementState::Failed(PlacementFailure::Api(ApiError::RateLimited { .. }))
    ));
    // Agent first: the room step and the call step each get their own re-send.
    let mut p = placed("");
    let limited = || Err(ApiError::RateLimited { retry_after_s: None });
    p.next_request(0).expect("create");
    p.on_room_created(100, limited());
    assert_eq!(p.next_request(5_100).expect("create again").path, "/v1/rooms/");
    p.on_room_created(5_200, Ok(r#"{"roomName":"s1"}"#.into()));
    p.next_request(11_000).expect("place");
    p.on_call_placed(11_100, limited());
    assert!(matches!(p.state(), PlacementState::WaitingToResend { step: Step::PlaceCall, .. }));
    assert_eq!(p.next_request(16_100).expect("place again").path, "/v1/sipcall/outgoingCall");
    p.on_call_placed(16_200, Ok(r#"{"sipCallId":"c1"}"#.into()));
    assert_eq!(p.call_id(), Some("c1"));
}

#[test]
fn other_errors_fail_the_placement_without_a_resend() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(
        100,
        Err(ApiError::RequestRefused {
            status: 400,
            text: "calledDid".into(),
        }),
    );
    assert!(matches!(p.state(), PlacementState::Failed(_)));
    assert!(p.next_request(60_000).is_none());
}

#[test]
fn a_garbled_or_lost_answer_to_outgoing_call_is_looked_for_by_room_before_failing() {
    for answer in [
        Ok("<html>not json</html>".to_string()),
        Ok(r#"{"sipCallId":""}"#.to_string()),
        Err(ApiError::Timeout),
        Err(ApiError::Network),
        Err(ApiError::ServerError { status: 502 }),
    ] {
        let mut p = placed("s1234567");
        p.next_request(0);
        p.on_dispatched();
        p.on_call_placed(1_000, answer.clone());
        assert!(matches!(p.state(), PlacementState::FindingByRoom { .. }), "{answer:?}");
        assert!(p.next_request(2_000).is_none(), "never posted again");
        p.on_poll(
            7_000,
            &parse_call_list(r#"[{"sipCallId":"new1","roomName":"s1234567","status":"ringing"}]"#)
                .expect("l"),
        );
        assert_eq!(p.call_id(), Some("new1"), "{answer:?}");
    }
}

#[test]
fn an_older_call_in_the_named_room_is_never_taken_for_the_new_one() {
    let old = parse_call_list(r#"[{"sipCallId":"old1","roomName":"s1234567","status":"connected"}]"#)
        .expect("l");
    let plan = plan_placement(None, &configs(), &dial("+15551230000", "+15550001111", "s1234567"))
        .expect("plan");
    let mut p = Placement::new(plan, &old, 0);
    p.next_request(0);
    // A poll answered before the step went out shows another older call.
    let older = parse_call_list(r#"[{"sipCallId":"old2","roomName":"s1234567","status":"ringing"}]"#)
        .expect("l");
    p.on_poll(500, &older);
    p.on_dispatched();
    p.on_call_placed(1_000, Err(ApiError::Timeout));
    let mut both = old.clone();
    both.extend(older);
    p.on_poll(7_000, &both);
    assert!(matches!(p.state(), PlacementState::FindingByRoom { .. }));
    both.extend(
        parse_call_list(r#"[{"sipCallId":"mine","roomName":"s1234567","status":"ringing"}]"#)
            .expect("l"),
    );
    p.on_poll(13_000, &both);
    assert_eq!(p.call_id(), Some("mine"));
}

#[test]
fn the_room_it_created_is_released_when_the_placement_fails_or_its_call_is_answered() {
    let mut p = placed("");
    p.next_request(0);
    p.on_room_created(100, Ok(r#"{"roomName":"s42"}"#.into()));
    assert_eq!(p.room_release(), None, "still placing");
    p.next_request(6_000);
    p.on_call_placed(
        6_100,
        Err(ApiError::RequestRefused {
            status: 400,
            text: "calledDid".into(),
        }),
    );
    assert_eq!(
        p.room_release(),
        Some(RoomRelease {
            room: "s42".into(),
            call_id: None
        })
    );
    let mut p = placed("");
    p.next_request(0);
    p.on_room_created(100, Ok(r#"{"roomName":"s43"}"#.into()));
    p.next_request(6_000);
    p.on_call_placed(6_100, Ok(r#"{"sipCallId":"c9"}"#.into()));
    let ringing = parse_call_list(r#"[{"sipCallId":"c9","status":"ringing"}]"#).expect("l");
    p.on_poll(12_000, &ringing);
    assert!(!p.is_finished(), "one placement at a time until it is answered");
    assert_eq!(p.room_release(), None);
    let up = parse_call_list(r#"[{"sipCallId":"c9","status":"connected"}]"#).expect("l");
    p.on_poll(18_000, &up);
    assert!(p.is_finished(), "answered: the dialer is free again");
    assert_eq!(
        p.room_release(),
        Some(RoomRelease {
            room: "s43".into(),
            call_id: Some("c9".into())
        })
    );
}

#[test]
fn a_named_room_is_never_released_nor_one_after_a_401() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(100, Err(ApiError::RequestRefused { status: 400, text: String::new() }));
    assert_eq!(p.room_release(), None);
    let mut p = placed("");
    p.next_request(0);
    p.on_room_created(100, Ok(r#"{"roomName":"s44"}"#.into()));
    p.next_request(6_000);
    p.on_call_placed(
        6_100,
        Err(ApiError::CredentialsRejected {
            disposable: false,
            via_proxy: false,
        }),
    );
    assert_eq!(p.room_release(), None);
}

#[test]
fn the_placement_line_says_what_happens_and_a_failure_carries_its_code() {
    let mut p = placed("");
    assert_eq!(p.view(0).state, "creating-room");
    p.next_request(0);
    p.on_room_created(100, Ok(r#"{"roomName":"s45"}"#.into()));
    assert_eq!(p.view(100).state, "placing");
    p.next_request(6_000);
    p.on_call_placed(6_100, Ok(r#"{"sipCallId":"c1"}"#.into()));
    p.on_poll(12_000, &parse_call_list(r#"[{"sipCallId":"c1","status":"connected"}]"#).expect("l"));
    let v = p.view(12_000);
    assert_eq!((v.state, v.tone), ("connected", Tone::Good));
    assert_eq!(v.call_id.as_deref(), Some("c1"));
    assert_eq!(v.line.english(), "Connected to +15551230000.");
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(100, Err(ApiError::RequestRefused { status: 400, text: "no".into() }));
    let v = p.view(100);
    assert_eq!((v.state, v.code, v.tone), ("failed", Some("REQUEST_REFUSED"), Tone::Error));
    assert!(v.line.english().starts_with("The call to +15551230000 was not placed."));
}
