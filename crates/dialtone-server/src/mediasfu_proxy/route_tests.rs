use super::*;

fn get(path: &str) -> Result<UpstreamRoute, RouteRefusal> {
    resolve(&Method::GET, &format!("{PREFIX}{path}"), None)
}

fn post(path: &str) -> Result<UpstreamRoute, RouteRefusal> {
    resolve(&Method::POST, &format!("{PREFIX}{path}"), None)
}

fn upstream_path(r: Result<UpstreamRoute, RouteRefusal>) -> String {
    let r = r.expect("a route");
    format!("{} {}{}", r.method, r.path, r.query)
}

#[test]
fn every_spec_route_maps_to_its_own_upstream_path() {
    assert_eq!(upstream_path(get("sipcall/list")), "GET /v1/sipcall/list");
    assert_eq!(
        upstream_path(get("sipcall/summary")),
        "GET /v1/sipcall/summary"
    );
    assert_eq!(
        upstream_path(post("sipcall/outgoingCall")),
        "POST /v1/sipcall/outgoingCall"
    );
    assert_eq!(
        upstream_path(get("sipcall/prod_1-a/state")),
        "GET /v1/sipcall/prod_1-a/state"
    );
    for action in CALL_ACTIONS {
        assert_eq!(
            upstream_path(post(&format!("sipcall/prod1/{action}"))),
            format!("POST /v1/sipcall/prod1/{action}")
        );
    }
    assert_eq!(upstream_path(get("sipconfigs/")), "GET /v1/sipconfigs/");
    assert_eq!(upstream_path(get("sipconfigs")), "GET /v1/sipconfigs/");
    assert_eq!(upstream_path(post("rooms/")), "POST /v1/rooms/");
    assert_eq!(
        upstream_path(get("eventssettings/")),
        "GET /v1/eventssettings/"
    );
}

#[test]
fn encoded_unreserved_characters_mean_the_same_route() {
    assert_eq!(upstream_path(get("sipcall/%6Cist")), "GET /v1/sipcall/list");
    assert_eq!(
        upstream_path(post("sipcall/pr%6Fd1/hold")),
        "POST /v1/sipcall/prod1/hold"
    );
}

#[test]
fn a_known_route_with_another_method_is_405_naming_the_one_it_takes() {
    assert_eq!(
        post("eventssettings/"),
        Err(RouteRefusal::MethodNotAllowed(Method::GET))
    );
    assert_eq!(
        post("sipcall/list"),
        Err(RouteRefusal::MethodNotAllowed(Method::GET))
    );
    assert_eq!(
        get("sipcall/prod1/hold"),
        Err(RouteRefusal::MethodNotAllowed(Method::POST))
    );
    assert_eq!(
        resolve(&Method::DELETE, &format!("{PREFIX}sipcall/list"), None),
        Err(RouteRefusal::MethodNotAllowed(Method::GET))
    );
}

#[test]
fn dot_segments_encoded_separators_and_odd_bytes_are_refused_after_decoding() {
    for path in [
        "sipcall/../../admin/secret",
        "sipcall/%2e%2e/%2e%2e/admin/secret",
        "sipcall/%2E%2e/eventssettings/",
        "sipcall/.%2e/eventssettings/",
        "sipcall/%2e/list",
        "sipcall/.../list",
        "sipcall/list/.",
        "sipcall/..%2fadmin",
        "sipcall/..%2Fadmin/hold",
        "sipcall/%252e%252e/admin",
        "sipcall/%5c..%5cadmin",
        "sipcall/prod1\\..\\hold",
        "sipcall//list",
        "/sipcall/list",
        "sipcall/%00/hold",
        "sipcall/%0d%0aX:1/hold",
        "sipcall/%C3%A9/hold",
        "sipcall/%c0%ae%c0%ae/hold",
        "sipcall/%zz/hold",
        "sipcall/%2/hold",
        "sipcall/%/hold",
        "sipcall/a b/hold",
    ] {
        assert_eq!(get(path), Err(RouteRefusal::BadPath), "GET {path}");
        assert_eq!(post(path), Err(RouteRefusal::BadPath), "POST {path}");
    }
}

