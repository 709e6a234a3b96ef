//! Soak under abuse (#12), against the real server binary on loopback. 1,000 well-behaved
//! members in 100 rooms of 10 chat in their room and relay call signaling to a partner (offers
//! answered with answers, ICE candidates), each about once a second. After a calm baseline, two
//! rounds of abuse, 15 s each: non-readers (mostly in the rooms being bursted), slowloris
//! half-sent requests from 127.0.0.2, senders bursting 60 KiB chats, and silent peers; after
//! each round the abusers leave.
//!
//! What it shows: no member is ever disconnected; their relay p99 under abuse stays within 3x of
//! calm (the p99 of the typical second, see [`Latencies`]); the server's RSS stays under
//! [`RSS_BOUND_KB`]; after each round every abuser's socket, peer and room is gone from the
//! server's own gauges, and RSS after the second round is within 20% of after the first (glibc
//! keeps freed pages, so RSS need not fall; what must not happen is that each round keeps more).
//! Bounded: about 60 s, loopback only. Figures go to stderr (`-- --nocapture`);
//! SOAK_SERVER_BIN=target/release/dialtone-server runs it against a release build.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::{WebSocketStream, client_async};

type Socket = WebSocketStream<TcpStream>;

const MEMBERS: usize = 1000;
const ROOM_SIZE: usize = 10;
/// Rooms where the bursting senders and most non-readers go (their members are measured too).
const TARGET_ROOMS: usize = 3;
const NON_READER_WAVES: usize = 3;
const NON_READERS_PER_WAVE: usize = 30;
const SILENT_PEERS: usize = 50;
const SLOWLORIS: usize = 300;
const BURSTERS: usize = 3;
/// Frames a burster sends at once on each connection (the server allows a burst of 200
/// messages), then its rate. Paced, not unbounded: on loopback an unpaced sender measures the
/// kernel's copy speed (GB/s), far past any client's uplink; 100 frames of 15 KiB a second is
/// 1.5 MB/s, twice the message rate one connection is allowed and about 6x a room's chat budget.
const BURST_FRAMES: u64 = 250;
const BURST_RATE: u32 = 100;
const IDLE_WINDOW: Duration = Duration::from_secs(8);
const ABUSE_WINDOW: Duration = Duration::from_secs(15);
/// Abuse rounds, each followed by the abusers leaving: the second shows that what the first
/// took was given back for reuse, not kept (the allocator may keep freed pages in RSS).
const ROUNDS: usize = 2;
const HEADER_TIMEOUT_SECS: u64 = 2;
/// Bound on the server's RSS at any time in this test. Measured on the 2-core dev machine: about
/// 30 MB with the 1,000 members and their rooms' history, at most 49 MB under abuse in a debug
/// build (42 MB release): non-readers' queues share the 60 KiB frames and each outbox is capped
/// at 1 MiB. About twice the worst seen, for allocator and machine variation; before #12's fixes,
/// 150 non-readers alone pinned 352 MB.
const RSS_BOUND_KB: u64 = 96 * 1024;
/// The relay p99 floor: below it, differences are scheduling noise. A debug build (what `cargo
/// test` runs) spends a few ms of JSON work on one 60 KiB frame (some 20x a release build), so its
/// floor is the time of a few such frames; a release build keeps within 3x of 2 ms (measured:
/// typical-second p99 2.2-2.9 ms under abuse, 3.4-3.6 ms calm).
const P99_FLOOR_US: u64 = if cfg!(debug_assertions) { 20_000 } else { 2_000 };

/// Addresses the members connect from (100 each, under the server's default cap of 256 per
/// address); abusers come from others, so the per-address cap is in force for them.
fn member_address(index: usize) -> Ipv4Addr {
    Ipv4Addr::new(127, 0, 0, 10 + (index / 100) as u8)
}
const ABUSER_ADDRESS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 3);
const SLOWLORIS_ADDRESS: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);

