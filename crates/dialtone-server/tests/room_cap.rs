//! A room holds `--max-room-people`: a page that comes to a full room is told ROOM_FULL and
//! closed with 1013 (it never joins, and nobody in the room hears of it); a `hello` that would
//! move a client into it is refused and the client stays where it was; a place frees when
//! someone leaves, and one away within its grace keeps theirs, to take back with its token;
//! clustered, the people on every node count.

mod common;

use std::time::Duration;

use common::redis::{Node, start_redis};
use common::{Client, TestServer, frames_within, start_server_with};
use dialtone_core::protocol::ErrorCode;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message as Ws;

/// Opens a socket to `query` expecting a refusal: the frames it got, and the close code.
async fn refused(server: &TestServer, query: &str) -> (Vec<Value>, Option<u16>) {
    let (mut ws, _) = connect_async(format!("ws://{}/ws{query}", server.addr)).await.expect("connect");
    let mut frames = Vec::new();
    let close = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                Some(Ok(Ws::Text(text))) => frames.push(serde_json::from_str(text.as_str()).expect("json")),
                Some(Ok(Ws::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                Some(Ok(_)) => continue,
                None | Some(Err(_)) => return None,
            }
        }
    })
    .await
    .expect("closed within 5 s");
    (frames, close)
}

fn is_room_full(frame: &Value) -> bool {
    frame["type"] == "error"
        && frame["payload"]["code"] == ErrorCode::RoomFull.as_str()
        && frame["payload"]["message"].as_str().is_some_and(|m| m.contains("full (3 people)"))
}

#[tokio::test]
async fn a_full_room_refuses_newcomers_with_room_full_until_a_place_frees() {
    let server = start_server_with(|config| config.max_room_people = 3).await;
    let mut members = Vec::new();
    for _ in 0..3 {
        members.push(Client::connect(&server, "?room=small&name=M").await);
    }
    // The fourth is told why, then closed with "try again later"; it never got an id.
    let (frames, close) = refused(&server, "?room=small&name=Late").await;
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert!(is_room_full(&frames[0]), "{frames:?}");
    assert_eq!(close, Some(1013));
    // Nobody in the room heard of it.
    let heard = frames_within(&mut members[0], 300).await;
    assert!(heard.iter().all(|f| f["payload"]["name"] != "Late"), "{heard:?}");
    // Another room has places.
    let mut elsewhere = Client::connect(&server, "?room=other&name=E").await;
    // A hello into the full room is refused; the client stays in its own room.
    elsewhere.send(json!({"type":"hello","payload":{"room":"small"}})).await;
    let error = elsewhere.expect_error(ErrorCode::RoomFull, Some("hello")).await;
    assert!(is_room_full(&error), "{error}");
    elsewhere.send(json!({"type":"list-peers"})).await;
    let list = elsewhere.next_of("peer-list").await;
    assert_eq!(list["peers"], json!([]), "still alone in its own room: {list}");
    let heard = frames_within(&mut members[1], 300).await;
    assert!(heard.iter().all(|f| f["payload"]["name"] != "E"), "{heard:?}");
    // One leaves with a goodbye: the place is free at once.
    let leaving = members.pop().expect("a member");
    let mut ws = leaving.ws;
    ws.send(Ws::Close(None)).await.expect("close");
    drop(ws);
    members[0].next_of("peer-left").await;
    let _late = Client::connect(&server, "?room=small&name=Late").await;
}

#[tokio::test]
async fn one_away_within_the_grace_keeps_their_place_and_takes_it_back_with_the_token() {
    let server = start_server_with(|config| config.max_room_people = 2).await;
    let stays = Client::connect(&server, "?room=pair").await;
    let away = Client::connect(&server, "?room=pair").await;
    let token = away.resume.clone();
    // Dropped without a goodbye: listed for the grace, so the room is still full.
    drop(away);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (frames, close) = refused(&server, "?room=pair").await;
    assert!(frames.first().is_some_and(|f| f["payload"]["code"] == "ROOM_FULL"), "{frames:?}");
    assert_eq!(close, Some(1013));
    // A made-up token takes nothing back and is not let in either.
    let (_, close) = refused(&server, "?room=pair&resume=not-a-token").await;
    assert_eq!(close, Some(1013));
    // The real token takes the place back.
    let back = Client::connect(&server, &format!("?room=pair&resume={token}")).await;
    assert!(!back.id.is_empty());
    drop(stays);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cap_counts_the_room_on_every_node() {
    let redis = start_redis();
    let (a, b) = (Node::start(&redis, |c| c.max_room_people = 2), Node::start(&redis, |c| c.max_room_people = 2));
    let mut on_a = Client::connect(&a.server, "?room=shared&name=A").await;
    let _on_b = Client::connect(&b.server, "?room=shared&name=B").await;
    // Node A knows of B's person once the announcement came through Redis.
    on_a.next_of("peer-joined").await;
    let (frames, close) = refused(&a.server, "?room=shared&name=C").await;
    assert!(frames.first().is_some_and(|f| f["payload"]["code"] == "ROOM_FULL"), "{frames:?}");
    assert_eq!(close, Some(1013));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_of_a_dead_node_takes_its_place_back_on_another_in_a_full_room() {
    let redis = start_redis();
    let (mut a, b) = (Node::start(&redis, |c| c.max_room_people = 2), Node::start(&redis, |c| c.max_room_people = 2));
    // B first: it hears of A through Redis, so node B counts A before A's node dies.
    let mut on_b = Client::connect(&b.server, "?room=shared&name=B").await;
    let on_a = Client::connect(&a.server, "?room=shared&name=A").await;
    on_b.next_of("peer-joined").await;
    let (id, token) = (on_a.id.clone(), on_a.resume.clone());
    // Node A dies: its person is still counted in the room on B, which is full.
    a.kill();
    drop(on_a);
    let (frames, _) = refused(&b.server, "?room=shared&name=New").await;
    assert!(frames.first().is_some_and(|f| f["payload"]["code"] == "ROOM_FULL"), "{frames:?}");
    // …but the person who was there takes their place back with their token.
    let back = Client::connect(&b.server, &format!("?room=shared&resume={token}")).await;
    assert_eq!(back.id, id, "the same id, on the other node, in the full room");
}
