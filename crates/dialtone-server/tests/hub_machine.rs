//! The hub in process: no sockets, no runtime, time as an input (specs/signaling.md, "Server
//! rules" and the resume and cluster extensions). Routing, busy, resume, take-over, a slow
//! client, and the cluster ops a remote peer takes.

#[path = "hub_machine/bench.rs"]
mod bench;
#[path = "hub_machine/cluster.rs"]
mod cluster;
#[path = "hub_machine/rooms.rs"]
mod rooms;

use std::time::Duration;

use bench::*;
use dialtone_server::hub::{HubInput, QueueLimits, Unsent};
use serde_json::{Value, json};

fn calls_only(frames: &[Value]) -> Vec<Value> {
    frames.iter().filter(|f| ["offer", "answer", "ice-candidate", "call-end"].contains(&f["type"].as_str().unwrap_or_default())).cloned().collect()
}

/// Who is busy, as a `peer-list` tells `asker`.
fn busy_as_listed(b: &mut Bench, asker: &Joined, id: &str) -> bool {
    b.frames(asker.conn);
    b.send(asker, json!({ "type": "list-peers" })).expect("list-peers");
    let list = b.frames(asker.conn);
    let list = list.iter().find(|f| f["type"] == "peer-list").expect("a peer-list");
    list["profiles"][id]["busy"].as_bool().expect("busy is listed")
}

fn error_code(frames: &[Value]) -> Vec<&str> {
    frames.iter().filter(|f| f["type"] == "error").map(|f| f["payload"]["code"].as_str().unwrap_or_default()).collect()
}

#[test]
fn call_frames_reach_the_named_peer_only_with_the_real_sender_stamped() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    let carol = b.connect("Carol", "a", None);
    for c in [&alice, &bob, &carol] {
        b.frames(c.conn);
    }
    let mut spoofed = offer(&bob.id, "c1");
    spoofed["from"] = json!(carol.id);
    b.send(&alice, spoofed).expect("offer relayed");
    b.send(&bob, answer(&alice.id, "c1")).expect("answer relayed");
    let ice = json!({ "candidate": "candidate:1 1 udp 1 10.0.0.1 9 typ host", "sdpMid": "0", "sdpMLineIndex": 0, "callId": "c1" });
    b.send(&alice, frame("ice-candidate", &bob.id, ice)).expect("ice relayed");

    let to_bob = calls_only(&b.frames(bob.conn));
    assert_eq!(kinds(&to_bob), ["offer", "ice-candidate"]);
    assert!(to_bob.iter().all(|f| f["from"] == json!(alice.id)), "from is the sender's real id: {to_bob:?}");
    assert_eq!(to_bob[0]["payload"]["callId"], "c1", "the payload passes untouched");
    let to_alice = calls_only(&b.frames(alice.conn));
    assert_eq!(kinds(&to_alice), ["answer"]);
    assert!(calls_only(&b.frames(carol.conn)).is_empty(), "a third peer in the room sees no call frame");
}

#[test]
fn a_peer_in_another_room_cannot_be_reached_and_the_sender_is_told() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let dave = b.connect("Dave", "b", None);
    b.frames(alice.conn);
    b.frames(dave.conn);
    let refused = b.send(&alice, offer(&dave.id, "c1")).expect_err("another room");
    assert_eq!(refused.code.as_str(), "UNKNOWN_PEER");
    let told = b.frames(alice.conn);
    assert_eq!(error_code(&told), ["UNKNOWN_PEER"]);
    assert_eq!(told[0]["payload"]["ref"], "offer");
    assert!(b.frames(dave.conn).is_empty(), "nothing crosses rooms");
    // Joining means nothing to the other room either.
    let erin = b.connect("Erin", "a", None);
    assert!(b.frames(dave.conn).is_empty());
    assert_eq!(kinds(&b.frames(alice.conn)), ["peer-joined"], "Alice sees Erin join: {}", erin.id);
}

