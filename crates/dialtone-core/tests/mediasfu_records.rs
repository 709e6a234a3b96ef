//! The MediaSFU record parsers (specs/mediasfu-api.md §2–§4) against hostile bodies: arbitrary
//! strings in every field, huge numbers, nested junk, non-JSON text. Whatever the upstream (or a
//! proxy in between) sends, parsing and every accessor the UI calls return a value; none panics
//! (issue #12, finding 9).

use dialtone_core::mediasfu::records::{
    default_caller_config, parse_call_list, parse_placed_call_id, parse_room_name,
    parse_sip_configs,
};
use proptest::prelude::*;
use serde_json::{Map, Number, Value, json};

/// The fields of a call record, a SIP config and the other answers: hits on real names make the
/// generated junk reach the typed paths rather than be ignored as unknown.
const FIELDS: &[&str] = &[
    "sipCallId",
    "id",
    "status",
    "direction",
    "startTimeISO",
    "endTimeISO",
    "durationSeconds",
    "roomName",
    "callerIdRaw",
    "calledUri",
    "audioOnly",
    "activeMediaSource",
    "humanParticipantName",
    "activeSpeaker",
    "playingMusic",
    "playingPrompt",
    "currentPromptType",
    "pendingHumanIntervention",
    "onHold",
    "callEnded",
    "active",
    "isActive",
    "callbackState",
    "needsCallback",
    "contactNumber",
    "provider",
    "subusername",
    "supportSipActive",
    "allowOutgoing",
    "autoAgent",
    "enabled",
    "type",
    "outgoingType",
    "sipOnly",
    "autoRecordSip",
    "meetingID",
    "data",
    "calls",
    "sipConfigs",
];

/// Strings a sloppy or hostile server might put anywhere.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{1,40}",
        "2024-05-01T10:00:00[+-][0-9é:]{0,6}",
        "[0-9]{4,30}-[0-9]{1,3}-[0-9]{1,3}[T ][0-9:.]{0,12}[Zz]?",
        "\"[^\"]{0,8}\"? ?<?(sips?|tel):[+0-9a-zé@;:<>\"?]{0,20}>?(;tag=.{0,4})?",
        Just(String::new()),
        Just("2024-05-01T10:00:00+1é1".to_string()),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
        Just(json!(1e308)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        text().prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FIELDS).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// Any JSON value, nested a few levels, with objects keyed mostly by real field names.
fn junk() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..12)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A record-like object: every known field present with an arbitrary value (mostly a leaf, so
/// that generation stays cheap; now and then nested junk).
fn record_like() -> impl Strategy<Value = Value> {
    let value = prop_oneof![6 => leaf(), 1 => junk()];
    prop::collection::vec(value, FIELDS.len()).prop_map(|values| {
        Value::Object(FIELDS.iter().map(|f| f.to_string()).zip(values).collect())
    })
}

/// Everything the UI does with a body: parse it every way, and ask each record everything.
fn exercise(body: &str) {
    if let Ok(calls) = parse_call_list(body) {
        for call in &calls {
            let _ = (call.phase(), call.direction(), call.agent_state());
            let _ = (call.caller().number_label(), call.callee().number_label());
            let _ = (call.start_ms(), call.end_ms());
        }
    }
    if let Ok(configs) = parse_sip_configs(body) {
        for config in &configs {
            let _ = (config.is_eligible_for_outgoing(), config.is_agent_capable());
        }
        let _ = default_caller_config(&configs);
    }
    let _ = parse_placed_call_id(body);
    let _ = parse_room_name(body);
}

#[test]
fn mediasfu_the_reported_non_ascii_offset_in_a_list_is_an_unknown_time() {
    let body = r#"{"data":[{"sipCallId":"prod1","startTimeISO":"2024-05-01T10:00:00+1é1"}]}"#;
    let calls = parse_call_list(body).expect("a list");
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].start_ms(), None);
    exercise(body);
}

#[test]
fn mediasfu_a_huge_year_in_a_list_is_an_unknown_time() {
    let body = r#"[{"sipCallId":"prod1","startTimeISO":"9223372036854775807-01-01T00:00:00Z",
        "endTimeISO":99999999999999999999999}]"#;
    let calls = parse_call_list(body).expect("a list");
    assert_eq!(calls[0].start_ms(), None);
    assert_eq!(calls[0].end_ms(), None);
    exercise(body);
}

#[test]
fn mediasfu_deeply_nested_bodies_are_refused_not_overflowed() {
    for depth in [100, 200, 10_000] {
        let body = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        exercise(&body);
        exercise(&format!(
            r#"{{"data":[{{"sipCallId":"p","status":{body}}}]}}"#
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn mediasfu_record_parsers_never_panic_on_arbitrary_text(body in any::<String>()) {
        exercise(&body);
    }

    #[test]
    fn mediasfu_record_parsers_never_panic_on_arbitrary_json(value in junk()) {
        exercise(&value.to_string());
    }

    #[test]
    fn mediasfu_record_parsers_never_panic_on_huge_number_literals(
        digits in "[1-9][0-9]{18,400}", exponent in "(e[+-]?[0-9]{1,5})?", field in prop::sample::select(FIELDS),
    ) {
        // Written as text: serde_json's own number handling meets the literal, not a Value.
        let body = format!(r#"{{"data":[{{"sipCallId":"p1","{field}":{digits}{exponent}}}],"sipConfigs":[{{"{field}":-{digits}}}]}}"#);
        exercise(&body);
    }
}

proptest! {
    // Each case builds a few full records of nested junk: fewer cases, same reach.
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn mediasfu_record_parsers_never_panic_on_lists_of_junk_records(
        records in prop::collection::vec(record_like(), 0..4),
        shape in 0u8..5,
    ) {
        let list = Value::Array(records);
        let body = match shape {
            0 => json!({ "data": list }),
            1 => json!({ "calls": list }),
            2 => json!({ "sipConfigs": list }),
            3 => json!({ "data": list.get(0).cloned().unwrap_or(Value::Null) }),
            _ => list,
        };
        exercise(&body.to_string());
    }
}
