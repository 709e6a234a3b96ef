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
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
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
    log: tempfile::TempPath,
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
        for _attempt in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            // Removed with the process value: CI keeps /tmp between runs.
            let log = tempfile::Builder::new().prefix("dialtone-soak-").suffix(".log").tempfile().expect("log file").into_temp_path();
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

    /// One of the server's own gauges from /metrics, or `None` when /metrics does not answer in
    /// time; a gauge missing from an answer is a bug.
    async fn try_gauge(&self, http: &reqwest::Client, name: &str) -> Option<f64> {
        let text = http.get(format!("http://{}/metrics", self.addr)).send().await.ok()?.text().await.ok()?;
        let value = text
            .lines()
            .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics"));
        Some(value)
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

// The abusers and the measures, then the test itself, each in its own file.
#[path = "soak/abuse.rs"]
mod abuse;
