//! The soak's abusers (bursting senders, slowloris) and what it measures (latency percentiles,
//! the server's gauges).

use super::*;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "run.rs"]
mod run;

#[derive(Default)]
struct AbuseCounts {
    burst_frames: AtomicU64,
    burst_rate_limited: AtomicU64,
    burst_connections: AtomicU64,
    slowloris_connections: AtomicU64,
    /// Slowloris connections the server ended (refused at once, or after the header deadline).
    slowloris_closed: AtomicU64,
    /// The longest a slowloris connection was held open, in ms.
    slowloris_longest_ms: AtomicU64,
}

/// A masked text frame as a client sends it, built once: the bursters write it raw, so their side
/// costs a copy, not a masking pass per frame, and what is measured is the server's work.
fn masked_text_frame(text: &str) -> Vec<u8> {
    let mask = [0x5a, 0x17, 0xc3, 0x88];
    let mut frame = vec![0x81];
    match text.len() {
        len @ 0..126 => frame.push(0x80 | len as u8),
        len @ 126..65536 => {
            frame.push(0x80 | 126);
            frame.extend_from_slice(&(len as u16).to_be_bytes());
        }
        len => {
            frame.push(0x80 | 127);
            frame.extend_from_slice(&(len as u64).to_be_bytes());
        }
    }
    frame.extend_from_slice(&mask);
    frame.extend(text.bytes().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    frame
}

/// Opens a WebSocket by hand and returns the raw stream once the server has switched protocols.
async fn raw_ws(server: SocketAddr, from: Ipv4Addr, query: &str) -> std::io::Result<TcpStream> {
    let mut stream = tcp_from(from, server).await?;
    let request = format!(
        "GET /ws{query} HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    // Byte by byte up to the end of the response head: what follows is the server's frames.
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let byte = stream.read_u8().await?;
        head.push(byte);
    }
    if !head.starts_with(b"HTTP/1.1 101") {
        return Err(std::io::Error::other(String::from_utf8_lossy(&head).into_owned()));
    }
    Ok(stream)
}

/// Bursts 15 KiB room chats (near the server's 16 KiB chat cap): on each connection the server's whole allowance and more at once
/// (BURST_FRAMES back to back), then BURST_RATE frames a second until the server closes it, then
/// again on a new connection. Counts the RATE_LIMITED errors that come back.
async fn burst(server: SocketAddr, room: usize, counts: Arc<AbuseCounts>, stop: watch::Receiver<bool>) {
    let chat = masked_text_frame(&json!({"type":"chat","payload": "x".repeat(15 * 1024)}).to_string());
    let needle = b"RATE_LIMITED";
    while !*stop.borrow() {
        let Ok(stream) = raw_ws(server, ABUSER_ADDRESS, &format!("?room=r{room}")).await else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        counts.burst_connections.fetch_add(1, Ordering::Relaxed);
        let (mut replies, mut out) = stream.into_split();
        let reader_counts = counts.clone();
        let mut reader = tokio::spawn(async move {
            // Server frames are not masked: the code can be found in the raw bytes (a match cut
            // in two by a read is found with the tail of the previous read kept in front).
            let mut window = Vec::with_capacity(64 * 1024);
            let mut buf = vec![0u8; 64 * 1024];
            while let Ok(n) = replies.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                window.extend_from_slice(&buf[..n]);
                let found = window.windows(needle.len()).filter(|w| w == needle).count();
                reader_counts.burst_rate_limited.fetch_add(found as u64, Ordering::Relaxed);
                let keep = window.len().min(needle.len() - 1);
                window.drain(..window.len() - keep);
            }
        });
        let mut pace = tokio::time::interval(Duration::from_secs(1) / BURST_RATE);
        let mut closed_by_server = false;
        for sent in 0u64.. {
            if sent >= BURST_FRAMES {
                tokio::select! {
                    _ = pace.tick() => {}
                    _ = &mut reader => {
                        closed_by_server = true;
                        break;
                    }
                }
            }
            if *stop.borrow() || out.write_all(&chat).await.is_err() {
                break;
            }
            counts.burst_frames.fetch_add(1, Ordering::Relaxed);
        }
        drop(out);
        if !closed_by_server {
            let _ = tokio::time::timeout(Duration::from_secs(2), reader).await;
        }
    }
}

