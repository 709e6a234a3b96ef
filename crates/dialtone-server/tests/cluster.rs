//! Several nodes sharing one real Redis: clients on different nodes see, list, call and chat
//! with each other exactly as on one node, and a client of a node that dies resumes on another
//! with its id and the frames it missed.

use std::time::Duration;

use dialtone_core::protocol::ErrorCode;
use serde_json::json;

mod common;
use common::redis::{Node, start_redis};
use common::*;

/// Polls the node's /healthz until it reports another node down (within 10 s).
async fn wait_until_a_node_is_down(node: &Node) {
    let url = format!("http://{}/healthz", node.server.addr);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let health: serde_json::Value = reqwest::get(&url).await.expect("healthz").json().await.expect("json");
        if health["cluster"]["nodesDown"].as_u64().unwrap_or(0) >= 1 {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "the dead node was noticed: {health}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Polls Redis until the dead node's peer `id` has a frame kept in its mailbox (within 5 s).
async fn wait_for_mailbox(redis: &common::redis::Redis, id: &str) {
    let client = ::redis::Client::open(redis.url.as_str()).expect("redis url");
    let mut conn = client.get_multiplexed_async_connection().await.expect("redis");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let kept: i64 = ::redis::cmd("LLEN").arg(format!("dialtone:mailbox:{id}")).query_async(&mut conn).await.expect("llen");
        if kept > 0 {
            return;
        }
        assert!(tokio::time::Instant::now() < deadline, "a frame was kept for {id}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Alice on node A and Bob on node B; A dies without a word and B has noticed, so it keeps
/// frames for Alice.
struct AliceGone {
    _a: Node,
    b: Node,
    bob: Client,
    alice_id: String,
    token: String,
}

async fn alice_gone_with_her_node(redis: &common::redis::Redis, configure: fn(&mut dialtone_server::config::Config)) -> AliceGone {
    let (mut a, b) = (Node::start(redis, configure), Node::start(redis, configure));
    let alice = Client::connect(&a.server, "?name=Alice").await;
    let bob = Client::connect(&b.server, "?name=Bob").await;
    settle().await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    a.kill();
    drop(alice);
    wait_until_a_node_is_down(&b).await;
    AliceGone { _a: a, b, bob, alice_id, token }
}

/// Time for an announcement to travel through Redis to the other node.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(150)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_on_different_nodes_see_and_list_each_other() {
    let redis = start_redis();
    let (a, b) = (Node::start(&redis, |_| {}), Node::start(&redis, |_| {}));
    let mut alice = Client::connect(&a.server, "?name=Alice").await;
    let mut bob = Client::connect(&b.server, "?name=Bob").await;
    let joined = alice.next_of("peer-joined").await;
    assert_eq!(joined["payload"], json!({"id": bob.id, "name": "Bob"}));

    bob.send(json!({"type":"list-peers"})).await;
    let list = bob.next_of("peer-list").await;
    assert_eq!(list["peers"], json!([alice.id]), "{list}");
    assert_eq!(list["profiles"][&alice.id]["name"], "Alice");

    // A hello renames Bob: Alice, on the other node, hears of it.
    bob.send(json!({"type":"hello","payload":{"name":"Robert"}})).await;
    let renamed = alice.next_of("peer-joined").await;
    assert_eq!(renamed["payload"], json!({"id": bob.id, "name": "Robert", "busy": false}));

    let bob_id = bob.id.clone();
    bob.ws.close(None).await.expect("close");
    let left = alice.next_of("peer-left").await;
    assert_eq!(left["payload"]["id"], bob_id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_and_direct_chats_cross_nodes_with_from_stamped() {
    let redis = start_redis();
    let (a, b) = (Node::start(&redis, |_| {}), Node::start(&redis, |_| {}));
    let mut alice = Client::connect(&a.server, "").await;
    let mut bob = Client::connect(&b.server, "").await;
    settle().await;
    let offer = json!({"type":"offer","sdp":"v=0","callId":"c1","media":"audio"});
    bob.send(json!({"type":"offer","to": alice.id,"from":"forged","payload": offer})).await;
    let got = alice.next_of("offer").await;
    assert_eq!(got["from"], bob.id.as_str(), "the server stamps the real sender");
    assert_eq!(got["payload"], offer);

    alice.send(json!({"type":"answer","to": bob.id,"payload":{"type":"answer","sdp":"v=0","callId":"c1"}})).await;
    assert_eq!(bob.next_of("answer").await["from"], alice.id.as_str());

    alice.send(json!({"type":"chat","to": bob.id,"payload":"psst"})).await;
    let direct = bob.next_of("chat").await;
    assert_eq!((direct["to"].as_str(), direct["payload"].as_str()), (Some(bob.id.as_str()), Some("psst")));

    bob.send(json!({"type":"offer","to":"0000000000","payload": offer})).await;
    bob.expect_error(ErrorCode::UnknownPeer, Some("offer")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rooms_stay_apart_across_nodes() {
    let redis = start_redis();
    let (a, b) = (Node::start(&redis, |_| {}), Node::start(&redis, |_| {}));
    let mut alice = Client::connect(&a.server, "?room=red").await;
    let mut bob = Client::connect(&b.server, "?room=blue").await;
    settle().await;
    bob.send(json!({"type":"list-peers"})).await;
    assert_eq!(bob.next_of("peer-list").await["peers"], json!([]));
    bob.send(json!({"type":"offer","to": alice.id,"payload":{"type":"offer","sdp":"v=0"}})).await;
    bob.expect_error(ErrorCode::UnknownPeer, Some("offer")).await;
    let seen = frames_within(&mut alice, 300).await;
    assert!(seen.is_empty(), "nothing from another room reaches Alice: {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn room_chat_fans_out_to_every_node_and_is_replayed_to_newcomers_anywhere() {
    let redis = start_redis();
    let (a, b) = (Node::start(&redis, |_| {}), Node::start(&redis, |_| {}));
    let mut alice = Client::connect(&a.server, "").await;
    let mut bob = Client::connect(&b.server, "").await;
    settle().await;
    alice.send(json!({"type":"chat","payload":"hello everyone"})).await;
    let chat = bob.next_of("chat").await;
    assert_eq!((chat["from"].as_str(), chat["payload"].as_str()), (Some(alice.id.as_str()), Some("hello everyone")));

    // A third node started later replays the room's history from Redis.
    let c = Node::start(&redis, |_| {});
    let mut carol = Client::connect(&c.server, "").await;
    let replayed = carol.next_of("chat").await;
    assert_eq!(replayed["payload"], "hello everyone");
    assert_eq!(replayed["from"], alice.id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn room_chat_in_redis_expires_and_is_trimmed_to_the_byte_bound() {
    let redis = start_redis();
    let a = Node::start(&redis, |c| {
        c.chat_history_room_bytes = 32 * 1024;
        c.rate_per_sec = 1000;
        c.rate_burst = 1000;
    });
    let mut alice = Client::connect(&a.server, "?room=kept").await;
    let text = "k".repeat(8 * 1024);
    for _ in 0..10 {
        alice.send(json!({"type":"chat","payload": text})).await;
    }
    alice.still_served().await;
    settle().await;
    let client = ::redis::Client::open(redis.url.as_str()).expect("redis url");
    let mut conn = client.get_multiplexed_async_connection().await.expect("redis");
    let ttl: i64 = ::redis::cmd("TTL").arg("dialtone:chat:kept").query_async(&mut conn).await.expect("ttl");
    assert!(ttl > 0 && ttl <= 24 * 3600, "the room's chat expires: TTL {ttl}");
    let len: i64 = ::redis::cmd("LLEN").arg("dialtone:chat:kept").query_async(&mut conn).await.expect("llen");
    assert!((1..=3).contains(&len), "trimmed to 32 KiB of 8 KiB frames: {len}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_of_a_dead_node_resumes_on_another_with_its_id_and_what_it_missed() {
    let redis = start_redis();
    let AliceGone { b, mut bob, alice_id, token, .. } = alice_gone_with_her_node(&redis, |_| {}).await;
    bob.send(json!({"type":"call-media","to": alice_id,"payload":{"callId":"c1","source":"mic","enabled":false}})).await;
    // Kept once node B's write reaches Redis (its writes queue apart from a resume's take-over).
    wait_for_mailbox(&redis, &alice_id).await;

    let mut alice = Client::connect(&b.server, &format!("?resume={token}")).await;
    assert_eq!(alice.id, alice_id, "the same id on another node");
    assert_ne!(alice.resume, token, "a fresh token");
    let kept = alice.next_of("call-media").await;
    assert_eq!(kept["from"], bob.id.as_str());

    // The call's signaling goes on, now on one node.
    alice.send(json!({"type":"call-media","to": bob.id,"payload":{"callId":"c1","source":"mic","enabled":true}})).await;
    bob.next_of("call-media").await;
    let seen = frames_within(&mut bob, 300).await;
    assert!(!seen.iter().any(|f| f["type"] == "peer-left"), "Bob saw no peer-left: {seen:?}");
}

/// The race a mailbox must not lose a frame to: the peer's resume took it over on another node
/// (TAKE_OVER ran in Redis), and this node sends before that node's announcement reaches it. The
/// push reads the record in the same step and sends the frame to the node that holds the peer now.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_for_a_peer_taken_over_meanwhile_goes_to_its_new_node_not_a_mailbox() {
    let redis = start_redis();
    // `_b` keeps node B running (dropping a node stops it).
    let AliceGone { b: _b, mut bob, alice_id, .. } = alice_gone_with_her_node(&redis, |_| {}).await;
    let client = ::redis::Client::open(redis.url.as_str()).expect("redis url");
    let mut conn = client.get_multiplexed_async_connection().await.expect("redis");
    // In Redis, node "elsewhere" has just taken Alice over; node B has not heard yet.
    let raw: String = ::redis::cmd("HGET").arg("dialtone:peers").arg(&alice_id).query_async(&mut conn).await.expect("her record");
    let mut record: serde_json::Value = serde_json::from_str(&raw).expect("json record");
    record["node"] = json!("elsewhere");
    let () = ::redis::cmd("HSET").arg("dialtone:peers").arg(&alice_id).arg(record.to_string()).query_async(&mut conn).await.expect("hset");
    let mut pubsub = client.get_async_pubsub().await.expect("pubsub");
    pubsub.subscribe("dialtone:node:elsewhere").await.expect("subscribe");
    let mut arriving = pubsub.on_message();

    bob.send(json!({"type":"call-media","to": alice_id,"payload":{"callId":"c1","source":"mic","enabled":false}})).await;
    let message = tokio::time::timeout(Duration::from_secs(5), futures_util::StreamExt::next(&mut arriving))
        .await
        .expect("the frame reaches the node that holds her now")
        .expect("a message");
    let direct: serde_json::Value = serde_json::from_str(&message.get_payload::<String>().expect("text")).expect("json");
    assert_eq!(direct["to"], alice_id.as_str());
    let frame: serde_json::Value = serde_json::from_str(direct["frame"].as_str().expect("the frame")).expect("json frame");
    assert_eq!((frame["type"].as_str(), frame["from"].as_str()), (Some("call-media"), Some(bob.id.as_str())));
    let kept: i64 = ::redis::cmd("EXISTS").arg(format!("dialtone:mailbox:{alice_id}")).query_async(&mut conn).await.expect("exists");
    assert_eq!(kept, 0, "no mailbox that nobody would read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_nodes_peer_is_kept_only_what_its_resume_can_take_in_bytes_and_frames() {
    let redis = start_redis();
    // An outbox of 64 KiB: a resume can take no more, so the mailbox keeps no more.
    let small = |c: &mut dialtone_server::config::Config| {
        c.send_queue_bytes = 64 * 1024;
        c.rate_per_sec = 1000;
        c.rate_burst = 1000;
    };
    let AliceGone { b, mut bob, alice_id, token, .. } = alice_gone_with_her_node(&redis, small).await;

    // 40 frames of ~8 KiB (320 KiB) for Alice: only the newest that fit 64 KiB are kept.
    let padding = "p".repeat(8 * 1024);
    for n in 0..40 {
        bob.send(json!({"type":"call-media","to": alice_id,"payload":{"callId": format!("c{n}"),"source":"mic","enabled":false,"pad": padding}})).await;
    }
    bob.still_served().await;
    settle().await;
    let client = ::redis::Client::open(redis.url.as_str()).expect("redis url");
    let mut conn = client.get_multiplexed_async_connection().await.expect("redis");
    let frames: Vec<String> = ::redis::cmd("LRANGE").arg(format!("dialtone:mailbox:{alice_id}")).arg(0).arg(-1).query_async(&mut conn).await.expect("lrange");
    let held: usize = frames.iter().map(String::len).sum();
    assert!(!frames.is_empty() && held <= 64 * 1024, "kept within 64 KiB: {} frames, {held} bytes", frames.len());
    assert!(frames.len() >= 6, "as many as fit: {} frames, {held} bytes", frames.len());
    let counted: usize = ::redis::cmd("GET").arg(format!("dialtone:mailbox-bytes:{alice_id}")).query_async(&mut conn).await.expect("get");
    assert_eq!(counted, held, "the byte count is the list's");
    for key in ["mailbox", "mailbox-bytes"] {
        let ttl: i64 = ::redis::cmd("TTL").arg(format!("dialtone:{key}:{alice_id}")).query_async(&mut conn).await.expect("ttl");
        assert!(ttl > 0 && ttl <= 3600, "{key} expires within the hour: TTL {ttl}");
    }

    // Alice resumes on B: the newest frames, oldest first, and the mailbox is gone.
    let mut alice = Client::connect(&b.server, &format!("?resume={token}")).await;
    assert_eq!(alice.id, alice_id);
    let first = alice.next_of("call-media").await;
    assert_eq!(first["payload"]["callId"], format!("c{}", 40 - frames.len()), "the oldest kept first");
    let exists: i64 = ::redis::cmd("EXISTS").arg(format!("dialtone:mailbox:{alice_id}")).arg(format!("dialtone:mailbox-bytes:{alice_id}")).query_async(&mut conn).await.expect("exists");
    assert_eq!(exists, 0, "taken with the resume");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_graceful_stop_sends_clients_to_another_node_to_resume() {
    let redis = start_redis();
    let (mut a, b) = (Node::start(&redis, |_| {}), Node::start(&redis, |_| {}));
    let mut alice = Client::connect(&a.server, "").await;
    let mut bob = Client::connect(&b.server, "").await;
    settle().await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    a.stop_gracefully();
    assert!(closed_within_5s(&mut alice).await, "the stopping node closes its sockets");
    let mut alice = Client::connect(&b.server, &format!("?resume={token}")).await;
    assert_eq!(alice.id, alice_id);
    bob.send(json!({"type":"offer","to": alice_id,"payload":{"type":"offer","sdp":"v=0","callId":"c2"}})).await;
    assert_eq!(alice.next_of("offer").await["from"], bob.id.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn peers_of_a_dead_node_leave_after_the_grace() {
    let redis = start_redis();
    let (mut a, b) = (Node::start(&redis, |c| c.resume_grace_secs = 1), Node::start(&redis, |c| c.resume_grace_secs = 1));
    let alice = Client::connect(&a.server, "").await;
    let mut bob = Client::connect(&b.server, "").await;
    settle().await;
    let (alice_id, token) = (alice.id.clone(), alice.resume.clone());
    a.kill();
    let left = tokio::time::timeout(Duration::from_secs(10), bob.next_of("peer-left")).await.expect("peer-left within 10 s");
    assert_eq!(left["payload"]["id"], alice_id.as_str());
    let late = Client::connect(&b.server, &format!("?resume={token}")).await;
    assert_ne!(late.id, alice_id, "a retired peer's token is spent");
}
