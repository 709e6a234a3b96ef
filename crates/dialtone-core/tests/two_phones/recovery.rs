//! A call that is up and something happens to it: both sides renegotiate at once (glare: the
//! callee is polite and rolls back, the caller wins), the media path breaks (ICE restart by the
//! caller), the signaling server goes away and comes back (resume), or stays away (a new id).

use dialtone_core::call::{CallState, ChannelState, Input};
use dialtone_core::protocol::{EndReason, MediaKind, MediaSource};

use crate::agreement::assert_agree;
use crate::call_book::{ALICE, BOB, connected_call, two_phones};
use crate::transport::ICE_FAIL_MS;

fn screen(on: bool) -> Input {
    Input::SetMedia { source: MediaSource::Screen, enabled: on }
}

#[test]
fn both_sharing_their_screen_at_once_ends_with_both_screens_on_both_sides() {
    // Both offers cross on the wire: the polite callee (Bob) rolls its offer back, answers the
    // caller's, and offers again; the impolite caller ignores Bob's colliding offer.
    for (from, to) in [(ALICE, BOB), (BOB, ALICE)] {
        let mut world = two_phones();
        connected_call(&mut world, from, to, MediaKind::Video);
        world.user(ALICE, screen(true)).expect("Alice shares");
        world.user(BOB, screen(true)).expect("Bob shares");
        world.settle();
        for station in [ALICE, BOB] {
            let view = world.view(station).expect("in a call");
            assert!(view.screen.enabled && view.remote.screen, "{} shares and sees the other's screen", world.stations[station].name);
        }
        let caller = world.view(from).expect("in a call");
        let ignored_collision = world.stations[from].ignored.iter().any(|i| i.contains("colliding offer ignored"));
        assert!(ignored_collision, "the impolite caller ignored the colliding offer: {:#?}", world.stations[from].ignored);
        assert_eq!(caller.state, CallState::Connected);
        // Both stop at once too.
        world.user(ALICE, screen(false)).expect("Alice stops");
        world.user(BOB, screen(false)).expect("Bob stops");
        world.settle();
        world.run_out();
        assert_agree(&world, ALICE, BOB);
        let view = world.view(ALICE).expect("in a call");
        assert!(!view.screen.enabled && !view.remote.screen);
    }
}

#[test]
fn toggling_the_screen_many_times_on_both_sides_ends_in_agreement() {
    let mut world = two_phones();
    connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    for round in 0..7u64 {
        world.user(ALICE, Input::ToggleMedia { source: MediaSource::Screen }).expect("toggle");
        world.run_for(round * 7);
        world.user(BOB, Input::ToggleMedia { source: MediaSource::Screen }).expect("toggle");
        world.run_for(13);
    }
    world.settle();
    world.run_out();
    assert_agree(&world, ALICE, BOB);
    assert!(world.view(ALICE).is_some_and(|v| v.screen.enabled), "seven toggles leave it on");
}

