//! Local candidate batching (§4.5): the initial batch in the reply, `ice` events on a 1.5 s grid,
//! the 12 s stop, and never an `ice` event before the reply.

use dialtone_core::host::page::*;
use serde_json::json;

use super::*;

/// A callee with its peer connection at t0 = 1000 and the offer set; the reply not yet due.
fn gathering() -> Page {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "audio"})));
    let op = create_op(&page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    }));
    let op = make_offer_op(&page.input(Input::PeerConnectionCreated { op }));
    page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0".into(),
        old_peer: None,
    });
    page
}

/// The candidates of every `ice` event in `actions`.
fn ice_events(actions: &[Action]) -> Vec<Vec<IceCandidateInit>> {
    sent(actions)
        .iter()
        .filter(|m| m["resp"]["type"] == "ice")
        .map(|m| decoded(&m["resp"]["iceCandidates"]))
        .collect()
}

#[test]
fn an_empty_initial_batch_is_an_empty_list() {
    let mut page = gathering();
    let reply = sent(&page.advance_to(1_750));
    assert_eq!(decoded(&reply[0]["resp"]["iceCandidates"]), vec![]);
}

#[test]
fn later_candidates_go_out_every_1500_ms_after_the_initial_batch() {
    let mut page = gathering();
    page.advance_to(1_750);
    page.input(Input::LocalCandidate(candidate(1)));
    page.input(Input::LocalCandidate(candidate(2)));
    assert!(ice_events(&page.advance_to(3_249)).is_empty());
    let actions = page.advance_to(3_250);
    assert_eq!(ice_events(&actions), vec![vec![candidate(1), candidate(2)]]);
    page.input(Input::LocalCandidate(candidate(3)));
    let actions = page.advance_to(4_750);
    assert_eq!(ice_events(&actions), vec![vec![candidate(3)]]);
}

#[test]
fn an_empty_buffer_sends_nothing() {
    let mut page = gathering();
    page.advance_to(1_750);
    let actions = page.advance_to(10_000);
    assert!(ice_events(&actions).is_empty());
}

#[test]
fn gathering_complete_before_the_initial_batch_means_no_ice_event_ever() {
    let mut page = gathering();
    page.input(Input::LocalCandidate(candidate(1)));
    page.input(Input::GatheringComplete);
    page.input(Input::LocalCandidate(candidate(2)));
    let actions = page.advance_to(30_000);
    assert!(ice_events(&actions).is_empty());
}

#[test]
fn gathering_complete_after_the_initial_batch_flushes_at_once_and_ends_batching() {
    let mut page = gathering();
    page.advance_to(1_750);
    page.now = 2_000;
    page.input(Input::LocalCandidate(candidate(1)));
    let actions = page.input(Input::GatheringComplete);
    assert_eq!(ice_events(&actions), vec![vec![candidate(1)]]);
    page.input(Input::LocalCandidate(candidate(2)));
    assert!(ice_events(&page.advance_to(20_000)).is_empty());
}

#[test]
fn periodic_sending_stops_at_12_75_s_and_holds_later_candidates_until_gathering_completes() {
    let mut page = gathering();
    page.advance_to(13_000);
    page.now = 13_740;
    page.input(Input::LocalCandidate(candidate(1)));
    let actions = page.advance_to(13_750);
    assert_eq!(
        ice_events(&actions),
        vec![vec![candidate(1)]],
        "the final flush at t0 + 12.75 s"
    );
    page.input(Input::LocalCandidate(candidate(2)));
    assert!(
        ice_events(&page.advance_to(40_000)).is_empty(),
        "held after the stop"
    );
    let actions = page.input(Input::GatheringComplete);
    assert_eq!(ice_events(&actions), vec![vec![candidate(2)]]);
}

#[test]
fn a_flush_due_before_the_reply_waits_for_it() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "audio"})));
    let op = create_op(&page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    }));
    let op = make_offer_op(&page.input(Input::PeerConnectionCreated { op }));
    page.advance_to(1_750);
    page.input(Input::LocalCandidate(candidate(1)));
    // The description is slow: the 3.25 s flush falls due before the reply can go.
    assert!(sent(&page.advance_to(4_000)).is_empty());
    let actions = page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0".into(),
        old_peer: None,
    });
    let sent = sent(&actions);
    assert_eq!(sent[0]["resp"]["type"], "offer");
    assert_eq!(
        decoded(&sent[0]["resp"]["iceCandidates"]),
        vec![],
        "the initial batch was taken at 750 ms"
    );
    assert_eq!(sent[1]["resp"]["type"], "ice");
    assert_eq!(
        decoded(&sent[1]["resp"]["iceCandidates"]),
        vec![candidate(1)]
    );
}
