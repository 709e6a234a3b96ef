//! The MediaSFU proxy against a fake upstream: the server's credentials replace the browser's,
//! same-origin only, spec paths only, status and Retry-After pass through, a 3 s list cache,
//! per-client spacing, bounded bodies, 502/504 for an unreachable or silent upstream.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::any;
use dialtone_server::{Config, Server};

const USER: &str = "serveruser1";
const KEY: &str = "S3rv3rK3y0123456789abcdefS3rv3rK3y0123456789abcdefS3rv3rK3y01234";

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    authorization: String,
    content_type: String,
    body: String,
}

type Log = Arc<Mutex<Vec<Seen>>>;

async fn upstream_handler(State(log): State<Log>, request: Request) -> axum::response::Response {
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

async fn start_upstream() -> (String, Log) {
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

fn key_file(contents: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("dialtone-mediasfu-key-{}-{n}", std::process::id()));
    std::fs::write(&path, contents).expect("key file");
    path
}

async fn start_proxy(upstream: &str, configure: impl FnOnce(&mut Config)) -> SocketAddr {
    let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-test-dist-missing"));
    config.mediasfu_key_file = Some(key_file(&format!("{USER}:{KEY}\n")));
    config.mediasfu_base_url = upstream.to_owned();
    configure(&mut config);
    let server = Server::bind(&config).await.expect("bind");
    let addr = server.local_addr().expect("addr");
    tokio::spawn(server.run(std::future::pending()));
    addr
}

fn same_origin(
    client: &reqwest::Client,
    method: reqwest::Method,
    addr: SocketAddr,
    path: &str,
) -> reqwest::RequestBuilder {
    client
        .request(method, format!("http://{addr}/api/mediasfu/v1/{path}"))
        .header("sec-fetch-site", "same-origin")
}

#[tokio::test]
async fn the_servers_credentials_replace_the_browsers_and_the_key_never_comes_back() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    let answer = same_origin(&client, reqwest::Method::POST, addr, "sipcall/prod1/hold")
        .header("authorization", "Bearer browser1:evilkey")
        .header("content-type", "application/json")
        .body(r#"{"pauseRecording":true}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(answer.status(), 200);
    let headers = format!("{:?}", answer.headers());
    let text = answer.text().await.expect("body");
    assert_eq!(text, r#"{"success":true}"#);
    assert!(!text.contains(KEY) && !headers.contains(KEY));
    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/v1/sipcall/prod1/hold");
    assert_eq!(seen[0].authorization, format!("Bearer {USER}:{KEY}"));
    assert_eq!(seen[0].content_type, "application/json");
    assert_eq!(seen[0].body, r#"{"pauseRecording":true}"#);
}

#[tokio::test]
async fn upstream_status_and_retry_after_pass_through_unchanged() {
    let (upstream, _log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let answer = same_origin(
        &reqwest::Client::new(),
        reqwest::Method::POST,
        addr,
        "sipcall/limited/hold",
    )
    .send()
    .await
    .expect("request");
    assert_eq!(answer.status(), 429);
    assert_eq!(
        answer
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("7")
    );
}

#[tokio::test]
async fn cross_origin_or_unmarked_requests_are_refused_before_reaching_mediasfu() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    let url = format!("http://{addr}/api/mediasfu/v1/sipcall/list");
    let cross = client
        .get(&url)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("request");
    assert_eq!(cross.status(), 403);
    let foreign = client
        .get(&url)
        .header("origin", "http://evil.example")
        .send()
        .await
        .expect("request");
    assert_eq!(foreign.status(), 403);
    let bare = client.get(&url).send().await.expect("request");
    assert_eq!(
        bare.status(),
        403,
        "no Origin and no Sec-Fetch-Site: not an open relay"
    );
    let own = client
        .get(&url)
        .header("origin", format!("http://{addr}"))
        .send()
        .await
        .expect("request");
    assert_eq!(own.status(), 200);
    assert_eq!(log.lock().expect("log").len(), 1);
}

#[tokio::test]
async fn only_the_spec_paths_are_forwarded() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    for (method, path) in [
        (reqwest::Method::POST, "disposable-keys"),
        (reqwest::Method::POST, "eventssettings/"),
        (reqwest::Method::GET, "sipcall/%2E%2E/admin"),
        (reqwest::Method::DELETE, "sipcall/list"),
    ] {
        let answer = same_origin(&client, method.clone(), addr, path)
            .send()
            .await
            .expect("request");
        assert_eq!(answer.status(), 404, "{method} {path}");
    }
    assert!(log.lock().expect("log").is_empty());
}

#[tokio::test]
async fn the_list_is_cached_3_s_and_shared() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    let first = same_origin(&client, reqwest::Method::GET, addr, "sipcall/list")
        .send()
        .await
        .expect("request");
    assert_eq!(first.status(), 200);
    let second = same_origin(&client, reqwest::Method::GET, addr, "sipcall/list")
        .send()
        .await
        .expect("request");
    assert_eq!(second.status(), 200);
    assert_eq!(
        second
            .headers()
            .get("x-dialtone-cache")
            .and_then(|v| v.to_str().ok()),
        Some("hit")
    );
    assert_eq!(second.text().await.expect("body"), r#"{"data":[]}"#);
    assert_eq!(
        log.lock().expect("log").len(),
        1,
        "many tabs cost one upstream request"
    );
}

#[tokio::test]
async fn a_client_sending_again_within_4_s_gets_429_without_reaching_mediasfu() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    let ok = same_origin(&client, reqwest::Method::POST, addr, "sipcall/a/unhold")
        .send()
        .await
        .expect("request");
    assert_eq!(ok.status(), 200);
    let again = same_origin(&client, reqwest::Method::POST, addr, "sipcall/a/unhold")
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 429);
    let wait: u64 = again
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("retry-after");
    assert!((1..=5).contains(&wait));
    assert_eq!(log.lock().expect("log").len(), 1);
}

