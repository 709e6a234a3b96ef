//! Which `Host` this server answers to. A browser tricked by DNS rebinding sends the attacker's
//! name as Host (and as Origin, so an Origin check alone passes); refusing every name the
//! operator did not list stops it for every route at once. Default: the listen address,
//! `localhost`, `127.0.0.1` and `[::1]`, on any port.

use std::net::SocketAddr;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone)]
pub struct HostPolicy {
    /// `name` (any port) or `name:port` (that port only), lowercase.
    allowed: Vec<String>,
}

/// Splits `host[:port]` (IPv6 in brackets) into name and port.
fn split_host(host: &str) -> (&str, Option<&str>) {
    if host.starts_with('[') {
        return match host.find(']') {
            Some(end) => {
                let (name, rest) = host.split_at(end + 1);
                (name, rest.strip_prefix(':'))
            }
            None => (host, None),
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

impl HostPolicy {
    pub fn new(configured: &[String], listen: SocketAddr) -> HostPolicy {
        let mut allowed: Vec<String> = configured
            .iter()
            .map(|h| h.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        if allowed.is_empty() {
            allowed = vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
            let ip = listen.ip();
            if !ip.is_unspecified() && !ip.is_loopback() {
                allowed.push(match ip {
                    std::net::IpAddr::V4(v4) => v4.to_string(),
                    std::net::IpAddr::V6(v6) => format!("[{v6}]"),
                });
            }
        }
        HostPolicy { allowed }
    }

    /// Whether the default list is in force on an address others can reach (worth a warning).
    pub fn needs_configuring(configured: &[String], listen: SocketAddr) -> bool {
        configured.iter().all(|h| h.trim().is_empty()) && listen.ip().is_unspecified()
    }

    pub fn allows(&self, host: Option<&str>) -> bool {
        let Some(host) = host else { return false };
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = split_host(&host);
        let name = name.trim_end_matches('.');
        // A port must be digits; anything else in the header is not a host we serve.
        if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
        self.allowed.iter().any(|entry| {
            let (allowed_name, allowed_port) = split_host(entry);
            allowed_name == name && allowed_port.is_none_or(|p| Some(p) == port)
        })
    }
}

/// Middleware: refuses a request whose Host is not allowed (421, with a code), before any route.
pub async fn check_host(State(policy): State<std::sync::Arc<HostPolicy>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|v| v.to_str().ok());
    if policy.allows(host) {
        return next.run(request).await;
    }
    static REFUSED: crate::log_limit::LogLimit = crate::log_limit::LogLimit::new();
    if let Some(refused) = REFUSED.event() {
        tracing::info!(refused, "requests for a host name this server does not answer to: refused");
    }
    let body = serde_json::json!({
        "code": "HOST_NOT_ALLOWED",
        "message": "this server does not answer to that host name (its operator can add it with --allowed-hosts)",
    });
    (StatusCode::MISDIRECTED_REQUEST, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listen(addr: &str) -> SocketAddr {
        addr.parse().expect("addr")
    }

    #[test]
    fn by_default_loopback_names_and_the_listen_address_on_any_port() {
        let policy = HostPolicy::new(&[], listen("192.0.2.7:8081"));
        for host in ["localhost:8081", "127.0.0.1:9", "[::1]:8081", "192.0.2.7:8081", "LOCALHOST", "localhost."] {
            assert!(policy.allows(Some(host)), "{host}");
        }
        for host in ["rebind.attacker.example:8081", "localhost.attacker.example", "127.0.0.1.nip.io:8081", "", "localhost:80x"] {
            assert!(!policy.allows(Some(host)), "{host}");
        }
        assert!(!policy.allows(None), "HTTP/1.1 requires Host");
    }

    #[test]
    fn a_configured_list_replaces_the_default_and_may_pin_a_port() {
        let policy = HostPolicy::new(&["Calls.Example".into(), "lan.example:8443".into()], listen("0.0.0.0:8081"));
        assert!(policy.allows(Some("calls.example")));
        assert!(policy.allows(Some("calls.example:443")));
        assert!(policy.allows(Some("lan.example:8443")));
        assert!(!policy.allows(Some("lan.example:8081")));
        assert!(!policy.allows(Some("localhost:8081")));
        assert!(HostPolicy::needs_configuring(&[], listen("0.0.0.0:1")));
        assert!(!HostPolicy::needs_configuring(&[], listen("127.0.0.1:1")));
    }
}
