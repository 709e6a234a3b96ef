//! `dialtone-server host`, run as the real binary: the page and its assets are served on
//! 127.0.0.1, the one page socket is guarded (Host, Origin, one-time token, frame size), and
//! stdin lines and page frames are relayed both ways (specs/host-protocol.md §8).

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio_tungstenite::tungstenite::Message;

#[path = "host_bridge/harness.rs"]
mod harness;
#[path = "host_bridge/secrets.rs"]
mod secrets;

use harness::*;

#[tokio::test]
async fn serves_the_page_and_assets_with_security_headers() {
    let bridge = start().await;
    let client = reqwest::Client::new();
    for path in ["/simplex/call/", "/simplex/call/?x=1", "/?mode=host", "/app.js"] {
        let response = client
            .get(format!("{}{path}", bridge.origin()))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers().clone();
        assert_eq!(
            headers.get("referrer-policy").and_then(|v| v.to_str().ok()),
            Some("no-referrer")
        );
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        assert!(
            csp.contains("'wasm-unsafe-eval'")
                && csp.contains("'sha256-")
                && csp.contains("connect-src 'self'"),
            "{csp}"
        );
        assert!(!csp.contains("'unsafe-inline' 'wasm"), "{csp}");
        let body = response.text().await.expect("body");
        assert!(
            body.contains(if path == "/app.js" {
                "export"
            } else {
                "Host page"
            }),
            "{path}: {body}"
        );
    }
    assert!(
        bridge
            .url
            .starts_with(&format!("{}/simplex/call/#token=", bridge.origin()))
    );
    assert_eq!(bridge.token.len(), 22, "128 random bits, base64url");
}

#[tokio::test]
async fn a_foreign_host_header_is_refused() {
    let bridge = start().await;
    let response = reqwest::Client::new()
        .get(format!("{}/simplex/call/", bridge.origin()))
        .header("host", "evil.example")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 403);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["code"], "FOREIGN_HOST");
}

#[tokio::test]
async fn refused_origins_get_403_without_using_up_the_token() {
    let bridge = start().await;
    let token = bridge.token.clone();
    let localhost = format!("http://localhost:{}", bridge.port);
    let other_port = format!("http://127.0.0.1:{}", bridge.port.wrapping_add(1));
    for origin in [
        None,
        Some("http://evil.example"),
        Some("null"),
        Some(localhost.as_str()),
        Some(other_port.as_str()),
    ] {
        assert_eq!(
            bridge.connect(origin, Some(&token)).await.err(),
            Some(403),
            "origin {origin:?}"
        );
    }
    // The refused attempts did not consume the one admission.
    bridge.page().await;
}

#[tokio::test]
async fn missing_bad_or_reused_tokens_are_refused() {
    let bridge = start().await;
    let origin = bridge.origin();
    assert_eq!(bridge.connect(Some(&origin), None).await.err(), Some(403));
    assert_eq!(
        bridge
            .connect(Some(&origin), Some("AAAAAAAAAAAAAAAAAAAAAA"))
            .await
            .err(),
        Some(403)
    );
    let almost = format!("{}x", bridge.token);
    assert_eq!(
        bridge.connect(Some(&origin), Some(&almost)).await.err(),
        Some(403)
    );
    let _page = bridge.page().await;
    assert_eq!(
        bridge
            .connect(Some(&origin), Some(&bridge.token))
            .await
            .err(),
        Some(403),
        "one socket per token"
    );
}

