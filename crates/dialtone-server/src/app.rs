//! HTTP routes: the built app (static files with compression), `/ws`, `/healthz`, `/metrics`
//! and the small APIs. Every route sits behind the Host allowlist (host_policy.rs); everything
//! that hands out something of value (a signaling socket, TURN credentials, metrics) also
//! checks Origin and, when one is configured, the access token.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::Extension;
use axum::extract::{Query, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeFile;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::access::{AccessPolicy, Refusal};
use crate::config::Config;
use crate::connection::{self, ConnectionParams, HARD_FRAME_LIMIT};
use crate::embed_policy::EmbedPolicy;
use crate::host_policy::HostPolicy;
use crate::listener::ConnectionSlot;
use crate::turn::TurnConfig;
use tower::ServiceBuilder;

/// What a socket refused as full may send before it closes: a close frame fits easily.
const REFUSED_FRAME_LIMIT: usize = 4 * 1024;
use crate::cluster::ClusterLink;
use crate::hub_driver::HubDriver;

#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<HubDriver>,
    /// Clustered: the Redis link, for what a connection needs from it before it joins.
    pub cluster: Option<ClusterLink>,
    pub ping_every: Duration,
    pub embed: Arc<EmbedPolicy>,
    pub access: Arc<AccessPolicy>,
    /// Per-connection message rate and burst.
    pub rate: (u32, u32),
    /// Per-connection bytes of text a second and burst.
    pub bytes: (u32, u32),
    pub write_deadline: Duration,
    pub turn: Option<Arc<TurnConfig>>,
}

// No `Debug`: it holds the access token and the resume token.
#[derive(Deserialize)]
struct WsQuery {
    name: Option<String>,
    room: Option<String>,
    resume: Option<String>,
    token: Option<String>,
}

pub fn router(
    config: &Config,
    hub: Arc<HubDriver>,
    cluster: Option<ClusterLink>,
    embed: EmbedPolicy,
    access: AccessPolicy,
    turn: Option<TurnConfig>,
    mediasfu: Option<crate::mediasfu_proxy::MediasfuProxy>,
) -> Router {
    let inline_sources = crate::pages::inline_script_sources(&config.dist, &crate::pages::Page::ALL);
    let csp = HeaderValue::from_str(&app_content_security_policy(&embed, &inline_sources))
        .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'self'"));
    let unframed_csp = HeaderValue::from_str(&unframed_content_security_policy(&inline_sources))
        .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'self'"));
    let state = AppState {
        hub,
        cluster,
        ping_every: Duration::from_secs(config.ping_secs.max(1)),
        embed: Arc::new(embed),
        access: Arc::new(access),
        rate: (config.rate_per_sec, config.rate_burst),
        bytes: (config.client_bytes_per_sec, config.client_burst_bytes.max(crate::connection::HARD_FRAME_LIMIT as u32)),
        write_deadline: Duration::from_secs(config.write_timeout_secs.max(1)),
        turn: turn.map(Arc::new),
    };
    let hosts = Arc::new(HostPolicy::new(&config.allowed_hosts, config.listen));
    // Deep links get the app's page, missing files a 404; only allowed origins may frame it.
    let files = crate::static_files::StaticFiles::new(&config.dist, csp, unframed_csp);
    let files = tower::service_fn(move |request: axum::extract::Request| files.clone().serve(request));
    // The widget loader: host sites load it on every page view, so let browsers cache it briefly.
    let loader = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=600, stale-while-revalidate=3600"),
        ))
        .service(ServeFile::new(config.dist.join("public").join("embed.js")));
    let audio_sink = crate::audio_sink::routes(config, state.access.clone());
    let mediasfu = crate::mediasfu_proxy::routes(mediasfu);
    Router::new()
        .route("/ws", get(websocket))
        .route("/healthz", get(health))
        .route("/metrics", get(metrics))
        .route("/api/embed-config", get(embed_config))
        .route("/api/ice-servers", get(ice_servers))
        .route_service("/embed.js", loader)
        .merge(audio_sink)
        .merge(mediasfu)
        .fallback_service(files)
        .layer(CompressionLayer::new())
        // Files are small and change with every build; revalidate instead of caching blindly.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        // Nothing is sniffed into a script, and no URL (which may hold ?token=) leaks as a Referer.
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(axum::middleware::from_fn_with_state(hosts, crate::host_policy::check_host))
        .with_state(state)
}