#[test]
fn what_a_client_may_not_send_is_answered_with_a_stable_code() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    b.frames(alice.conn);
    let codes = [
        (json!({ "type": "peer-list", "peers": [] }), "NOT_ALLOWED"),
        (json!({ "type": "no-such-type" }), "UNKNOWN_TYPE"),
        (offer(&alice.id, "c1"), "NOT_ALLOWED"),
        (json!({ "type": "offer", "payload": { "type": "offer", "sdp": "v=0" } }), "MALFORMED"),
    ];
    for (frame, code) in codes {
        let refused = b.send(&alice, frame.clone()).expect_err("refused");
        assert_eq!(refused.code.as_str(), code, "{frame}");
        assert_eq!(error_code(&b.frames(alice.conn)), [code], "{frame}");
    }
    let bad = b.input(HubInput::Frame { conn: alice.conn, text: "{not json".into() }).expect_err("refused");
    assert_eq!(bad.code.as_str(), "MALFORMED");
}

#[test]
fn a_peer_in_a_call_is_listed_busy_until_the_hang_up() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    let carol = b.connect("Carol", "a", None);
    b.send(&alice, offer(&bob.id, "c1")).expect("offer");
    assert!(busy_as_listed(&mut b, &carol, &alice.id), "the caller is busy from its offer");
    assert!(!busy_as_listed(&mut b, &carol, &bob.id), "a ringing callee is not busy yet");
    b.send(&bob, answer(&alice.id, "c1")).expect("answer");
    assert!(busy_as_listed(&mut b, &carol, &bob.id));
    // A second caller reaches Alice (the server only informs) and sees her busy meanwhile.
    b.send(&carol, offer(&alice.id, "c2")).expect("a second caller's offer is relayed");
    assert!(busy_as_listed(&mut b, &bob, &alice.id), "still in the call with Bob");
    b.frames(carol.conn);
    b.send(&bob, hang_up(&alice.id, "c1")).expect("call-end");
    let news = b.frames(carol.conn);
    let freed: Vec<&Value> = news.iter().filter(|f| f["type"] == "peer-joined" && f["payload"]["busy"] == false).collect();
    assert_eq!(freed.len(), 2, "the room is told both are free: {news:?}");
    assert!(!busy_as_listed(&mut b, &carol, &alice.id));
    assert!(!busy_as_listed(&mut b, &carol, &bob.id));
}

#[test]
fn an_answer_nobody_asked_for_makes_nobody_busy() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    let carol = b.connect("Carol", "a", None);
    b.send(&alice, answer(&bob.id, "c9")).expect("relayed");
    assert!(!busy_as_listed(&mut b, &carol, &bob.id), "Bob offered nothing to Alice");
}

#[test]
fn busy_clears_when_the_partner_is_gone_for_good_and_not_before() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    let carol = b.connect("Carol", "a", None);
    b.send(&alice, offer(&bob.id, "c1")).expect("offer");
    b.send(&bob, answer(&alice.id, "c1")).expect("answer");
    b.gone(bob.conn, false);
    b.advance(GRACE - Duration::from_millis(1));
    assert!(busy_as_listed(&mut b, &carol, &alice.id), "Bob may still come back");
    b.advance(Duration::from_millis(1));
    let news = b.frames(carol.conn);
    assert!(news.iter().any(|f| f["type"] == "peer-left" && f["payload"]["id"] == json!(bob.id)), "{news:?}");
    assert!(!busy_as_listed(&mut b, &carol, &alice.id));
}

#[test]
fn a_dropped_client_takes_its_id_back_within_the_grace_with_what_was_sent_meanwhile() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    b.frames(alice.conn);
    b.frames(bob.conn);
    b.send(&alice, frame("chat", &bob.id, json!("still queued"))).expect("chat");
    let dropped_at = b.now;
    b.gone(bob.conn, false);
    assert_eq!(b.hub.poll_timeout(), Some(dropped_at + GRACE), "one deadline: the end of Bob's grace");
    b.advance(Duration::from_secs(5));
    b.send(&alice, frame("chat", &bob.id, json!("sent while away"))).expect("chat");
    b.advance(GRACE - Duration::from_secs(5) - Duration::from_millis(1));
    let back = b.connect("Bob", "a", Some(&bob.token));
    assert_eq!(back.id, bob.id, "same id");
    assert_ne!(back.token, bob.token, "a fresh token");
    let texts: Vec<Value> = b.frames(back.conn).iter().map(|f| f["payload"].clone()).collect();
    assert_eq!(texts, ["still queued", "sent while away"], "what waited, in order");
    assert!(b.frames(alice.conn).is_empty(), "the room saw neither a peer-left nor a peer-joined");
    b.advance(Duration::from_secs(60));
    assert!(b.frames(alice.conn).is_empty(), "the old grace does not end the resumed peer");
    // The token was single-use.
    let stranger = b.connect("Bob", "a", Some(&bob.token));
    assert_ne!(stranger.id, bob.id);
}

