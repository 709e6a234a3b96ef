//! The server against hostile clients (issue #12), over real sockets on loopback: silent and
//! non-reading clients, fan-out bursts, unbounded chat, binary floods, forged busy state and
//! spoofed names. The listeners' own defences are in listeners.rs. Each test is bounded in count
//! and time.

mod common;

use std::time::{Duration, Instant};

use common::raw::{closed_by_server_within, ws_upgrade};
use common::{Client, TestServer, start_server_with};
use dialtone_core::protocol::ErrorCode;
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message as Ws;

/// Completes a WebSocket handshake over a raw socket and then does nothing at all.
async fn silent_socket(server: &TestServer, query: &str) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr).await.expect("connect");
    let host = server.addr.to_string();
    stream.write_all(ws_upgrade(&host, &format!("http://{host}"), &format!("/ws{query}")).as_bytes()).await.expect("write");
    stream
}

async fn listed_ids(client: &mut Client) -> Vec<String> {
    client.send(json!({"type":"list-peers"})).await;
    let list = client.next_of("peer-list").await;
    assert_eq!(list["type"], "peer-list");
    list["peers"].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn a_silent_client_is_closed_after_two_unanswered_pings_and_leaves_after_the_grace() {
    let server = start_server_with(|c| {
        c.ping_secs = 1;
        c.resume_grace_secs = 1;
    })
    .await;
    let mut watcher = Client::connect(&server, "?room=quiet").await;
    let mut silent = silent_socket(&server, "?room=quiet&name=Silent").await;
    let joined = watcher.next_of("peer-joined").await;
    let silent_id = joined["payload"]["id"].as_str().expect("id").to_owned();
    let started = Instant::now();
    // The server pings at 1 s and 2 s, gives up at 3 s; then 1 s of grace.
    let left = tokio::time::timeout(Duration::from_secs(8), async {
        loop {
            let frame = watcher.next().await;
            if frame["type"] == "peer-left" && frame["payload"]["id"] == silent_id.as_str() {
                return;
            }
        }
    })
    .await;
    assert!(left.is_ok(), "the silent peer left the room within 8 s");
    eprintln!("silent peer gone after {:?}", started.elapsed());
    assert!(!listed_ids(&mut watcher).await.contains(&silent_id));
    assert!(closed_by_server_within(&mut silent, Duration::from_secs(2)).await, "its TCP connection was closed");
}

#[tokio::test]
async fn a_client_that_never_reads_is_cut_off_but_keeps_its_id_for_the_grace() {
    let server = start_server_with(|c| {
        c.write_timeout_secs = 1;
        c.resume_grace_secs = 30;
        c.rate_per_sec = 10_000;
        c.rate_burst = 10_000;
        c.client_bytes_per_sec = 64 << 20;
        c.client_burst_bytes = 64 << 20;
        // This test is about the write deadline and the outbox bound, not the budgets.
        c.fanout_bytes_per_sec = 64 << 20;
        c.fanout_burst_bytes = 64 << 20;
        c.room_chat_bytes_per_sec = 64 << 20;
        c.room_chat_burst_bytes = 64 << 20;
    })
    .await;
    let mut talker = Client::connect(&server, "?room=loud").await;
    let mut reader = Client::connect(&server, "?room=loud").await;
    // A real client that then stops reading (its resume token is in the first frame), with a
    // small receive buffer so the kernel cannot hide that it does not read.
    let mut sleeper = {
        let socket = TcpSocket::new_v4().expect("socket");
        socket.set_recv_buffer_size(16 * 1024).expect("rcvbuf");
        let stream = socket.connect(server.addr).await.expect("connect");
        let url = format!("ws://{}/ws?room=loud", server.addr);
        let (mut ws, _) = tokio_tungstenite::client_async(url, tokio_tungstenite::MaybeTlsStream::Plain(stream)).await.expect("ws");
        let hello = common::next_json(&mut ws).await;
        Client {
            id: hello["payload"]["id"].as_str().expect("id").to_owned(),
            resume: hello["payload"]["resume"].as_str().expect("token").to_owned(),
            ws,
        }
    };
    let sleeper_id = sleeper.id.clone();
    let sleeper_token = sleeper.resume.clone();
    // 12 MB of chat; the reader keeps up, the sleeper doesn't.
    let text = "z".repeat(15 * 1024);
    let reader_task = tokio::spawn(async move {
        let mut got = 0;
        while got < 800 {
            if reader.next_of("chat").await["payload"].is_string() {
                got += 1;
            }
        }
        reader
    });
    for n in 0..800 {
        talker.send(json!({"type":"chat","payload": text})).await;
        if n % 4 == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    let mut reader = tokio::time::timeout(Duration::from_secs(20), reader_task).await.expect("the reader got every chat").expect("task");
    // The sleeper's socket was closed by the server (it reads now, and reaches the end).
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match sleeper.ws.next().await {
                None | Some(Err(_)) | Some(Ok(Ws::Close(_))) => return,
                _ => continue,
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the non-reader was disconnected");
    // …but it is still listed (resume grace), and takes its id back.
    assert!(listed_ids(&mut reader).await.contains(&sleeper_id));
    let back = Client::connect(&server, &format!("?room=loud&resume={sleeper_token}")).await;
    assert_eq!(back.id, sleeper_id, "a dropped slow reader keeps its id");
}

#[tokio::test]
async fn bursting_senders_are_slowed_down_and_readers_who_keep_up_stay_connected() {
    let server = start_server_with(|c| {
        // Only the byte budgets stand between the burst and the readers.
        c.rate_per_sec = 1_000;
        c.rate_burst = 1_000;
    })
    .await;
    let mut readers = Vec::new();
    for _ in 0..5 {
        readers.push(Client::connect(&server, "?room=crowd").await);
    }
    let mut senders = Vec::new();
    for _ in 0..3 {
        senders.push(Client::connect(&server, "?room=crowd").await);
    }
    let counters: Vec<_> = (0..5).map(|_| std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0))).collect();
    let mut reading = Vec::new();
    for (mut reader, count) in readers.into_iter().zip(counters.iter().cloned()) {
        reading.push(tokio::spawn(async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(8);
            loop {
                match tokio::time::timeout_at(deadline, reader.ws.next()).await {
                    Err(_) => return true,
                    Ok(Some(Ok(Ws::Text(text)))) => {
                        if text.as_str().starts_with("{\"type\":\"chat\"") {
                            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                    Ok(Some(Ok(Ws::Close(_)))) | Ok(None) | Ok(Some(Err(_))) => return false,
                    Ok(Some(Ok(_))) => {}
                }
            }
        }));
    }
    // Chats near the 16 KiB cap: 3 x 200 of them would be 9 MB for each reader.
    let big = "b".repeat(15 * 1024);
    let mut limited = 0;
    let mut closed_for_ignoring = 0;
    for sender in &mut senders {
        for _ in 0..200 {
            if sender.ws.send(Ws::text(json!({"type":"chat","payload": big}).to_string())).await.is_err() {
                break;
            }
        }
    }
    for sender in &mut senders {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, sender.ws.next()).await {
            match frame {
                Ws::Text(text) if text.as_str().contains(ErrorCode::RateLimited.as_str()) => limited += 1,
                Ws::Close(Some(close)) if u16::from(close.code) == 1008 => closed_for_ignoring += 1,
                _ => {}
            }
        }
    }
    let mut stayed = 0;
    for task in reading {
        if task.await.expect("reader") {
            stayed += 1;
        }
    }
    let received: Vec<usize> = counters.iter().map(|c| c.load(std::sync::atomic::Ordering::Relaxed)).collect();
    eprintln!(
        "readers stayed: {stayed}/5, frames each {received:?}, rate-limited replies to senders: {limited}, \
         senders closed for ignoring them: {closed_for_ignoring}/3"
    );
    assert_eq!(stayed, 5, "no reader that keeps up was disconnected");
    // How many refusals each sender reads back before it is cut off depends on timing; that
    // they were refused (and by the budget) does not.
    assert!(limited >= 1, "the senders were told to slow down: {limited}");
    // The readers got what the room's budget allows (512 KiB burst, 256 KiB/s: a few dozen such
    // chats), not the 600 sent.
    assert!(received.iter().all(|&n| n <= 60), "{received:?}");
}

#[tokio::test]
async fn chat_history_is_bounded_and_empty_rooms_are_forgotten() {
    let server = start_server_with(|c| {
        c.room_forget_secs = 1;
        c.chat_history_room_bytes = 64 * 1024;
        c.chat_history_total_bytes = 256 * 1024;
        c.rate_per_sec = 10_000;
        c.rate_burst = 10_000;
        c.resume_grace_secs = 0;
    })
    .await;
    let text = "h".repeat(8 * 1024);
    for room in 0..20 {
        let mut walker = Client::connect(&server, &format!("?room=walk{room}")).await;
        for _ in 0..20 {
            walker.send(json!({"type":"chat","payload": text})).await;
        }
        walker.still_served().await;
        let _ = walker.ws.close(None).await;
    }
    let kept = common::metric(&server, "dialtone_chat_history_bytes").await.unwrap_or(-1.0);
    eprintln!("after 20 rooms x 20 chats of 8 KiB: {kept} bytes of history kept");
    assert!(kept > 0.0 && kept <= 256.0 * 1024.0, "history stays within the node's bound: {kept}");
    // A newcomer to the last room gets at most the room's bound in history.
    let mut newcomer = Client::connect(&server, "?room=walk19").await;
    let replayed = common::frames_within(&mut newcomer, 500).await.iter().filter(|f| f["type"] == "chat").count();
    assert!(replayed > 0 && replayed <= 8, "room history within 64 KiB: {replayed} chats of 8 KiB");
    let _ = newcomer.ws.close(None).await;
    // Everybody left: after the forget time the rooms and their history are gone.
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(common::metric(&server, "dialtone_chat_history_bytes").await, Some(0.0));
    assert_eq!(common::metric(&server, "dialtone_rooms_remembered").await, Some(0.0));
}

#[tokio::test]
async fn binary_floods_are_rate_limited_and_a_client_ignoring_its_errors_is_closed() {
    let server = start_server_with(|c| {
        c.rate_per_sec = 50;
        c.rate_burst = 200;
    })
    .await;
    let mut flooder = Client::connect(&server, "").await;
    for _ in 0..1000 {
        if flooder.ws.send(Ws::binary(vec![1u8, 2, 3])).await.is_err() {
            break;
        }
    }
    let mut errors = 0;
    let mut close_code = None;
    let _ = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(frame)) = flooder.ws.next().await {
            match frame {
                Ws::Text(text) if text.as_str().contains("\"error\"") => errors += 1,
                Ws::Close(close) => {
                    close_code = close.map(|c| u16::from(c.code));
                    break;
                }
                _ => {}
            }
        }
    })
    .await;
    eprintln!("1,000 binary frames: {errors} error replies, close {close_code:?}");
    assert!((1..=60).contains(&errors), "a bounded number of replies: {errors}");
    assert_eq!(close_code, Some(1008), "closed as a policy violation");
}

