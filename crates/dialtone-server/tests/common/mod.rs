//! Shared by the signaling test files: a real server on an ephemeral loopback port, and a
//! WebSocket client that reads its frames as JSON.
#![allow(dead_code)] // each test file uses its own subset

pub mod raw;
pub mod redis;

use std::time::Duration;

use dialtone_core::protocol::ErrorCode;
use dialtone_server::{Config, Server};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

/// A folder of its own for one test, removed when dropped. Test binaries run again on the same
/// machine (CI keeps /tmp, and process ids repeat), so a folder named after the pid could hold an
/// earlier run's files.
pub struct Scratch(tempfile::TempDir);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        self.0.path()
    }
}

impl AsRef<std::path::Path> for Scratch {
    fn as_ref(&self) -> &std::path::Path {
        self.0.path()
    }
}

pub fn scratch_dir() -> Scratch {
    Scratch(tempfile::Builder::new().prefix("dialtone-test-").tempdir().expect("a scratch folder"))
}

pub struct TestServer {
    pub addr: std::net::SocketAddr,
    pub _stop: tokio::sync::oneshot::Sender<()>,
}

pub async fn start_server() -> TestServer {
    start_server_with(|_| {}).await
}

pub async fn start_server_with(configure: impl FnOnce(&mut Config)) -> TestServer {
    let dist = std::env::temp_dir().join("dialtone-test-dist-missing");
    let mut config = Config::for_tests(dist);
    configure(&mut config);
    let server = Server::bind(&config).await.expect("bind");
    let addr = server.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = stopped.await;
    }));
    TestServer { addr, _stop: stop }
}

pub struct Client {
    pub id: String,
    pub resume: String,
    pub ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Client {
    pub async fn connect(server: &TestServer, query: &str) -> Client {
        let url = format!("ws://{}/ws{query}", server.addr);
        let (mut ws, _) = connect_async(url).await.expect("connect");
        let first = next_json(&mut ws).await;
        assert_eq!(first["type"], "client-id", "the first frame is client-id: {first}");
        let id = first["payload"]["id"].as_str().expect("id").to_owned();
        let resume = first["payload"]["resume"].as_str().unwrap_or_default().to_owned();
        Client { id, resume, ws }
    }

    pub async fn send(&mut self, value: Value) {
        self.send_text(value.to_string()).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.ws.send(Ws::text(text)).await.expect("send");
    }

    pub async fn next(&mut self) -> Value {
        next_json(&mut self.ws).await
    }

    /// The next frame of `kind`, skipping presence chatter.
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let frame = self.next().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    }

    pub async fn expect_error(&mut self, code: ErrorCode, reference: Option<&str>) -> Value {
        let frame = self.next_of("error").await;
        assert_eq!(frame["payload"]["code"], code.as_str(), "{frame}");
        assert_eq!(frame["payload"]["ref"].as_str(), reference, "{frame}");
        assert!(frame["payload"]["message"].as_str().is_some_and(|m| !m.is_empty()));
        frame
    }

    /// Proves the connection still works after bad input: a round trip of list-peers.
    pub async fn still_served(&mut self) {
        self.send(json!({"type":"list-peers"})).await;
        self.next_of("peer-list").await;
    }
}

pub async fn next_json(ws: &mut WebSocketStream<MaybeTlsStream<TcpStream>>) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .expect("socket open")
            .expect("frame");
        match frame {
            Ws::Text(text) => return serde_json::from_str(text.as_str()).expect("server sends JSON"),
            Ws::Ping(_) | Ws::Pong(_) => continue,
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

/// Whether the server closes this socket within 5 s (frames before the close are skipped).
pub async fn closed_within_5s(client: &mut Client) -> bool {
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match client.ws.next().await {
                None | Some(Err(_)) | Some(Ok(Ws::Close(_))) => return,
                _ => continue,
            }
        }
    })
    .await;
    closed.is_ok()
}

/// Frames that arrive within `ms`, skipping keepalives; none is fine.
pub async fn frames_within(client: &mut Client, ms: u64) -> Vec<Value> {
    let mut frames = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_millis(ms);
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, client.ws.next()).await {
        if let Ws::Text(text) = frame {
            frames.push(serde_json::from_str(text.as_str()).expect("json"));
        }
    }
    frames
}

/// One gauge or counter from the server's /metrics (`None` when it is not there).
pub async fn metric(server: &TestServer, name: &str) -> Option<f64> {
    let body = reqwest::get(format!("http://{}/metrics", server.addr)).await.expect("metrics").text().await.expect("text");
    body.lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.split_whitespace().last())
        .and_then(|v| v.parse().ok())
}
