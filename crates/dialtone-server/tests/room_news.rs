//! What one client makes the server write for a whole room, over real sockets: the news of its
//! name, room and busy changes and the people lists it asks for are paid from its own fan-out
//! budget, and the rooms it walks through are remembered within the node's history budget.

mod common;

use std::time::Duration;

use common::{Client, frames_within, start_server_with};
use serde_json::json;

/// What a reader in a crowded room sees of `from`'s news (peer-joined frames about it) within
/// `ms`, while its own outbox is read as fast as it comes.
async fn news_about(reader: &mut Client, from: &str, ms: u64) -> usize {
    frames_within(reader, ms).await.iter().filter(|f| f["type"] == "peer-joined" && f["payload"]["id"] == from).count()
}

#[tokio::test]
async fn news_a_sender_causes_for_a_whole_room_is_paid_by_that_sender() {
    // 20 readers: one piece of news costs 20 writes. The budget: 64 KiB a second, 64 KiB at once,
    // so about 13 pieces of news (256 B a reader) at once. Each burst below stays under the 50
    // refusals that would close the sender, and the next waits for the budgets to refill.
    let server = start_server_with(|c| {
        c.rate_per_sec = 1_000;
        c.rate_burst = 1_000;
        c.fanout_bytes_per_sec = 64 * 1024;
        c.fanout_burst_bytes = 64 * 1024;
    })
    .await;
    let mut readers = Vec::new();
    for n in 0..20 {
        // Names of 40 characters: a list of 20 profiles is about 2.5 KB.
        readers.push(Client::connect(&server, &format!("?room=crowd&name=Reader{n:02}{}", "x".repeat(32))).await);
    }
    let mut loud = Client::connect(&server, "?room=crowd").await;
    for reader in &mut readers {
        frames_within(reader, 100).await;
    }
    let refusals = |frames: &[serde_json::Value]| frames.iter().filter(|f| f["payload"]["code"] == "RATE_LIMITED").count();

    // 40 name changes, each a peer-joined for all 20 readers.
    for n in 0..40 {
        loud.send(json!({"type":"hello","payload":{"name": format!("Loud {n}")}})).await;
    }
    let told = news_about(&mut readers[0], &loud.id, 1000).await;
    let refused = refusals(&frames_within(&mut loud, 300).await);
    assert!((5..=20).contains(&told), "the room heard of {told} of 40 name changes (about 13 fit the budget)");
    assert!(refused >= 20, "the sender was told to slow down: {refused}");

    // Offers to nobody and their ends: each frame puts the sender in a call or out of it, news
    // for the room each time. Paid like name changes, though each frame is tiny.
    tokio::time::sleep(Duration::from_secs(4)).await;
    frames_within(&mut readers[1], 200).await;
    for n in 0..20 {
        let call = format!("c{n}");
        loud.send(json!({"type":"offer","to":"nobody","payload":{"type":"offer","sdp":"v=0","callId": call,"media":"audio"}})).await;
        loud.send(json!({"type":"call-end","to":"nobody","payload":{"callId": call,"reason":"HUNG_UP"}})).await;
    }
    let told = news_about(&mut readers[1], &loud.id, 1000).await;
    assert!(told <= 20, "the room heard {told} of 40 busy changes");
    frames_within(&mut loud, 300).await;

    // The people list, asked for again and again, is paid for too.
    tokio::time::sleep(Duration::from_secs(4)).await;
    for _ in 0..60 {
        loud.send(json!({"type":"list-peers"})).await;
    }
    let answers = frames_within(&mut loud, 1000).await;
    let lists = answers.iter().filter(|f| f["type"] == "peer-list").count();
    let list_bytes = answers.iter().find(|f| f["type"] == "peer-list").map_or(0, |f| f.to_string().len());
    assert!(lists < 60 && refusals(&answers) == 60 - lists, "{lists} lists of {list_bytes} B answered of 60");
    assert!(lists * list_bytes <= 80 * 1024, "within the budget: {lists} lists of {list_bytes} B");
    // Everyone else is untouched: a reader still has its list at once.
    readers[2].still_served().await;
}

#[tokio::test]
async fn walking_through_rooms_with_empty_chats_is_bounded_by_the_node_history_budget() {
    // 64 KiB for the node's rooms: at 256 B a remembered room, 256 rooms, even if no chat has a
    // word in it. The walker moves room with a hello and says nothing in each.
    let server = start_server_with(|c| {
        c.chat_history_total_bytes = 64 * 1024;
        c.rate_per_sec = 10_000;
        c.rate_burst = 10_000;
    })
    .await;
    let mut walker = Client::connect(&server, "?room=start").await;
    for room in 0..2000 {
        walker.send(json!({"type":"hello","payload":{"room": format!("walk{room}")}})).await;
        walker.send(json!({"type":"chat","payload": ""})).await;
    }
    walker.still_served().await;
    let remembered = common::metric(&server, "dialtone_rooms_remembered").await.expect("rooms_remembered in /metrics");
    eprintln!("after a walk through 2,000 rooms: {remembered} remembered");
    assert!((1.0..=256.0).contains(&remembered), "rooms remembered within the node's budget: {remembered}");
}