#[test]
fn after_the_grace_the_id_is_gone_and_peers_see_it_leave() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    b.frames(alice.conn);
    b.gone(bob.conn, false);
    b.advance(GRACE);
    assert_eq!(kinds(&b.frames(alice.conn)), ["peer-left"]);
    let late = b.connect("Bob", "a", Some(&bob.token));
    assert_ne!(late.id, bob.id, "an expired token yields a new id");
    assert_eq!(kinds(&b.frames(alice.conn)), ["peer-joined"]);
}

#[test]
fn a_goodbye_leaves_at_once_but_not_while_the_node_shuts_down() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    let carol = b.connect("Carol", "a", None);
    b.frames(alice.conn);
    b.gone(bob.conn, true);
    assert_eq!(kinds(&b.frames(alice.conn)), ["peer-left"], "a closed tab leaves now");
    b.input(HubInput::Shutdown).expect("shutdown");
    assert!(b.closed.contains(&(carol.conn, Unsent::BackToHub)), "every connection is asked to close");
    assert!(b.hub.is_closing());
    b.gone(carol.conn, true);
    assert!(b.frames(alice.conn).is_empty(), "a goodbye during shutdown only answers ours");
    assert_eq!(b.connect("Carol", "a", Some(&carol.token)).id, carol.id, "Carol resumes");
}

#[test]
fn a_second_connection_with_the_token_replaces_a_half_open_one() {
    let mut b = Bench::new();
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    b.frames(alice.conn);
    b.frames(bob.conn);
    // Bob's old socket is half-open: the hub still counts it as connected.
    let again = b.connect("Bob", "a", Some(&bob.token));
    assert_eq!(again.id, bob.id);
    assert_eq!(b.closed, [(bob.conn, Unsent::MoveTo(again.conn))], "the old one closes; its queue moves over");
    assert_eq!(b.hub.peer_of(bob.conn), None);
    // The old socket's last words and its end change nothing.
    b.send(&bob, frame("chat", &alice.id, json!("ghost"))).expect("ignored, not refused");
    b.gone(bob.conn, true);
    assert!(b.frames(alice.conn).is_empty(), "no ghost chat, no peer-left");
    b.send(&again, frame("chat", &alice.id, json!("hi"))).expect("chat");
    assert_eq!(b.frames(alice.conn)[0]["from"], json!(bob.id));
}

#[test]
fn a_slow_client_is_closed_and_keeps_its_frames_for_the_resume() {
    let mut b = Bench::with_queue(QueueLimits { frames: 3, bytes: 64 * 1024 });
    let alice = b.connect("Alice", "a", None);
    let bob = b.connect("Bob", "a", None);
    for n in 0..5 {
        b.send(&alice, frame("chat", &bob.id, json!(format!("m{n}")))).expect("chat");
    }
    assert_eq!(b.closed, [(bob.conn, Unsent::BackToHub)], "Bob's full outbox closed his connection");
    assert_eq!(b.hub.peer_of(bob.conn), Some(&bob.id), "until the socket task ends it");
    b.gone(bob.conn, false);
    b.send(&alice, frame("chat", &bob.id, json!("m5"))).expect("chat");
    let back = b.connect("Bob", "a", Some(&bob.token));
    assert_eq!(back.id, bob.id);
    let payloads: Vec<Value> = b.frames(back.conn).iter().map(|f| f["payload"].clone()).collect();
    assert_eq!(payloads, ["m4", "m5"], "the newest frames that fit the queue after client-id, oldest first");
}
