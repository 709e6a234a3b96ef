//! The optional MediaSFU proxy (specs/mediasfu-api.md §8.1): `/api/mediasfu/v1/<path>` →
//! `<upstream>/v1/<path>` with the server's own credentials, so a long-lived key never reaches a
//! browser. Same-origin requests only (and Dialtone's access token when one is configured), so it
//! is never an open relay. Bounded bodies, a 15 s upstream timeout (504), 502 when the upstream
//! cannot be reached, a 3 s shared cache of `GET …/list`, and a per-client spacing.
//! The key is read once from a file or the environment and never logged.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use dialtone_core::mediasfu::credentials::{Credentials, validate_base_url};
use subtle::ConstantTimeEq;

use crate::config::Config;

/// Request bodies over this get 413 (the double and MediaSFU's bodies are far smaller).
pub const MAX_REQUEST_BODY: usize = 64 * 1024;
/// Upstream answers over this become 502 rather than filling memory.
pub const MAX_RESPONSE_BODY: usize = 1024 * 1024;
pub const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(15);
pub const LIST_CACHE_FOR: Duration = Duration::from_secs(3);
/// Per client: one uncached request per this long. A little under the key's 5 s, so network
/// jitter never refuses a client that follows the rules; MediaSFU's own limit still applies.
pub const CLIENT_SPACING: Duration = Duration::from_secs(4);
/// The header a page sends Dialtone's access token in, when the server requires one.
pub const TOKEN_HEADER: &str = "x-dialtone-token";

struct Cached {
    at: Instant,
    status: StatusCode,
    content_type: Option<HeaderValue>,
    body: Bytes,
}

pub struct MediasfuProxy {
    upstream: String,
    credentials: Credentials,
    token: Option<String>,
    client: reqwest::Client,
    list_cache: Mutex<HashMap<String, Cached>>,
    clients: Mutex<HashMap<IpAddr, Instant>>,
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
        tracing::info!(upstream = %upstream, user = credentials.username(), "MediaSFU proxy on /api/mediasfu/v1/");
        Ok(Some(MediasfuProxy {
            upstream,
            credentials,
            token: token.filter(|t| !t.is_empty()),
            client,
            list_cache: Mutex::new(HashMap::new()),
            clients: Mutex::new(HashMap::new()),
        }))
    }
}

/// The proxy's routes, or none when it is off.
pub fn routes<S: Clone + Send + Sync + 'static>(proxy: Option<MediasfuProxy>) -> Router<S> {
    match proxy {
        Some(proxy) => Router::new()
            .route("/api/mediasfu/v1/{*path}", any(forward))
            .with_state(Arc::new(proxy)),
        None => Router::new(),
    }
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// §8.1: only these upstream paths, and `eventssettings/` only for GET.
fn path_allowed(method: &Method, path: &str) -> bool {
    let ok_method = *method == Method::GET || *method == Method::POST;
    let traversal = path.split('/').any(|seg| seg == ".." || seg == ".") || path.contains('\\');
    if !ok_method || traversal {
        return false;
    }
    if path.starts_with("eventssettings/") || path == "eventssettings" {
        return *method == Method::GET;
    }
    path.starts_with("sipcall/")
        || path.starts_with("sipconfigs/")
        || path == "sipconfigs"
        || path.starts_with("rooms/")
        || path == "rooms"
}