/// The server binary, killed when dropped.
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
    log: std::path::PathBuf,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    /// Starts the server on a free port (picked first: at DIALTONE_LOG=warn it does not print
    /// its address), retrying if another process takes the port meanwhile.
    async fn start() -> ServerProcess {
        for attempt in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            let log = std::env::temp_dir().join(format!("dialtone-soak-{}-{attempt}.log", std::process::id()));
            let log_file = std::fs::File::create(&log).expect("log file");
            let mut child = Command::new(
                std::env::var("SOAK_SERVER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dialtone-server").to_owned()),
            )
            .args(["--listen", &addr.to_string(), "--dist", "/nonexistent"])
            // Keepalive, resume grace and room sweep short, so silent peers are closed and the
            // abusers' traces are gone within the test.
            .args(["--ping-secs", "2", "--resume-grace-secs", "2", "--room-forget-secs", "2"])
            .args(["--header-timeout-secs", &HEADER_TIMEOUT_SECS.to_string()])
            .env("DIALTONE_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("start the server binary");
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if TcpStream::connect(addr).await.is_ok() {
                    return ServerProcess { child, addr, log };
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("the server did not start");
    }

    fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// CPU time the server has used so far (user and system), in clock ticks (1/100 s on Linux).
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum())
    }

    /// The server's own gauges from /metrics.
    async fn gauge(&self, http: &reqwest::Client, name: &str) -> f64 {
        let text = http.get(format!("http://{}/metrics", self.addr)).send().await.expect("metrics").text().await.expect("text");
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics"))
    }
}