/// The app's Content-Security-Policy: scripts only from this server (and the loader trunk
/// writes inline into index.html, by its hash), WebAssembly allowed, no plugins, no `<base>`
/// tricks; framing only by the allowed embed origins. Connections may go to any WebSocket or
/// HTTPS endpoint: the live audio stream and MediaSFU's API are the user's choice.
/// `inline_sources` is [`crate::pages::inline_script_sources`] for every page.
pub fn app_content_security_policy(embed: &EmbedPolicy, inline_sources: &str) -> String {
    page_policy(inline_sources, &embed.content_security_policy())
}

/// The policy of the pages no other site may frame (the telephony and host pages): only the
/// widget is for embedding, and a framed operator page could be clicked through by its framer.
pub fn unframed_content_security_policy(inline_sources: &str) -> String {
    page_policy(inline_sources, "frame-ancestors 'self'")
}

fn page_policy(inline_sources: &str, frame_ancestors: &str) -> String {
    let script_src = format!("'self' 'wasm-unsafe-eval'{inline_sources}");
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         media-src 'self' blob: mediastream:; connect-src 'self' ws: wss: http: https:; worker-src 'self' blob:; \
         font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; {frame_ancestors}"
    )
}

/// The access token a request carries: `x-dialtone-token`, `Authorization: Bearer …`, or `?token=`.
fn request_token<'a>(headers: &'a HeaderMap, query_token: Option<&'a str>) -> Option<&'a str> {
    headers
        .get("x-dialtone-token")
        .and_then(|v| v.to_str().ok())
        .or_else(|| {
            headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
        })
        .or(query_token)
}

/// Origin and token, as for `/ws`; the refusal as a response.
fn refused(access: &AccessPolicy, headers: &HeaderMap, query_token: Option<&str>) -> Option<Response> {
    let header = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let refusal = access
        .check(header(header::ORIGIN), header(header::HOST), request_token(headers, query_token))
        .err()?;
    let status = match refusal {
        Refusal::Origin(_) => StatusCode::FORBIDDEN,
        Refusal::Token => StatusCode::UNAUTHORIZED,
    };
    let body = serde_json::json!({ "code": "NOT_ALLOWED", "message": refusal.message() });
    Some((status, axum::Json(body)).into_response())
}

// No `Debug`: it holds the access token.
#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// How often a held place looks whether its id was taken back (then it is freed).
const AWAY_CHECK: std::time::Duration = std::time::Duration::from_millis(500);

