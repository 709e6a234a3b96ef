//! Placing calls with their drafts (§8.6), DTMF buffering, and the once-a-second clock.

use super::*;
use crate::mediasfu::call_log::{CallLog, CallLogEntry};
use crate::mediasfu::placement::DialRequest;

fn dial(room: &str) -> Input {
    Input::PlaceCall(DialRequest {
        called: "+15557650000".into(),
        caller_id: "+15550001111".into(),
        room: room.into(),
        participant_name: "Ann Operator".into(),
        duration_minutes: 30,
    })
}

impl Harness {
    fn draft(&self) -> Option<CallLogEntry> {
        self.page
            .call_log()
            .entries
            .iter()
            .find(|e| e.room_name == "s1" && e.callee == "+15557650000")
            .cloned()
    }

    fn stored(&self) -> CallLog {
        CallLog::from_json(self.stored_logs.last().expect("stored"))
    }
}

#[test]
fn a_draft_is_written_when_outgoing_call_goes_out_and_becomes_the_call_with_its_id() {
    let mut h = Harness::signed_in();
    h.input(dial("s1")).expect("placing");
    assert!(h.draft().is_none(), "nothing placed yet: the request waits for the gate");
    let place = h.wait_for("/v1/sipcall/outgoingCall");
    let draft = h.draft().expect("draft on the wire");
    assert_eq!((draft.sip_call_id.as_str(), draft.live), ("", true));
    assert_eq!((draft.caller.as_str(), draft.status.as_str()), ("+15550001111", "Dialing"));
    assert_eq!(draft.start_ms, Some(WALL0 + place.at), "stamped in wall-clock time");
    assert_eq!(h.stored().entries, h.page.call_log().entries, "stored at once");
    h.advance(100);
    h.answer(&place, ok(r#"{"sipCallId":"c9"}"#)).expect("placed");
    assert_eq!(h.draft().expect("entry").sip_call_id, "c9");
    // The list shows it, then stops showing it: upserted by id, then ended (§8.6).
    h.answer_next("/v1/sipcall/list", list(&[("c9", "connected", "2024-03-01T12:00:10Z")]));
    let entries = &h.page.call_log().entries;
    assert_eq!(entries.len(), 1);
    assert!(entries[0].live && entries[0].talking);
    h.answer_next("/v1/sipcall/list", ok(r#"{"data":[]}"#));
    let e = h.page.call_log().entries[0].clone();
    assert_eq!(e.sip_call_id, "c9");
    assert!(!e.live && e.call_ended && e.estimated);
    assert_eq!(e.status, "Ended (Completed)");
    assert_eq!(h.stored().entries, h.page.call_log().entries);
}

#[test]
fn a_refused_placement_ends_its_draft_failed() {
    let mut h = Harness::signed_in();
    h.input(dial("s1")).expect("placing");
    h.answer_next(
        "/v1/sipcall/outgoingCall",
        status(400, r#"{"error":"roomName must start with s or p"}"#),
    );
    let e = h.draft().expect("draft kept");
    assert_eq!((e.live, e.status.as_str(), e.duration_seconds), (false, "Ended (Failed)", 0));
    let line = h
        .last_shown(|s| match s {
            Shown::Placement(v) => v.clone(),
            _ => None,
        })
        .expect("placement line");
    assert_eq!(line.code, Some("REQUEST_REFUSED"));
}

#[test]
fn a_garbled_answer_finds_the_call_in_its_room_and_the_draft_takes_that_id_not_an_older_one() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("older", "connected", "2024-03-01T11:00:00Z")]));
    h.input(dial("s1")).expect("placing");
    h.answer_next("/v1/sipcall/outgoingCall", ok("not json"));
    assert_eq!(h.draft().expect("draft").sip_call_id, "");
    h.answer_next(
        "/v1/sipcall/list",
        list(&[
            ("older", "connected", "2024-03-01T11:00:00Z"),
            ("c2", "ringing", "2024-03-01T12:00:20Z"),
        ]),
    );
    let ids: Vec<&str> = h.page.call_log().entries.iter().map(|e| e.sip_call_id.as_str()).collect();
    assert_eq!(ids, ["c2", "older"], "one entry each, no draft left");
    assert!(h.page.call_log().entries[0].start_ms.is_some());
}

#[test]
fn an_agent_first_call_creates_a_room_then_places_into_it_with_one_draft() {
    let mut h = Harness::signed_in();
    h.input(dial("")).expect("placing");
    h.answer_next("/v1/rooms/", ok(r#"{"success":true,"roomName":"s1"}"#));
    assert!(h.draft().is_none(), "a room is not a call");
    let place = h.answer_next("/v1/sipcall/outgoingCall", status(429, "{}"));
    assert!(h.draft().is_some_and(|d| d.live), "a 429 did nothing: the draft waits for the re-send");
    let again = h.wait_for("/v1/sipcall/outgoingCall");
    assert!(again.at >= place.at + 100 + SPACING);
    assert_eq!(again.request.body, place.request.body);
    h.advance(100);
    h.answer(&again, ok(r#"{"sipCallId":"c3"}"#)).expect("placed");
    let drafts = h.page.call_log().entries.iter().filter(|e| e.room_name == "s1").count();
    assert_eq!(drafts, 1);
    assert_eq!(h.draft().expect("entry").sip_call_id, "c3");
}

#[test]
fn keypad_digits_go_out_together_after_1_5_s_of_quiet() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    let key = |call: &str, k: char| Input::DtmfKey { call_id: call.into(), key: k };
    h.input(key("c1", '1')).expect("1");
    h.advance(1_000);
    h.input(key("c1", '#')).expect("#");
    assert!(h.input(key("c1", 'x')).is_err(), "not a key");
    assert!(h.input(key("nope", '1')).is_err(), "no such call");
    let pending = h.last_shown(|s| match s {
        Shown::DtmfPending(p) => p.get("c1").cloned(),
        _ => None,
    });
    assert_eq!(pending.as_deref(), Some("1#"));
    let sent = h.wait_for("/v1/sipcall/c1/send-dtmf");
    assert!(sent.at >= h.log[h.log.len() - 2].at, "after the poll, through the gate");
    assert!(sent.at >= 1_000 + 1_500 + h.polls_answered_at());
    assert_eq!(sent.request.body, Some(serde_json::json!({"digits": "1#"})));
}

impl Harness {
    /// When the first poll was sent (the keypad presses start after its answer).
    fn polls_answered_at(&self) -> u64 {
        self.log
            .iter()
            .find(|s| s.request.path == "/v1/sipcall/list")
            .map_or(0, |s| s.at + 100)
    }
}

#[test]
fn talk_time_wakes_the_page_each_second_only_while_a_call_is_talking() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    let at = h.now;
    let d = h.page.next_deadline().expect("a deadline");
    assert!(d > at && d <= at + 1_000, "the next second: {d} at {at}");
    h.advance(3_000);
    let clocks = h
        .shown
        .iter()
        .filter(|s| matches!(s, Shown::WallClock(_)))
        .count();
    assert!(clocks >= 3);
    h.answer_next("/v1/sipcall/list", ok(r#"{"data":[]}"#));
    let poll_due = h.page.next_deadline().expect("the next poll");
    assert!(poll_due >= h.now + 5_000, "no per-second wake-ups once nothing counts");
}

#[test]
fn play_is_checked_by_the_page_a_bad_source_sends_nothing_and_is_the_rows_failure() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    let play = |source: &str, is_url| Input::Play { call_id: "c1".into(), source: source.into(), is_url };
    h.input(play("http://example.com/a.mp3", true)).expect("checked");
    let failure = h
        .last_shown(|s| match s {
            Shown::Controls(c) => c.get("c1").and_then(|c| c.failure(0)),
            _ => None,
        })
        .expect("the row's failure");
    assert_eq!(failure.code, "INVALID_SOURCE");
    assert_eq!(failure.text, "A URL to play must start with https://.");
    assert!(h.page.queued.is_empty(), "nothing queued");
    assert!(!h.sent_paths().iter().any(|p| p.ends_with("/play")), "nothing sent");
    h.input(play("  Hello there ", false)).expect("sent");
    let sent = h.wait_for("/v1/sipcall/c1/play");
    assert_eq!(
        sent.request.body,
        Some(serde_json::json!({"sourceValue": "Hello there", "loop": false, "immediately": true}))
    );
    let cleared = h.last_shown(|s| match s {
        Shown::Controls(c) => Some(c.get("c1").and_then(|c| c.failure(0)).is_none()),
        _ => None,
    });
    assert_eq!(cleared, Some(true), "a new request clears the shown failure");
}

#[test]
fn signing_out_freezes_a_talking_call_in_the_log_and_stops_the_clock() {
    let mut h = Harness::signed_in();
    h.answer_next("/v1/sipcall/list", list(&[("c1", "connected", "2024-03-01T12:00:00Z")]));
    h.advance(10_000);
    h.input(Input::SignOut).expect("signed out");
    let e = h.page.call_log().entries[0].clone();
    assert!(!e.live && !e.talking && e.estimated, "{e:?}");
    assert_eq!(e.status, crate::mediasfu::call_log::NOT_FOLLOWED);
    let frozen = e.shown_duration_seconds(WALL0 + h.now);
    assert_eq!(e.shown_duration_seconds(WALL0 + h.now + 3_600_000), frozen, "it no longer counts");
    assert_eq!(h.stored().entries, h.page.call_log().entries, "stored at once");
    assert_eq!(h.page.next_deadline(), None, "signed out, nothing wakes the page");
}
