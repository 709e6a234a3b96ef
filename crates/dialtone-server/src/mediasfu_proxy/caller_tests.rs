use std::net::{Ipv4Addr, Ipv6Addr};

use axum::http::HeaderValue;

use super::*;

fn peer(ip: impl Into<std::net::IpAddr>) -> Option<SocketAddr> {
    Some(SocketAddr::new(ip.into(), 50_000))
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (name, value) in pairs {
        h.insert(*name, HeaderValue::from_static(value));
    }
    h
}

const OTHER_MACHINE: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 7);

#[test]
fn without_a_token_loopback_callers_are_admitted() {
    let h = headers(&[("host", "127.0.0.1:8081")]);
    for ip in [
        peer(Ipv4Addr::LOCALHOST),
        peer(Ipv4Addr::new(127, 9, 9, 9)),
        peer(Ipv6Addr::LOCALHOST),
        peer(Ipv4Addr::LOCALHOST.to_ipv6_mapped()),
    ] {
        assert_eq!(admit(None, ip, &h), Ok(Admitted::AsLoopback), "{ip:?}");
    }
}

#[test]
fn without_a_token_another_machine_is_refused_whatever_it_claims() {
    let claims = headers(&[
        ("host", "127.0.0.1:8081"),
        ("origin", "http://127.0.0.1:8081"),
        ("sec-fetch-site", "same-origin"),
    ]);
    assert_eq!(
        admit(None, peer(OTHER_MACHINE), &claims),
        Err(CallerRefusal::LoopbackOnly)
    );
    assert_eq!(
        admit(
            None,
            peer(Ipv6Addr::new(0xfd00, 0, 0, 0, 0, 0, 0, 2)),
            &claims
        ),
        Err(CallerRefusal::LoopbackOnly)
    );
    assert_eq!(
        admit(None, peer(Ipv4Addr::UNSPECIFIED), &claims),
        Err(CallerRefusal::LoopbackOnly)
    );
    assert!(
        CallerRefusal::LoopbackOnly
            .message()
            .contains("--mediasfu-proxy-token-file")
    );
}

#[test]
fn without_a_token_a_request_relayed_by_a_local_reverse_proxy_is_refused() {
    for header in ["forwarded", "x-forwarded-for", "x-real-ip"] {
        let mut h = headers(&[("host", "127.0.0.1:8081")]);
        h.insert(header, HeaderValue::from_static("for=192.0.2.7"));
        assert_eq!(
            admit(None, peer(Ipv4Addr::LOCALHOST), &h),
            Err(CallerRefusal::RelayedWithoutToken),
            "{header}"
        );
    }
}

#[test]
fn an_unknown_peer_address_is_refused_not_assumed_local() {
    let h = headers(&[("host", "127.0.0.1:8081")]);
    assert_eq!(admit(None, None, &h), Err(CallerRefusal::UnknownPeer));
}

#[test]
fn with_a_token_the_token_admits_from_anywhere_and_nothing_else_does() {
    let token = AccessToken::new(Some("tok3n-secret".into()));
    let token = token.as_ref();
    let with = headers(&[("host", "h:1"), ("x-dialtone-token", "tok3n-secret")]);
    assert_eq!(
        admit(token, peer(OTHER_MACHINE), &with),
        Ok(Admitted::ByToken)
    );
    assert_eq!(
        admit(token, peer(Ipv4Addr::LOCALHOST), &with),
        Ok(Admitted::ByToken)
    );
    let forged = headers(&[("host", "h:1"), ("sec-fetch-site", "same-origin")]);
    for who in [peer(OTHER_MACHINE), peer(Ipv4Addr::LOCALHOST)] {
        assert_eq!(
            admit(token, who, &forged),
            Err(CallerRefusal::TokenRequired)
        );
    }
    for wrong in ["tok3n-secreT", "tok3n-secret ", "", "tok3n"] {
        let mut h = headers(&[("host", "h:1")]);
        h.insert(TOKEN_HEADER, HeaderValue::from_str(wrong).expect("header"));
        assert_eq!(
            admit(token, peer(OTHER_MACHINE), &h),
            Err(CallerRefusal::TokenRequired),
            "{wrong:?}"
        );
    }
}

#[test]
fn an_empty_configured_token_means_no_token() {
    assert!(AccessToken::new(Some(String::new())).is_none());
    assert!(AccessToken::new(None).is_none());
}

#[test]
fn a_foreign_origin_or_a_cross_site_fetch_is_refused_even_with_the_token() {
    let token = AccessToken::new(Some("t".into()));
    for (origin, site) in [
        ("http://evil.example", "same-origin"),
        ("http://127.0.0.1:8081.evil.example", "same-origin"),
        ("null", "same-origin"),
        ("127.0.0.1:8081", "same-origin"),
    ] {
        let h = headers(&[
            ("host", "127.0.0.1:8081"),
            ("origin", origin),
            ("sec-fetch-site", site),
            ("x-dialtone-token", "t"),
        ]);
        assert_eq!(
            admit(token.as_ref(), peer(Ipv4Addr::LOCALHOST), &h),
            Err(CallerRefusal::ForeignOrigin),
            "{origin}"
        );
    }
    for site in ["cross-site", "same-site"] {
        let h = headers(&[
            ("host", "127.0.0.1:8081"),
            ("sec-fetch-site", site),
            ("x-dialtone-token", "t"),
        ]);
        assert_eq!(
            admit(token.as_ref(), peer(Ipv4Addr::LOCALHOST), &h),
            Err(CallerRefusal::CrossSiteFetch),
            "{site}"
        );
    }
    let own = headers(&[
        ("host", "127.0.0.1:8081"),
        ("origin", "https://127.0.0.1:8081"),
        ("x-dialtone-token", "t"),
    ]);
    assert_eq!(
        admit(token.as_ref(), peer(OTHER_MACHINE), &own),
        Ok(Admitted::ByToken)
    );
}

#[test]
fn an_origin_without_a_host_header_is_refused() {
    let h = headers(&[("origin", "http://127.0.0.1:8081")]);
    assert_eq!(
        admit(None, peer(Ipv4Addr::LOCALHOST), &h),
        Err(CallerRefusal::ForeignOrigin)
    );
}