#[tokio::test]
async fn request_bodies_over_64_kib_get_413() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let answer = same_origin(
        &reqwest::Client::new(),
        reqwest::Method::POST,
        addr,
        "rooms/",
    )
    .body(vec![b'x'; 70 * 1024])
    .send()
    .await
    .expect("request");
    assert_eq!(answer.status(), 413);
    assert!(log.lock().expect("log").is_empty());
}

#[tokio::test]
async fn an_unreachable_upstream_is_502() {
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let addr = start_proxy(&format!("http://127.0.0.1:{port}"), |_| {}).await;
    let answer = same_origin(
        &reqwest::Client::new(),
        reqwest::Method::GET,
        addr,
        "sipcall/list",
    )
    .send()
    .await
    .expect("request");
    assert_eq!(answer.status(), 502);
}

#[tokio::test]
async fn a_silent_upstream_is_504_after_the_timeout() {
    let (upstream, _log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let started = std::time::Instant::now();
    let answer = same_origin(
        &reqwest::Client::new(),
        reqwest::Method::GET,
        addr,
        "sipcall/hang/state",
    )
    .send()
    .await
    .expect("request");
    assert_eq!(answer.status(), 504);
    assert!(started.elapsed() >= Duration::from_secs(14));
}

#[tokio::test]
async fn dialtones_access_token_is_required_when_configured() {
    let (upstream, log) = start_upstream().await;
    let token_file = key_file("tok3n-secret");
    let addr = start_proxy(&upstream, |c| c.access_token_file = Some(token_file)).await;
    let client = reqwest::Client::new();
    let without = same_origin(&client, reqwest::Method::GET, addr, "sipcall/list")
        .send()
        .await
        .expect("request");
    assert_eq!(without.status(), 403);
    let with = same_origin(&client, reqwest::Method::GET, addr, "sipcall/list")
        .header("x-dialtone-token", "tok3n-secret")
        .send()
        .await
        .expect("request");
    assert_eq!(with.status(), 200);
    assert_eq!(log.lock().expect("log").len(), 1);
}

#[tokio::test]
async fn invalid_server_credentials_stop_the_server_from_starting() {
    let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-test-dist-missing"));
    config.mediasfu_key_file = Some(key_file("serveruser1:tooshort"));
    let error = Server::bind(&config).await.err().expect("refused");
    assert!(
        !error.to_string().contains("tooshort"),
        "the key is not echoed: {error}"
    );
}
