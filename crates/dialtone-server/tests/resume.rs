//! Resume: a client whose connection vanished takes its id back within the grace period,
//! with the frames it missed; peers see nothing; tokens are single-use and unguessable.

use std::time::Duration;

use serde_json::json;

mod common;
use common::*;

#[tokio::test]
async fn a_client_that_reconnects_within_the_grace_keeps_its_id_and_gets_what_it_missed() {
    let server = start_server().await;
    let alice = Client::connect(&server, "?name=Alice").await;
    let mut bob = Client::connect(&server, "?name=Bob").await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    assert_eq!(token.len(), 32, "a resume token comes with client-id");
    drop(alice);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // While Alice is away, Bob can still reach her: the frame waits for her.
    bob.send(json!({"type":"offer","to": alice_id,"payload":{"type":"offer","sdp":"v=0","callId":"c1"}})).await;
    let mut alice = Client::connect(&server, &format!("?resume={token}")).await;
    assert_eq!(alice.id, alice_id, "the same id");
    assert_ne!(alice.resume, token, "a fresh token each time");
    let offer = alice.next_of("offer").await;
    assert_eq!(offer["from"], bob.id.as_str());
    let seen_by_bob = frames_within(&mut bob, 300).await;
    assert!(
        !seen_by_bob.iter().any(|f| f["type"] == "peer-left" || f["type"] == "peer-joined" || f["type"] == "error"),
        "Bob saw nothing of the drop: {seen_by_bob:?}"
    );
}

#[tokio::test]
async fn after_the_grace_the_peer_is_gone_for_good() {
    let server = start_server_with(|c| c.resume_grace_secs = 1).await;
    let alice = Client::connect(&server, "").await;
    let mut bob = Client::connect(&server, "").await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    drop(alice);
    let left = bob.next_of("peer-left").await;
    assert_eq!(left["payload"]["id"], alice_id.as_str());
    let late = Client::connect(&server, &format!("?resume={token}")).await;
    assert_ne!(late.id, alice_id, "an expired token yields a new id");
}

#[tokio::test]
async fn a_resume_token_works_once_and_a_forged_one_not_at_all() {
    let server = start_server().await;
    let alice = Client::connect(&server, "").await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    let forged = Client::connect(&server, "?resume=00000000000000000000000000000000").await;
    assert_ne!(forged.id, alice_id);
    let resumed = Client::connect(&server, &format!("?resume={token}")).await;
    assert_eq!(resumed.id, alice_id);
    let replayed = Client::connect(&server, &format!("?resume={token}")).await;
    assert_ne!(replayed.id, alice_id, "a used token is spent");
    drop(alice);
}

#[tokio::test]
async fn resuming_replaces_a_half_open_connection() {
    let server = start_server().await;
    let mut alice = Client::connect(&server, "").await;
    let token = alice.resume.clone();
    let mut again = Client::connect(&server, &format!("?resume={token}")).await;
    assert_eq!(again.id, alice.id);
    // The old socket is closed by the server; the new one is served.
    assert!(closed_within_5s(&mut alice).await, "the server closed that connection");
    again.still_served().await;
}

#[tokio::test]
async fn a_connection_dropped_without_a_goodbye_holds_its_place_under_the_address_cap_for_the_grace() {
    // Three connections per address; an id is kept 2 s after its connection vanishes.
    let server = start_server_with(|c| {
        c.max_connections_per_ip = 3;
        c.resume_grace_secs = 2;
    })
    .await;
    let url = format!("ws://{}/ws", server.addr);
    // Three clients vanish (their TCP connections end, with no close frame): three ghosts,
    // listed in the room for the grace.
    for _ in 0..3 {
        drop(Client::connect(&server, "").await);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The address may not open more in the meantime, so it cannot pile ghosts up past its cap
    // (it made 5,500 in 4.5 s, a people list no page could read).
    let refused = tokio_tungstenite::connect_async(url.as_str()).await;
    assert!(refused.is_err(), "a fourth place is refused while three ghosts hold theirs");
    // A client that said goodbye leaves no ghost: after the grace, the places are free again.
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let mut polite = Client::connect(&server, "").await;
    polite.still_served().await;
    let _ = polite.ws.close(None).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut others: Vec<Client> = Vec::new();
    for _ in 0..3 {
        others.push(Client::connect(&server, "").await);
    }
    others[0].still_served().await;
}

#[tokio::test]
async fn a_place_held_for_a_ghost_is_freed_once_its_id_is_taken_back() {
    // Two connections per address; an id is kept 30 s after its connection vanishes.
    let server = start_server_with(|c| {
        c.max_connections_per_ip = 2;
        c.resume_grace_secs = 30;
    })
    .await;
    let vanished = Client::connect(&server, "").await;
    let token = vanished.resume.clone();
    drop(vanished);
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The client comes back on a new connection: its ghost's place goes with the id, so the
    // address has one place left, not none for the rest of the grace.
    let mut back = Client::connect(&server, &format!("?resume={token}")).await;
    back.still_served().await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    let url = format!("ws://{}/ws", server.addr);
    loop {
        if tokio_tungstenite::connect_async(url.as_str()).await.is_ok() {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the ghost's place was not freed within 3 s of the resume");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
