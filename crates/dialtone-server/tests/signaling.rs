//! The signaling server over real WebSockets: relay, `from` stamping, and an `error` frame with a
//! stable code for every kind of bad input, without the connection (or the server) going down.



use dialtone_core::protocol::{ErrorCode, MAX_FRAME_BYTES, Message};
use futures_util::SinkExt;
use serde_json::{Value, json};
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::Message as Ws;

mod common;
use common::*;

#[tokio::test]
async fn client_id_comes_first_with_the_base_shape() {
    let server = start_server().await;
    let url = format!("ws://{}/ws", server.addr);
    let (mut ws, _) = connect_async(url).await.expect("connect");
    let first = next_json(&mut ws).await;
    assert_eq!(first["type"], "client-id");
    assert!(first["payload"]["id"].is_string());
    assert_eq!(first["payload"]["limits"]["maxFrame"], MAX_FRAME_BYTES);
}

#[tokio::test]
async fn peers_see_each_other_join_and_leave_but_never_themselves() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "?name=Alice").await;
    let mut bob = Client::connect(&server, "?name=Bob").await;
    let joined = alice.next_of("peer-joined").await;
    assert_eq!(joined["payload"], json!({"id": bob.id, "name": "Bob"}));

    bob.send(json!({"type":"list-peers"})).await;
    let list = bob.next_of("peer-list").await;
    assert_eq!(list["peers"], json!([alice.id]), "top-level peers without self: {list}");
    assert_eq!(list["profiles"][&alice.id]["name"], "Alice");

    // Bob closes properly (as a browser does when its tab closes): he leaves at once.
    let bob_id = bob.id.clone();
    bob.ws.close(None).await.expect("close");
    let left = alice.next_of("peer-left").await;
    assert_eq!(left["payload"]["id"], bob_id);
}

#[tokio::test]
async fn rooms_scope_discovery_and_relay() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "?room=red").await;
    let mut bob = Client::connect(&server, "?room=blue").await;
    alice.send(json!({"type":"list-peers"})).await;
    assert_eq!(alice.next_of("peer-list").await["peers"], json!([]));
    bob.send(json!({"type":"offer","to": alice.id,"payload":{"type":"offer","sdp":"v=0"}})).await;
    bob.expect_error(ErrorCode::UnknownPeer, Some("offer")).await;
}

#[tokio::test]
async fn offers_answers_and_candidates_are_relayed_with_the_real_sender_stamped() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    // Alice lies about who she is: the server overwrites `from`.
    alice
        .send(json!({"type":"offer","from":"mallory","to": bob.id,
            "payload":{"type":"offer","sdp":"v=0","callId":"c1","media":"audio","future":1}}))
        .await;
    let offer = bob.next_of("offer").await;
    assert_eq!(offer["from"], alice.id.as_str());
    assert_eq!(offer["payload"]["future"], 1, "unknown payload fields survive the relay");
    assert!(offer.get("to").is_none());

    bob.send(json!({"type":"answer","to": alice.id,"payload":{"type":"answer","sdp":"v=0","callId":"c1"}})).await;
    assert_eq!(alice.next_of("answer").await["from"], bob.id.as_str());

    let candidate = json!({"candidate":"candidate:1 1 udp 1 127.0.0.1 5000 typ host","sdpMid":"0","sdpMLineIndex":0});
    alice.send(json!({"type":"ice-candidate","to": bob.id,"payload": candidate})).await;
    let relayed = bob.next_of("ice-candidate").await;
    // Byte-for-byte base shape of a relayed candidate.
    assert_eq!(
        serde_json::to_string(&relayed).unwrap_or_default(),
        format!(r#"{{"type":"ice-candidate","from":"{}","payload":{}}}"#, alice.id, candidate)
    );

    alice.send(json!({"type":"call-end","to": bob.id,"payload":{"callId":"c1","reason":"HUNG_UP"}})).await;
    assert_eq!(bob.next_of("call-end").await["payload"]["reason"], "HUNG_UP");
}

#[tokio::test]
async fn chat_reaches_the_room_and_is_replayed_to_newcomers() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    alice.send(json!({"type":"chat","payload":"hello room"})).await;
    let chat = bob.next_of("chat").await;
    assert_eq!(chat, json!({"type":"chat","from": alice.id,"payload":"hello room"}));

    let mut carol = Client::connect(&server, "").await;
    let replayed = carol.next_of("chat").await;
    assert_eq!(replayed["payload"], "hello room");

    bob.send(json!({"type":"chat","to": carol.id,"payload":{"text":"psst","id":"m1","ts":1}})).await;
    let direct = carol.next_of("chat").await;
    assert_eq!(direct["payload"]["text"], "psst");
    assert_eq!(direct["from"], bob.id.as_str());
    assert_eq!(direct["to"], carol.id.as_str(), "a direct chat says it was direct");
}

