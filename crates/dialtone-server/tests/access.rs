//! Who may open a signaling socket, and how fast it may talk.

use std::time::Duration;

use dialtone_server::{Config, Server};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{Error as WsError, Message as Ws};

async fn start(configure: impl FnOnce(&mut Config)) -> String {
    let mut config = Config::for_tests(std::env::temp_dir().join("dialtone-no-dist"));
    configure(&mut config);
    let server = Server::bind(&config).await.expect("bind");
    let addr = server.local_addr().expect("addr");
    tokio::spawn(server.run(std::future::pending()));
    format!("ws://{addr}/ws")
}

/// The HTTP status of the handshake: 101 when the socket opened.
async fn handshake(url: &str, origin: Option<&str>) -> u16 {
    let mut request = url.into_client_request().expect("request");
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().expect("header"));
    }
    match connect_async(request).await {
        Ok((_, response)) => response.status().as_u16(),
        Err(WsError::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("handshake failed: {other}"),
    }
}

#[tokio::test]
async fn pages_from_other_sites_are_refused_by_default() {
    let url = start(|_| {}).await;
    assert_eq!(handshake(&url, Some("https://evil.example")).await, 403);
    assert_eq!(handshake(&url, Some("http://localhost:5173")).await, 101);
    assert_eq!(handshake(&url, None).await, 101, "non-browser clients send no Origin");
}

#[tokio::test]
async fn an_allowlist_admits_exactly_its_origins() {
    let url = start(|c| c.allowed_origins = vec!["https://app.example".into()]).await;
    assert_eq!(handshake(&url, Some("https://app.example")).await, 101);
    assert_eq!(handshake(&url, Some("http://localhost:5173")).await, 403);
}

#[tokio::test]
async fn an_access_token_is_required_when_configured() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let file = dir.path().join("token");
    std::fs::write(&file, "s3cret-token\n").expect("token file");
    let url = start(|c| c.access_token_file = Some(file.clone())).await;
    assert_eq!(handshake(&url, None).await, 401);
    assert_eq!(handshake(&format!("{url}?token=wrong"), None).await, 401);
    assert_eq!(handshake(&format!("{url}?token=s3cret-token"), None).await, 101);
}

#[tokio::test]
async fn a_flooding_client_is_rate_limited_and_others_are_not() {
    let url = start(|c| {
        c.rate_per_sec = 20;
        c.rate_burst = 10;
    })
    .await;
    let (mut flooder, _) = connect_async(url.as_str()).await.expect("flooder");
    let (mut other, _) = connect_async(url.as_str()).await.expect("other");
    for _ in 0..50 {
        flooder.send(Ws::text(r#"{"type":"list-peers"}"#)).await.expect("send");
    }
    let mut limited = 0;
    let mut listed = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while let Ok(Some(Ok(Ws::Text(text)))) = tokio::time::timeout_at(deadline, flooder.next()).await {
        let frame: Value = serde_json::from_str(text.as_str()).expect("json");
        match frame["type"].as_str() {
            Some("error") if frame["payload"]["code"] == "RATE_LIMITED" => limited += 1,
            Some("peer-list") => listed += 1,
            _ => {}
        }
        if limited + listed == 50 {
            break;
        }
    }
    assert!((10..=13).contains(&listed), "the burst passes: {listed}");
    assert_eq!(limited + listed, 50, "every frame is answered");
    other.send(Ws::text(r#"{"type":"list-peers"}"#)).await.expect("send");
    let answered = tokio::time::timeout(Duration::from_secs(2), async {
        while let Some(Ok(frame)) = other.next().await {
            if let Ws::Text(text) = frame {
                if text.as_str().contains("peer-list") {
                    return true;
                }
            }
        }
        false
    })
    .await;
    assert_eq!(answered, Ok(true), "the other client is served");
}
