//! Competing calls (specs/call-lifecycle.md, "Competing calls"): two people calling each other at
//! once end up in one call, and a third caller during a call waits for a choice.

use dialtone_core::call::{CallState, Input, Tone};
use dialtone_core::protocol::{EndReason, MediaKind};

use crate::agreement::assert_agree;
use crate::call_book::{ALICE, BOB, CAROL, connected_call, two_phones};
use crate::world::{Delays, UserAction, World};

fn three_phones() -> World {
    World::new(&["a-alice", "b-bob", "c-carol"], Delays::fixed())
}

/// Both call each other, Bob `lag` ms after Alice; one call survives, Alice's (the smaller
/// id's), connected on both sides without anyone answering, and Bob's leaves no trace.
fn crossing(lag: u64, first: usize) {
    let mut world = two_phones();
    let second = 1 - first;
    world.plan(lag, second, UserAction::Call { to: first, media: MediaKind::Audio });
    let first_id = world.call(first, second, MediaKind::Audio).expect("placed");
    world.settle();
    let survivor = world.view(ALICE).map(|v| v.call_id).expect("Alice has a call");
    assert_eq!(world.view(BOB).map(|v| v.call_id), Some(survivor.clone()), "both are in the same call");
    for station in [ALICE, BOB] {
        assert_eq!(world.state(station), Some(CallState::Connected), "lag {lag}: {} is connected", world.stations[station].name);
        assert!(world.stations[station].records.is_empty(), "lag {lag}: the call that gave way leaves no record");
    }
    let alice_placed = if first == ALICE { first_id } else { "call-2".to_owned() };
    assert_eq!(survivor, alice_placed, "the smaller id's invitation wins");
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn two_people_calling_each_other_at_once_end_up_in_one_call() {
    // Up to the moment the first invitation rings at the other side (150 ms of media, 40 ms of
    // relay): later, the second person sees it ring instead of calling.
    for lag in [0, 5, 20, 60, 150, 185] {
        crossing(lag, ALICE);
        crossing(lag, BOB);
    }
}

/// Alice and Bob in a call; Carol calls Alice. Returns Carol's call id.
fn carol_waits(world: &mut World) -> String {
    connected_call(world, ALICE, BOB, MediaKind::Audio);
    let id = world.call(CAROL, ALICE, MediaKind::Audio).expect("Carol calls");
    world.settle();
    let waiting = world.view(ALICE).and_then(|v| v.waiting).expect("Carol's call waits");
    assert_eq!(waiting.peer, world.id(CAROL));
    assert_eq!(world.stations[ALICE].tone, Some(Tone::CallWaiting));
    assert_eq!(world.state(CAROL), Some(CallState::InvitationSent), "Carol hears it ring");
    id
}

#[test]
fn a_waiting_call_turned_away_hears_busy_and_the_call_goes_on() {
    let mut world = three_phones();
    let carol = carol_waits(&mut world);
    world.user(ALICE, Input::RejectWaiting).expect("turn Carol away");
    world.settle();
    assert_eq!(world.stations[CAROL].record(&carol).map(|r| r.reason), Some(EndReason::PeerBusy));
    assert!(world.stations[ALICE].record(&carol).is_none(), "a call that only waited is no call of Alice's");
    assert_eq!(world.state(ALICE), Some(CallState::Connected));
    world.run_out();
    assert_agree(&world, ALICE, BOB);
    assert_agree(&world, ALICE, CAROL);
}

#[test]
fn switching_to_the_waiting_call_ends_the_first_switched_on_both_sides() {
    let mut world = three_phones();
    let carol = carol_waits(&mut world);
    let bob_call = world.view(BOB).map(|v| v.call_id).expect("Bob's call");
    world.user(ALICE, Input::SwitchToWaiting).expect("switch");
    world.settle();
    assert_eq!(world.stations[ALICE].record(&bob_call).map(|r| r.reason), Some(EndReason::Switched));
    assert_eq!(world.stations[BOB].record(&bob_call).map(|r| r.reason), Some(EndReason::Switched));
    assert_eq!(world.view(ALICE).map(|v| v.call_id), Some(carol.clone()));
    for station in [ALICE, CAROL] {
        assert_eq!(world.state(station), Some(CallState::Connected), "{} is connected", world.stations[station].name);
    }
    world.run_out();
    assert_agree(&world, ALICE, BOB);
    assert_agree(&world, ALICE, CAROL);
}

#[test]
fn a_waiting_call_nobody_chooses_ends_no_answer_for_the_caller() {
    let mut world = three_phones();
    let carol = carol_waits(&mut world);
    world.run_for(46_000);
    // Carol's ring timer started before Alice's waiting one: it is the one that fires.
    assert_eq!(world.stations[CAROL].record(&carol).map(|r| r.reason), Some(EndReason::NoAnswer));
    assert_eq!(world.state(ALICE), Some(CallState::Connected), "Alice's call goes on");
    assert_eq!(world.view(ALICE).and_then(|v| v.waiting), None);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
    assert_agree(&world, ALICE, CAROL);
}

#[test]
fn a_waiting_caller_who_gives_up_stops_the_waiting_tone() {
    let mut world = three_phones();
    let carol = carol_waits(&mut world);
    world.user(CAROL, Input::HangUp).expect("Carol gives up");
    world.settle();
    assert_eq!(world.stations[CAROL].record(&carol).map(|r| r.reason), Some(EndReason::Cancelled));
    assert_eq!(world.view(ALICE).and_then(|v| v.waiting), None);
    assert_eq!(world.stations[ALICE].tone, None);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
    assert_agree(&world, ALICE, CAROL);
}

#[test]
fn when_the_call_ends_the_waiting_call_rings_and_can_be_taken() {
    let mut world = three_phones();
    let carol = carol_waits(&mut world);
    world.user(BOB, Input::HangUp).expect("Bob hangs up");
    world.settle();
    assert_eq!(world.view(ALICE).map(|v| (v.call_id, v.state)), Some((carol.clone(), CallState::InvitationReceived)));
    assert_eq!(world.stations[ALICE].tone, Some(Tone::Ringtone));
    world.user(ALICE, Input::Accept).expect("accept Carol");
    world.settle();
    assert_eq!(world.state(CAROL), Some(CallState::Connected));
    world.run_out();
    assert_agree(&world, ALICE, BOB);
    assert_agree(&world, ALICE, CAROL);
}

#[test]
fn a_second_caller_while_one_waits_hears_busy_at_once() {
    let mut world = World::new(&["a-alice", "b-bob", "c-carol", "d-dave"], Delays::fixed());
    let carol = carol_waits(&mut world);
    let dave = world.call(3, ALICE, MediaKind::Audio).expect("Dave calls");
    world.settle();
    assert_eq!(world.stations[3].record(&dave).map(|r| r.reason), Some(EndReason::PeerBusy));
    assert_eq!(world.view(ALICE).and_then(|v| v.waiting).map(|w| w.call_id), Some(carol), "Carol still waits");
    world.run_out();
    for other in [BOB, CAROL, 3] {
        assert_agree(&world, ALICE, other);
    }
}