async fn websocket(
    upgrade: WebSocketUpgrade,
    Query(query): Query<WsQuery>,
    headers: HeaderMap,
    slot: Option<Extension<ConnectionSlot>>,
    State(state): State<AppState>,
) -> Response {
    let header = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Err(refusal) = state.access.check(header(header::ORIGIN), header(header::HOST), query.token.as_deref()) {
        let status = match refusal {
            Refusal::Origin(_) => StatusCode::FORBIDDEN,
            Refusal::Token => StatusCode::UNAUTHORIZED,
        };
        static REFUSED: crate::log_limit::LogLimit = crate::log_limit::LogLimit::new();
        if let Some(refused) = REFUSED.event() {
            tracing::info!(status = status.as_u16(), refused, "signaling sockets refused");
        }
        let body = serde_json::json!({ "code": "NOT_ALLOWED", "message": refusal.message() });
        return (status, axum::Json(body)).into_response();
    }
    if state.hub.is_closing() {
        let body = serde_json::json!({ "code": "SHUTTING_DOWN", "message": "this server is shutting down; reconnect shortly" });
        return (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response();
    }
    let full = !state.hub.read(|hub| hub.has_place(query.room.as_deref(), query.resume.as_deref()));
    if full {
        static FULL: crate::log_limit::LogLimit = crate::log_limit::LogLimit::new();
        if let Some(refused) = FULL.event() {
            tracing::info!(refused, "signaling sockets for a full room: told ROOM_FULL");
        }
        state.hub.metrics().reject(dialtone_core::protocol::ErrorCode::RoomFull.as_str());
        let message = state.hub.read(|hub| hub.room_full_message());
        // It is only told and closed: anything it sends before its close frame is small or cut.
        return upgrade
            .read_buffer_size(1024)
            .write_buffer_size(1024)
            .max_message_size(REFUSED_FRAME_LIMIT)
            .max_frame_size(REFUSED_FRAME_LIMIT)
            .on_upgrade(move |socket| async move {
                // Its connection slot is held until it is closed.
                let _slot = slot;
                connection::refuse_full_room(socket, message).await;
            });
    }
    let params = ConnectionParams {
        name: query.name,
        room: query.room,
        resume: query.resume,
        rate: state.rate,
        bytes: state.bytes,
        ping_every: state.ping_every,
        write_deadline: state.write_deadline,
    };
    upgrade
        // Signaling frames are small: 1 KiB instead of the 128 KiB defaults keeps an idle
        // connection cheap. The read buffer is allocated and zeroed whole (larger frames take
        // several reads); the write buffer keeps the capacity it once reached, so a low flush
        // threshold keeps a welcome with chat history from leaving kilobytes behind. 4 -> 1 KiB:
        // 9.0 -> 6.0 KiB per idle connection, 13.9 -> 6.8 KiB in rooms with history (release).
        .read_buffer_size(1024)
        .write_buffer_size(1024)
        .max_message_size(HARD_FRAME_LIMIT)
        .max_frame_size(HARD_FRAME_LIMIT)
        .on_upgrade(move |socket| async move {
            // The socket keeps its TCP connection's place under the connection caps.
            let slot = slot;
            let grace = state.hub.resume_grace();
            let hub = state.hub.clone();
            let away = connection::run(socket, state.hub, state.cluster, params).await;
            // A client gone without a goodbye stays listed in its room for the resume grace
            // (hub/resume.rs). Its place is held as long, or until the id is taken back on a new
            // connection (which holds a place of its own): otherwise one address could fill a
            // room, and the node, with such ghosts by dropping connection after connection.
            if let Some(id) = away {
                let until = tokio::time::Instant::now() + grace;
                while hub.read(|hub| hub.is_away(&id)) && tokio::time::Instant::now() < until {
                    tokio::time::sleep_until(until.min(tokio::time::Instant::now() + AWAY_CHECK)).await;
                }
            }
            drop(slot);
        })
}

/// The origins the embedded widget accepts commands from (its own origin is always allowed).
async fn embed_config(State(state): State<AppState>) -> impl IntoResponse {
    axum::Json(serde_json::json!({ "origins": state.embed.origins() }))
}

/// STUN/TURN servers for the next calls, with fresh TURN credentials for a random user (the
/// server trusts nothing a client says about who it is).
async fn ice_servers(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<TokenQuery>) -> Response {
    // TURN credentials let anyone relay through our TURN server: only for our own pages.
    if let Some(refusal) = refused(&state.access, &headers, query.token.as_deref()) {
        return refusal;
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let body = match &state.turn {
        Some(turn) => turn.issue(now, &crate::identity::new_peer_id()),
        None => crate::turn::IceServers { ice_servers: Vec::new(), ttl: 3600 },
    };
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
}

async fn metrics(State(state): State<AppState>, headers: HeaderMap, Query(query): Query<TokenQuery>) -> Response {
    if let Some(refusal) = refused(&state.access, &headers, query.token.as_deref()) {
        return refusal;
    }
    (
        [(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")],
        state.hub.render_metrics(),
    )
        .into_response()
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let mut body = serde_json::json!({ "status": "ok", "peers": state.hub.peer_count() });
    if let Some(link) = &state.cluster {
        body["cluster"] = serde_json::json!({ "node": link.node(), "nodesDown": state.hub.nodes_down() });
    }
    (StatusCode::OK, axum::Json(body))
}
