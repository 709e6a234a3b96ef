//! Watching the call (§4.7, §5.3, §6.2): connection events, `connected`, the 30 s check,
//! `peerMedia`, and the end of a call the page sees fail.

use dialtone_core::host::page::*;
use dialtone_core::host::{CallMediaSource, ConnectionInfo};
use serde_json::json;

use super::*;

fn connection_event(state: &str) -> Value {
    json!({"resp": {"type": "connection", "state": {"connectionState": state, "iceConnectionState": "checking", "iceGatheringState": "gathering", "signalingState": "stable"}}})
}

#[test]
fn every_connection_state_change_but_failed_is_reported() {
    let mut page = Page::answerer();
    assert_eq!(
        sent(&page.input(Input::ConnectionStateChanged(states("connecting")))),
        vec![connection_event("connecting")]
    );
    assert_eq!(
        sent(&page.input(Input::ConnectionStateChanged(states("failed")))),
        Vec::<Value>::new()
    );
    assert!(page.page.in_call(), "failed alone does not end the call");
}

#[test]
fn connected_is_reported_500_ms_after_reaching_connected() {
    let mut page = Page::answerer();
    page.input(Input::ConnectionStateChanged(states("connected")));
    assert!(
        !page
            .advance(499)
            .iter()
            .any(|a| matches!(a, Action::CollectStats { .. }))
    );
    let actions = page.advance(1);
    let Some(Action::CollectStats { op }) = actions
        .iter()
        .find(|a| matches!(a, Action::CollectStats { .. }))
        .cloned()
    else {
        panic!("{actions:?}")
    };
    let info = ConnectionInfo {
        ice_candidate_pair: None,
        local_candidate: None,
        remote_candidate: None,
    };
    assert_eq!(
        sent(&page.input(Input::Stats { op, info })),
        vec![json!({"resp": {"type": "connected", "connectionInfo": {}}})]
    );
}

#[test]
fn disconnected_reports_the_state_then_ended_and_ends_the_call() {
    let mut page = Page::answerer();
    let actions = page.input(Input::ConnectionStateChanged(states("disconnected")));
    assert_eq!(
        sent(&actions),
        vec![
            connection_event("disconnected"),
            json!({"resp": {"type": "ended"}})
        ]
    );
    assert!(actions.contains(&Action::EndCall));
    assert!(!page.page.in_call());
}

#[test]
fn thirty_seconds_after_t0_an_unconnected_call_is_checked_and_failed_ends_it() {
    let mut page = Page::answerer();
    // t0 was 1000.
    assert!(
        !page
            .advance_to(30_999)
            .iter()
            .any(|a| matches!(a, Action::CheckConnection { .. }))
    );
    let actions = page.advance_to(31_000);
    let Some(Action::CheckConnection { op }) = actions
        .iter()
        .find(|a| matches!(a, Action::CheckConnection { .. }))
        .cloned()
    else {
        panic!("{actions:?}")
    };
    let actions = page.input(Input::ConnectionChecked {
        op,
        states: states("failed"),
    });
    assert_eq!(
        sent(&actions),
        vec![
            connection_event("failed"),
            json!({"resp": {"type": "ended"}})
        ]
    );
    assert!(!page.page.in_call());
}

#[test]
fn a_call_still_connecting_at_30_s_is_left_to_the_host() {
    let mut page = Page::answerer();
    let actions = page.advance_to(31_000);
    let Some(Action::CheckConnection { op }) = actions
        .iter()
        .find(|a| matches!(a, Action::CheckConnection { .. }))
        .cloned()
    else {
        panic!("{actions:?}")
    };
    assert_eq!(
        sent(&page.input(Input::ConnectionChecked {
            op,
            states: states("connecting")
        })),
        vec![connection_event("connecting")]
    );
    assert!(page.page.in_call());
}

#[test]
fn a_connected_call_is_not_checked_at_30_s() {
    let mut page = Page::answerer();
    page.input(Input::ConnectionStateChanged(states("connected")));
    assert!(
        !page
            .advance_to(60_000)
            .iter()
            .any(|a| matches!(a, Action::CheckConnection { .. }))
    );
}

#[test]
fn remote_transceivers_are_polled_once_a_second() {
    let mut page = Page::answerer();
    let polls = page
        .advance(10_000)
        .iter()
        .filter(|a| **a == Action::PollInbound)
        .count();
    assert_eq!(polls, 10);
}

#[test]
fn peer_media_is_on_at_the_first_increase_and_off_after_three_silent_seconds() {
    let mut page = Page::answerer();
    let poll = |page: &mut Page, bytes: u64| {
        sent(&page.input(Input::InboundBytes(vec![(CallMediaSource::Camera, bytes)])))
    };
    assert_eq!(
        poll(&mut page, 0),
        Vec::<Value>::new(),
        "a source starts silent"
    );
    assert_eq!(
        poll(&mut page, 500),
        vec![json!({"resp": {"type": "peerMedia", "source": "camera", "enabled": true}})]
    );
    assert_eq!(
        poll(&mut page, 900),
        Vec::<Value>::new(),
        "only changes are sent"
    );
    assert_eq!(poll(&mut page, 900), Vec::<Value>::new());
    assert_eq!(poll(&mut page, 900), Vec::<Value>::new());
    assert_eq!(
        poll(&mut page, 900),
        vec![json!({"resp": {"type": "peerMedia", "source": "camera", "enabled": false}})]
    );
    assert_eq!(
        poll(&mut page, 901),
        vec![json!({"resp": {"type": "peerMedia", "source": "camera", "enabled": true}})]
    );
}

#[test]
fn the_remote_track_is_shown_only_once_reported_on() {
    let mut page = Page::answerer();
    let actions = page.input(Input::InboundBytes(vec![(CallMediaSource::Mic, 10)]));
    assert!(actions.contains(&Action::RemoteMedia {
        source: CallMediaSource::Mic,
        enabled: true
    }));
}

#[test]
fn a_transform_that_fails_to_attach_ends_the_call_never_clear_media() {
    let mut page = Page::answerer();
    let actions = page.input(Input::EncryptionFailed);
    assert_eq!(sent(&actions), vec![json!({"resp": {"type": "ended"}})]);
    assert!(actions.contains(&Action::EndCall));
}

#[test]
fn no_ice_event_comes_before_the_reply_even_when_gathering_completes() {
    let mut page = Page::with_preview();
    let op = create_op(&page.command(2, offer_command(&[])));
    let op = make_answer_op(&page.input(Input::PeerConnectionCreated { op }));
    page.advance(750);
    page.input(Input::LocalCandidate(candidate(1)));
    assert_eq!(
        sent(&page.input(Input::GatheringComplete)),
        Vec::<Value>::new()
    );
    let sent = sent(&page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0".into(),
        old_peer: None,
    }));
    let kinds: Vec<&str> = sent
        .iter()
        .map(|m| m["resp"]["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, vec!["answer", "ice"]);
}