#[tokio::test]
async fn relays_lines_to_frames_and_frames_to_lines() {
    let mut bridge = start().await;
    // A command written before the page connects waits for it.
    bridge
        .write_line(r#"{"command":{"type":"capabilities","media":"audio"}}"#)
        .await;
    let mut page = bridge.page().await;
    assert_eq!(
        next_text(&mut page).await,
        r#"{"command":{"type":"capabilities","media":"audio"}}"#
    );
    bridge
        .write_line(r#"{"corrId":3,"command":{"type":"end"}}"#)
        .await;
    assert_eq!(
        next_text(&mut page).await,
        r#"{"corrId":3,"command":{"type":"end"}}"#
    );

    page.send(Message::Text(
        r#"{"resp":{"type":"capabilities","capabilities":{"encryption":true}}}"#.into(),
    ))
    .await
    .expect("send");
    assert_eq!(
        bridge.read_line().await.as_deref(),
        Some(r#"{"resp":{"type":"capabilities","capabilities":{"encryption":true}}}"#)
    );
    // A multi-line frame stays one line.
    page.send(Message::Text(
        "{\n    \"resp\": {\n        \"type\": \"end\"\n    }\n}".into(),
    ))
    .await
    .expect("send");
    assert_eq!(
        bridge.read_line().await.as_deref(),
        Some(r#"{"resp":{"type":"end"}}"#)
    );

    // The page closing ends the bridge: the call is over.
    page.close(None).await.expect("close");
    assert_eq!(bridge.read_line().await, None);
    bridge.exits_cleanly().await;
}

#[tokio::test]
async fn oversize_lines_are_dropped_and_oversize_frames_close_the_socket() {
    let mut bridge = start().await;
    let mut page = bridge.page().await;
    let huge = format!(
        r#"{{"command":{{"type":"description","state":"x","description":"{}"}}}}"#,
        "a".repeat(70 * 1024)
    );
    bridge.write_line(&huge).await;
    bridge.write_line(r#"{"command":{"type":"end"}}"#).await;
    assert_eq!(
        next_text(&mut page).await,
        r#"{"command":{"type":"end"}}"#,
        "the long line was not relayed"
    );

    let _ = page.send(Message::Text("b".repeat(70 * 1024).into())).await;
    let close = loop {
        match tokio::time::timeout(WAIT, page.next())
            .await
            .expect("close in time")
        {
            Some(Ok(Message::Close(frame))) => break frame.map(|f| u16::from(f.code)),
            Some(Ok(_)) => continue,
            Some(Err(_)) | None => break None,
        }
    };
    assert!(
        matches!(close, Some(1009) | None),
        "closed as too big: {close:?}"
    );
    assert_eq!(
        bridge.read_line().await,
        None,
        "nothing of the big frame reached stdout"
    );
    bridge.exits_cleanly().await;
}

#[tokio::test]
async fn end_of_input_closes_the_page_socket() {
    let mut bridge = start().await;
    let mut page = bridge.page().await;
    bridge.write_line(r#"{"command":{"type":"end"}}"#).await;
    drop(bridge.stdin.take());
    assert_eq!(next_text(&mut page).await, r#"{"command":{"type":"end"}}"#);
    match tokio::time::timeout(WAIT, page.next())
        .await
        .expect("close in time")
    {
        Some(Ok(Message::Close(Some(frame)))) => assert_eq!(u16::from(frame.code), 1000),
        other => panic!("expected a normal close, got {other:?}"),
    }
    bridge.exits_cleanly().await;
}

#[tokio::test]
async fn a_stalled_or_oversized_request_head_does_not_hold_the_bridge() {
    use tokio::io::AsyncReadExt;
    let bridge = start().await;
    let address = format!("127.0.0.1:{}", bridge.port);
    // Slowloris: half a request head, then nothing.
    let mut stalled = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!("GET /simplex/call/ HTTP/1.1\r\nHost: {address}\r\n");
    stalled.write_all(head.as_bytes()).await.expect("write");
    let opened = tokio::time::Instant::now();
    // 100 KB of one header, never finished: refused at once (431), not held to the deadline.
    let mut oversized = tokio::net::TcpStream::connect(&address).await.expect("connect");
    let head = format!("GET / HTTP/1.1\r\nHost: {address}\r\nX-Pad: ");
    oversized.write_all(head.as_bytes()).await.expect("write");
    let _ = oversized.write_all(&vec![b'a'; 100 * 1024]).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(3), oversized.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "closed within 3 s");
    let status = String::from_utf8_lossy(&answer).to_string();
    assert!(status.is_empty() || status.starts_with("HTTP/1.1 431"), "{status}");
    // The page is still served meanwhile.
    let page = reqwest::get(format!("{}/simplex/call/", bridge.origin())).await.expect("GET");
    assert_eq!(page.status(), 200);
    // The stalled head is cut at the bridge's 10 s head deadline.
    let mut rest = Vec::new();
    let ended = tokio::time::timeout(Duration::from_secs(15), stalled.read_to_end(&mut rest)).await;
    assert!(ended.is_ok(), "the stalled connection is still open after 15 s");
    let held = opened.elapsed();
    assert!(held >= Duration::from_secs(9) && held < Duration::from_secs(13), "held {held:?}");
}