/// Half-sent HTTP requests from 127.0.0.2, a header line every 500 ms, reopened when closed.
async fn slowloris(server: SocketAddr, counts: Arc<AbuseCounts>, stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        let Ok(mut stream) = tcp_from(SLOWLORIS_ADDRESS, server).await else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        counts.slowloris_connections.fetch_add(1, Ordering::Relaxed);
        let opened = Instant::now();
        let mut closed = stream.write_all(b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n").await.is_err();
        let mut trickle = tokio::time::interval(Duration::from_millis(500));
        let mut buf = [0u8; 1024];
        while !closed && !*stop.borrow() {
            tokio::select! {
                _ = trickle.tick() => closed = stream.write_all(b"X-Slow: 1\r\n").await.is_err(),
                read = stream.read(&mut buf) => closed = !matches!(read, Ok(n) if n > 0),
            }
        }
        if closed {
            counts.slowloris_closed.fetch_add(1, Ordering::Relaxed);
            counts.slowloris_longest_ms.fetch_max(opened.elapsed().as_millis() as u64, Ordering::Relaxed);
            // Refused at once: the cap is full; try again a little later, as a real attacker would.
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// Whether the server closed this socket (its raw bytes are read to the end, unparsed).
async fn closed_by_server(mut ws: Socket, within: Duration) -> bool {
    let stream = ws.get_mut();
    let mut buf = vec![0u8; 64 * 1024];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

fn percentile(sorted: &[u64], q: f64) -> u64 {
    sorted.get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1))).copied().unwrap_or(0)
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or(0)
}

/// Relay latencies (sent at, latency; µs) in time windows: overall p99, and the p99 of each second.
struct Latencies<'a>(&'a [(u64, u64)]);

impl Latencies<'_> {
    fn within(&self, windows: &[(u64, u64)]) -> impl Iterator<Item = &(u64, u64)> {
        self.0.iter().filter(move |(sent, _)| windows.iter().any(|(from, to)| (*from..*to).contains(sent)))
    }

    fn p99(&self, windows: &[(u64, u64)]) -> (u64, usize) {
        let mut all: Vec<u64> = self.within(windows).map(|(_, l)| *l).collect();
        all.sort_unstable();
        (percentile(&all, 0.99), all.len())
    }

    /// The median over seconds of each second's p99: a few seconds of a neighbour's build on a
    /// shared machine move the overall p99 of a window, not the typical second.
    fn typical_second_p99(&self, windows: &[(u64, u64)]) -> u64 {
        let mut seconds: std::collections::BTreeMap<u64, Vec<u64>> = Default::default();
        for (sent, latency) in self.within(windows) {
            seconds.entry(sent / 1_000_000).or_default().push(*latency);
        }
        median(
            seconds
                .into_values()
                .filter(|s| s.len() >= 100)
                .map(|mut s| {
                    s.sort_unstable();
                    percentile(&s, 0.99)
                })
                .collect(),
        )
    }
}

/// The server's own view of what it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Gauges {
    connections: f64,
    rooms_remembered: f64,
    chat_history_bytes: f64,
    /// Peers known to the hub, those within their resume grace included (/healthz).
    peers: u64,
}

impl Gauges {
    async fn read(server: &ServerProcess, http: &reqwest::Client) -> Gauges {
        Gauges::try_read(server, http).await.expect("/metrics answers")
    }

    /// The gauges; `None` when /metrics does not answer within the client's timeout. Neither
    /// /metrics nor /healthz waits for the hub, but the machine may be busy shedding sockets.
    async fn try_read(server: &ServerProcess, http: &reqwest::Client) -> Option<Gauges> {
        let health: Value =
            http.get(format!("http://{}/healthz", server.addr)).send().await.expect("healthz").json().await.expect("json");
        Some(Gauges {
            connections: server.try_gauge(http, "dialtone_connections").await?,
            rooms_remembered: server.try_gauge(http, "dialtone_rooms_remembered").await?,
            chat_history_bytes: server.try_gauge(http, "dialtone_chat_history_bytes").await?,
            peers: health["peers"].as_u64().unwrap_or(0),
        })
    }
}
