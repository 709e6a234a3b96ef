//! The harness of the proxy tests: a fake MediaSFU that records every request it gets, the
//! real server in front of it, and a raw HTTP/1.1 client for paths a client library would
//! normalise away.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::any;
use dialtone_server::{Config, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const USER: &str = "serveruser1";
pub const KEY: &str = "S3rv3rK3y0123456789abcdefS3rv3rK3y0123456789abcdefS3rv3rK3y01234";

#[derive(Debug, Clone)]
pub struct Seen {
    /// When the request reached the fake MediaSFU (as a rate limiter would stamp it).
    pub at: std::time::Instant,
    pub method: String,
    pub path: String,
    pub authorization: String,
    pub content_type: String,
    pub body: String,
}

pub type Log = Arc<Mutex<Vec<Seen>>>;

pub async fn upstream_handler(
    State(log): State<Log>,
    request: Request,
) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    let header = |h: &HeaderMap, n: &str| {
        h.get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let body = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default();
    log.lock().expect("log").push(Seen {
        at: std::time::Instant::now(),
        method: parts.method.to_string(),
        path: path.clone(),
        authorization: header(&parts.headers, "authorization"),
        content_type: header(&parts.headers, "content-type"),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if path.contains("/hang/") {
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
    if path.contains("/limited/") {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "7")],
            r#"{"error":"Too many requests"}"#,
        )
            .into_response();
    }
    if path.starts_with("/v1/sipcall/list") {
        return ([("content-type", "application/json")], r#"{"data":[]}"#).into_response();
    }
    (
        [("content-type", "application/json")],
        r#"{"success":true}"#,
    )
        .into_response()
}

pub async fn start_upstream() -> (String, Log) {
    let log: Log = Arc::default();
    let app = Router::new()
        .fallback(any(upstream_handler))
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind upstream");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), log)
}

/// A new file on every run, removed when dropped (the server reads it once, when it binds).
pub fn key_file(contents: &str) -> tempfile::TempPath {
    let file = tempfile::Builder::new().prefix("dialtone-mediasfu-key-").tempfile().expect("key file");
    std::fs::write(file.path(), contents).expect("key file");
    file.into_temp_path()
}

pub async fn start_proxy(upstream: &str, configure: impl FnOnce(&mut Config)) -> SocketAddr {
    let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-test-dist-missing"));
    let key = key_file(&format!("{USER}:{KEY}\n"));
    config.mediasfu_key_file = Some(key.to_path_buf());
    config.mediasfu_base_url = upstream.to_owned();
    configure(&mut config);
    let server = Server::bind(&config).await.expect("bind");
    let addr = server.local_addr().expect("addr");
    tokio::spawn(server.run(std::future::pending()));
    addr
}

pub fn same_origin(
    client: &reqwest::Client,
    method: reqwest::Method,
    addr: SocketAddr,
    path: &str,
) -> reqwest::RequestBuilder {
    client
        .request(method, format!("http://{addr}/api/mediasfu/v1/{path}"))
        .header("sec-fetch-site", "same-origin")
}

/// `METHOD /api/mediasfu/v1/<target> HTTP/1.1` written byte for byte on a fresh connection
/// (optionally from a given local address), with Host `localhost:<port>`; the status and body.
pub async fn raw_request(
    addr: SocketAddr,
    from: Option<IpAddr>,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let socket = match addr {
        SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
        SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
    }
    .expect("socket");
    if let Some(ip) = from {
        socket
            .bind(SocketAddr::new(ip, 0))
            .expect("bind the source address");
    }
    let mut stream = socket.connect(addr).await.expect("connect");
    let mut request = format!(
        "{method} /api/mediasfu/v1/{target} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\nContent-Length: {}\r\n",
        addr.port(),
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("an answer in time")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {answer:?}"));
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// What a page sends, and what curl can claim as well (it convinced the old proxy).
pub const SAME_ORIGIN_CLAIM: &[(&str, &str)] = &[("sec-fetch-site", "same-origin")];

