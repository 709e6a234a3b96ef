//! The property: whatever the two people do and in whatever order the network and the browsers
//! deliver it, both phones end in the same place. Random delays on every link (frames on one
//! socket, one data channel or one operations chain keep their order, as TCP, SCTP and the
//! browser keep it; everything else interleaves freely), random user actions at random times,
//! outages of the network to the server (the page's client notices, retries with back-off and
//! resumes), media-path breaks. Then every timer runs out, and `assert_agree` must hold.

use dialtone_core::call::Input;
use dialtone_core::protocol::{EndReason, MediaKind, MediaSource};
use proptest::prelude::*;

use crate::agreement::assert_agree;
use crate::call_book::{ALICE, BOB};
use crate::relay::{RESUME_GRACE_MS, Relay};
use crate::world::{Delays, UserAction, World};

#[derive(Debug, Clone)]
enum Step {
    Call(MediaKind),
    /// A call the other side answers this long after it was placed.
    CallAnswered(MediaKind, u64),
    Accept,
    Reject,
    HangUp,
    Toggle(MediaSource),
    /// The network to the server goes down and comes back this much later.
    Outage(u64),
    /// The media path breaks and heals this much later.
    PathBreak(u64),
    /// The next getUserMedia fails.
    MediaFails,
    /// The person gives their page another name (one of a few, so some are the same again).
    Rename(u8),
    /// The person starts or stops recording.
    Record(bool),
    /// The signaling server restarts (both pages come back under new ids).
    ServerRestart,
    /// The next recorder fails to start.
    RecorderFails,
}

fn media() -> impl Strategy<Value = MediaKind> {
    prop_oneof![Just(MediaKind::Audio), Just(MediaKind::Video)]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        2 => media().prop_map(Step::Call),
        4 => (media(), 0u64..8_000).prop_map(|(media, after)| Step::CallAnswered(media, after)),
        3 => Just(Step::Accept),
        1 => Just(Step::Reject),
        2 => Just(Step::HangUp),
        2 => prop_oneof![Just(MediaSource::Screen), Just(MediaSource::Mic), Just(MediaSource::Camera)].prop_map(Step::Toggle),
        1 => (0..OUTAGE_MAX_MS).prop_map(Step::Outage),
        1 => (0u64..40_000).prop_map(Step::PathBreak),
        1 => Just(Step::MediaFails),
        1 => (0u8..3).prop_map(Step::Rename),
        1 => any::<bool>().prop_map(Step::Record),
        1 => Just(Step::RecorderFails),
    ]
}

/// (when, who, what): times cluster in the first seconds, where calls are set up.
fn script() -> impl Strategy<Value = Vec<(u64, usize, Step)>> {
    let when = prop_oneof![3 => 0u64..3_000, 2 => 3_000u64..30_000, 1 => 0u64..90_000];
    prop::collection::vec((when, 0usize..2, step()), 1..14)
}

/// The longest outage drawn: the page is back within the resume grace even when its client's
/// back-off (at most 10 s between attempts) just missed the network's return, so it keeps its id.
pub const OUTAGE_MAX_MS: u64 = RESUME_GRACE_MS - 12_000;

/// `PROPTEST_CASES` when set (for a long run), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn play(seed: u64, script: &[(u64, usize, Step)]) -> World {
    play_on(Relay::default(), seed, script)
}

