//! Who may spend the server's key (issue #12, finding 2): the proxy's own token when one is
//! configured; without one, loopback peers only (the socket's address, not a header); an Origin
//! must be this server's own; Sec-Fetch-Site never authorises.

use crate::harness::*;

#[tokio::test]
async fn a_foreign_origin_or_a_cross_site_fetch_is_refused_before_reaching_mediasfu() {
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
    assert!(log.lock().expect("log").is_empty());
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
async fn without_a_token_a_loopback_caller_is_served_without_any_browser_header() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let (status, _) = raw_request(addr, None, "GET", "sipcall/list", &[], "").await;
    assert_eq!(status, 200, "the loopback address is the authentication");
    assert_eq!(log.lock().expect("log").len(), 1);
}

// A caller from another machine (refused without a token, served only with it) is covered by
// the decision's unit tests (src/mediasfu_proxy/caller_tests.rs): test servers bind 127.0.0.1
// only, so no test here can be reached from a non-loopback address.

#[tokio::test]
async fn without_a_token_a_request_relayed_by_a_local_reverse_proxy_is_refused() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    let relayed = [
        ("sec-fetch-site", "same-origin"),
        ("x-forwarded-for", "198.51.100.23"),
    ];
    let (status, body) = raw_request(addr, None, "GET", "sipcall/list", &relayed, "").await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("--mediasfu-proxy-token-file"), "{body}");
    assert!(log.lock().expect("log").is_empty());
}
