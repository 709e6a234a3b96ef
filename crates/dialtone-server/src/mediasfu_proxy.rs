//! The optional MediaSFU proxy (specs/mediasfu-api.md §8.1): `/api/mediasfu/v1/<route>` →
//! `<upstream>/v1/<route>` with the server's own credentials, so a long-lived key never reaches a
//! browser, and so that nobody else spends it.
//!
//! Two checks stand before the upstream, each in its own file:
//! - [`route`]: the path is decoded and normalised first, then matched against an explicit table
//!   of the spec's route shapes (method + segments); the upstream URL is built from the matched
//!   parts only (constant pieces, a call id of a strict alphabet, known query keys with validated
//!   values). Anything else is 400/404/405 with a JSON `{code, message}` and nothing is sent.
//! - [`caller`]: with its own token configured, the proxy requires it (`x-dialtone-token`,
//!   constant-time compare); with none, it serves loopback peers only (the connecting socket's
//!   address, never a header) and tells anyone else that the operator must configure a token.
//!   An `Origin`, when present, must be this server's own; `Sec-Fetch-Site` never authorises.
//!
//! Then: bounded bodies, a 3 s shared cache of `GET …/list`, the key's request gate ([`spacing`]:
//! one request to MediaSFU at a time, a window plus margin after the previous answer, waiting
//! rather than refusing), a 15 s upstream timeout (504), and 502 when the upstream cannot be
//! reached ([`upstream`] does the exchange). The key is read once from a file or the environment
//! and never logged.

mod caller;
mod route;
mod spacing;
mod upstream;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use dialtone_core::mediasfu::credentials::{Credentials, validate_base_url};
use dialtone_core::mediasfu::gate::{Answer, Priority};

use crate::config::Config;

pub use caller::TOKEN_HEADER;

/// Request bodies over this get 413 (the double and MediaSFU's bodies are far smaller).
pub const MAX_REQUEST_BODY: usize = 64 * 1024;
/// Upstream answers over this become 502 rather than filling memory.
pub const MAX_RESPONSE_BODY: usize = 1024 * 1024;
pub const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(15);
pub const LIST_CACHE_FOR: Duration = Duration::from_secs(3);
pub use spacing::{MAX_PER_CLIENT, MAX_WAIT};

struct Cached {
    at: Instant,
    status: StatusCode,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

pub struct MediasfuProxy {
    upstream: String,
    /// The longest a request's body may take to arrive (the listener's header timeout): the
    /// head's timeout does not cover it, and a body sent a byte at a time holds a connection.
    body_timeout: Duration,
    credentials: Credentials,
    token: Option<caller::AccessToken>,
    client: reqwest::Client,
    list_cache: Mutex<HashMap<String, Cached>>,
    gate: spacing::UpstreamGate,
}

/// `username:key` from DIALTONE_MEDIASFU_CREDENTIALS or the key file, validated.
fn read_credentials(config: &Config) -> std::io::Result<Option<Credentials>> {
    let raw = match std::env::var("DIALTONE_MEDIASFU_CREDENTIALS") {
        Ok(v) => Some(v),
        Err(_) => match &config.mediasfu_key_file {
            Some(path) => Some(std::fs::read_to_string(path)?),
            None => None,
        },
    };
    let Some(raw) = raw.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    let invalid = |why: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("MediaSFU credentials: {why}"),
        )
    };
    let (user, key) = raw
        .split_once(':')
        .ok_or_else(|| invalid("expected `username:apiKey` on one line"))?;
    Credentials::new(user, key)
        .map(Some)
        .map_err(|p| invalid(p.sentence()))
}

impl MediasfuProxy {
    /// `None` when no credentials are configured (the proxy is off by default).
    pub fn from_config(
        config: &Config,
        token: Option<String>,
    ) -> std::io::Result<Option<MediasfuProxy>> {
        let Some(credentials) = read_credentials(config)? else {
            return Ok(None);
        };
        let upstream = validate_base_url(&config.mediasfu_base_url)
            .ok()
            .filter(|u| !u.starts_with('/'))
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "--mediasfu-base-url must be https:// (http:// only on loopback), no trailing slash"))?;
        let client = reqwest::Client::builder()
            .timeout(UPSTREAM_TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| std::io::Error::other(format!("MediaSFU proxy client: {e}")))?;
        let token = caller::AccessToken::new(token);
        if token.is_none() {
            tracing::info!(
                "MediaSFU proxy: no --mediasfu-proxy-token-file, so it serves loopback clients only"
            );
        }
        tracing::info!(upstream = %upstream, user = credentials.username(), "MediaSFU proxy on /api/mediasfu/v1/");
        Ok(Some(MediasfuProxy {
            upstream,
            body_timeout: Duration::from_secs(config.header_timeout_secs.max(1)),
            credentials,
            token,
            client,
            list_cache: Mutex::new(HashMap::new()),
            gate: spacing::UpstreamGate::default(),
        }))
    }
}

/// The proxy's routes, or none when it is off. Everything under `/api/mediasfu` is the proxy's,
/// so an unknown path there is a JSON 404, not the app's page.
pub fn routes<S: Clone + Send + Sync + 'static>(proxy: Option<MediasfuProxy>) -> Router<S> {
    match proxy {
        Some(proxy) => Router::new()
            .route("/api/mediasfu", any(forward))
            .route("/api/mediasfu/{*rest}", any(forward))
            .with_state(Arc::new(proxy))
            // Whatever type MediaSFU's answer claims, on our origin it is data, never a document.
            .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; sandbox"),
            )),
        None => Router::new(),
    }
}

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "code": code, "message": message });
    (status, axum::Json(body)).into_response()
}

