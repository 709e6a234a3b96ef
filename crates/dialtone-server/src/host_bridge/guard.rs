//! Who may talk to the host bridge (specs/host-protocol.md §8): the `Host` header names this
//! loopback port (no DNS rebinding), the upgrade's `Origin` is exactly the page's origin, and the
//! per-session token is presented once.

use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::HeaderValue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use subtle::ConstantTimeEq;

/// 128 random bits, the spec's minimum (§8.3).
const TOKEN_BYTES: usize = 16;

/// Why a request or an upgrade was refused (logged; the client only sees the status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    ForeignHost,
    ForeignOrigin,
    BadToken,
    AlreadyConnected,
}

impl Refusal {
    /// A stable code for logs and the refusal's body.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::ForeignHost => "FOREIGN_HOST",
            Refusal::ForeignOrigin => "FOREIGN_ORIGIN",
            Refusal::BadToken => "BAD_TOKEN",
            Refusal::AlreadyConnected => "ALREADY_CONNECTED",
        }
    }
}

pub struct Guard {
    port: u16,
    origin: String,
    token: String,
    /// The token admits one page socket for the bridge's lifetime.
    claimed: AtomicBool,
}

impl Guard {
    /// A guard with a fresh random token for a bridge on `127.0.0.1:port`.
    pub fn new(port: u16) -> Guard {
        let mut bytes = [0u8; TOKEN_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Guard {
            port,
            origin: format!("http://127.0.0.1:{port}"),
            token: URL_SAFE_NO_PAD.encode(bytes),
            claimed: AtomicBool::new(false),
        }
    }

    /// The URL to open: the token rides in the fragment, which browsers never send in a request
    /// or a `Referer` (§8.3); the page moves it to the socket's `?token=`.
    pub fn page_url(&self) -> String {
        format!("{}/simplex/call/#token={}", self.origin, self.token)
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Every request: the `Host` header must name this port on a loopback name.
    pub fn check_host(&self, host: Option<&str>) -> Result<(), Refusal> {
        let port = self.port;
        let allowed = [
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        match host {
            Some(host) if allowed.iter().any(|a| a.eq_ignore_ascii_case(host)) => Ok(()),
            _ => Err(Refusal::ForeignHost),
        }
    }

    /// The page socket's upgrade: exact origin, the token (constant time), and only once.
    pub fn admit(&self, origin: Option<&str>, token: Option<&str>) -> Result<(), Refusal> {
        if origin != Some(self.origin.as_str()) {
            return Err(Refusal::ForeignOrigin);
        }
        let given = token.unwrap_or("").as_bytes();
        if !bool::from(given.ct_eq(self.token.as_bytes())) {
            return Err(Refusal::BadToken);
        }
        if self.claimed.swap(true, Ordering::SeqCst) {
            return Err(Refusal::AlreadyConnected);
        }
        Ok(())
    }
}

/// A restrictive CSP for the page (§8.4): scripts from self plus trunk's inline loader (by its
/// hash, so no `'unsafe-inline'` for scripts), wasm compilation, sockets and fetches to self only.
/// Styles keep `'unsafe-inline'` because the UI sets style attributes.
/// `inline_sources` is [`crate::pages::inline_script_sources`] for the host page.
pub fn content_security_policy(inline_sources: &str) -> HeaderValue {
    let scripts = format!("'self' 'wasm-unsafe-eval'{inline_sources}");
    let policy = format!(
        "default-src 'self'; script-src {scripts}; worker-src 'self'; connect-src 'self'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; \
         object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use sha2::{Digest, Sha256};

    #[test]
    fn origin_token_and_once() {
        let guard = Guard::new(4000);
        let token = guard.token.clone();
        assert_eq!(guard.admit(None, Some(&token)), Err(Refusal::ForeignOrigin));
        assert_eq!(
            guard.admit(Some("http://localhost:4000"), Some(&token)),
            Err(Refusal::ForeignOrigin)
        );
        assert_eq!(
            guard.admit(Some("http://127.0.0.1:4000"), None),
            Err(Refusal::BadToken)
        );
        assert_eq!(
            guard.admit(Some("http://127.0.0.1:4000"), Some("x")),
            Err(Refusal::BadToken)
        );
        assert_eq!(
            guard.admit(Some("http://127.0.0.1:4000"), Some(&token)),
            Ok(())
        );
        assert_eq!(
            guard.admit(Some("http://127.0.0.1:4000"), Some(&token)),
            Err(Refusal::AlreadyConnected)
        );
        assert_eq!(token.len(), 22, "128 bits in base64url");
    }

    #[test]
    fn hosts() {
        let guard = Guard::new(4000);
        assert!(guard.check_host(Some("127.0.0.1:4000")).is_ok());
        assert!(guard.check_host(Some("LOCALHOST:4000")).is_ok());
        assert!(guard.check_host(Some("[::1]:4000")).is_ok());
        assert!(guard.check_host(Some("evil.example:4000")).is_err());
        assert!(guard.check_host(Some("127.0.0.1:4001")).is_err());
        assert!(guard.check_host(None).is_err());
    }

    #[test]
    fn csp_hashes_inline_loader_only() {
        let scratch = tempfile::tempdir().expect("a scratch folder");
        let dir = scratch.path();
        let html = "<script type=\"module\">\nimport x;\n</script><script src=\"/a.js\"></script>";
        std::fs::write(dir.join("host.html"), html).expect("host page");
        let csp = content_security_policy(&crate::pages::inline_script_sources(dir, &[crate::pages::Page::Host]));
        let csp = csp.to_str().unwrap_or_default();
        let expected = STANDARD.encode(Sha256::digest(b"\nimport x;\n"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert_eq!(csp.matches("sha256-").count(), 1);
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
    }
}
