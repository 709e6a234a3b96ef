//! Path confinement (issue #12, finding 1): the path is decoded and normalised before it is
//! matched against the spec's route shapes, the upstream URL is built from the matched parts, and
//! the query carries validated known keys only. Every refusal here must leave the fake upstream's
//! log empty.

use crate::harness::*;

#[tokio::test]
async fn only_the_spec_routes_are_forwarded_and_each_with_its_own_method() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    for (method, path, expected) in [
        ("POST", "disposable-keys", 404),
        ("GET", "admin/secret", 404),
        ("POST", "sipcall/prod1/transfer", 404),
        ("POST", "eventssettings/", 405),
        ("DELETE", "sipcall/list", 405),
        ("GET", "sipcall/prod1/hold", 405),
        ("POST", "sipconfigs/", 405),
    ] {
        let (status, body) = raw_request(addr, None, method, path, SAME_ORIGIN_CLAIM, "").await;
        assert_eq!(status, expected, "{method} {path}: {body}");
    }
    assert!(log.lock().expect("log").is_empty());
}

/// Encoded dot segments (any case, mixed with plain dots), encoded or raw separators, double
/// encoding, path parameters, trailing dots, empty and non-ASCII segments.
const HOSTILE_PATHS: &[&str] = &[
    "sipcall/%2e%2e/%2e%2e/admin/secret",
    "sipcall/%2E%2e/%2E%2E/admin/secret",
    "sipcall/.%2e/.%2e/admin/secret",
    "sipcall/%2e./%2e./admin/secret",
    "sipcall/../../admin/secret",
    "sipcall/./list",
    "sipcall/%2e%2e%2f%2e%2e%2fadmin%2fsecret",
    "sipcall/..%2F..%2Fadmin/secret",
    "sipcall/%252e%252e/%252e%252e/admin/secret",
    "sipcall/%25252e%25252e/admin",
    "sipcall/%5c..%5c..%5cadmin",
    "sipcall/..%5c..%5cadmin/secret",
    "sipcall/..;/..;/admin/secret",
    "sipcall/list;jsessionid=1",
    "sipcall/prod1;x=../hold",
    "sipcall/list.",
    "sipcall/list/.",
    "sipcall/prod1./hold",
    "sipcall/.../admin",
    "sipcall//list",
    "sipcall/%00/hold",
    "sipcall/%c0%ae%c0%ae/admin",
    "sipcall/%C3%A9/hold",
    "rooms/%2e%2e/admin",
    "eventssettings/%2e%2e/%2e%2e/admin/secret",
    "%2e%2e/admin/secret",
];

#[tokio::test]
async fn encoded_traversal_and_odd_segments_never_reach_mediasfu() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    for path in HOSTILE_PATHS {
        for method in ["GET", "POST"] {
            let (status, body) =
                raw_request(addr, None, method, path, SAME_ORIGIN_CLAIM, "{}").await;
            assert!(
                status == 400 || status == 404,
                "{method} {path}: {status} {body}"
            );
            let json: serde_json::Value = serde_json::from_str(&body)
                .unwrap_or_else(|_| panic!("{method} {path}: a JSON body, got {body}"));
            assert!(
                json["code"].is_string() && json["message"].is_string(),
                "{body}"
            );
        }
    }
    // A raw backslash is refused by the HTTP layer itself, or by the route check.
    let (status, _) = raw_request(
        addr,
        None,
        "GET",
        "sipcall\\..\\admin",
        SAME_ORIGIN_CLAIM,
        "",
    )
    .await;
    assert!(status == 400 || status == 404, "{status}");
    let seen = log.lock().expect("log").clone();
    assert!(seen.is_empty(), "nothing reaches the upstream: {seen:?}");
}

#[tokio::test]
async fn eventssettings_stays_get_only_directly_and_through_traversal() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    for path in [
        "sipcall/%2e%2e/eventssettings/",
        "sipcall/%2E%2E/eventssettings",
        "rooms/%2e%2e/eventssettings/",
        "sipcall/x/%2e%2e/%2e%2e/eventssettings/",
    ] {
        let (status, body) = raw_request(addr, None, "POST", path, SAME_ORIGIN_CLAIM, "{}").await;
        assert!(
            status == 400 || status == 404,
            "POST {path}: {status} {body}"
        );
    }
    let (status, body) = raw_request(
        addr,
        None,
        "POST",
        "eventssettings/",
        SAME_ORIGIN_CLAIM,
        "{}",
    )
    .await;
    assert_eq!(status, 405, "{body}");
    assert!(body.contains("METHOD_NOT_ALLOWED"), "{body}");
    assert!(log.lock().expect("log").is_empty());
}

#[tokio::test]
async fn the_query_reaches_mediasfu_only_as_validated_known_keys() {
    let (upstream, log) = start_upstream().await;
    let addr = start_proxy(&upstream, |_| {}).await;
    for (method, target) in [
        ("GET", "sipcall/list?evil=1"),
        ("GET", "sipcall/list?limit=5&limit=6"),
        ("GET", "sipcall/list?limit=1000"),
        ("GET", "sipcall/list?direction=incoming%26x%3D1"),
        ("POST", "sipcall/prod1/hold?x=1"),
        ("GET", "eventssettings/?x=1"),
        ("GET", "sipconfigs/?action=delete"),
    ] {
        let (status, body) = raw_request(addr, None, method, target, SAME_ORIGIN_CLAIM, "{}").await;
        assert_eq!(status, 400, "{method} {target}: {body}");
        assert!(body.contains("BAD_QUERY"), "{body}");
    }
    assert!(log.lock().expect("log").is_empty());
    let (status, _) = raw_request(
        addr,
        None,
        "GET",
        "sipconfigs/?pageSize=20&startIndex=0&action=get",
        &[],
        "",
    )
    .await;
    assert_eq!(status, 200);
    let seen = log.lock().expect("log").clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].path,
        "/v1/sipconfigs/?action=get&startIndex=0&pageSize=20"
    );
}
