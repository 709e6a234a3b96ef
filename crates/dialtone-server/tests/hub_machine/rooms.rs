//! Who is in which room, as the hub keeps it: a peer that moves (its `hello`, another node's
//! news) is heard, listed and counted in its new room only. The hub keeps a room index beside
//! its peers (hub/members.rs) so a room-wide frame costs the room's size; these tests are what
//! that index must get right, whatever it is.

use std::collections::HashMap;

use dialtone_server::hub::news::{Event, PeerRecord};
use dialtone_server::hub::{ClusterInput, HubInput};
use serde_json::{Value, json};

use super::bench::*;

/// The ids `asker` is told are in its room.
fn listed(b: &mut Bench, asker: &Joined) -> Vec<String> {
    b.frames(asker.conn);
    b.send(asker, json!({ "type": "list-peers" })).expect("list-peers");
    let frames = b.frames(asker.conn);
    let list = frames.iter().find(|f| f["type"] == "peer-list").expect("a peer-list");
    list["peers"].as_array().expect("peers").iter().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn chats(frames: &[Value]) -> Vec<&str> {
    frames.iter().filter(|f| f["type"] == "chat").filter_map(|f| f["payload"].as_str()).collect()
}

#[test]
fn a_peer_that_moves_rooms_is_heard_listed_and_told_in_its_new_room_only() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    let carol = b.connect("Carol", "b", None);
    for c in [&alice, &bob, &carol] {
        b.frames(c.conn);
    }
    b.send(&alice, json!({ "type": "hello", "payload": { "room": "b" } })).expect("hello");
    assert_eq!(kinds(&b.frames(bob.conn)), ["peer-left"], "the old room is told she left");
    let to_carol = b.frames(carol.conn);
    assert_eq!(kinds(&to_carol), ["peer-joined"], "the new room is told she came");
    assert_eq!(to_carol[0]["payload"]["id"], json!(alice.id));

    b.send(&bob, json!({ "type": "chat", "payload": "in a" })).expect("chat in a");
    b.send(&carol, json!({ "type": "chat", "payload": "in b" })).expect("chat in b");
    assert_eq!(chats(&b.frames(alice.conn)), ["in b"], "she hears her new room, not her old one");
    assert!(chats(&b.frames(bob.conn)).is_empty(), "the old room does not hear the new one");

    assert_eq!(listed(&mut b, &alice), std::slice::from_ref(&carol.id));
    assert!(listed(&mut b, &bob).is_empty(), "bob is alone in a");

    b.send(&alice, json!({ "type": "hello", "payload": { "room": "a" } })).expect("back to a");
    b.gone(carol.conn, true);
    assert_eq!(listed(&mut b, &alice), std::slice::from_ref(&bob.id), "back in a; carol's leaving is b's news only");
}

#[test]
fn another_node_s_peer_is_listed_where_its_node_s_news_puts_it() {
    let mut b = Bench::new();
    b.input(HubInput::Cluster(ClusterInput::Attached { node: "n1".into() })).expect("attached");
    let record = PeerRecord { name: Some("Rita".into()), room: "a".into(), node: "n2".into(), token: "t".into(), busy: false };
    b.input(HubInput::Cluster(ClusterInput::Peers(HashMap::from([("r1".to_owned(), record)])))).expect("peers");
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "b", None);
    assert_eq!(listed(&mut b, &alice), ["r1"]);

    let moved = Event::Profile { id: "r1".into(), name: Some("Rita".into()), room: "b".into(), old_room: "a".into(), busy: false };
    b.input(HubInput::Cluster(ClusterInput::News(moved))).expect("news");
    assert!(listed(&mut b, &alice).is_empty(), "she left a");
    assert_eq!(listed(&mut b, &bob), ["r1"], "she is in b");

    b.input(HubInput::Cluster(ClusterInput::News(Event::Left { id: "r1".into(), name: None, room: "b".into() }))).expect("left");
    assert!(listed(&mut b, &bob).is_empty(), "gone from b");
}
