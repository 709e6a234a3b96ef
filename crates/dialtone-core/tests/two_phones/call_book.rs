//! The plain calls of the call book (specs/call-lifecycle.md): a call both ways, and every way a
//! call that never connected can end, with the reason each side shows.

use dialtone_core::call::{CallState, ChannelState, Input};
use dialtone_core::protocol::{EndReason, MediaKind};

use crate::agreement::assert_agree;
use crate::world::{Delays, World};

pub const ALICE: usize = 0;
pub const BOB: usize = 1;
pub const CAROL: usize = 2;

/// Alice and Bob online; Alice's id is the smaller.
pub fn two_phones() -> World {
    World::new(&["a-alice", "b-bob"], Delays::fixed())
}

/// `from` calls `to`, `to` accepts once it rings; both connected. The call's id.
pub fn connected_call(world: &mut World, from: usize, to: usize, media: MediaKind) -> String {
    let id = world.call(from, to, media).expect("the call is placed");
    world.settle();
    assert_eq!(world.state(to), Some(CallState::InvitationReceived), "it rings at the callee");
    world.user(to, Input::Accept).expect("the callee accepts");
    world.settle();
    for station in [from, to] {
        assert_eq!(world.state(station), Some(CallState::Connected), "{} is connected", world.stations[station].name);
    }
    id
}

fn ended(world: &World, station: usize, id: &str) -> EndReason {
    match world.stations[station].record(id) {
        Some(record) => record.reason,
        None => panic!("{} has no record of {id}; ignored: {:#?}", world.stations[station].name, world.stations[station].ignored),
    }
}

#[test]
fn a_call_connects_both_ways_and_the_hang_up_reaches_the_other_side_over_the_channel() {
    for (from, to) in [(ALICE, BOB), (BOB, ALICE)] {
        let mut world = two_phones();
        let id = connected_call(&mut world, from, to, MediaKind::Video);
        for station in [from, to] {
            let view = world.view(station).expect("a call");
            assert_eq!(view.control.channel, ChannelState::Usable, "the control channel is up on both sides");
        }
        let sent_before = world.stations[from].unsent.len();
        world.user(to, Input::HangUp).expect("hang up");
        world.settle();
        assert_eq!(ended(&world, to, &id), EndReason::HungUp);
        assert_eq!(ended(&world, from, &id), EndReason::RemoteHungUp);
        assert_eq!(world.stations[from].unsent.len(), sent_before);
        assert_agree(&world, ALICE, BOB);
    }
}

#[test]
fn an_unanswered_call_ends_no_answer_on_both_sides_after_the_ring_timer() {
    let mut world = two_phones();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.run_for(44_000);
    assert_eq!(world.state(BOB), Some(CallState::InvitationReceived), "still ringing before 45 s");
    world.run_for(2_000);
    assert_eq!(ended(&world, ALICE, &id), EndReason::NoAnswer);
    assert_eq!(ended(&world, BOB, &id), EndReason::NoAnswer);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_rejected_call_ends_rejected_on_both_sides() {
    let mut world = two_phones();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.user(BOB, Input::Reject).expect("reject");
    world.settle();
    assert_eq!(ended(&world, ALICE, &id), EndReason::Rejected);
    assert_eq!(ended(&world, BOB, &id), EndReason::Rejected);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_caller_who_hangs_up_while_it_rings_cancels_the_call_on_both_sides() {
    let mut world = two_phones();
    let id = world.call(ALICE, BOB, MediaKind::Video).expect("placed");
    world.settle();
    world.user(ALICE, Input::HangUp).expect("hang up while ringing");
    world.settle();
    assert_eq!(ended(&world, ALICE, &id), EndReason::Cancelled);
    assert_eq!(ended(&world, BOB, &id), EndReason::Cancelled);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_callee_who_hangs_up_while_it_rings_rejects_the_call() {
    let mut world = two_phones();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.user(BOB, Input::HangUp).expect("hang up while ringing");
    world.settle();
    assert_eq!(ended(&world, BOB, &id), EndReason::Rejected);
    assert_eq!(ended(&world, ALICE, &id), EndReason::Rejected);
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_cancel_that_crosses_the_accept_ends_the_call_cancelled_on_both_sides() {
    let mut world = two_phones();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.user(BOB, Input::Accept).expect("accept");
    world.user(ALICE, Input::HangUp).expect("hang up at the same moment");
    world.settle();
    assert_eq!(ended(&world, ALICE, &id), EndReason::Cancelled);
    assert_eq!(ended(&world, BOB, &id), EndReason::Cancelled);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_callee_without_a_microphone_ends_the_call_with_that_reason_on_both_sides() {
    let mut world = two_phones();
    world.stations[BOB].media_failure = Some(EndReason::MicPermissionDenied);
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.user(BOB, Input::Accept).expect("accept");
    world.settle();
    assert_eq!(ended(&world, BOB, &id), EndReason::MicPermissionDenied);
    assert_eq!(ended(&world, ALICE, &id), EndReason::MicPermissionDenied);
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_caller_without_a_microphone_never_bothers_the_callee() {
    let mut world = two_phones();
    world.stations[ALICE].media_failure = Some(EndReason::DeviceNotFound);
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    assert_eq!(ended(&world, ALICE, &id), EndReason::DeviceNotFound);
    assert_eq!(world.view(BOB), None, "Bob never heard of it");
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn calling_someone_who_left_ends_peer_unavailable() {
    let mut world = two_phones();
    world.drop_socket(BOB);
    world.run_for(31_000);
    let gone = world.id(BOB);
    // Alice's page still lists Bob (she has not seen `peer-left` handled by a list here).
    let id = format!("call-gone");
    world
        .user(ALICE, Input::PlaceCall { peer: gone, media: MediaKind::Audio, call_id: id.clone() })
        .expect("placed");
    world.settle();
    assert_eq!(ended(&world, ALICE, &id), EndReason::PeerUnavailable);
    assert!(world.relay.refused.iter().any(|(_, code)| code.as_str() == "UNKNOWN_PEER"));
}
