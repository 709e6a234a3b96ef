//! Who may open a signaling socket: an Origin allowlist (browsers send Origin; open to the
//! server's own host and to localhost by default) and an optional access token (`/ws?token=…`).
//! Checked before the WebSocket upgrade; the token is compared in constant time and never logged.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

#[derive(Clone, Default)]
pub struct AccessPolicy {
    allowed_origins: Vec<String>,
    token: Option<String>,
}

/// Says whether a token is set, never the token.
impl std::fmt::Debug for AccessPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessPolicy")
            .field("allowed_origins", &self.allowed_origins)
            .field("token", &self.token.as_ref().map(|_| "***"))
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The page's origin is not allowed to use this server.
    Origin(String),
    /// A token is required and this one is missing or wrong.
    Token,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Origin(origin) => format!("pages from {origin} may not use this Dialtone server"),
            Refusal::Token => "a valid access token is required (?token=…)".to_owned(),
        }
    }
}

fn host_of(origin: &str) -> &str {
    let rest = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    rest.split('/').next().unwrap_or(rest)
}

/// `host[:port]` names this machine (IPv6 hosts come in brackets).
fn is_loopback(host: &str) -> bool {
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

impl AccessPolicy {
    pub fn new(allowed_origins: Vec<String>, token: Option<String>) -> Self {
        AccessPolicy {
            allowed_origins: allowed_origins
                .into_iter()
                .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
                .filter(|o| !o.is_empty())
                .collect(),
            token: token.filter(|t| !t.is_empty()),
        }
    }

    /// `origin`: the Origin header (absent for non-browser clients); `host`: the Host header.
    pub fn check(&self, origin: Option<&str>, host: Option<&str>, token: Option<&str>) -> Result<(), Refusal> {
        if let Some(origin) = origin {
            let origin = origin.to_ascii_lowercase();
            let allowed = if self.allowed_origins.is_empty() {
                let origin_host = host_of(&origin);
                host.is_some_and(|h| h.eq_ignore_ascii_case(origin_host)) || is_loopback(origin_host)
            } else {
                self.allowed_origins.contains(&origin)
            };
            if !allowed {
                return Err(Refusal::Origin(origin));
            }
        }
        if let Some(expected) = &self.token {
            // Digests of equal length compared in constant time: comparing the tokens themselves
            // would return early on a length mismatch and so tell the token's length.
            let digest = |text: &str| -> [u8; 32] { Sha256::digest(text.as_bytes()).into() };
            let given = token.unwrap_or_default();
            if !bool::from(digest(expected).ct_eq(&digest(given))) {
                return Err(Refusal::Token);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let policy = AccessPolicy::new(vec![], Some("s3cret-token".into()));
        let shown = format!("{policy:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("***"), "it says a token is set: {shown}");
    }

    #[test]
    fn by_default_the_own_host_and_localhost_may_connect() {
        let policy = AccessPolicy::default();
        assert_eq!(policy.check(Some("https://calls.example"), Some("calls.example"), None), Ok(()));
        assert_eq!(policy.check(Some("http://localhost:3000"), Some("calls.example"), None), Ok(()));
        assert_eq!(policy.check(Some("http://127.0.0.1:9"), Some("127.0.0.1:8081"), None), Ok(()));
        assert_eq!(policy.check(Some("http://[::1]:9"), Some("calls.example"), None), Ok(()));
        assert!(policy.check(Some("http://localhost.evil.example"), Some("calls.example"), None).is_err());
        assert!(policy.check(Some("https://evil.example"), Some("calls.example"), None).is_err());
        assert_eq!(policy.check(None, Some("calls.example"), None), Ok(()), "non-browser clients send no Origin");
    }

    #[test]
    fn an_explicit_list_is_exact() {
        let policy = AccessPolicy::new(vec!["https://App.example/".into()], None);
        assert_eq!(policy.check(Some("https://app.example"), Some("x"), None), Ok(()));
        assert!(policy.check(Some("http://localhost:1"), Some("x"), None).is_err());
    }

    #[test]
    fn a_configured_token_is_required_and_must_match() {
        let policy = AccessPolicy::new(vec![], Some("s3cret".into()));
        assert_eq!(policy.check(None, None, Some("s3cret")), Ok(()));
        assert_eq!(policy.check(None, None, Some("s3cres")), Err(Refusal::Token));
        assert_eq!(policy.check(None, None, None), Err(Refusal::Token));
    }
}
