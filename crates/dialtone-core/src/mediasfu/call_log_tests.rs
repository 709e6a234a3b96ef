use super::*;
use crate::mediasfu::records::parse_call_list;

const T0: u64 = 1_709_294_400_000; // 2024-03-01T12:00:00Z

fn list(body: &str) -> Vec<SipCall> {
    parse_call_list(body).expect("list")
}

fn live(id: &str) -> String {
    format!(
        r#"{{"sipCallId":"{id}","status":"connected","startTimeISO":"2024-03-01T12:00:00Z","calledUri":"sip:+15557650000@sip.mediasfu.com"}}"#
    )
}

#[test]
fn history_upserts_by_sip_call_id() {
    let mut h = CallLog::default();
    h.merge(
        &list(&format!("[{}]", live("p1"))),
        false,
        T0 + 1_000,
        6_000,
    );
    h.merge(
        &list(&format!("[{}]", live("p1"))),
        false,
        T0 + 7_000,
        6_000,
    );
    assert_eq!(h.entries.len(), 1);
    assert_eq!(h.entries[0].callee, "+15557650000");
    assert_eq!(h.entries[0].first_seen_ms, T0 + 1_000);
    assert_eq!(h.entries[0].shown_duration_seconds(T0 + 65_000), 65);
}

#[test]
fn history_keeps_the_100_newest() {
    let mut h = CallLog::default();
    let items: Vec<String> = (0..120)
        .map(|i| {
            format!(
                r#"{{"sipCallId":"c{i}","status":"ended","startTimeISO":"{}"}}"#,
                1_709_294_400 + i
            )
        })
        .collect();
    h.merge(&list(&format!("[{}]", items.join(","))), false, T0, 6_000);
    assert_eq!(h.entries.len(), 100);
    assert_eq!(h.entries[0].sip_call_id, "c119");
    assert!(h.entries.iter().all(|e| e.sip_call_id != "c0"));
}

#[test]
fn a_live_call_missing_from_a_successful_list_is_ended_at_that_poll_with_computed_duration() {
    let mut h = CallLog::default();
    h.merge(
        &list(&format!("[{}]", live("p1"))),
        false,
        T0 + 6_000,
        6_000,
    );
    h.merge(&list("[]"), false, T0 + 12_000, 6_000);
    let e = &h.entries[0];
    assert!(!e.live && e.call_ended && e.estimated);
    assert_eq!((e.status.as_str(), e.status_code.as_str()), ("Ended (Completed)", "ended-completed"));
    assert_eq!(e.end_ms, Some(T0 + 12_000));
    assert_eq!(e.duration_seconds, 12);
}

#[test]
fn after_a_polling_gap_over_2_intervals_the_end_is_the_last_time_seen_live() {
    let mut h = CallLog::default();
    h.merge(
        &list(&format!("[{}]", live("p1"))),
        false,
        T0 + 6_000,
        6_000,
    );
    h.merge(&list("[]"), false, T0 + 60_000, 6_000);
    assert_eq!(h.entries[0].end_ms, Some(T0 + 6_000));
    assert_eq!(h.entries[0].duration_seconds, 6);
}

#[test]
fn a_filtered_list_never_ends_anything() {
    let mut h = CallLog::default();
    h.merge(&list(&format!("[{}]", live("p1"))), false, T0, 6_000);
    h.merge(&list("[]"), true, T0 + 6_000, 6_000);
    assert!(h.entries[0].live);
}

