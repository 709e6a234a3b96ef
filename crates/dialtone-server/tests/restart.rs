//! A lone node restarted gracefully (with --state-file) gives reconnecting clients their ids
//! back, with their room and the room's chat; the file is owner-only and read once.

use std::time::Duration;

use serde_json::json;

mod common;
use common::*;

/// Where a test's server keeps its state, in a folder of the test's own (kept while the first
/// value lives): an earlier run's state file must never be the one read at start.
fn state_path() -> (Scratch, std::path::PathBuf) {
    let dir = scratch_dir();
    let path = dir.join("state.json");
    (dir, path)
}

async fn wait_for_file(path: &std::path::Path) {
    for _ in 0..100 {
        if path.is_file() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} was not written", path.display());
}

#[tokio::test]
async fn clients_resume_their_ids_after_a_graceful_restart() {
    let (_dir, path) = state_path();
    let file = path.clone();
    let first = start_server_with(|c| c.state_file = Some(file)).await;
    let mut alice = Client::connect(&first, "?name=Alice&room=team").await;
    let bob = Client::connect(&first, "?name=Bob&room=team").await;
    alice.send(json!({"type":"chat","payload":"before the restart"})).await;
    alice.send(json!({"type":"offer","to": bob.id,"payload":{"type":"offer","sdp":"v=0","callId":"c1","media":"audio"}})).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (alice_id, bob_id) = (alice.id.clone(), bob.id.clone());
    let (alice_token, bob_token) = (alice.resume.clone(), bob.resume.clone());
    drop(first._stop);
    wait_for_file(&path).await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("state file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "resume tokens are for the owner's eyes only");
    }

    let file = path.clone();
    let second = start_server_with(|c| c.state_file = Some(file)).await;
    assert!(!path.exists(), "the state file is read once and deleted");
    let mut alice = Client::connect(&second, &format!("?resume={alice_token}")).await;
    assert_eq!(alice.id, alice_id, "Alice has her id back");
    let mut bob = Client::connect(&second, &format!("?resume={bob_token}")).await;
    assert_eq!(bob.id, bob_id, "Bob has his id back");

    alice.send(json!({"type":"list-peers"})).await;
    let list = alice.next_of("peer-list").await;
    assert_eq!(list["peers"], json!([bob_id]), "the same room as before: {list}");
    assert_eq!(list["profiles"][&bob_id]["name"], "Bob");
    bob.send(json!({"type":"list-peers"})).await;
    let list = bob.next_of("peer-list").await;
    assert_eq!(list["profiles"][&alice_id]["busy"], true, "Alice is still in her call: {list}");
    bob.send(json!({"type":"call-media","to": alice_id,"payload":{"callId":"c1","source":"mic","enabled":false}})).await;
    assert_eq!(alice.next_of("call-media").await["from"], bob_id.as_str(), "and they reach each other");
    let seen = frames_within(&mut bob, 200).await;
    assert!(!seen.iter().any(|f| f["type"] == "peer-left"), "{seen:?}");

    let newcomer = Client::connect(&second, "?room=team").await;
    let mut newcomer = newcomer;
    assert_eq!(newcomer.next_of("chat").await["payload"], "before the restart", "the room's chat survived");
}

#[tokio::test]
async fn restored_peers_that_never_come_back_leave_after_the_grace() {
    let (_dir, path) = state_path();
    let file = path.clone();
    let first = start_server_with(|c| c.state_file = Some(file)).await;
    let alice = Client::connect(&first, "").await;
    let bob = Client::connect(&first, "").await;
    let (alice_id, bob_token) = (alice.id.clone(), bob.resume.clone());
    drop(first._stop);
    wait_for_file(&path).await;
    let file = path.clone();
    let second = start_server_with(|c| {
        c.state_file = Some(file);
        c.resume_grace_secs = 1;
    })
    .await;
    let mut bob = Client::connect(&second, &format!("?resume={bob_token}")).await;
    let left = bob.next_of("peer-left").await;
    assert_eq!(left["payload"]["id"], alice_id.as_str());
}

#[tokio::test]
async fn a_corrupt_state_file_is_set_aside_and_the_server_starts_afresh() {
    let (_dir, path) = state_path();
    std::fs::write(&path, "{not json").expect("write");
    let file = path.clone();
    let server = start_server_with(|c| c.state_file = Some(file)).await;
    let mut client = Client::connect(&server, "?resume=whatever").await;
    client.still_served().await;
}

#[tokio::test]
async fn a_stopping_server_refuses_new_sockets_so_tokens_are_not_spent_there() {
    let (_dir, path) = state_path();
    let file = path.clone();
    let first = start_server_with(|c| c.state_file = Some(file)).await;
    let mut alice = Client::connect(&first, "").await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    let addr = first.addr;
    drop(first._stop);
    // The client is told to go; trying the same server again at once is refused, not resumed.
    assert!(closed_within_5s(&mut alice).await);
    let again = tokio_tungstenite::connect_async(format!("ws://{addr}/ws?resume={token}")).await;
    assert!(again.is_err(), "a stopping server takes no new sockets");
    wait_for_file(&path).await;
    let file = path.clone();
    let second = start_server_with(|c| c.state_file = Some(file)).await;
    let back = Client::connect(&second, &format!("?resume={token}")).await;
    assert_eq!(back.id, alice_id, "the token still works on the next start");
}