#[tokio::test]
async fn a_chat_carries_the_name_the_server_knows_its_sender_by_not_the_one_it_claims() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "?name=Alice").await;
    let mut mallory = Client::connect(&server, "?name=Mallory").await;
    let mut nameless = Client::connect(&server, "").await;
    // To the room and directly: "Alice" written in by Mallory (with a bidi override) is
    // replaced by the name the server knows.
    let claim = "Alice\u{202e} (admin)";
    mallory.send(json!({"type":"chat","payload":{"text":"hi all","id":"m1","ts":1,"name":claim}})).await;
    let room = alice.next_of("chat").await;
    assert_eq!((room["payload"]["name"].as_str(), room["payload"]["text"].as_str()), (Some("Mallory"), Some("hi all")));
    mallory.send(json!({"type":"chat","to": alice.id,"payload":{"text":"psst","id":"m2","ts":2,"name":claim}})).await;
    let direct = alice.next_of("chat").await;
    assert_eq!((direct["payload"]["name"].as_str(), direct["payload"]["text"].as_str()), (Some("Mallory"), Some("psst")));
    // A sender the server knows by no name carries none; a plain-text chat stays as it was.
    nameless.send(json!({"type":"chat","payload":{"text":"who?","id":"m3","ts":3,"name":"Alice"}})).await;
    let unnamed = alice.next_of("chat").await;
    assert_eq!(unnamed["payload"].get("name"), None, "{unnamed}");
    nameless.send(json!({"type":"chat","payload":"plain"})).await;
    assert_eq!(alice.next_of("chat").await["payload"], "plain");
    // Replayed to a newcomer: the same names.
    let mut carol = Client::connect(&server, "?name=Carol").await;
    let replayed = [carol.next_of("chat").await, carol.next_of("chat").await];
    assert_eq!(replayed[0]["payload"]["name"], "Mallory");
    assert_eq!(replayed[1]["payload"].get("name"), None);
}

#[tokio::test]
async fn malformed_json_gets_a_malformed_error_and_the_connection_lives_on() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    alice.send_text("{not json".into()).await;
    alice.expect_error(ErrorCode::Malformed, None).await;
    alice.send(json!({"type":"offer","to":"x","payload":{"sdp":42}})).await;
    alice.expect_error(ErrorCode::Malformed, Some("offer")).await;
    alice.ws.send(Ws::binary(vec![1u8, 2, 3])).await.expect("send");
    alice.expect_error(ErrorCode::Malformed, None).await;
    alice.still_served().await;
}

#[tokio::test]
async fn an_unknown_type_gets_unknown_type() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    alice.send(json!({"type":"teleport","payload":{}})).await;
    alice.expect_error(ErrorCode::UnknownType, Some("teleport")).await;
    alice.still_served().await;
}

#[tokio::test]
async fn a_message_to_an_unknown_peer_gets_unknown_peer() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    alice.send(json!({"type":"offer","to":"nobody","payload":{"type":"offer","sdp":"v=0"}})).await;
    alice.expect_error(ErrorCode::UnknownPeer, Some("offer")).await;
    alice.still_served().await;
}

#[tokio::test]
async fn an_oversized_frame_gets_too_large_and_the_connection_lives_on() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let big = json!({"type":"chat","payload": "x".repeat(MAX_FRAME_BYTES + 1)});
    alice.send(big).await;
    alice.expect_error(ErrorCode::TooLarge, None).await;
    alice.still_served().await;
}

#[tokio::test]
async fn a_frame_far_over_the_limit_closes_only_that_connection() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    let _ = alice.send_text("x".repeat(8 * MAX_FRAME_BYTES)).await;
    assert!(closed_within_5s(&mut alice).await, "the server closed that connection");
    bob.still_served().await;
}

#[tokio::test]
async fn server_only_messages_from_clients_are_not_allowed() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    alice.send(json!({"type":"peer-joined","payload":{"id":"fake"}})).await;
    alice.expect_error(ErrorCode::NotAllowed, Some("peer-joined")).await;
    alice.send(json!({"type":"client-id","payload":{"id":"stolen"}})).await;
    alice.expect_error(ErrorCode::NotAllowed, Some("client-id")).await;
}

#[tokio::test]
async fn the_server_survives_a_burst_of_garbage_from_many_clients() {
    let server = start_server().await;
    let mut clients = Vec::new();
    for _ in 0..5 {
        clients.push(Client::connect(&server, "").await);
    }
    let garbage = ["", "null", "[]", "{}", r#"{"type":null}"#, r#"{"type":"offer","to":5}"#, "\u{0}\u{1}", r#"{"type":"chat"}"#];
    for client in clients.iter_mut() {
        for text in garbage {
            client.send_text(text.to_owned()).await;
        }
    }
    for client in clients.iter_mut() {
        for _ in garbage {
            client.next_of("error").await;
        }
        client.still_served().await;
    }
    let health: Value = reqwest::get(format!("http://{}/healthz", server.addr))
        .await
        .expect("healthz")
        .json()
        .await
        .expect("json");
    assert_eq!(health["status"], "ok");
    assert_eq!(health["peers"], 5);
}

#[tokio::test]
async fn metrics_count_connections_messages_rejects_and_relay_latency() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "?room=red").await;
    let mut bob = Client::connect(&server, "?room=red").await;
    let _carol = Client::connect(&server, "?room=blue").await;
    alice.send(json!({"type":"offer","to": bob.id,"payload":{"type":"offer","sdp":"v=0"}})).await;
    bob.next_of("offer").await;
    alice.send(json!({"type":"teleport"})).await;
    alice.expect_error(ErrorCode::UnknownType, Some("teleport")).await;
    let text = reqwest::get(format!("http://{}/metrics", server.addr))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    let value = |line: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(line))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no `{line}` in:\n{text}"))
    };
    assert_eq!(value("dialtone_connections "), 3.0);
    assert_eq!(value("dialtone_rooms "), 2.0);
    assert_eq!(value("dialtone_messages_total{type=\"offer\"}"), 1.0);
    assert_eq!(value("dialtone_rejects_total{code=\"UNKNOWN_TYPE\"}"), 1.0);
    assert!(value("dialtone_relay_latency_seconds_count") >= 1.0);
    assert!(value("dialtone_relay_latency_seconds_sum") < 1.0, "loopback relays take well under a second");
}

#[test]
fn the_core_and_the_server_agree_on_error_frames() {
    let wire = r#"{"type":"error","payload":{"code":"TOO_LARGE","message":"m"}}"#;
    assert!(matches!(Message::parse(wire), Ok(Message::Error(e)) if e.code == ErrorCode::TooLarge));
}
