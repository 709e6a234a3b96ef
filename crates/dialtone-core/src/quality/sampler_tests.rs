//! The sampler's schedule and what a reading shows, on made-up clocks.

use super::sampler::{QualitySampler, SAMPLE_EVERY_MS, SampleStep};
use super::*;

/// A healthy reading taken at `at` ms (a whole second).
fn sample(at: u64, rtt: f64) -> Sample {
    super::tests::healthy(at / 1_000, rtt)
}

fn read(call: &str) -> SampleStep {
    SampleStep::Read { call_id: call.into() }
}

#[test]
fn only_a_connected_call_is_measured() {
    use crate::call::CallState;
    let views = crate::call::rehearsal::first_call_views();
    for view in &views {
        let measured = super::sampler::measured_call(Some(view));
        assert_eq!(measured.is_some(), view.state == CallState::Connected, "{:?}", view.state);
    }
    assert!(views.iter().any(|v| v.state == CallState::Connected));
    assert_eq!(super::sampler::measured_call(None), None);
}

#[test]
fn nothing_is_read_without_a_connected_call() {
    let mut sampler = QualitySampler::default();
    assert_eq!(sampler.tick(0, None), SampleStep::Wait);
    assert_eq!(sampler.tick(5_000, None), SampleStep::Wait);
}

#[test]
fn a_connected_call_is_read_about_once_a_second_never_twice_at_once() {
    let mut sampler = QualitySampler::default();
    assert_eq!(sampler.tick(0, Some("c1")), read("c1"), "at once");
    assert_eq!(sampler.tick(1_000, Some("c1")), SampleStep::Wait, "the first reading is still under way");
    assert!(sampler.read("c1", Some(sample(1_000, 20.0))).is_some());
    // Ticks a little early or late still read once a tick; one much too soon does not.
    assert_eq!(sampler.tick(1_990, Some("c1")), read("c1"));
    sampler.read("c1", Some(sample(2_000, 20.0)));
    assert_eq!(sampler.tick(2_100, Some("c1")), SampleStep::Wait, "too soon after the last");
    assert_eq!(sampler.tick(2_000 + SAMPLE_EVERY_MS, Some("c1")), read("c1"));
}

#[test]
fn a_reading_for_a_call_that_ended_or_was_replaced_shows_nothing() {
    let mut sampler = QualitySampler::default();
    sampler.tick(0, Some("c1"));
    assert_eq!(sampler.tick(1_000, Some("c2")), read("c2"), "another call starts afresh");
    assert_eq!(sampler.read("c1", Some(sample(1_000, 20.0))), None);
    assert_eq!(sampler.tick(2_000, None), SampleStep::Forget, "the call ended: forget the figures");
    assert_eq!(sampler.read("c2", Some(sample(2_000, 20.0))), None);
    assert_eq!(sampler.tick(3_000, None), SampleStep::Wait, "forgotten once");
}

#[test]
fn no_statistics_frees_the_next_tick_and_shows_nothing() {
    let mut sampler = QualitySampler::default();
    sampler.tick(0, Some("c1"));
    assert_eq!(sampler.read("c1", None), None);
    assert_eq!(sampler.tick(1_000, Some("c1")), read("c1"));
}

#[test]
fn a_fall_to_poor_is_to_be_said_while_it_lasts_and_again_after_a_recovery() {
    let mut sampler = QualitySampler::default();
    let mut shown = None;
    let mut at = 0;
    let mut second = |sampler: &mut QualitySampler, rtt: f64| {
        at += 1_000;
        assert_eq!(sampler.tick(at, Some("c1")), read("c1"));
        sampler.read("c1", Some(sample(at, rtt))).expect("shown")
    };
    for _ in 0..3 {
        shown = Some(second(&mut sampler, 20.0));
    }
    assert_eq!(shown.as_ref().map(|s| (s.level, s.poor_announced)), Some((Some(Level::Good), false)));
    for _ in 0..4 {
        shown = Some(second(&mut sampler, 900.0));
    }
    let view = shown.take().expect("shown");
    assert_eq!((view.level, view.poor_announced), (Some(Level::Poor), true));
    assert_eq!(view.history.len(), 7, "a point a second");
    assert!(second(&mut sampler, 900.0).poor_announced, "still poor: still the one announcement");
    for _ in 0..8 {
        shown = Some(second(&mut sampler, 20.0));
    }
    assert_eq!(shown.map(|s| (s.level, s.poor_announced)), Some((Some(Level::Good), false)));
}