#[tokio::test]
async fn an_answer_nobody_asked_for_marks_nobody_busy() {
    let server = start_server_with(|_| {}).await;
    let mut mallory = Client::connect(&server, "?room=b").await;
    let mut carol = Client::connect(&server, "?room=b").await;
    let mut watcher = Client::connect(&server, "?room=b").await;
    mallory
        .send(json!({"type":"answer","to": carol.id,"payload":{"type":"answer","sdp":"v=0","callId":"forged"}}))
        .await;
    carol.next_of("answer").await;
    watcher.send(json!({"type":"list-peers"})).await;
    let list = watcher.next_of("peer-list").await;
    assert_eq!(list["profiles"][&carol.id]["busy"], false, "{list}");
    assert_eq!(list["profiles"][&mallory.id]["busy"], true, "the sender may say what it likes about itself");
}

#[tokio::test]
async fn names_lose_bidi_overrides_and_zero_width_characters() {
    let server = start_server_with(|_| {}).await;
    let mut watcher = Client::connect(&server, "?room=n").await;
    let _spoof = Client::connect(&server, "?room=n&name=%E2%80%AEecilA%E2%80%8Bx").await;
    let joined = watcher.next_of("peer-joined").await;
    assert_eq!(joined["payload"]["name"], "ecilAx");
}

#[tokio::test]
async fn a_chat_over_16_kib_is_refused_as_too_large_and_nobody_gets_it() {
    let server = start_server_with(|_| {}).await;
    let mut alice = Client::connect(&server, "?room=big").await;
    let mut bob = Client::connect(&server, "?room=big").await;
    alice.send(json!({"type":"chat","payload": "x".repeat(17 * 1024)})).await;
    alice.expect_error(ErrorCode::TooLarge, Some("chat")).await;
    alice.send(json!({"type":"chat","to": bob.id,"payload": "y".repeat(17 * 1024)})).await;
    alice.expect_error(ErrorCode::TooLarge, Some("chat")).await;
    assert!(common::frames_within(&mut bob, 300).await.iter().all(|f| f["type"] != "chat"));
    alice.send(json!({"type":"chat","payload": "z".repeat(15 * 1024)})).await;
    bob.next_of("chat").await;
}
