//! Who is who, as each page's client learns it from raw frames: its own id from `client-id`, the
//! others from the list and `peer-joined`, names from the server or told over a call's channel,
//! a `hello` that renames the page or says it takes no calls, and the call history naming peers.

use dialtone_core::client::Input as PageInput;
use dialtone_core::protocol::{EndReason, MediaKind};

use crate::agreement::assert_agree;
use crate::call_book::{ALICE, BOB, connected_call, two_phones};
use crate::relay::{RESUME_GRACE_MS, Relay};
use crate::world::{Delays, World};

/// The name `station`'s page lists `other` by.
fn listed_name(world: &World, station: usize, other: usize) -> Option<String> {
    let id = world.id(other);
    world.stations[station].peers.iter().find(|p| p.id == id).and_then(|p| p.name.clone())
}

#[test]
fn each_page_lists_the_other_by_name_and_a_rename_reaches_the_list_and_the_history() {
    let mut world = two_phones();
    assert_eq!(listed_name(&world, BOB, ALICE).as_deref(), Some("Alice"));
    assert_eq!(listed_name(&world, ALICE, BOB).as_deref(), Some("Bob"));
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    world.input(ALICE, PageInput::Rename("Alicia".into())).expect("renamed");
    world.settle();
    assert_eq!(listed_name(&world, BOB, ALICE).as_deref(), Some("Alicia"), "the room hears the new name");
    world.user(BOB, dialtone_core::call::Input::HangUp).expect("hang up");
    world.run_out();
    let bob_s = world.stations[BOB].record(&id).and_then(|r| r.peer_name.clone());
    assert_eq!(bob_s.as_deref(), Some("Alicia"), "Bob's history names Alice as she is called now");
    let alice_s = world.stations[ALICE].record(&id).and_then(|r| r.peer_name.clone());
    assert_eq!(alice_s.as_deref(), Some("Bob"));
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_rename_while_the_server_is_away_reaches_the_room_after_the_resume() {
    let mut world = two_phones();
    world.drop_socket(ALICE);
    world.run_for(2_000);
    world.input(ALICE, PageInput::Rename("Alicia".into())).expect("renamed offline");
    world.reconnect(ALICE);
    world.settle();
    assert_eq!(world.id(ALICE), "a-alice", "resumed");
    assert_eq!(listed_name(&world, BOB, ALICE).as_deref(), Some("Alicia"));
    assert_eq!(world.stations[ALICE].me.as_ref().map(|me| me.name.as_str()), Some("Alicia"));
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn over_a_base_server_a_page_that_lists_itself_is_filtered_and_names_come_over_the_call() {
    let mut world = World::with_relay(&["a-alice", "b-bob"], Delays::fixed(), Relay::base());
    assert_eq!(listed_name(&world, BOB, ALICE), None, "a base server names nobody");
    let id = connected_call(&mut world, ALICE, BOB, MediaKind::Audio);
    assert_eq!(listed_name(&world, BOB, ALICE).as_deref(), Some("Alice"), "told over the call's channel");
    assert_eq!(listed_name(&world, ALICE, BOB).as_deref(), Some("Bob"));
    world.user(ALICE, dialtone_core::call::Input::HangUp).expect("hang up");
    world.run_out();
    let named = world.stations[BOB].record(&id).and_then(|r| r.peer_name.clone());
    assert_eq!(named.as_deref(), Some("Alice"));
    assert_agree(&world, ALICE, BOB);
}

#[test]
fn a_page_without_webrtc_says_so_on_every_connection_and_turns_a_call_away() {
    let mut world = World::with_pages(&["a-alice", "b-bob"], Delays::fixed(), Relay::default(), |station, config| {
        config.webrtc_missing = station == BOB;
    });
    let takes_calls = |world: &World| {
        let bob = world.id(BOB);
        world.stations[ALICE].peers.iter().find(|p| p.id == bob).map(|p| p.takes_calls)
    };
    assert_eq!(takes_calls(&world), Some(false), "Bob's hello reached Alice's list");
    let id = world.call(ALICE, BOB, MediaKind::Audio).expect("placed anyway");
    world.settle();
    let reason = world.stations[ALICE].record(&id).map(|r| r.reason);
    assert_eq!(reason, Some(EndReason::WebrtcUnavailable), "turned away at once, with the reason");
    assert_eq!(world.view(BOB), None, "Bob's page never rang");
    // A long outage costs Bob his id: his new one is said not to take calls either.
    world.drop_socket(BOB);
    world.run_for(RESUME_GRACE_MS + 1_000);
    world.reconnect(BOB);
    world.settle();
    assert_ne!(world.id(BOB), "b-bob");
    assert_eq!(takes_calls(&world), Some(false), "said again under the new id");
    world.run_out();
    assert_agree(&world, ALICE, BOB);
}
