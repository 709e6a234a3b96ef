//! The MediaSFU proxy against a fake upstream: the server's credentials replace the browser's,
//! the spec's route shapes only (decoded first: no encoded traversal reaches the upstream), known
//! query keys only, callers authenticated by the proxy's own token or, without one, by a loopback
//! address (never by Sec-Fetch-Site), status and Retry-After pass through, a 3 s list cache,
//! the key's gate (requests reach MediaSFU a window plus margin after the previous answer, waiting
//! rather than refused; 429 only past the longest wait), bounded bodies, 502/504 for an
//! unreachable or silent upstream.
//!
//! Hostile paths are sent over a raw socket: an HTTP client library would normalise `%2e%2e`
//! and `..` itself before sending, and the test would prove nothing.

// A test crate's root looks for its modules beside it; these live in mediasfu_proxy/ (a folder
// without main.rs, so Cargo does not take it for another test target).
#[path = "mediasfu_proxy/callers.rs"]
mod callers;
#[path = "mediasfu_proxy/confinement.rs"]
mod confinement;
#[path = "mediasfu_proxy/harness.rs"]
mod harness;

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use dialtone_server::{Config, Server};
use harness::*;

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
    // A list of calls (phone numbers) is never stored by a browser or a cache on the way, and
    // whatever MediaSFU's answer claims to be, it is never a document on our origin.
    for answer in [&first, &second] {
        let header = |name| answer.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(header("cache-control").as_deref(), Some("no-store"));
        assert_eq!(header("content-security-policy").as_deref(), Some("default-src 'none'; sandbox"));
    }
    assert_eq!(second.text().await.expect("body"), r#"{"data":[]}"#);
    assert_eq!(
        log.lock().expect("log").len(),
        1,
        "many tabs cost one upstream request"
    );
}

/// The gate's spacing at MediaSFU: the window plus the margin (`dialtone_core::mediasfu::gate`).
const SPACING: Duration = Duration::from_millis(5_500);

/// Gaps between consecutive requests as the fake MediaSFU saw them.
fn gaps(log: &Log) -> Vec<Duration> {
    let seen = log.lock().expect("log").clone();
    seen.windows(2).map(|w| w[1].at.duration_since(w[0].at)).collect()
}

#[tokio::test]
async fn a_request_sent_right_after_an_answer_waits_the_window_and_is_forwarded_not_refused() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    let ok = same_origin(&client, reqwest::Method::POST, addr, "sipcall/a/unhold")
        .send()
        .await
        .expect("request");
    assert_eq!(ok.status(), 200);
    // What the old proxy refused with 429 ("within 4 s"): now it waits its turn.
    let again = same_origin(&client, reqwest::Method::POST, addr, "sipcall/a/hold")
        .send()
        .await
        .expect("request");
    assert_eq!(again.status(), 200);
    assert_eq!(log.lock().expect("log").len(), 2);
    assert!(gaps(&log).iter().all(|g| *g >= SPACING), "{:?}", gaps(&log));
}

#[tokio::test]
async fn two_clients_at_once_reach_mediasfu_a_window_apart_and_a_third_past_the_longest_wait_gets_429()
 {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let send = |from: [u8; 4], path: &'static str| {
        tokio::spawn(async move {
            raw_request(
                addr,
                Some(std::net::IpAddr::from(from)),
                "POST",
                path,
                SAME_ORIGIN_CLAIM,
                "{}",
            )
            .await
        })
    };
    let first = send([127, 0, 0, 1], "sipcall/a/unhold");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let second = send([127, 0, 0, 2], "sipcall/b/unhold");
    tokio::time::sleep(Duration::from_millis(200)).await;
    // First on the wire or just answered, second queued: a third would wait over 8 s.
    let (status, body) = raw_request(
        addr,
        Some(std::net::IpAddr::from([127, 0, 0, 3])),
        "POST",
        "sipcall/c/unhold",
        SAME_ORIGIN_CLAIM,
        "{}",
    )
    .await;
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("RATE_LIMITED"), "{body}");
    assert_eq!(first.await.expect("task").0, 200);
    assert_eq!(second.await.expect("task").0, 200);
    let seen = log.lock().expect("log").clone();
    assert_eq!(
        seen.iter().map(|s| s.path.as_str()).collect::<Vec<_>>(),
        ["/v1/sipcall/a/unhold", "/v1/sipcall/b/unhold"],
        "the refused one never reached MediaSFU"
    );
    assert!(gaps(&log).iter().all(|g| *g >= SPACING), "{:?}", gaps(&log));
}