async fn tcp_from(from: Ipv4Addr, server: SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(SocketAddr::from((from, 0)))?;
    let stream = socket.connect(server).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// A WebSocket from `from`; with `welcome`, its `client-id` is read and its id returned.
async fn open_ws(server: SocketAddr, from: Ipv4Addr, query: String, welcome: bool) -> Result<(String, Socket), String> {
    let stream = tcp_from(from, server).await.map_err(|e| e.to_string())?;
    let (mut ws, _) = client_async(format!("ws://{server}/ws{query}"), stream).await.map_err(|e| e.to_string())?;
    if !welcome {
        return Ok((String::new(), ws));
    }
    let first = tokio::time::timeout(Duration::from_secs(10), ws.next()).await.map_err(|_| "no welcome".to_owned())?;
    let Some(Ok(Ws::Text(text))) = first else { return Err(format!("no welcome: {first:?}")) };
    let frame: Value = serde_json::from_str(text.as_str()).map_err(|e| e.to_string())?;
    let id = frame["payload"]["id"].as_str().ok_or("client-id has an id")?.to_owned();
    Ok((id, ws))
}

/// Microseconds on the test's clock: relayed frames carry their send time.
#[derive(Clone, Copy)]
struct Clock(Instant);

impl Clock {
    fn now_us(self) -> u64 {
        self.0.elapsed().as_micros() as u64
    }
}

/// What one well-behaved member saw.
#[derive(Default)]
struct MemberReport {
    /// (sent at, latency) of every stamped frame it received, in µs.
    samples: Vec<(u64, u64)>,
    disconnected: Option<String>,
    rate_limited: u64,
    other_errors: Vec<String>,
}

/// A member: a relay to its partner every second (an offer every 10th, which the partner
/// answers; ICE candidates otherwise), a room chat every 5 s; it reads everything at once.
async fn behave(index: usize, partner: String, mut ws: Socket, clock: Clock, mut stop: watch::Receiver<bool>) -> MemberReport {
    let mut report = MemberReport::default();
    let start = tokio::time::Instant::now();
    let phase = Duration::from_millis((index as u64 * 7) % 1000);
    let mut relay = tokio::time::interval_at(start + phase, Duration::from_secs(1));
    let mut chat = tokio::time::interval_at(start + phase * 5, Duration::from_secs(5));
    let mut sent = 0u64;
    // The room's history fills up before the baseline: ten chats each.
    for n in 0..10 {
        let _ = ws.feed(Ws::text(json!({"type":"chat","payload": format!("hello from {index}, #{n}")}).to_string())).await;
    }
    let _ = ws.flush().await;
    loop {
        let outgoing = tokio::select! {
            _ = stop.changed() => break,
            _ = relay.tick() => {
                sent += 1;
                let stamp = clock.now_us();
                if index % 2 == 0 && sent % 10 == 0 {
                    json!({"type":"offer","to": partner,"payload":{"type":"offer","sdp": format!("v=0 t={stamp}"),"callId": format!("c{index}-{sent}")}})
                } else {
                    json!({"type":"ice-candidate","to": partner,"payload":{"candidate": format!("candidate:{stamp}"),"sdpMid":"0","sdpMLineIndex":0}})
                }
            }
            _ = chat.tick() => json!({"type":"chat","payload": format!("hello from {index}, #{sent}")}),
            frame = ws.next() => {
                let text = match frame {
                    Some(Ok(Ws::Text(text))) => text,
                    Some(Ok(Ws::Close(close))) => {
                        report.disconnected = Some(format!("closed by the server: {close:?}"));
                        break;
                    }
                    Some(Ok(_)) => continue,
                    Some(Err(error)) => {
                        report.disconnected = Some(format!("socket error: {error}"));
                        break;
                    }
                    None => {
                        report.disconnected = Some("socket ended".to_owned());
                        break;
                    }
                };
                // Room chats (60 KiB ones among them) need no parsing.
                if text.as_str().starts_with(r#"{"type":"chat""#) {
                    continue;
                }
                match received(&text) {
                    Received::Stamped { sent_us, offer } => {
                        report.samples.push((sent_us, clock.now_us().saturating_sub(sent_us)));
                        let Some((from, call_id)) = offer else { continue };
                        let stamp = clock.now_us();
                        json!({"type":"answer","to": from,"payload":{"type":"answer","sdp": format!("v=0 t={stamp}"),"callId": call_id}})
                    }
                    Received::Error(code) if code == "RATE_LIMITED" => {
                        report.rate_limited += 1;
                        continue;
                    }
                    Received::Error(code) => {
                        report.other_errors.push(code);
                        continue;
                    }
                    Received::Other => continue,
                }
            }
        };
        if let Err(error) = ws.send(Ws::text(outgoing.to_string())).await {
            report.disconnected = Some(format!("send failed: {error}"));
            break;
        }
    }
    report
}

enum Received {
    /// A relayed offer, answer or candidate with its send time; an offer also says whom to answer.
    Stamped {
        sent_us: u64,
        offer: Option<(String, String)>,
    },
    Error(String),
    Other,
}

fn received(text: &str) -> Received {
    let Ok(frame) = serde_json::from_str::<Value>(text) else { return Received::Other };
    let payload = &frame["payload"];
    let stamp = |s: Option<&str>, prefix: &str| s.and_then(|s| s.strip_prefix(prefix)).and_then(|s| s.parse().ok());
    match frame["type"].as_str() {
        Some("ice-candidate") => match stamp(payload["candidate"].as_str(), "candidate:") {
            Some(sent_us) => Received::Stamped { sent_us, offer: None },
            None => Received::Other,
        },
        Some(kind @ ("offer" | "answer")) => match stamp(payload["sdp"].as_str(), "v=0 t=") {
            Some(sent_us) => {
                let offer = (kind == "offer").then(|| {
                    (
                        frame["from"].as_str().unwrap_or_default().to_owned(),
                        payload["callId"].as_str().unwrap_or_default().to_owned(),
                    )
                });
                Received::Stamped { sent_us, offer }
            }
            None => Received::Other,
        },
        Some("error") => Received::Error(payload["code"].as_str().unwrap_or_default().to_owned()),
        _ => Received::Other,
    }
}

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
        let health: Value =
            http.get(format!("http://{}/healthz", server.addr)).send().await.expect("healthz").json().await.expect("json");
        Gauges {
            connections: server.gauge(http, "dialtone_connections").await,
            rooms_remembered: server.gauge(http, "dialtone_rooms_remembered").await,
            chat_history_bytes: server.gauge(http, "dialtone_chat_history_bytes").await,
            peers: health["peers"].as_u64().unwrap_or(0),
        }
    }
}

/// What one round of abuse did and left behind.
struct Round {
    window: (u64, u64),
    counts: Arc<AbuseCounts>,
    rss_peak: u64,
    cpu_percent: f64,
    healthz_max_ms: u64,
    silent_closed: (usize, usize),
    non_readers_closed: (usize, usize),
    /// After the abusers left and the resume grace and a room sweep passed.
    gauges_after: Gauges,
    rss_after: u64,
    /// Members only again, from recovery to the next round (or the end).
    calm_from: u64,
}