/// Browsers mark same-origin fetches with `Sec-Fetch-Site`; otherwise `Origin` must name the Host.
fn is_same_origin(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return site == "same-origin";
    }
    match (get("origin"), get("host")) {
        (Some(origin), Some(host)) => {
            let origin_host = origin
                .split_once("://")
                .map(|(_, rest)| rest)
                .unwrap_or(origin);
            origin_host.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

fn token_ok(proxy: &MediasfuProxy, headers: &HeaderMap) -> bool {
    match &proxy.token {
        None => true,
        Some(expected) => headers
            .get(TOKEN_HEADER)
            .map(|v| bool::from(v.as_bytes().ct_eq(expected.as_bytes())))
            .unwrap_or(false),
    }
}

fn cached_response(c: &Cached) -> Response {
    let mut r = Response::builder()
        .status(c.status)
        .header("x-dialtone-cache", "hit");
    if let Some(ct) = &c.content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    r.body(Body::from(c.body.clone()))
        .unwrap_or_else(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "cache"))
}

async fn forward(State(proxy): State<Arc<MediasfuProxy>>, request: Request) -> Response {
    let client_ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path()
        .strip_prefix("/api/mediasfu/v1/")
        .unwrap_or("")
        .to_owned();
    let query = parts
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    if !path_allowed(&parts.method, &path) {
        return refuse(
            StatusCode::NOT_FOUND,
            "not a MediaSFU path this proxy forwards",
        );
    }
    if !is_same_origin(&parts.headers) {
        tracing::info!("MediaSFU proxy: refused a cross-origin request");
        return refuse(
            StatusCode::FORBIDDEN,
            "the MediaSFU proxy serves this site's own pages only",
        );
    }
    if !token_ok(&proxy, &parts.headers) {
        return refuse(
            StatusCode::FORBIDDEN,
            "a valid Dialtone access token is required",
        );
    }
    let is_list = parts.method == Method::GET && path == "sipcall/list";
    let cache_key = format!("{path}{query}");
    if is_list {
        let cache = proxy.list_cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = cache
            .get(&cache_key)
            .filter(|c| c.at.elapsed() < LIST_CACHE_FOR)
        {
            return cached_response(c);
        }
    }
    // Per-client spacing for requests that reach the upstream.
    if let Some(ip) = client_ip {
        let mut clients = proxy.clients.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some(last) = clients.get(&ip)
            && now.duration_since(*last) < CLIENT_SPACING
        {
            let wait = (CLIENT_SPACING - now.duration_since(*last)).as_secs() + 1;
            let mut r = refuse(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests (Dialtone proxy)",
            );
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            return r;
        }
        clients.retain(|_, t| now.duration_since(*t) < CLIENT_SPACING);
        clients.insert(ip, now);
    }
    let body = match axum::body::to_bytes(body, MAX_REQUEST_BODY).await {
        Ok(b) => b,
        Err(_) => return refuse(StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
    };
    let url = format!("{}/v1/{}{}", proxy.upstream, path, query);
    let method = if parts.method == Method::POST {
        reqwest::Method::POST
    } else {
        reqwest::Method::GET
    };
    // Incoming Authorization (and every other header) is dropped: only ours goes upstream.
    let mut upstream = proxy
        .client
        .request(method.clone(), &url)
        .header(
            reqwest::header::AUTHORIZATION,
            proxy.credentials.authorization_header(),
        )
        .header(reqwest::header::ACCEPT, "application/json");
    if method == reqwest::Method::POST {
        upstream = upstream
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let answer = match upstream.send().await {
        Ok(a) => a,
        Err(e) if e.is_timeout() => {
            tracing::warn!(path = %path, "MediaSFU proxy: upstream timed out");
            return refuse(
                StatusCode::GATEWAY_TIMEOUT,
                "MediaSFU did not answer in time",
            );
        }
        Err(_) => {
            tracing::warn!(path = %path, "MediaSFU proxy: upstream unreachable");
            return refuse(StatusCode::BAD_GATEWAY, "MediaSFU could not be reached");
        }
    };
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok());
    let retry_after = answer
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok());
    let mut answer = answer;
    let mut collected: Vec<u8> = Vec::new();
    loop {
        match answer.chunk().await {
            Ok(Some(chunk)) => {
                if collected.len() + chunk.len() > MAX_RESPONSE_BODY {
                    return refuse(StatusCode::BAD_GATEWAY, "MediaSFU's answer was too large");
                }
                collected.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) if e.is_timeout() => {
                return refuse(
                    StatusCode::GATEWAY_TIMEOUT,
                    "MediaSFU did not answer in time",
                );
            }
            Err(_) => return refuse(StatusCode::BAD_GATEWAY, "MediaSFU's answer broke off"),
        }
    }
    let body = Bytes::from(collected);
    tracing::info!(method = %parts.method, path = %path, status = status.as_u16(), "MediaSFU proxy");
    {
        let mut cache = proxy.list_cache.lock().unwrap_or_else(|p| p.into_inner());
        if is_list && status.is_success() {
            cache.retain(|_, c| c.at.elapsed() < LIST_CACHE_FOR);
            cache.insert(
                cache_key,
                Cached {
                    at: Instant::now(),
                    status,
                    content_type: content_type.clone(),
                    body: body.clone(),
                },
            );
        } else if parts.method == Method::POST && status.is_success() {
            // A change upstream: the next list must be fresh.
            cache.clear();
        }
    }
    let mut r = Response::builder()
        .status(status)
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(ct) = content_type {
        r = r.header(header::CONTENT_TYPE, ct);
    }
    if let Some(ra) = retry_after {
        r = r.header(header::RETRY_AFTER, ra);
    }
    r.body(Body::from(body))
        .unwrap_or_else(|_| refuse(StatusCode::BAD_GATEWAY, "bad upstream answer"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_spec_paths_are_forwarded_and_eventssettings_only_for_get() {
        assert!(path_allowed(&Method::GET, "sipcall/list"));
        assert!(path_allowed(&Method::POST, "sipcall/abc/hold"));
        assert!(path_allowed(&Method::GET, "sipconfigs/"));
        assert!(path_allowed(&Method::POST, "rooms/"));
        assert!(path_allowed(&Method::GET, "eventssettings/"));
        assert!(!path_allowed(&Method::POST, "eventssettings/"));
        assert!(!path_allowed(&Method::POST, "disposable-keys"));
        assert!(!path_allowed(&Method::GET, "sipcall/../../admin"));
        assert!(!path_allowed(&Method::DELETE, "sipcall/list"));
    }

    #[test]
    fn same_origin_needs_sec_fetch_site_or_an_origin_naming_the_host() {
        let mut h = HeaderMap::new();
        assert!(!is_same_origin(&h), "no evidence: refused");
        h.insert("host", HeaderValue::from_static("127.0.0.1:8081"));
        h.insert("origin", HeaderValue::from_static("http://127.0.0.1:8081"));
        assert!(is_same_origin(&h));
        h.insert("origin", HeaderValue::from_static("http://evil.example"));
        assert!(!is_same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!is_same_origin(&h));
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(is_same_origin(&h));
    }
}
