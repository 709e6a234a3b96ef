//! The cluster ops the hub makes for peers on other nodes, and what it does with the news
//! from them. No Redis: the ops are read as the Redis link would carry them.

use std::collections::HashMap;

use dialtone_server::hub::news::{CallNote, ClusterOp, Direct, Event, PeerRecord, TakenOver};
use dialtone_server::hub::{ClusterInput, HubInput, Unsent};
use serde_json::{Value, json};

use super::bench::*;

fn clustered(remote: &[(&str, &str, &str)]) -> Bench {
    let mut b = Bench::new();
    b.input(HubInput::Cluster(ClusterInput::Attached { node: "n1".into() })).expect("attached");
    let records: HashMap<String, PeerRecord> = remote
        .iter()
        .map(|(id, room, node)| {
            let record = PeerRecord { name: Some(id.to_uppercase()), room: (*room).into(), node: (*node).into(), token: format!("t-{id}"), busy: false };
            ((*id).to_owned(), record)
        })
        .collect();
    b.input(HubInput::Cluster(ClusterInput::Peers(records))).expect("peers");
    b
}

fn parse(frame: &str) -> Value {
    serde_json::from_str(frame).expect("json")
}

#[test]
fn a_local_peer_is_stored_then_announced() {
    let mut b = clustered(&[]);
    let alice = b.connect("Alice", "a", None);
    match b.cluster.as_slice() {
        [ClusterOp::SavePeer { id, record, retired_token: None }, ClusterOp::Announce(Event::Joined { id: joined, node, room, .. })] => {
            assert_eq!((id, joined), (&alice.id, &alice.id));
            assert_eq!((record.node.as_str(), record.room.as_str(), record.token.as_str()), ("n1", "a", alice.token.as_str()));
            assert_eq!((node.as_str(), room.as_str()), ("n1", "a"));
        }
        ops => panic!("the record first, then the news: {ops:?}"),
    }
    b.cluster.clear();
    b.gone(alice.conn, true);
    assert!(matches!(b.cluster.first(), Some(ClusterOp::ForgetPeer { id, .. }) if *id == alice.id), "{:?}", b.cluster);
}

#[test]
fn a_frame_for_a_remote_peer_goes_to_its_node_and_the_answer_comes_back() {
    let mut b = clustered(&[("r1", "a", "n2"), ("r2", "b", "n2")]);
    let alice = b.connect("Alice", "a", None);
    b.send(&alice, json!({ "type": "list-peers" })).expect("list");
    let list = b.frames(alice.conn).into_iter().find(|f| f["type"] == "peer-list").expect("peer-list");
    assert_eq!(list["peers"], json!(["r1"]), "remote peers of the room only");
    b.cluster.clear();
    b.send(&alice, offer("r1", "c1")).expect("relayed");
    let Some(ClusterOp::Direct { node, direct }) = b.cluster.first() else { panic!("{:?}", b.cluster) };
    assert_eq!((node.as_str(), direct.to.as_str(), direct.call.as_ref()), ("n2", "r1", None), "an offer does not make the callee busy");
    let relayed = parse(&direct.frame);
    assert_eq!((relayed["type"].as_str(), relayed["from"].as_str()), (Some("offer"), Some(alice.id.as_str())));
    // Another room's remote peer is as unreachable as a local one.
    b.cluster.clear();
    assert_eq!(b.send(&alice, offer("r2", "c2")).expect_err("another room").code.as_str(), "UNKNOWN_PEER");
    assert!(!b.cluster.iter().any(|op| matches!(op, ClusterOp::Direct { .. })));
    // The answer comes back through the cluster, with what it means for Alice's call.
    let answer = json!({ "type": "answer", "from": "r1", "payload": { "type": "answer", "sdp": "v=0", "callId": "c1" } });
    let call = Some(CallNote { call_id: "c1".into(), ends: false, from: "r1".into() });
    b.frames(alice.conn);
    b.input(HubInput::Cluster(ClusterInput::Direct(Direct { to: alice.id.clone(), frame: answer.to_string(), call }))).expect("direct");
    assert_eq!(kinds(&b.frames(alice.conn)), ["answer"]);
}

#[test]
fn frames_for_a_peer_of_a_dead_node_go_to_its_mailbox() {
    let mut b = clustered(&[("r1", "a", "n2")]);
    let alice = b.connect("Alice", "a", None);
    b.input(HubInput::Cluster(ClusterInput::NodeAlive { node: "n2".into(), alive: false })).expect("dead");
    b.cluster.clear();
    b.send(&alice, frame("chat", "r1", json!("are you there"))).expect("kept for r1");
    assert!(matches!(b.cluster.as_slice(), [ClusterOp::Mailbox { to, node, .. }] if to == "r1" && node == "n2"), "{:?}", b.cluster);
    b.frames(alice.conn);
    b.input(HubInput::Cluster(ClusterInput::Retired { id: "r1".into() })).expect("retired");
    assert_eq!(kinds(&b.frames(alice.conn)), ["peer-left"]);
    assert!(b.cluster.iter().any(|op| matches!(op, ClusterOp::Announce(Event::Left { id, .. }) if id == "r1")));
}

#[test]
fn a_peer_resuming_from_another_node_is_adopted_quietly() {
    let mut b = clustered(&[("r9", "a", "n2")]);
    let alice = b.connect("Alice", "a", None);
    b.frames(alice.conn);
    b.cluster.clear();
    let conn = b.new_conn();
    let kept = json!({ "type": "chat", "from": alice.id, "to": "r9", "payload": "kept" }).to_string();
    let taken = TakenOver { id: "r9".into(), name: Some("Rita".into()), room: "a".into(), token: "fresh".into(), mailbox: vec![kept] };
    b.input(HubInput::Cluster(ClusterInput::Adopt { conn, taken })).expect("adopt");
    let rita = b.welcome(conn);
    assert_eq!((rita.id.as_str(), rita.token.as_str()), ("r9", "fresh"));
    assert_eq!(b.frames(conn)[0]["payload"], "kept", "the mailbox follows client-id");
    assert!(b.frames(alice.conn).is_empty(), "the room sees nothing");
    assert!(matches!(b.cluster.as_slice(), [ClusterOp::Announce(Event::Moved { id, node, .. })] if id == "r9" && node == "n1"));
    b.send(&alice, frame("chat", "r9", json!("local now"))).expect("chat");
    assert_eq!(b.frames(conn)[0]["payload"], "local now", "relayed here, not through the cluster");
}

#[test]
fn a_local_peer_that_resumed_elsewhere_is_let_go_and_its_queue_forwarded() {
    let mut b = clustered(&[]);
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    b.frames(alice.conn);
    let moved = Event::Moved { id: bob.id.clone(), name: Some("Bob".into()), room: "a".into(), node: "n2".into() };
    b.input(HubInput::Cluster(ClusterInput::News(moved))).expect("news");
    assert_eq!(b.closed, [(bob.conn, Unsent::ForwardTo { node: "n2".into(), peer: bob.id.clone() })]);
    assert!(b.frames(alice.conn).is_empty(), "the room sees nothing");
    assert!(!b.hub.knows_resume_token(&bob.token), "the token now belongs to the other node");
    b.cluster.clear();
    b.send(&alice, frame("chat", &bob.id, json!("over there"))).expect("relayed to n2");
    assert!(matches!(b.cluster.first(), Some(ClusterOp::Direct { node, .. }) if node == "n2"), "{:?}", b.cluster);
}
