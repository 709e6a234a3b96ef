//! The bridge as a child process, and a page socket to it (shared by the bridge's tests).

use std::process::Stdio;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

pub const URL_PREFIX: &str = "dialtone-host-url: ";
pub const WAIT: Duration = Duration::from_secs(10);

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct Bridge {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    pub stdout: Lines<BufReader<ChildStdout>>,
    pub port: u16,
    pub token: String,
    pub url: String,
    /// The folder it serves, removed when the test is done with the bridge.
    pub _dist: tempfile::TempDir,
    /// What it wrote on stderr after its URL.
    pub logs: std::sync::Arc<std::sync::Mutex<String>>,
}

pub fn dist() -> tempfile::TempDir {
    // New on every run: an earlier run's files must not be served.
    let scratch = tempfile::Builder::new().prefix("dialtone-host-dist-").tempdir().expect("dist dir");
    let dir = scratch.path();
    // The call page's bundle must never be what the bridge serves: only the host page's.
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Call page</title>").expect("index");
    std::fs::write(
        dir.join("host.html"),
        "<!doctype html><title>Host page</title><script type=\"module\">import '/app.js';</script>",
    )
    .expect("host page");
    std::fs::write(dir.join("app.js"), "export {};").expect("asset");
    scratch
}

pub async fn start() -> Bridge {
    start_logging(None).await
}

/// The bridge with `DIALTONE_LOG` set to `log` (its default without).
pub async fn start_logging(log: Option<&str>) -> Bridge {
    let dist = dist();
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_dialtone-server"));
    if let Some(log) = log {
        command.env("DIALTONE_LOG", log);
    }
    let mut child = command
        .args(["host", "--port", "0", "--dist"])
        .arg(dist.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn the bridge");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let url = tokio::time::timeout(WAIT, async {
        loop {
            let line = stderr
                .next_line()
                .await
                .expect("stderr line")
                .expect("bridge printed its URL");
            if let Some(url) = line.strip_prefix(URL_PREFIX) {
                return url.to_owned();
            }
        }
    })
    .await
    .expect("URL in time");
    // Keep draining stderr so the bridge never blocks on a full pipe.
    let logs = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let kept = logs.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = stderr.next_line().await {
            if let Ok(mut logs) = kept.lock() {
                logs.push_str(&line);
                logs.push('\n');
            }
        }
    });
    let rest = url.strip_prefix("http://127.0.0.1:").expect("loopback URL");
    let (port, rest) = rest.split_once('/').expect("port");
    let token = rest
        .strip_prefix("simplex/call/#token=")
        .expect("token in the fragment")
        .to_owned();
    Bridge {
        stdin: child.stdin.take(),
        stdout: BufReader::new(child.stdout.take().expect("stdout")).lines(),
        child,
        port: port.parse().expect("port number"),
        token,
        url,
        _dist: dist,
        logs,
    }
}

impl Bridge {
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Opens a page socket the way a browser would, with the given Origin and token.
    pub async fn connect(&self, origin: Option<&str>, token: Option<&str>) -> Result<Socket, u16> {
        let url = match token {
            Some(token) => format!("ws://127.0.0.1:{}/?token={token}", self.port),
            None => format!("ws://127.0.0.1:{}/", self.port),
        };
        let mut request = url.into_client_request().expect("request");
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("origin", origin.parse().expect("origin header"));
        }
        match tokio_tungstenite::connect_async(request).await {
            Ok((socket, _)) => Ok(socket),
            Err(WsError::Http(response)) => Err(response.status().as_u16()),
            Err(other) => panic!("unexpected connect error: {other}"),
        }
    }

    pub async fn page(&self) -> Socket {
        let origin = self.origin();
        self.connect(Some(&origin), Some(&self.token))
            .await
            .expect("the page is admitted")
    }

    pub async fn write_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).await.expect("write");
        stdin.write_all(b"\n").await.expect("write");
        stdin.flush().await.expect("flush");
    }

    pub async fn read_line(&mut self) -> Option<String> {
        tokio::time::timeout(WAIT, self.stdout.next_line())
            .await
            .expect("stdout in time")
            .expect("stdout")
    }

    pub async fn exits_cleanly(mut self) {
        let status = tokio::time::timeout(WAIT, self.child.wait())
            .await
            .expect("exit in time")
            .expect("status");
        assert!(status.success(), "{status}");
    }
}

pub async fn next_text(socket: &mut Socket) -> String {
    loop {
        match tokio::time::timeout(WAIT, socket.next())
            .await
            .expect("frame in time")
        {
            Some(Ok(Message::Text(text))) => return text.to_string(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected a text frame, got {other:?}"),
        }
    }
}

