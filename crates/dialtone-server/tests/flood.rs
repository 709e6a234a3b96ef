//! One client floods the server with 10,000 malformed, oversized and unknown frames; meanwhile
//! two others keep relaying to each other. Their relay latency stays within 2x of idle, and the
//! server answers the flood with error frames (or drops the flooder), never crashing.
//! Bounded: 10,000 frames, a few seconds, loopback only.

use std::time::{Duration, Instant};

use dialtone_core::protocol::MAX_FRAME_BYTES;
use dialtone_server::{Config, Server};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Socket = WebSocketStream<MaybeTlsStream<tokio::net::TcpStream>>;

async fn client(url: &str) -> (String, Socket) {
    let (mut ws, _) = connect_async(url).await.expect("connect");
    loop {
        if let Some(Ok(Ws::Text(text))) = ws.next().await {
            let frame: Value = serde_json::from_str(text.as_str()).expect("json");
            if frame["type"] == "client-id" {
                return (frame["payload"]["id"].as_str().unwrap_or_default().to_owned(), ws);
            }
        }
    }
}

/// Median time for a chat to travel from `a` to `b` through the server, over `rounds`.
async fn relay_latency(a: &mut Socket, b: &mut Socket, b_id: &str, rounds: usize) -> Duration {
    let mut samples = Vec::with_capacity(rounds);
    for n in 0..rounds {
        let sent = Instant::now();
        a.send(Ws::text(json!({"type":"chat","to": b_id,"payload": format!("ping {n}")}).to_string()))
            .await
            .expect("send");
        loop {
            match tokio::time::timeout(Duration::from_secs(5), b.next()).await {
                Ok(Some(Ok(Ws::Text(text)))) if text.as_str().contains(&format!("ping {n}\"")) => break,
                Ok(Some(Ok(_))) => continue,
                other => panic!("relay stalled: {other:?}"),
            }
        }
        samples.push(sent.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_bad_frames_does_not_slow_other_clients_down() {
    let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-no-dist"));
    // No rate limit here: every bad frame reaches the parser (the harder case), and the
    // measuring clients are not throttled. The limiter has its own test (access.rs).
    config.rate_per_sec = 1_000_000;
    config.rate_burst = 1_000_000;
    let server = Server::bind(&config).await.expect("bind");
    let url = format!("ws://{}/ws", server.local_addr().expect("addr"));
    tokio::spawn(server.run(std::future::pending()));

    let (_, mut alice) = client(&url).await;
    let (bob_id, mut bob) = client(&url).await;
    // Warm up, then the idle baseline.
    relay_latency(&mut alice, &mut bob, &bob_id, 50).await;
    let idle = relay_latency(&mut alice, &mut bob, &bob_id, 300).await;

    // The flooder reconnects whenever the server cuts it off, until all 10,000 frames are out.
    let errors = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let flood_errors = errors.clone();
    let flood_url = url.clone();
    let flood = tokio::spawn(async move {
        let oversized = "x".repeat(MAX_FRAME_BYTES + 10);
        let garbage = ["{", "null", r#"{"type":"warp"}"#, r#"{"type":"offer","to":"nobody","payload":{"type":"offer","sdp":"x"}}"#];
        let (mut sent, mut connections) = (0usize, 0usize);
        while sent < 10_000 {
            let (_, socket) = client(&flood_url).await;
            connections += 1;
            let (mut out, mut replies) = socket.split();
            let counter = flood_errors.clone();
            tokio::spawn(async move {
                while let Some(Ok(frame)) = replies.next().await {
                    if matches!(frame, Ws::Text(ref t) if t.as_str().contains("\"error\"")) {
                        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
            while sent < 10_000 {
                let frame = if sent % 100 == 0 { oversized.clone() } else { garbage[sent % garbage.len()].to_owned() };
                if out.send(Ws::text(frame)).await.is_err() {
                    break;
                }
                sent += 1;
            }
        }
        (sent, connections)
    });

    let mut worst = Duration::ZERO;
    let mut rounds = 0;
    while !flood.is_finished() || rounds == 0 {
        worst = worst.max(relay_latency(&mut alice, &mut bob, &bob_id, 100).await);
        rounds += 1;
    }
    let (sent, connections) = flood.await.expect("flood task");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let errors = errors.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "relay latency median: idle {idle:?}, worst during the flood {worst:?} ({rounds} x 100 relays); \
         flood: {sent} frames over {connections} connection(s), {errors} error replies"
    );
    assert_eq!(sent, 10_000, "the flood ran in full");
    // Replies still queued when a flooder is cut off go with it; the rest came back as errors.
    assert!(errors > 100, "bad frames are answered with errors: {errors}");
    assert!(worst <= idle * 2, "relay latency during the flood {worst:?} stays within 2x idle {idle:?}");
    // Still serving after it.
    relay_latency(&mut alice, &mut bob, &bob_id, 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ping_flood_is_closed_as_abuse_while_ordinary_keepalive_is_not() {
    let config = Config::for_tests(std::env::temp_dir().join("dialtone-no-dist"));
    let server = Server::bind(&config).await.expect("bind");
    let url = format!("ws://{}/ws", server.local_addr().expect("addr"));
    tokio::spawn(server.run(std::future::pending()));
    let (_, mut flooder) = client(&url).await;
    let (_, mut calm) = client(&url).await;
    // A ping a second is a client being careful, not abuse.
    for _ in 0..3 {
        calm.send(Ws::Ping(Vec::new().into())).await.expect("calm ping");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // 20,000 pings as fast as the socket takes them (the server used to answer every one, at a
    // full core, and never close).
    let started = Instant::now();
    let mut sent = 0;
    for _ in 0..20_000 {
        if flooder.send(Ws::Ping(Vec::new().into())).await.is_err() {
            break;
        }
        sent += 1;
    }
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match flooder.next().await {
                Some(Ok(Ws::Close(frame))) => return frame.map(|f| u16::from(f.code)),
                None | Some(Err(_)) => return None,
                _ => continue,
            }
        }
    })
    .await;
    eprintln!("ping flood: {sent} sent in {:?}; closed: {closed:?}", started.elapsed());
    assert!(matches!(closed, Ok(Some(1008))), "the flooder is closed as abusive (1008): {closed:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "closed within {:?}", started.elapsed());
    // The careful client is still served.
    calm.send(Ws::text(json!({"type":"list-peers"}).to_string())).await.expect("send");
    let listed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Some(Ok(Ws::Text(text))) = calm.next().await
                && text.as_str().contains("peer-list")
            {
                return;
            }
        }
    })
    .await;
    assert!(listed.is_ok(), "the careful client is still served");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn large_frames_past_the_byte_budget_are_refused_before_the_hub_reads_them() {
    let config = Config::for_tests(std::env::temp_dir().join("dialtone-no-dist"));
    let server = Server::bind(&config).await.expect("bind");
    let url = format!("ws://{}/ws", server.local_addr().expect("addr"));
    tokio::spawn(server.run(std::future::pending()));
    let (_, mut heavy) = client(&url).await;
    // 40 valid requests of 60 KB each, back to back: 2.4 MB, far under the frame rate's burst.
    let frame = json!({"type": "list-peers", "padding": "x".repeat(60_000)}).to_string();
    for _ in 0..40 {
        heavy.send(Ws::text(frame.clone())).await.expect("send");
    }
    let (mut listed, mut refused) = (0, 0);
    while listed + refused < 40 {
        match tokio::time::timeout(Duration::from_secs(5), heavy.next()).await {
            Ok(Some(Ok(Ws::Text(text)))) => {
                let reply: Value = serde_json::from_str(text.as_str()).expect("json");
                match reply["type"].as_str() {
                    Some("peer-list") => listed += 1,
                    Some("error") if reply["payload"]["message"] == "too much data: slow down" => {
                        assert_eq!(reply["payload"]["code"], "RATE_LIMITED");
                        refused += 1;
                    }
                    _ => {}
                }
            }
            other => panic!("the server stopped answering after {listed} lists, {refused} refusals: {other:?}"),
        }
    }
    // The 1 MiB burst takes about 17 of them; a quarter second of refill a few more at most.
    assert!((15..=22).contains(&listed), "{listed} answered, {refused} refused");
    // A second later the budget has refilled enough for a request.
    tokio::time::sleep(Duration::from_secs(1)).await;
    heavy.send(Ws::text(frame)).await.expect("send");
    let answered = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            if let Some(Ok(Ws::Text(text))) = heavy.next().await
                && text.as_str().contains("peer-list")
            {
                return;
            }
        }
    })
    .await;
    assert!(answered.is_ok(), "served again once the budget refilled");
}
