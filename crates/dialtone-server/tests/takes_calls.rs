//! `calls: false` in profiles: a page whose browser cannot make or take calls says so in a
//! `hello`; the server keeps it and relays it, so callers grey that person's call buttons.

use serde_json::{Value, json};

mod common;
use common::*;

/// The next `peer-joined` about `id` that carries `calls`.
async fn calls_news(watcher: &mut Client, id: &str) -> Value {
    loop {
        let frame = watcher.next_of("peer-joined").await;
        if frame["payload"]["id"] == id && frame["payload"].get("calls").is_some() {
            return frame["payload"].clone();
        }
    }
}

async fn profiles(client: &mut Client) -> Value {
    client.send(json!({"type":"list-peers"})).await;
    client.next_of("peer-list").await["profiles"].clone()
}

#[tokio::test]
async fn calls_false_is_relayed_kept_across_a_rename_and_listed_for_newcomers() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "?name=Alice").await;
    let mut bob = Client::connect(&server, "?name=Bob").await;

    bob.send(json!({"type":"hello","payload":{"calls":false}})).await;
    let news = calls_news(&mut alice, &bob.id).await;
    assert_eq!((news["calls"].clone(), news["name"].clone()), (json!(false), json!("Bob")), "{news}");

    let listed = profiles(&mut alice).await;
    assert_eq!(listed[&bob.id]["calls"], false, "{listed}");

    // A rename says nothing about calls: the flag stays, and the update still carries it.
    bob.send(json!({"type":"hello","payload":{"name":"Robert"}})).await;
    let news = calls_news(&mut alice, &bob.id).await;
    assert_eq!((news["calls"].clone(), news["name"].clone()), (json!(false), json!("Robert")), "{news}");

    let mut carol = Client::connect(&server, "?name=Carol").await;
    let listed = profiles(&mut carol).await;
    assert_eq!(listed[&bob.id]["calls"], false, "a newcomer's list: {listed}");
    assert!(listed[&alice.id].get("calls").is_none(), "a page that said nothing has no flag: {listed}");
}

#[tokio::test]
async fn a_page_that_gains_webrtc_again_can_say_calls_true() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    bob.send(json!({"type":"hello","payload":{"calls":false}})).await;
    assert_eq!(calls_news(&mut alice, &bob.id).await["calls"], false);
    bob.send(json!({"type":"hello","payload":{"calls":true}})).await;
    assert_eq!(calls_news(&mut alice, &bob.id).await["calls"], true);
    assert_eq!(profiles(&mut alice).await[&bob.id]["calls"], true);
}