/// Runs every kind of abuser against the server for [`ABUSE_WINDOW`], on a runtime of its own
/// (one thread) so their work on this side does not stand in the members' way; then they leave.
async fn abuse_round(server: &ServerProcess, http: &reqwest::Client, clock: Clock, before: Gauges) -> Round {
    let addr = server.addr;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    let counts = Arc::new(AbuseCounts::default());
    let (stop, stopped) = watch::channel(false);
    let from = clock.now_us();
    let cpu_from = server.cpu_ticks();
    let mut abusers = Vec::new();
    for b in 0..BURSTERS {
        abusers.push(runtime.spawn(burst(addr, b % TARGET_ROOMS, counts.clone(), stopped.clone())));
    }
    for _ in 0..SLOWLORIS {
        abusers.push(runtime.spawn(slowloris(addr, counts.clone(), stopped.clone())));
    }
    // Silent peers in quiet rooms: a completed handshake, then nothing, not even reading.
    let silent = runtime.spawn(async move {
        let opened = futures_util::future::join_all(
            (0..SILENT_PEERS).map(|n| open_ws(addr, ABUSER_ADDRESS, format!("?room=r{}", 50 + n), false)),
        )
        .await;
        opened.into_iter().filter_map(Result::ok).map(|(_, ws)| ws).collect::<Vec<_>>()
    });
    // Non-readers in waves: most in the bursted rooms, the rest in quiet ones.
    let non_readers = runtime.spawn(async move {
        let mut held = Vec::new();
        for wave in 0..NON_READER_WAVES {
            let opened = futures_util::future::join_all((0..NON_READERS_PER_WAVE).map(|n| {
                let room = if n < 20 { n % TARGET_ROOMS } else { 10 + n };
                open_ws(addr, ABUSER_ADDRESS, format!("?room=r{room}&name=nr{wave}-{n}"), false)
            }))
            .await;
            held.extend(opened.into_iter().filter_map(Result::ok).map(|(_, ws)| ws));
            tokio::time::sleep(ABUSE_WINDOW / NON_READER_WAVES as u32).await;
        }
        held
    });
    let (mut rss_peak, mut healthz_max_ms) = (0, 0);
    let end = tokio::time::Instant::now() + ABUSE_WINDOW;
    while tokio::time::Instant::now() < end {
        tokio::time::sleep(Duration::from_millis(500)).await;
        rss_peak = rss_peak.max(server.rss_kb());
        let asked = Instant::now();
        let health = http.get(format!("http://{addr}/healthz")).send().await;
        assert!(health.is_ok_and(|r| r.status().is_success()), "/healthz answers during the abuse");
        healthz_max_ms = healthz_max_ms.max(asked.elapsed().as_millis() as u64);
    }
    let to = clock.now_us();
    let cpu_percent = (server.cpu_ticks() - cpu_from) as f64 / ABUSE_WINDOW.as_secs_f64();
    let _ = stop.send(true);
    let within = Duration::from_secs(5);
    let silent = silent.await.expect("silent peers");
    let silent_closed = futures_util::future::join_all(silent.into_iter().map(|ws| closed_by_server(ws, within))).await;
    let non_readers = non_readers.await.expect("non-readers");
    let non_readers_closed = futures_util::future::join_all(non_readers.into_iter().map(|ws| closed_by_server(ws, within))).await;
    for abuser in abusers {
        let _ = tokio::time::timeout(within, abuser).await;
    }
    runtime.shutdown_background();

    // The resume grace (2 s) and a room sweep (every second) pass; members carry on meanwhile.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let mut gauges_after = Gauges::read(server, http).await;
    while (gauges_after.connections, gauges_after.rooms_remembered, gauges_after.peers)
        != (before.connections, before.rooms_remembered, before.peers)
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(500)).await;
        gauges_after = Gauges::read(server, http).await;
    }
    let calm_from = clock.now_us();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = median((0..5).map(|_| server.rss_kb()).collect());
    let count = |closed: Vec<bool>| (closed.iter().filter(|c| **c).count(), closed.len());
    Round {
        window: (from, to),
        counts,
        rss_peak,
        cpu_percent,
        healthz_max_ms,
        silent_closed: count(silent_closed),
        non_readers_closed: count(non_readers_closed),
        gauges_after,
        rss_after,
        calm_from,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_that_keep_up_are_served_through_abuse_and_memory_comes_back() {
    // 1,000 members and some 500 abusive sockets: more than the usual 1,024 descriptors.
    dialtone_server::listener::raise_open_file_limit();
    let server = ServerProcess::start().await;
    let addr = server.addr;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("http client");
    let clock = Clock(Instant::now());

    // The members, room by room; the partner of member 2k is 2k+1.
    let mut sockets = Vec::with_capacity(MEMBERS);
    for chunk in (0..MEMBERS).collect::<Vec<_>>().chunks(50) {
        let opened = futures_util::future::join_all(
            chunk.iter().map(|&i| open_ws(addr, member_address(i), format!("?room=r{}&name=m{i}", i / ROOM_SIZE), true)),
        )
        .await;
        sockets.extend(opened.into_iter().map(|socket| socket.expect("a member connects")));
    }
    let ids: Vec<String> = sockets.iter().map(|(id, _)| id.clone()).collect();
    let (stop_members, members_stop) = watch::channel(false);
    let members: Vec<_> = sockets
        .into_iter()
        .enumerate()
        .map(|(i, (_, ws))| tokio::spawn(behave(i, ids[i ^ 1].clone(), ws, clock, members_stop.clone())))
        .collect();
    eprintln!("soak: {MEMBERS} members connected in {:.1} s", clock.now_us() as f64 / 1e6);

    // Warm-up (room histories fill), then the baseline: members only.
    tokio::time::sleep(Duration::from_secs(4)).await;
    let idle_from = clock.now_us();
    let cpu_from = server.cpu_ticks();
    let mut rss_idle = Vec::new();
    let idle_end = tokio::time::Instant::now() + IDLE_WINDOW;
    while tokio::time::Instant::now() < idle_end {
        tokio::time::sleep(Duration::from_millis(500)).await;
        rss_idle.push(server.rss_kb());
    }
    let idle_to = clock.now_us();
    let idle_cpu_percent = (server.cpu_ticks() - cpu_from) as f64 / IDLE_WINDOW.as_secs_f64();
    let rss_before = median(rss_idle[rss_idle.len() / 2..].to_vec());
    let before = Gauges::read(&server, &http).await;

    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let round = abuse_round(&server, &http, clock, before).await;
        rounds.push(round);
    }
    let end = clock.now_us();

    let _ = stop_members.send(true);
    let mut reports = Vec::with_capacity(MEMBERS);
    for member in members {
        reports.push(member.await.expect("member task"));
    }
    let disconnected: Vec<String> =
        reports.iter().enumerate().filter_map(|(i, r)| r.disconnected.as_ref().map(|why| format!("member {i}: {why}"))).collect();
    let other_errors: Vec<&String> = reports.iter().flat_map(|r| r.other_errors.iter()).collect();
    let members_rate_limited: u64 = reports.iter().map(|r| r.rate_limited).sum();
    let samples: Vec<(u64, u64)> = reports.iter().flat_map(|r| r.samples.iter().copied()).collect();
    let latencies = Latencies(&samples);
    // Calm: before the first round, and between each round's recovery and the next (or the end).
    let mut calm = vec![(idle_from, idle_to)];
    for (n, round) in rounds.iter().enumerate() {
        calm.push((round.calm_from, rounds.get(n + 1).map_or(end, |next| next.window.0)));
    }
    // Abuse: each round but its first second (the abusers connecting).
    let abused: Vec<(u64, u64)> = rounds.iter().map(|r| (r.window.0 + 1_000_000, r.window.1)).collect();
    let ((calm_p99, calm_n), (abuse_p99, abuse_n)) = (latencies.p99(&calm), latencies.p99(&abused));
    let (calm_typical, abuse_typical) = (latencies.typical_second_p99(&calm), latencies.typical_second_p99(&abused));
    let rss_peak = rounds.iter().map(|r| r.rss_peak).chain(rss_idle.iter().copied()).max().unwrap_or(0);
    let ms = |us: u64| us as f64 / 1000.0;

    eprintln!(
        "soak: relay p99 calm {:.2} ms ({calm_n} relays), under abuse {:.2} ms ({abuse_n}); p99 of the typical second: calm {:.2} ms, \
         under abuse {:.2} ms",
        ms(calm_p99),
        ms(abuse_p99),
        ms(calm_typical),
        ms(abuse_typical)
    );
    eprintln!("soak: before abuse: RSS {rss_before} kB, server CPU {idle_cpu_percent:.0}% of a core, {before:?}");
    for (n, r) in rounds.iter().enumerate() {
        let c = &r.counts;
        eprintln!(
            "soak: round {}: server CPU {:.0}%, RSS peak {} kB, after {} kB ({:+.1}% on before), {:?}; /healthz max {} ms; bursters {} frames \
             over {} connections, {} RATE_LIMITED; slowloris {} connections, {} closed by the server, longest {} ms; silent peers \
             closed {}/{}; non-readers closed {}/{}",
            n + 1,
            r.cpu_percent,
            r.rss_peak,
            r.rss_after,
            (r.rss_after as f64 / rss_before as f64 - 1.0) * 100.0,
            r.gauges_after,
            r.healthz_max_ms,
            c.burst_frames.load(Ordering::Relaxed),
            c.burst_connections.load(Ordering::Relaxed),
            c.burst_rate_limited.load(Ordering::Relaxed),
            c.slowloris_connections.load(Ordering::Relaxed),
            c.slowloris_closed.load(Ordering::Relaxed),
            c.slowloris_longest_ms.load(Ordering::Relaxed),
            r.silent_closed.0,
            r.silent_closed.1,
            r.non_readers_closed.0,
            r.non_readers_closed.1,
        );
    }
    eprintln!(
        "soak: members: {} disconnected, {members_rate_limited} RATE_LIMITED (their room's chat budget, shared with a burster), \
         other errors {:?}; RSS peak {rss_peak} kB (bound {RSS_BOUND_KB} kB); server log {} lines",
        disconnected.len(),
        other_errors.iter().take(5).collect::<Vec<_>>(),
        std::fs::read_to_string(&server.log).unwrap_or_default().lines().count(),
    );

    assert!(disconnected.is_empty(), "no member that keeps up is disconnected: {:?}", &disconnected[..disconnected.len().min(5)]);
    assert!(other_errors.is_empty(), "members are refused nothing but their room's chat budget: {other_errors:?}");
    assert!(calm_n > 5_000 && abuse_n > 10_000, "relays were measured: {calm_n} calm, {abuse_n} under abuse");
    let allowed = 3 * calm_typical.max(P99_FLOOR_US);
    assert!(
        abuse_typical <= allowed,
        "relay p99 under abuse ({} ms in the typical second) stays within 3x calm ({} ms allowed)",
        ms(abuse_typical),
        ms(allowed)
    );
    assert!(rss_peak <= RSS_BOUND_KB, "server RSS {rss_peak} kB stays under {RSS_BOUND_KB} kB");
    for r in &rounds {
        assert!(r.counts.burst_rate_limited.load(Ordering::Relaxed) > 0, "bursting senders are told RATE_LIMITED");
        assert_eq!(r.silent_closed.0, r.silent_closed.1, "every silent peer is closed by keepalive");
        assert_eq!(r.non_readers_closed.0, r.non_readers_closed.1, "every non-reader is closed");
        let longest = r.counts.slowloris_longest_ms.load(Ordering::Relaxed);
        assert!(
            longest <= (HEADER_TIMEOUT_SECS + 3) * 1000,
            "no half-sent request is held past the header deadline: {longest} ms"
        );
        // What the server holds goes back to where it was: no abuser's socket, peer or room is
        // left; chat history may only have grown in the bursted rooms (members are still in them
        // and newcomers get it), by at most the per-room bound each.
        let g = r.gauges_after;
        assert_eq!((g.connections, g.peers, g.rooms_remembered), (before.connections, before.peers, before.rooms_remembered));
        let history_allowed = before.chat_history_bytes + (TARGET_ROOMS * 256 * 1024) as f64;
        assert!(g.chat_history_bytes <= history_allowed, "chat history {} bytes <= {history_allowed}", g.chat_history_bytes);
    }
    // RSS: glibc keeps freed pages (fragmented by thousands of short-lived connections), so RSS
    // need not fall back after the first round; a second round of the same abuse must then find
    // that memory free again: RSS after it within 20% of after the first.
    let (first, last) = (&rounds[0], &rounds[ROUNDS - 1]);
    assert!(
        last.rss_after as f64 <= first.rss_after.max(rss_before) as f64 * 1.2,
        "RSS after round {ROUNDS} ({} kB) within 20% of after round 1 ({} kB): what abusers took is reused, not kept",
        last.rss_after,
        first.rss_after
    );
}