#[test]
fn shapes_outside_the_table_are_404() {
    for path in [
        "",
        "admin/secret",
        "disposable-keys",
        "sipcall",
        "sipcall/",
        "sipcall/list/",
        "sipcall/list.",
        "sipcall/list;x=1",
        "sipcall/prod1;x=1/hold",
        "sipcall/..;/admin",
        "sipcall/prod1./hold",
        "sipcall/prod1/transfer",
        "sipcall/prod1/hold/extra",
        "sipcall/prod1:2/hold",
        "SIPCALL/list",
        "rooms/x",
        "eventssettings/x",
    ] {
        assert_eq!(get(path), Err(RouteRefusal::NotFound), "GET {path}");
        assert_eq!(post(path), Err(RouteRefusal::NotFound), "POST {path}");
    }
    let long_id = "a".repeat(129);
    assert_eq!(
        post(&format!("sipcall/{long_id}/hold")),
        Err(RouteRefusal::NotFound)
    );
    assert_eq!(
        resolve(&Method::GET, "/api/mediasfu/v2/sipcall/list", None),
        Err(RouteRefusal::NotFound)
    );
}

#[test]
fn only_the_list_and_sip_configs_take_a_query_and_only_known_keys() {
    let list = |q| resolve(&Method::GET, &format!("{PREFIX}sipcall/list"), Some(q));
    assert_eq!(
        list("limit=5&direction=incoming&search=%2B1555").map(|r| r.query),
        Ok("?direction=incoming&search=%2B1555&limit=5".to_string())
    );
    assert_eq!(list("").map(|r| r.query), Ok(String::new()));
    for bad in [
        "apiKey=x",
        "limit=0",
        "limit=101",
        "limit=5&limit=6",
        "direction=sideways",
        "status=a%26b",
        "roomName=../x",
        "page",
        "page=1%",
        "search=abc",
    ] {
        assert!(matches!(list(bad), Err(RouteRefusal::BadQuery(_))), "{bad}");
    }
    let configs = resolve(
        &Method::GET,
        &format!("{PREFIX}sipconfigs/"),
        Some("action=get&startIndex=0&pageSize=20"),
    );
    assert_eq!(
        configs.map(|r| r.query),
        Ok("?action=get&startIndex=0&pageSize=20".to_string())
    );
    let hold = resolve(
        &Method::POST,
        &format!("{PREFIX}sipcall/prod1/hold"),
        Some("x=1"),
    );
    assert!(matches!(hold, Err(RouteRefusal::BadQuery(_))));
}

#[test]
fn whatever_the_segments_an_admitted_route_is_built_only_from_safe_pieces() {
    // Deterministic sweep: every path of up to four segments over awkward tokens, both methods.
    let tokens = [
        "sipcall",
        "list",
        "prod1",
        "hold",
        "state",
        "eventssettings",
        "rooms",
        "sipconfigs",
        "",
        ".",
        "..",
        "%2e%2e",
        "%2E.",
        "%252e",
        "%2f",
        "%5c",
        "%00",
        "%c3%a9",
        "a;b",
        "x%",
        "outgoingCall",
        "é",
    ];
    let mut admitted = 0;
    let mut paths = vec![String::new()];
    for _ in 0..4 {
        paths = paths
            .iter()
            .flat_map(|p| {
                tokens.iter().map(move |t| {
                    if p.is_empty() {
                        t.to_string()
                    } else {
                        format!("{p}/{t}")
                    }
                })
            })
            .collect();
        for path in &paths {
            for method in [Method::GET, Method::POST] {
                let Ok(route) = resolve(&method, &format!("{PREFIX}{path}"), None) else {
                    continue;
                };
                admitted += 1;
                let safe = route.path.starts_with("/v1/")
                    && !route.path.contains("//")
                    && route
                        .path
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_'));
                assert!(safe, "{method} {path} -> {}", route.path);
                assert!(route.method == Method::GET || route.method == Method::POST);
            }
        }
    }
    assert!(
        admitted > 10,
        "the sweep reaches real routes too: {admitted}"
    );
}
