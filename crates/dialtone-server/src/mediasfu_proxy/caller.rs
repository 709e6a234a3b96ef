//! Who may spend the server's MediaSFU key through the proxy.
//!
//! The rule: when the proxy has its token configured (`--mediasfu-proxy-token-file`, never the
//! access token, which call links hand to everyone invited), the token in `x-dialtone-token`
//! (compared in constant time) is what authenticates a caller, from any address. When no token
//! is configured, only this machine may use the proxy: the connecting socket's address must be
//! loopback (127.0.0.0/8 or ::1, IPv4-mapped included) and the request must not carry forwarding
//! headers (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`), which mean a reverse proxy on this
//! machine is relaying it for someone else. Everyone else gets 403 with a message telling the
//! operator to configure the proxy's token. A reverse proxy that adds no forwarding header makes
//! every caller look local, so behind one, configure a token.
//!
//! On top of that, for every caller: an `Origin`, when present, must be this server's own (the
//! Host header, which the Host allowlist has already vetted), and a `Sec-Fetch-Site` other than
//! `same-origin` or `none` (the browser saying another site sent this) is refused, so a page
//! elsewhere cannot ride on a loopback user's or a token holder's standing. `Sec-Fetch-Site` is
//! a client's claim: it can refuse a request, it never authorises one.

use std::net::SocketAddr;

use axum::http::{HeaderMap, StatusCode, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The header a page sends the proxy's token in (and `/api/ice-servers` the access token).
pub const TOKEN_HEADER: &str = "x-dialtone-token";

/// Headers a reverse proxy adds when it relays a request for another client.
const FORWARDING_HEADERS: &[&str] = &["forwarded", "x-forwarded-for", "x-real-ip"];

/// The proxy's configured token, kept as a digest so that comparing it takes the same time
/// whatever the candidate's length or content.
pub struct AccessToken([u8; 32]);

impl AccessToken {
    /// `None` for an absent or empty token (no token configured).
    pub fn new(token: Option<String>) -> Option<AccessToken> {
        token
            .filter(|t| !t.is_empty())
            .map(|t| AccessToken(Sha256::digest(t.as_bytes()).into()))
    }

    fn matches(&self, candidate: &[u8]) -> bool {
        let digest: [u8; 32] = Sha256::digest(candidate).into();
        bool::from(digest.ct_eq(&self.0))
    }
}

/// How an admitted caller was authenticated (for the log line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admitted {
    ByToken,
    AsLoopback,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerRefusal {
    /// `Origin` names another site than this server.
    ForeignOrigin,
    /// The browser reports the request as sent by another site.
    CrossSiteFetch,
    /// A token is configured and the request has none, or another.
    TokenRequired,
    /// No token is configured and the caller is not on this machine.
    LoopbackOnly,
    /// No token is configured and a reverse proxy relays the request for another client.
    RelayedWithoutToken,
    /// The connection's address is unknown: refused rather than assumed local.
    UnknownPeer,
}

impl CallerRefusal {
    pub fn status(self) -> StatusCode {
        StatusCode::FORBIDDEN
    }

    pub fn code(self) -> &'static str {
        match self {
            CallerRefusal::ForeignOrigin | CallerRefusal::CrossSiteFetch => "FOREIGN_ORIGIN",
            CallerRefusal::TokenRequired => "TOKEN_REQUIRED",
            CallerRefusal::LoopbackOnly
            | CallerRefusal::RelayedWithoutToken
            | CallerRefusal::UnknownPeer => "LOOPBACK_ONLY",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            CallerRefusal::ForeignOrigin | CallerRefusal::CrossSiteFetch => {
                "the MediaSFU proxy serves this site's own pages only"
            }
            CallerRefusal::TokenRequired => {
                "a valid token for this server's MediaSFU proxy is required (x-dialtone-token; open the \
                 telephony page with ?token=…)"
            }
            CallerRefusal::LoopbackOnly
            | CallerRefusal::RelayedWithoutToken
            | CallerRefusal::UnknownPeer => {
                "without its token the MediaSFU proxy serves this machine (loopback) only; the \
                 operator must configure one (--mediasfu-proxy-token-file) before other machines \
                 may use the server's MediaSFU key"
            }
        }
    }
}

/// Admits or refuses a request to the proxy (see the module comment for the rule).
pub fn admit(
    token: Option<&AccessToken>,
    peer: Option<SocketAddr>,
    headers: &HeaderMap,
) -> Result<Admitted, CallerRefusal> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = headers.get(header::ORIGIN)
        && !origin
            .to_str()
            .is_ok_and(|o| is_own_origin(o, get(header::HOST.as_str())))
    {
        return Err(CallerRefusal::ForeignOrigin);
    }
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.as_bytes(), b"same-origin" | b"none")
    {
        return Err(CallerRefusal::CrossSiteFetch);
    }
    if let Some(token) = token {
        let presented = headers.get(TOKEN_HEADER).map(|v| v.as_bytes());
        return match presented {
            Some(candidate) if token.matches(candidate) => Ok(Admitted::ByToken),
            _ => Err(CallerRefusal::TokenRequired),
        };
    }
    let peer = peer.ok_or(CallerRefusal::UnknownPeer)?;
    if !peer.ip().to_canonical().is_loopback() {
        return Err(CallerRefusal::LoopbackOnly);
    }
    if FORWARDING_HEADERS.iter().any(|h| headers.contains_key(*h)) {
        return Err(CallerRefusal::RelayedWithoutToken);
    }
    Ok(Admitted::AsLoopback)
}

/// `http(s)://` + exactly the Host header's authority (case aside).
fn is_own_origin(origin: &str, host: Option<&str>) -> bool {
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match (authority, host) {
        (Some(authority), Some(host)) => !host.is_empty() && authority.eq_ignore_ascii_case(host),
        _ => false,
    }
}

#[cfg(test)]
#[path = "caller_tests.rs"]
mod tests;
