//! The call book in front of a base server, which relays only offers, answers and candidates
//! (docs/CONTROL-CHANNEL.md, "Base servers"): an end before the connection rides an
//! end-of-candidates, once connected everything rides the call's own channel.

use dialtone_core::call::{ChannelState, Input};
use dialtone_core::protocol::{EndReason, MediaKind, MediaSource};

use crate::agreement::assert_agree;
use crate::call_book::{ALICE, BOB, connected_call};
use crate::relay::Relay;
use crate::world::{Delays, World};

fn on_base_server() -> World {
    World::with_relay(&["a-alice", "b-bob"], Delays::fixed(), Relay::base())
}

fn reason(world: &World, station: usize, id: &str) -> Option<EndReason> {
    world.stations[station].record(id).map(|r| r.reason)
}

#[test]
fn a_call_over_a_base_server_connects_and_its_hang_up_and_mute_ride_the_channel() {
    let mut world = on_base_server();
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Video);
    assert_eq!(world.view(ALICE).map(|v| v.control.channel), Some(ChannelState::Usable));
    world.user(BOB, Input::SetMedia { source: MediaSource::Camera, enabled: false }).expect("camera off");
    world.settle();
    assert!(world.view(ALICE).is_some_and(|v| !v.remote.camera), "Alice sees Bob's camera off");
    world.user(ALICE, Input::HangUp).expect("hang up");
    world.run_out();
    assert_eq!(reason(&world, ALICE, &id), Some(EndReason::HungUp));
    assert_eq!(reason(&world, BOB, &id), Some(EndReason::RemoteHungUp));
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_decline_over_a_base_server_reaches_the_caller_on_an_end_of_candidates() {
    let mut world = on_base_server();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.user(BOB, Input::Reject).expect("decline");
    world.settle();
    assert_eq!(reason(&world, ALICE, &id), Some(EndReason::Rejected), "without waiting for the ring timer");
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_cancel_over_a_base_server_stops_the_ringing_at_once() {
    let mut world = on_base_server();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.user(ALICE, Input::HangUp).expect("cancel");
    world.settle();
    assert_eq!(reason(&world, BOB, &id), Some(EndReason::Cancelled));
    assert_eq!(world.stations[BOB].tone, None);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_mute_before_the_channel_is_up_reaches_the_peer_with_the_hello() {
    let mut world = on_base_server();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    // A microphone that opens before the connection is up (the answer does not wait for it).
    world.delays.media = (10, 10);
    world.user(BOB, Input::Accept).expect("accept");
    world.run_for(20);
    // Media is ready, the connection is not: a base server drops the notice.
    assert!(world.view(BOB).is_some_and(|v| v.media_ready));
    assert_ne!(world.view(BOB).map(|v| v.control.channel), Some(ChannelState::Usable));
    world.user(BOB, Input::SetMedia { source: MediaSource::Mic, enabled: false }).expect("mute");
    world.settle();
    assert!(world.view(ALICE).is_some_and(|v| !v.remote.mic), "repaired over the channel");
    world.run_out();
    assert_eq!(world.view(ALICE).map(|v| v.call_id), Some(id));
    assert_agree(&world, ALICE, BOB);
}
