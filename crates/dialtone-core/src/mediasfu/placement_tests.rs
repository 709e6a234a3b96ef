use super::*;
use crate::mediasfu::records::{parse_call_list, parse_sip_configs};
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
    )
}

#[test]
fn agent_first_creates_a_room_then_places_the_call_into_it() {
    let mut p = placed("");
    let r = p.next_request(0).expect("create");
    assert_eq!(r.path, "/v1/rooms/");
    assert!(p.next_request(0).is_none(), "one request at a time");
    p.on_room_created(100, Ok("s9999999".into()));
    let r = p.next_request(200).expect("place");
    assert_eq!(r.path, "/v1/sipcall/outgoingCall");
    assert_eq!(r.body.expect("body")["roomName"], "s9999999");
}

#[test]
fn monitor_follows_initiating_ringing_connected_ended_through_the_poller() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(100, Ok(Some("prod1".into())));
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
    p.on_call_placed(0, Ok(Some("prod1".into())));
    let list = parse_call_list(r#"[{"sipCallId":"prod1","status":"initiating"}]"#).expect("l");
    p.on_poll(44_000, &list);
    assert!(!p.shows_outbound_hint(44_999));
    assert!(p.shows_outbound_hint(45_000));
}

#[test]
fn without_sip_call_id_the_call_is_found_by_room_within_60_s() {
    let mut p = placed("s1234567");
    p.next_request(0);
    p.on_call_placed(1_000, Ok(None));
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
fn a_place_call_step_that_got_429_is_resent_once_after_max_retry_after_5_s() {
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
