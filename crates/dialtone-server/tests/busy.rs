//! `busy` in profiles: peers see who is in a call, from the call frames the server relays.

use serde_json::{Value, json};

mod common;
use common::redis::{Node, start_redis};
use common::*;

/// The next profile update Carol sees about `id`.
async fn busy_news(watcher: &mut Client, id: &str) -> Value {
    loop {
        let frame = watcher.next_of("peer-joined").await;
        if frame["payload"]["id"] == id && frame["payload"].get("busy").is_some() {
            return frame["payload"]["busy"].clone();
        }
    }
}

fn offer(to: &str, call: &str) -> Value {
    json!({"type":"offer","to": to,"payload":{"type":"offer","sdp":"v=0","callId": call,"media":"audio"}})
}
fn answer(to: &str, call: &str) -> Value {
    json!({"type":"answer","to": to,"payload":{"type":"answer","sdp":"v=0","callId": call}})
}
fn call_end(to: &str, call: &str) -> Value {
    json!({"type":"call-end","to": to,"payload":{"callId": call,"reason":"HUNG_UP"}})
}

#[tokio::test]
async fn a_call_makes_both_sides_busy_until_it_ends() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "?name=Alice").await;
    let mut bob = Client::connect(&server, "?name=Bob").await;
    let mut carol = Client::connect(&server, "?name=Carol").await;

    alice.send(offer(&bob.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &alice.id).await, true, "calling out is busy");
    bob.next_of("offer").await;
    bob.send(answer(&alice.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &bob.id).await, true, "answering is busy");

    carol.send(json!({"type":"list-peers"})).await;
    let list = carol.next_of("peer-list").await;
    assert_eq!(list["profiles"][&alice.id]["busy"], true, "{list}");
    assert_eq!(list["profiles"][&bob.id]["busy"], true, "{list}");

    bob.send(call_end(&alice.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &bob.id).await, false);
    assert_eq!(busy_news(&mut carol, &alice.id).await, false, "the other side is freed by the call-end it receives");
    alice.next_of("call-end").await;
}

#[tokio::test]
async fn ringing_is_not_busy_and_a_declined_call_frees_the_caller() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    let mut carol = Client::connect(&server, "").await;
    alice.send(offer(&bob.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &alice.id).await, true);
    bob.next_of("offer").await;
    carol.send(json!({"type":"list-peers"})).await;
    let list = carol.next_of("peer-list").await;
    assert_eq!(list["profiles"][&bob.id]["busy"], false, "a ringing phone is not busy: {list}");
    bob.send(call_end(&alice.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &alice.id).await, false);
}

#[tokio::test]
async fn a_partner_who_leaves_frees_the_other_side() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    let mut carol = Client::connect(&server, "").await;
    alice.send(offer(&bob.id, "c1")).await;
    bob.send(answer(&alice.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &bob.id).await, true);
    let alice_id = alice.id.clone();
    alice.ws.close(None).await.expect("close");
    assert_eq!(busy_news(&mut carol, &bob.id).await, false);
    drop(alice_id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn busy_crosses_nodes() {
    let redis = start_redis();
    let (a, b) = (Node::start(&redis, |_| {}), Node::start(&redis, |_| {}));
    let mut alice = Client::connect(&a.server, "").await;
    let mut bob = Client::connect(&b.server, "").await;
    let mut carol = Client::connect(&a.server, "").await;
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    alice.send(offer(&bob.id, "c1")).await;
    bob.next_of("offer").await;
    bob.send(answer(&alice.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &bob.id).await, true, "Bob, on node B, is busy as Carol on node A sees it");
    let mut dave = Client::connect(&b.server, "").await;
    dave.send(json!({"type":"list-peers"})).await;
    let list = dave.next_of("peer-list").await;
    assert_eq!(list["profiles"][&alice.id]["busy"], true, "{list}");
    alice.send(call_end(&bob.id, "c1")).await;
    assert_eq!(busy_news(&mut carol, &alice.id).await, false);
    assert_eq!(busy_news(&mut dave, &bob.id).await, false, "the call-end reached node B with its meaning");
}