/// On a base server a dropped socket costs the page its id (no resume): no outages there.
fn play_on(relay: Relay, seed: u64, script: &[(u64, usize, Step)]) -> World {
    let base = relay.is_base();
    let mut world = World::with_relay(&["a-alice", "b-bob"], Delays::random(seed), relay);
    for (at, who, step) in script.iter().cloned() {
        let other = 1 - who;
        let plan = |world: &mut World, after, action| world.plan(after, who, action);
        match step {
            Step::Call(media) => plan(&mut world, at, UserAction::Call { to: other, media }),
            Step::CallAnswered(media, after) => {
                plan(&mut world, at, UserAction::Call { to: other, media });
                world.plan(at + after, other, UserAction::Do(Input::Accept));
            }
            Step::Accept => plan(&mut world, at, UserAction::Do(Input::Accept)),
            Step::Reject => plan(&mut world, at, UserAction::Do(Input::Reject)),
            Step::HangUp => plan(&mut world, at, UserAction::Do(Input::HangUp)),
            Step::Toggle(source) => plan(&mut world, at, UserAction::Do(Input::ToggleMedia { source })),
            Step::Outage(_) if base => {}
            Step::Outage(lasts) => {
                plan(&mut world, at, UserAction::DropSocket);
                plan(&mut world, at + lasts, UserAction::Reconnect);
            }
            Step::PathBreak(lasts) => {
                plan(&mut world, at, UserAction::PathDown { with: other });
                plan(&mut world, at + lasts, UserAction::PathUp { with: other });
            }
            Step::MediaFails => world.stations[who].media_failure = Some(EndReason::DeviceInUse),
            Step::Rename(n) => plan(&mut world, at, UserAction::Rename(format!("Name {n}"))),
            Step::Record(on) => plan(&mut world, at, UserAction::Do(Input::SetRecording { on })),
            Step::RecorderFails => world.stations[who].recorder_fails = true,
            Step::ServerRestart => plan(&mut world, at, UserAction::RestartServer),
        }
    }
    world.run_out();
    world
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn both_phones_always_agree_on_how_every_call_ended(seed in any::<u64>(), script in script()) {
        let world = play(seed, &script);
        // A second drop before the fresh resume token arrived costs the page its id (the relay,
        // like the server, spends a token on first use): outside what the phones can agree on.
        prop_assume!(world.stations.iter().all(|s| s.ids.len() == 1));
        assert_agree(&world, ALICE, BOB);
    }
}

/// A connected video call, then both sides change their media at random moments while the
/// network misbehaves: renegotiations collide (glare) and cross ICE restarts and outages.
fn in_call_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => Just(Step::Toggle(MediaSource::Screen)),
        1 => Just(Step::Toggle(MediaSource::Mic)),
        1 => Just(Step::Toggle(MediaSource::Camera)),
        2 => any::<bool>().prop_map(Step::Record),
        1 => Just(Step::RecorderFails),
        1 => Just(Step::ServerRestart),
        1 => (0..OUTAGE_MAX_MS).prop_map(Step::Outage),
        1 => (0u64..25_000).prop_map(Step::PathBreak),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn media_changes_on_both_sides_during_a_call_always_end_in_agreement(
        seed in any::<u64>(),
        steps in prop::collection::vec((0u64..6_000, 0usize..2, in_call_step()), 1..12),
    ) {
        let mut script = vec![(0, ALICE, Step::CallAnswered(MediaKind::Video, 6_000))];
        script.extend(steps.into_iter().map(|(at, who, step)| (10_000 + at, who, step)));
        let world = play(seed, &script);
        assert_agree(&world, ALICE, BOB);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn over_a_base_server_both_phones_agree_too(seed in any::<u64>(), script in script()) {
        let world = play_on(Relay::base(), seed, &script);
        assert_agree(&world, ALICE, BOB);
    }
}

/// The busiest interleaving of all: both call each other at once, accept at once, toggle the
/// screen at once and hang up at once, over many seeds.
#[test]
fn everything_at_once_on_both_sides_still_agrees() {
    for seed in 1..200u64 {
        let script = [
            (0, ALICE, Step::Call(MediaKind::Video)),
            (0, BOB, Step::Call(MediaKind::Audio)),
            (400, ALICE, Step::Accept),
            (400, BOB, Step::Accept),
            (2_500, ALICE, Step::Toggle(MediaSource::Screen)),
            (2_500, BOB, Step::Toggle(MediaSource::Screen)),
            (6_000, ALICE, Step::HangUp),
            (6_000, BOB, Step::HangUp),
        ];
        let world = play(seed, &script);
        assert_agree(&world, ALICE, BOB);
    }
}