#[tokio::test]
async fn a_429_from_mediasfu_keeps_the_gate_shut_for_its_retry_after() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let client = reqwest::Client::new();
    let limited = same_origin(&client, reqwest::Method::POST, addr, "sipcall/limited/hold")
        .send()
        .await
        .expect("request");
    assert_eq!(limited.status(), 429);
    // Retry-After 7 plus the margin: a request now would wait 7.5 s, under the longest wait.
    let next = same_origin(&client, reqwest::Method::POST, addr, "sipcall/a/unhold")
        .send()
        .await
        .expect("request");
    assert_eq!(next.status(), 200);
    assert!(gaps(&log)[0] >= Duration::from_millis(7_500), "{:?}", gaps(&log));
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
async fn a_body_that_does_not_arrive_is_408_and_frees_the_connection() {
    // The head's timeout does not cover the body: a client that promises 1,000 bytes and sends
    // one would hold its connection (and its place among the address's) for as long as it likes.
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |c| c.header_timeout_secs = 2).await;
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "POST /api/mediasfu/v1/rooms/ HTTP/1.1\r\nHost: localhost:{}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{",
        addr.port()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(8), stream.read_to_end(&mut answer))
        .await
        .expect("answered and closed within 8 s")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("BODY_TIMEOUT"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(1_500), "not before the timeout");
    assert!(log.lock().expect("log").is_empty(), "nothing reached MediaSFU");
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
async fn the_proxys_own_token_is_required_when_configured_and_the_access_token_is_not_it() {
    let (upstream, log) = start_upstream().await;
    // The access token goes out in call links to everyone invited: it must not spend the
    // operator's MediaSFU key or list everyone's calls.
    let access_file = key_file("call-link-token");
    let proxy_file = key_file("tok3n-secret");
    let addr = start_proxy(&upstream, |c| {
        c.access_token_file = Some(access_file.to_path_buf());
        c.mediasfu_proxy_token_file = Some(proxy_file.to_path_buf());
    })
    .await;
    let client = reqwest::Client::new();
    for presented in [None, Some("call-link-token")] {
        let mut request = same_origin(&client, reqwest::Method::GET, addr, "sipcall/list");
        if let Some(token) = presented {
            request = request.header("x-dialtone-token", token);
        }
        let refused = request.send().await.expect("request");
        assert_eq!(refused.status(), 403, "{presented:?}");
        let body: serde_json::Value = refused.json().await.expect("json");
        assert_eq!(body["code"], "TOKEN_REQUIRED");
    }
    let with = same_origin(&client, reqwest::Method::GET, addr, "sipcall/list")
        .header("x-dialtone-token", "tok3n-secret")
        .send()
        .await
        .expect("request");
    assert_eq!(with.status(), 200);
    assert_eq!(log.lock().expect("log").len(), 1);
}

#[tokio::test]
async fn with_only_an_access_token_the_proxy_still_serves_this_machine_only() {
    let (upstream, log) = start_upstream().await;
    let access_file = key_file("call-link-token");
    let addr = start_proxy(&upstream, |c| c.access_token_file = Some(access_file.to_path_buf())).await;
    // Relayed by a reverse proxy for someone elsewhere, with the call links' token: refused, and
    // the operator told how to let other machines in.
    let relayed = [("x-forwarded-for", "198.51.100.23"), ("x-dialtone-token", "call-link-token")];
    let (status, body) = raw_request(addr, None, "GET", "sipcall/list", &relayed, "").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--mediasfu-proxy-token-file"), "{body}");
    assert!(log.lock().expect("log").is_empty());
    // From this machine itself, as without any token.
    let (status, _) = raw_request(addr, None, "GET", "sipcall/list", &[], "").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn invalid_server_credentials_stop_the_server_from_starting() {
    let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-test-dist-missing"));
    let key = key_file("serveruser1:tooshort");
    config.mediasfu_key_file = Some(key.to_path_buf());
    let error = Server::bind(&config).await.err().expect("refused");
    assert!(
        !error.to_string().contains("tooshort"),
        "the key is not echoed: {error}"
    );
}