fn cached_response(c: &Cached) -> Response {
    let mut r = Response::builder()
        .status(c.status)
        .header(header::CACHE_CONTROL, "no-store")
        .header("x-dialtone-cache", "hit");
    if let Some(ct) = &c.content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    r.body(Body::from(c.body.clone()))
        .unwrap_or_else(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "CACHE", "cache"))
}

impl MediasfuProxy {
    fn cached_list(&self, key: &str) -> Option<Response> {
        let cache = self.list_cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(key)
            .filter(|c| c.at.elapsed() < LIST_CACHE_FOR)
            .map(cached_response)
    }

    fn remember(&self, route: &route::UpstreamRoute, key: String, answer: &upstream::Answer) {
        let mut cache = self.list_cache.lock().unwrap_or_else(|p| p.into_inner());
        if route.is_call_list() && answer.status.is_success() {
            cache.retain(|_, c| c.at.elapsed() < LIST_CACHE_FOR);
            cache.insert(
                key,
                Cached {
                    at: Instant::now(),
                    status: answer.status,
                    content_type: answer.content_type.clone(),
                    body: answer.body.clone(),
                },
            );
        } else if route.method == Method::POST && answer.status.is_success() {
            // A change upstream: the next list must be fresh.
            cache.clear();
        }
    }
}

async fn forward(State(proxy): State<Arc<MediasfuProxy>>, request: Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let (parts, body) = request.into_parts();
    let route = match route::resolve(&parts.method, parts.uri.path(), parts.uri.query()) {
        Ok(route) => route,
        Err(refusal) => {
            let mut r = refuse(refusal.status(), refusal.code(), &refusal.message());
            if let route::RouteRefusal::MethodNotAllowed(allowed) = &refusal
                && let Ok(allow) = HeaderValue::from_str(allowed.as_str())
            {
                r.headers_mut().insert(header::ALLOW, allow);
            }
            return r;
        }
    };
    let admitted = match caller::admit(proxy.token.as_ref(), peer, &parts.headers) {
        Ok(admitted) => admitted,
        Err(refusal) => {
            static REFUSED: crate::log_limit::LogLimit = crate::log_limit::LogLimit::new();
            if let Some(refused) = REFUSED.event() {
                tracing::info!(code = refusal.code(), peer = ?peer, refused, "MediaSFU proxy: callers refused");
            }
            return refuse(refusal.status(), refusal.code(), refusal.message());
        }
    };
    let cache_key = format!("{}{}", route.path, route.query);
    if route.is_call_list()
        && let Some(hit) = proxy.cached_list(&cache_key)
    {
        return hit;
    }
    // The body first: a slow upload never holds the key's turn.
    let body = match tokio::time::timeout(proxy.body_timeout, axum::body::to_bytes(body, MAX_REQUEST_BODY)).await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BODY_TOO_LARGE",
                "request body too large",
            );
        }
        Err(_) => {
            let mut r = refuse(StatusCode::REQUEST_TIMEOUT, "BODY_TIMEOUT", "the request body did not arrive in time");
            r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            return r;
        }
    };
    // Polls give way to user actions, as in the page; a list another client fetched while this
    // one waited is served from the cache instead of spending the key's turn.
    let priority = if route.is_call_list() {
        Priority::Background
    } else {
        Priority::User
    };
    let permit = match proxy
        .gate
        .enter(peer.map(|p| crate::listener::address_key(p.ip())), priority, || {
            route
                .is_call_list()
                .then(|| proxy.cached_list(&cache_key))
                .flatten()
        })
        .await
    {
        Ok(spacing::Entry::Go(permit)) => permit,
        Ok(spacing::Entry::Shortcut(hit)) => return hit,
        Err(refusal) => {
            let mut r = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "RATE_LIMITED",
                refusal.message(),
            );
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from(refusal.retry_after_s()),
            );
            return r;
        }
    };
    let answer = match upstream::exchange(&proxy, &route, body).await {
        Ok(answer) => {
            permit.answered(match answer.status {
                StatusCode::TOO_MANY_REQUESTS => Answer::RateLimited {
                    retry_after_ms: answer
                        .retry_after
                        .as_ref()
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| s.saturating_mul(1_000)),
                },
                _ => Answer::Answered,
            });
            answer
        }
        Err(failure) => {
            permit.answered(Answer::NoAnswer);
            tracing::warn!(route = %route.path, code = failure.code(), "MediaSFU proxy: upstream failed");
            return refuse(failure.status(), failure.code(), failure.message());
        }
    };
    tracing::info!(method = %route.method, route = %route.path, status = answer.status.as_u16(), caller = ?admitted, "MediaSFU proxy");
    proxy.remember(&route, cache_key, &answer);
    let mut r = Response::builder()
        .status(answer.status)
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(ct) = answer.content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    if let Some(ra) = answer.retry_after {
        r = r.header(header::RETRY_AFTER, ra);
    }
    r.body(Body::from(answer.body)).unwrap_or_else(|_| {
        refuse(
            StatusCode::BAD_GATEWAY,
            "BAD_UPSTREAM_ANSWER",
            "bad upstream answer",
        )
    })
}