#[test]
fn a_short_break_in_the_media_path_heals_without_a_restart() {
    let mut world = two_phones();
    connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    world.set_path(ALICE, BOB, false);
    world.run_for(2_000);
    assert!(world.view(ALICE).is_some_and(|v| v.reconnecting), "Alice sees the call reconnecting");
    world.set_path(ALICE, BOB, true);
    world.settle();
    for station in [ALICE, BOB] {
        let view = world.view(station).expect("in a call");
        assert!(!view.reconnecting && view.ice_restarts == 0, "{} is back without a restart", world.stations[station].name);
    }
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_failed_media_path_comes_back_through_an_ice_restart_by_the_caller() {
    for (from, to) in [(ALICE, BOB), (BOB, ALICE)] {
        let mut world = two_phones();
        let id = connected_call(&mut world, from, to, MediaKind::Video);
        world.set_path(ALICE, BOB, false);
        // Past the browser's `failed` and the call's grace: the caller restarts ICE.
        world.run_for(ICE_FAIL_MS + 1_000);
        world.set_path(ALICE, BOB, true);
        world.settle();
        for station in [ALICE, BOB] {
            let view = world.view(station).expect("in a call");
            assert_eq!(view.state, CallState::Connected, "{} is connected again", world.stations[station].name);
            assert!(!view.reconnecting);
        }
        assert!(world.view(from).is_some_and(|v| v.ice_restarts >= 1), "the caller restarted ICE");
        world.run_out();
        assert_eq!(world.view(ALICE).map(|v| v.call_id), Some(id));
        assert_agree(&world, ALICE, BOB);
    }
}

#[test]
fn a_media_path_that_stays_broken_ends_connection_lost_on_both_sides() {
    let mut world = two_phones();
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    world.set_path(ALICE, BOB, false);
    world.run_out();
    for station in [ALICE, BOB] {
        let reason = world.stations[station].record(&id).map(|r| r.reason);
        assert_eq!(reason, Some(EndReason::ConnectionLost), "{} lost the connection", world.stations[station].name);
    }
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_signaling_outage_mid_call_is_resumed_and_the_call_goes_on() {
    let mut world = two_phones();
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    world.drop_socket(ALICE);
    world.drop_socket(BOB);
    // Meanwhile mute goes over the call's own channel.
    world.user(ALICE, Input::SetMedia { source: MediaSource::Mic, enabled: false }).expect("mute");
    world.run_for(5_000);
    assert!(world.view(BOB).is_some_and(|v| !v.remote.mic), "Bob sees Alice muted without a server");
    world.reconnect(ALICE);
    world.reconnect(BOB);
    world.settle();
    assert_eq!(world.id(ALICE), "a-alice", "the same id back");
    for station in [ALICE, BOB] {
        let view = world.view(station).expect("in a call");
        assert_eq!((view.call_id.as_str(), view.state), (id.as_str(), CallState::Connected));
        assert_eq!(view.control.channel, ChannelState::Usable);
    }
    world.user(BOB, Input::HangUp).expect("hang up");
    world.run_out();
    assert_eq!(world.stations[ALICE].record(&id).map(|r| r.reason), Some(EndReason::RemoteHungUp));
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_hang_up_while_the_server_is_away_reaches_the_peer_over_the_channel() {
    let mut world = two_phones();
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    world.drop_socket(ALICE);
    world.drop_socket(BOB);
    world.user(ALICE, Input::HangUp).expect("hang up");
    world.settle();
    assert_eq!(world.stations[BOB].record(&id).map(|r| r.reason), Some(EndReason::RemoteHungUp));
    world.reconnect(ALICE);
    world.reconnect(BOB);
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_page_that_comes_back_with_a_new_id_tells_the_peer_over_the_channel() {
    let mut world = two_phones();
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    world.drop_socket(BOB);
    world.run_for(31_000);
    world.reconnect(BOB);
    world.settle();
    let new_id = world.id(BOB);
    assert_ne!(new_id, "b-bob", "the grace is over: a new id");
    assert_eq!(world.view(ALICE).map(|v| v.peer), Some(new_id.clone()), "Alice's call now names Bob's new id");
    // The server path works again with the new id: Alice's hang-up reaches Bob both ways.
    world.user(ALICE, Input::HangUp).expect("hang up");
    world.run_out();
    assert_eq!(world.stations[BOB].record(&id).map(|r| r.reason), Some(EndReason::RemoteHungUp));
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_caller_who_hangs_up_while_the_server_is_away_cancels_the_call_on_both_sides_once_back() {
    let mut world = two_phones();
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed");
    world.settle();
    world.drop_socket(ALICE);
    world.run_for(1_000);
    assert!(world.stations[ALICE].client.directory().peers().is_empty(), "Alice's page knows it is offline");
    world.user(ALICE, Input::HangUp).expect("hang up while ringing");
    world.run_for(5_000);
    assert_eq!(world.state(BOB), Some(CallState::InvitationReceived), "Bob's phone still rings: the cancel has no way to him");
    world.reconnect(ALICE);
    world.settle();
    assert_eq!(world.id(ALICE), "a-alice", "resumed");
    assert_eq!(world.stations[BOB].record(&id).map(|r| r.reason), Some(EndReason::Cancelled), "the cancel reached Bob after the resume");
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn after_a_server_restart_mid_call_both_pages_have_new_ids_and_the_call_goes_on() {
    let mut world = two_phones();
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Video);
    world.restart_server();
    world.settle();
    let (alice, bob) = (world.id(ALICE), world.id(BOB));
    assert!(alice != "a-alice" && bob != "b-bob", "a server that forgot everyone gives new ids: {alice}, {bob}");
    // Each tells the other its new id over the call's channel.
    assert_eq!(world.view(ALICE).map(|v| v.peer), Some(bob));
    assert_eq!(world.view(BOB).map(|v| v.peer), Some(alice));
    world.user(BOB, Input::SetMedia { source: MediaSource::Mic, enabled: false }).expect("mute");
    world.settle();
    assert!(world.view(ALICE).is_some_and(|v| !v.remote.mic), "Alice sees Bob muted");
    world.user(ALICE, Input::HangUp).expect("hang up");
    world.run_out();
    assert_eq!(world.stations[BOB].record(&id).map(|r| r.reason), Some(EndReason::RemoteHungUp));
    assert_agree(&world, ALICE, BOB);
}
