//! The property with three phones: calls between any two at random moments, so a third caller
//! meets a call in progress (call waiting: switch to it, turn it away, let it ring out, or the
//! caller gives up), while sockets drop (not on a base server, which has no resume) and every
//! link delays at random, on a Dialtone server and on a base server. Every pair must agree
//! on how each call between them ended, and nothing of a call outlives it on any page.

use dialtone_core::call::Input;
use dialtone_core::protocol::{EndReason, MediaKind};
use proptest::prelude::*;

use crate::agreement::assert_agree;
use crate::interleavings::{OUTAGE_MAX_MS, cases};
use crate::relay::Relay;
use crate::world::{Delays, UserAction, World};

const PHONES: usize = 3;

#[derive(Debug, Clone)]
enum Step {
    /// Calls the phone this many places further round (1 or 2), answered this long after, if at all.
    Call { round: usize, answered_after: Option<u64> },
    Accept,
    Reject,
    HangUp,
    SwitchToWaiting,
    RejectWaiting,
    Outage(u64),
    MediaFails,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        5 => (1usize..PHONES, prop::option::weighted(0.8, 0u64..6_000)).prop_map(|(round, answered_after)| Step::Call { round, answered_after }),
        2 => Just(Step::Accept),
        1 => Just(Step::Reject),
        2 => Just(Step::HangUp),
        2 => Just(Step::SwitchToWaiting),
        2 => Just(Step::RejectWaiting),
        1 => (0..OUTAGE_MAX_MS).prop_map(Step::Outage),
        1 => Just(Step::MediaFails),
    ]
}

fn script() -> impl Strategy<Value = Vec<(u64, usize, Step)>> {
    let when = prop_oneof![3 => 0u64..4_000, 2 => 4_000u64..30_000, 1 => 0u64..60_000];
    prop::collection::vec((when, 0..PHONES, step()), 1..16)
}

/// On a base server a dropped socket costs the page its id (no resume): no outages there.
fn play(relay: Relay, seed: u64, script: &[(u64, usize, Step)]) -> World {
    let base = relay.is_base();
    let mut world = World::with_relay(&["a-alice", "b-bob", "c-carol"], Delays::random(seed), relay);
    for (at, who, step) in script.iter().cloned() {
        let action = match step {
            Step::Call { round, answered_after } => {
                let to = (who + round) % PHONES;
                if let Some(after) = answered_after {
                    world.plan(at + after, to, UserAction::Do(Input::Accept));
                }
                UserAction::Call { to, media: MediaKind::Audio }
            }
            Step::Accept => UserAction::Do(Input::Accept),
            Step::Reject => UserAction::Do(Input::Reject),
            Step::HangUp => UserAction::Do(Input::HangUp),
            Step::SwitchToWaiting => UserAction::Do(Input::SwitchToWaiting),
            Step::RejectWaiting => UserAction::Do(Input::RejectWaiting),
            Step::Outage(_) if base => continue,
            Step::Outage(lasts) => {
                // Planned in order, so an outage of no time still ends after it began.
                world.plan(at, who, UserAction::DropSocket);
                world.plan(at + lasts, who, UserAction::Reconnect);
                continue;
            }
            Step::MediaFails => {
                world.stations[who].media_failure = Some(EndReason::DeviceInUse);
                continue;
            }
        };
        world.plan(at, who, action);
    }
    world.run_out();
    world
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn three_phones_calling_each_other_at_random_always_agree_pairwise(seed in any::<u64>(), script in script()) {
        let world = play(Relay::default(), seed, &script);
        // As with two: a page that lost its id is outside what the phones can agree on.
        prop_assume!(world.stations.iter().all(|s| s.ids.len() == 1));
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            assert_agree(&world, a, b);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn three_phones_over_a_base_server_agree_pairwise_too(seed in any::<u64>(), script in script()) {
        let world = play(Relay::base(), seed, &script);
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            assert_agree(&world, a, b);
        }
    }
}
