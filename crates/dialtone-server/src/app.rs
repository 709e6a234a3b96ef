//! HTTP routes: the built app (static files with compression), `/ws`, and `/healthz`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Config;
use crate::connection::{self, ConnectionParams, HARD_FRAME_LIMIT};
use crate::hub::Hub;

#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub ping_every: Duration,
}

#[derive(Debug, Deserialize)]
struct WsQuery {
    name: Option<String>,
    room: Option<String>,
}

pub fn router(config: &Config, hub: Arc<Hub>) -> Router {
    let state = AppState {
        hub,
        ping_every: Duration::from_secs(config.ping_secs.max(1)),
    };
    let index = config.dist.join("index.html");
    // Unknown paths fall back to the app's page, so deep links work.
    let files = ServeDir::new(&config.dist).fallback(ServeFile::new(index));
    Router::new()
        .route("/ws", get(websocket))
        .route("/healthz", get(health))
        .fallback_service(files)
        .layer(CompressionLayer::new())
        // Files are small and change with every build; revalidate instead of caching blindly.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .with_state(state)
}

async fn websocket(
    upgrade: WebSocketUpgrade,
    Query(query): Query<WsQuery>,
    State(state): State<AppState>,
) -> Response {
    let params = ConnectionParams {
        name: query.name,
        room: query.room,
        ping_every: state.ping_every,
    };
    upgrade
        .max_message_size(HARD_FRAME_LIMIT)
        .max_frame_size(HARD_FRAME_LIMIT)
        .on_upgrade(move |socket| connection::run(socket, state.hub, params))
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let body = serde_json::json!({ "status": "ok", "peers": state.hub.peer_count() });
    (StatusCode::OK, axum::Json(body))
}