#[test]
fn duration_is_never_negative() {
    let mut h = CallLog::default();
    h.merge(
        &list(r#"[{"sipCallId":"p","status":"ringing","startTimeISO":"2099-01-01T00:00:00Z"}]"#),
        false,
        T0,
        6_000,
    );
    h.merge(&list("[]"), false, T0 + 6_000, 6_000);
    assert_eq!(h.entries[0].duration_seconds, 0);
}

#[test]
fn the_servers_duration_and_end_time_win_when_it_reports_a_terminal_status() {
    let mut h = CallLog::default();
    h.merge(
        &list(&format!("[{}]", live("p1"))),
        false,
        T0 + 6_000,
        6_000,
    );
    h.merge(
        &list(r#"[{"sipCallId":"p1","status":"completed","startTimeISO":"2024-03-01T12:00:00Z","endTimeISO":"2024-03-01T12:00:42Z","durationSeconds":41}]"#),
        false,
        T0 + 60_000,
        6_000,
    );
    let e = &h.entries[0];
    assert_eq!(
        (e.duration_seconds, e.end_ms, e.estimated),
        (41, Some(T0 + 42_000), false)
    );
    // A later list where it vanished changes nothing.
    h.merge(&list("[]"), false, T0 + 66_000, 6_000);
    assert_eq!(h.entries[0].duration_seconds, 41);
}

#[test]
fn a_draft_becomes_its_call_once_the_placement_resolves_the_id() {
    let mut h = CallLog::default();
    h.add_draft("s1234567", "+15550001111", "+15557650000", T0);
    assert_eq!(h.entries[0].sip_call_id, "");
    // A draft without an id is not ended by a list that lacks it, nor matched by room: an
    // older call in the same room is not this one.
    h.merge(
        &list(r#"[{"sipCallId":"older","roomName":"s1234567","status":"ended"}]"#),
        false,
        T0 + 1_000,
        6_000,
    );
    let draft = h.entries.iter().find(|e| e.sip_call_id.is_empty()).expect("draft kept");
    assert!(draft.live);
    assert!(h.resolve_draft("s1234567", "found"));
    h.merge(
        &list(r#"[{"sipCallId":"found","roomName":"s1234567","status":"ringing"}]"#),
        false,
        T0 + 6_000,
        6_000,
    );
    let found: Vec<_> = h.entries.iter().filter(|e| e.sip_call_id == "found").collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start_ms, Some(T0), "the draft's start is kept when the record has none");
    assert_eq!(found[0].first_seen_ms, T0);
    assert!(h.entries.iter().all(|e| !e.sip_call_id.is_empty()), "no draft left");
}

#[test]
fn a_draft_resolved_after_a_list_brought_its_call_in_leaves_one_entry() {
    let mut h = CallLog::default();
    h.add_draft("s1", "+15550001111", "+15557650000", T0);
    h.merge(&list(r#"[{"sipCallId":"c1","roomName":"s1","status":"ringing"}]"#), false, T0 + 1_000, 6_000);
    assert_eq!(h.entries.len(), 2, "the list cannot tell the draft is this call");
    assert!(h.resolve_draft("s1", "c1"));
    assert_eq!(h.entries.len(), 1);
    assert_eq!(h.entries[0].start_ms, Some(T0));
}

#[test]
fn a_draft_whose_placement_failed_ends_failed_and_zero_long() {
    let mut h = CallLog::default();
    h.add_draft("s1", "+15550001111", "+15557650000", T0);
    assert!(h.end_draft("s1", T0 + 3_000, Outcome::Failed));
    let e = &h.entries[0];
    assert!(!e.live && e.call_ended);
    assert_eq!((e.status.as_str(), e.status_code.as_str()), ("Ended (Failed)", "ended-failed"));
    assert_eq!((e.end_ms, e.duration_seconds), (Some(T0 + 3_000), 0));
    assert!(!h.end_draft("s1", T0 + 4_000, Outcome::Failed), "ended once");
}

#[test]
fn sandbox_and_production_ids_are_both_kept() {
    let mut h = CallLog::default();
    h.merge(
        &list(r#"[{"sipCallId":"prod1","status":"ended"},{"sipCallId":"sbx1","status":"ended"}]"#),
        false,
        T0,
        6_000,
    );
    assert_eq!(h.entries.len(), 2);
}

#[test]
fn history_filter_and_clear_and_a_corrupt_store_starts_empty() {
    let mut h = CallLog::default();
    h.merge(&list(&format!("[{}]", live("p1"))), false, T0, 6_000);
    let count = |q: &str| h.entries.iter().filter(|e| e.matches_shown(q, &e.status, &e.direction)).count();
    assert_eq!(count("7650"), 1);
    assert_eq!(count("nomatch"), 0);
    let restored = CallLog::from_json(&h.to_json());
    assert_eq!(restored, h);
    h.clear();
    assert!(h.entries.is_empty());
    assert_eq!(CallLog::from_json("{garbage"), CallLog::default());
}

#[test]
fn a_call_not_yet_answered_shows_no_duration_and_does_not_count_up() {
    let mut h = CallLog::default();
    let ringing = r#"[{"sipCallId":"r1","status":"ringing","durationSeconds":0,"startTimeISO":"2024-03-01T12:00:00Z"}]"#;
    h.merge(&list(ringing), false, T0 + 1_000, 6_000);
    assert_eq!(h.entries[0].shown_duration_seconds(T0 + 5_000), 0);
    assert_eq!(h.entries[0].talk_time_label(T0 + 5_000), None, "shown as —");
    let up = r#"[{"sipCallId":"r1","status":"connected","durationSeconds":2,"startTimeISO":"2024-03-01T12:00:00Z"}]"#;
    h.merge(&list(up), false, T0 + 7_000, 6_000);
    assert_eq!(h.entries[0].talk_time_label(T0 + 10_000).as_deref(), Some("0:05"));
    assert!(!h.entries[0].estimated);
    h.merge(&list("[]"), false, T0 + 13_000, 6_000);
    assert!(h.entries[0].talk_time_label(T0 + 20_000).is_some() && h.entries[0].estimated);
}

#[test]
fn signing_out_freezes_a_live_call_where_it_was_instead_of_counting_for_ever() {
    let mut h = CallLog::default();
    h.merge(&list(&format!("[{}]", live("p1"))), false, T0 + 6_000, 6_000);
    let ended = r#"{"sipCallId":"p0","status":"ended","startTimeISO":"2024-03-01T11:00:00Z","durationSeconds":30}"#;
    h.merge(&list(&format!("[{},{ended}]", live("p1"))), false, T0 + 12_000, 6_000);
    assert!(h.stop_following(T0 + 65_000));
    let entry = h.entries.iter().find(|e| e.sip_call_id == "p1").expect("the live call");
    assert!(!entry.live && entry.estimated);
    assert_eq!((entry.status.as_str(), entry.status_code.as_str()), (NOT_FOLLOWED, NOT_FOLLOWED_CODE));
    assert_eq!(entry.shown_duration_seconds(T0 + 65_000), 65);
    assert_eq!(entry.shown_duration_seconds(T0 + 3_600_000), 65, "no longer counting");
    assert_eq!((entry.talk_time_label(T0 + 3_600_000).as_deref(), entry.estimated), (Some("1:05"), true));
    let done = h.entries.iter().find(|e| e.sip_call_id == "p0").expect("the ended call");
    assert_eq!((done.status.as_str(), done.duration_seconds), ("Ended (Completed)", 30), "an ended call is left as it was");
    assert!(!h.stop_following(T0 + 70_000), "nothing left to freeze");
}

#[test]
fn every_status_carries_the_code_the_page_shows_its_own_words_for() {
    let mut h = CallLog::default();
    h.add_draft("s1", "+15550001111", "+15557650000", T0);
    assert_eq!(h.entries[0].status_code, "dialing");
    let calls = r#"[{"sipCallId":"a","status":"ringing"},{"sipCallId":"b","status":"on-hold"},
        {"sipCallId":"c","status":"busy"},{"sipCallId":"d","status":"what-is-this"}]"#;
    h.merge(&list(calls), false, T0 + 1_000, 6_000);
    let code = |id: &str| h.entries.iter().find(|e| e.sip_call_id == id).map(|e| e.status_code.clone());
    assert_eq!(code("a").as_deref(), Some("ringing"));
    assert_eq!(code("b").as_deref(), Some("on-hold"));
    assert_eq!(code("c").as_deref(), Some("ended-busy"));
    assert_eq!(code("d").as_deref(), Some("unknown"), "the raw text shows; the code says so");
    // A history stored before codes were kept still loads; its English status shows.
    let old = r#"{"entries":[{"sipCallId":"o","direction":"Incoming","caller":"+1","callee":"+2",
        "roomName":"r","rawStatus":"ended","status":"Ended (Completed)","live":false,"callEnded":true,
        "startMs":null,"endMs":null,"durationSeconds":3,"estimated":false,"firstSeenMs":1,"lastSeenLiveMs":null}]}"#;
    let restored = CallLog::from_json(old);
    assert_eq!(restored.entries.len(), 1);
    assert_eq!((restored.entries[0].status.as_str(), restored.entries[0].status_code.as_str()), ("Ended (Completed)", ""));
}

#[test]
fn the_filter_finds_the_status_and_direction_in_the_words_shown() {
    let mut h = CallLog::default();
    h.merge(&list(r#"[{"sipCallId":"c","status":"busy","direction":"inbound"}]"#), false, T0, 6_000);
    let e = &h.entries[0];
    assert!(e.matches_shown("busy", &e.status, &e.direction) && e.matches_shown("", "x", "y"));
    assert!(e.matches_shown("ocupado", "Finalizada (ocupado)", "Entrante"));
    assert!(e.matches_shown("ENTRANTE", "Finalizada (ocupado)", "Entrante"));
    assert!(!e.matches_shown("busy", "Finalizada (ocupado)", "Entrante"), "the English words are not shown");
    assert!(e.matches_shown("c", "Finalizada (ocupado)", "Entrante"), "the id still matches");
}
