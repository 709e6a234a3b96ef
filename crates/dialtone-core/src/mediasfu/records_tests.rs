use super::*;
use crate::mediasfu::status::Outcome;

#[test]
fn list_accepts_data_calls_or_a_bare_array() {
    let one = r#"{"sipCallId":"prod1","status":"ringing"}"#;
    for body in [
        format!(r#"{{"success":true,"data":[{one}]}}"#),
        format!(r#"{{"calls":[{one}]}}"#),
        format!("[{one}]"),
    ] {
        let list = parse_call_list(&body).expect("list");
        assert_eq!(list.len(), 1, "{body}");
        assert_eq!(list[0].phase(), Phase::Ringing);
    }
    assert!(parse_call_list("<html>").is_err());
    assert!(parse_call_list(r#"{"nope":1}"#).is_err());
}

#[test]
fn missing_fields_take_the_spec_defaults_and_unknown_fields_are_ignored() {
    let list = parse_call_list(r#"{"data":[{"id":"s9","whatever":{"x":1}}]}"#).expect("list");
    let r = &list[0];
    assert_eq!(r.sip_call_id, "s9", "id is an alias of sipCallId");
    assert!(r.audio_only);
    assert_eq!(r.duration_seconds, None);
    assert_eq!(r.direction(), SipCallDirection::Unknown);
    assert_eq!(r.agent_state(), AgentState::Stopped);
    // No status and no flag: ended.
    assert_eq!(r.phase(), Phase::Ended(Outcome::Completed));
}

#[test]
fn records_without_an_id_or_of_a_wrong_shape_are_skipped() {
    let list = parse_call_list(r#"{"data":[{"status":"ringing"},42,{"sipCallId":"p1","durationSeconds":"x"},{"sipCallId":"p2"}]}"#)
        .expect("list");
    assert_eq!(
        list.iter()
            .map(|r| r.sip_call_id.as_str())
            .collect::<Vec<_>>(),
        ["p2"]
    );
}

#[test]
fn start_time_may_be_a_number() {
    let list = parse_call_list(r#"[{"sipCallId":"p","startTimeISO":1709294400}]"#).expect("list");
    assert_eq!(list[0].start_ms(), Some(1_709_294_400_000));
}

#[test]
fn sip_configs_eligibility_and_agent_capability() {
    let body = r#"{"sipConfigs":[
      {"contactNumber":"+15550001111","provider":"x","autoAgent":{"enabled":true,"type":"AI","outgoingType":"AI"}},
      {"contactNumber":"+15550002222","allowOutgoing":false},
      {"contactNumber":"+15550003333","supportSipActive":false},
      {"contactNumber":"+15550004444","autoAgent":{"enabled":true,"type":"IVR","outgoingType":"IVR"}}
    ]}"#;
    let cfgs = parse_sip_configs(body).expect("configs");
    let eligible: Vec<_> = cfgs
        .iter()
        .filter(|c| c.is_eligible_for_outgoing())
        .map(|c| c.contact_number.as_str())
        .collect();
    assert_eq!(eligible, ["+15550001111", "+15550004444"]);
    assert!(cfgs[0].is_agent_capable());
    assert!(!cfgs[3].is_agent_capable(), "outgoingType must be AI");
    assert_eq!(
        default_caller_config(&cfgs).map(|c| c.contact_number.as_str()),
        Some("+15550001111")
    );
    assert_eq!(parse_sip_configs("{}").expect("empty"), vec![]);
}

#[test]
fn placed_call_id_may_be_missing() {
    assert_eq!(
        parse_placed_call_id(r#"{"sipCallId":"prod42"}"#),
        Ok(Some("prod42".into()))
    );
    assert_eq!(parse_placed_call_id(r#"{"success":true}"#), Ok(None));
    assert!(parse_placed_call_id("oops").is_err());
}

#[test]
fn room_name_from_room_name_then_meeting_id_then_data() {
    assert_eq!(
        parse_room_name(r#"{"roomName":"s1","meetingID":"s2"}"#),
        Ok("s1".into())
    );
    assert_eq!(parse_room_name(r#"{"meetingID":"s2"}"#), Ok("s2".into()));
    assert_eq!(
        parse_room_name(r#"{"data":{"roomName":"s3"}}"#),
        Ok("s3".into())
    );
    assert!(parse_room_name(r#"{"success":true}"#).is_err());
}
