//! The audio sink (specs/audio.md, "Live audio stream"): `/audio-sink/<callId>` takes a client's
//! live stream over a WebSocket (binary frames in the core's `audio_stream::frame` layout) and
//! writes a WAV file per call into `--audio-sink-dir`, with the sequence numbers it received
//! (`<callId>.json`, and `GET /audio-sink/<callId>/seqs`), so self-hosters can archive calls and
//! tests can prove that no frame was lost or repeated across a reconnect.
//!
//! Off unless `--audio-sink-dir` is given. The socket and `/seqs` follow the Origin and token
//! rules of `/ws`. Everything a client can make it do is bounded: silence filled per gap and per
//! call (`recording.rs`), the length of a call (`--audio-sink-max-call-secs`), the folder's bytes
//! and calls (`--audio-sink-max-bytes`, `--audio-sink-max-calls`, `quota.rs`; existing files are
//! never replaced or deleted), sockets at once, and how long a socket may send nothing
//! (`--audio-sink-idle-secs`, `stream.rs`). Files are written off the runtime (`writer.rs`).
//! With `--audio-sink-test-controls`, `POST /audio-sink/<callId>/disconnect?refuseMs=N` closes
//! the call's sockets (politely: the client is asked to close, so no frame crosses the close)
//! and refuses new ones for N ms, so tests can force reconnects.

mod places;
mod quota;
mod recording;
mod stream;
mod wav;
mod writer;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dialtone_core::audio_stream::frame::MAX_AUDIO_FRAME_BYTES;
use serde::Deserialize;
use tokio::sync::watch;

use crate::access::{AccessPolicy, Refusal};
use crate::config::Config;
use places::{SocketPlace, over_since};
use quota::Quota;
pub use recording::{Discontinuity, MAX_CALL_SECS, Summary};
use recording::{Recording, Rejected};
pub use stream::{CLOSE_CALL_TOO_LONG, CLOSE_IDLE, CLOSE_SINK_FULL};
use writer::Writer;

/// Calls kept in memory (for `/seqs` and reconnects); past this one that is over is forgotten
/// (its files stay on disk, and its id is not recorded again): one never connected first, then
/// the one whose socket left longest ago. A call is over only once it has had no socket for
/// [`places::RECONNECT_GRACE`] (or, never connected, for [`places::UPGRADE_WAIT`]): a stream reconnecting after
/// a short sink outage must find its call, not a 409.
const MAX_CALLS: usize = 256;
/// Live sockets at once, over all calls.
const MAX_CONNECTIONS: usize = 64;
/// Call ids are used as file names: this many characters of `[A-Za-z0-9_-]`.
const MAX_CALL_ID_LEN: usize = 64;
/// The longest refusal a test may ask for.
const MAX_REFUSE_MS: u64 = 60_000;
/// Room a running call needs to be let back in: a frame and its sequence number.
const RECONNECT_BYTES: u64 = 2048;

struct Call {
    recording: Mutex<Recording>,
    writer: Writer,
    /// Bumped to ask this call's sockets to close.
    kick: watch::Sender<u64>,
    refuse_until: Mutex<Option<Instant>>,
    live: AtomicUsize,
    created: Instant,
    /// When its last socket ended (`None`: it never had one that ended).
    left_at: Mutex<Option<Instant>>,
}

impl Call {
    /// Since when it has had no socket and may be forgotten, if it is over (see [`MAX_CALLS`]):
    /// `Some(None)` for a call that never connected.
    fn over_since(&self, now: Instant) -> Option<Option<Instant>> {
        let left = self.left_at.lock().ok().and_then(|left| *left);
        over_since(self.live.load(SeqCst), left, self.created, now)
    }
}

struct Sink {
    dir: PathBuf,
    access: Arc<AccessPolicy>,
    quota: Arc<Quota>,
    max_call_secs: u64,
    idle: Duration,
    calls: Mutex<HashMap<String, Arc<Call>>>,
    connections: AtomicUsize,
    /// Sockets held per client address (see `places::MAX_CONNECTIONS_PER_ADDRESS`).
    by_address: Mutex<HashMap<std::net::IpAddr, usize>>,
}

/// The sink's routes (none when `--audio-sink-dir` is not set), to merge into the app.
pub fn routes<S: Clone + Send + Sync + 'static>(
    config: &Config,
    access: Arc<AccessPolicy>,
) -> Router<S> {
    let Some(dir) = config.audio_sink_dir.clone() else {
        return Router::new();
    };
    // Start-up only, before the sink serves: the one blocking file access outside the writers.
    if let Err(error) = std::fs::create_dir_all(&dir) {
        tracing::error!(%error, dir = %dir.display(), "audio sink: cannot create the folder; recordings will fail");
    }
    let quota = Quota::scan(
        &dir,
        config.audio_sink_max_bytes,
        config.audio_sink_max_calls,
    );
    tracing::info!(
        dir = %dir.display(),
        used_bytes = quota.used_bytes(),
        max_bytes = config.audio_sink_max_bytes,
        max_calls = config.audio_sink_max_calls,
        "audio sink on /audio-sink/<callId>"
    );
    let sink = Arc::new(Sink {
        dir,
        access,
        quota: Arc::new(quota),
        max_call_secs: config.audio_sink_max_call_secs.clamp(1, MAX_CALL_SECS),
        idle: Duration::from_secs(config.audio_sink_idle_secs.max(1)),
        calls: Mutex::new(HashMap::new()),
        connections: Default::default(),
        by_address: Default::default(),
    });
    let mut router = Router::new()
        .route("/audio-sink/{call_id}", get(upgrade))
        .route("/audio-sink/{call_id}/seqs", get(seqs));
    if config.audio_sink_test_controls {
        router = router.route("/audio-sink/{call_id}/disconnect", post(disconnect));
    }
    router.with_state(sink)
}

/// `call_id` if it is safe as a file name: 1..=64 of `[A-Za-z0-9_-]` (UUIDs are).
pub fn safe_call_id(call_id: &str) -> Option<&str> {
    let ok = (1..=MAX_CALL_ID_LEN).contains(&call_id.len())
        && call_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(call_id)
}

/// Why the sink refuses a request: an HTTP status, a stable code and a message, as JSON.
#[derive(Debug)]
enum Refused {
    NotAllowed(Refusal),
    BadCallId,
    NotFound,
    /// The call's files are in the folder already (an earlier run, or a forgotten call).
    CallExists,
    CallTooLong,
    SinkFull,
    /// Too many sockets (`address_full`: from the client's address), or every in-memory slot
    /// holds a live call.
    SinkBusy { address_full: bool },
    /// The test control refuses this call for a moment.
    SinkPaused,
    Internal,
}

impl Refused {
    fn status(&self) -> StatusCode {
        match self {
            Refused::NotAllowed(Refusal::Origin(_)) => StatusCode::FORBIDDEN,
            Refused::NotAllowed(Refusal::Token) => StatusCode::UNAUTHORIZED,
            Refused::BadCallId => StatusCode::BAD_REQUEST,
            Refused::NotFound => StatusCode::NOT_FOUND,
            Refused::CallExists => StatusCode::CONFLICT,
            Refused::CallTooLong => StatusCode::PAYLOAD_TOO_LARGE,
            Refused::SinkFull => StatusCode::INSUFFICIENT_STORAGE,
            Refused::SinkBusy { .. } | Refused::SinkPaused => StatusCode::SERVICE_UNAVAILABLE,
            Refused::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Refused::NotAllowed(_) => "NOT_ALLOWED",
            Refused::BadCallId => "BAD_CALL_ID",
            Refused::NotFound => "NOT_FOUND",
            Refused::CallExists => "CALL_EXISTS",
            Refused::CallTooLong => "CALL_TOO_LONG",
            Refused::SinkFull => "SINK_FULL",
            Refused::SinkBusy { .. } => "SINK_BUSY",
            Refused::SinkPaused => "SINK_PAUSED",
            Refused::Internal => "INTERNAL",
        }
    }

    fn message(&self) -> String {
        match self {
            Refused::NotAllowed(refusal) => refusal.message(),
            Refused::BadCallId => "call ids are 1-64 letters, digits, - or _".into(),
            Refused::NotFound => "no recording for this call".into(),
            Refused::CallExists => "this call's recording is already in the sink's folder".into(),
            Refused::CallTooLong => "this call reached the sink's length limit".into(),
            Refused::SinkFull => "the sink's folder is full".into(),
            Refused::SinkBusy { address_full: false } => "too many audio streams at once".into(),
            Refused::SinkBusy { address_full: true } => "too many audio streams from your address at once".into(),
            Refused::SinkPaused => "the sink refuses this call for a moment".into(),
            Refused::Internal => "recording unavailable".into(),
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "code": self.code(), "message": self.message() });
        (self.status(), axum::Json(body)).into_response()
    }
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// The Origin and token rules of `/ws`: 403 for a foreign origin, 401 without the token.
fn check_access(sink: &Sink, headers: &HeaderMap, token: Option<&str>) -> Result<(), Refused> {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    sink.access
        .check(header(header::ORIGIN), header(header::HOST), token)
        .map_err(Refused::NotAllowed)
}

async fn upgrade(
    upgrade: WebSocketUpgrade,
    Path(call_id): Path<String>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    State(sink): State<Arc<Sink>>,
    request: axum::extract::Request,
) -> Response {
    let client = request.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Err(refused) = check_access(&sink, &headers, query.token.as_deref()) {
        return refused.into_response();
    }
    let Some(call_id) = safe_call_id(&call_id) else {
        return Refused::BadCallId.into_response();
    };
    // The socket cap first: a refused request must not make (or push out) a call.
    let place = match SocketPlace::take(&sink, client) {
        Ok(place) => place,
        Err(address_full) => return Refused::SinkBusy { address_full }.into_response(),
    };
    let call = match sink.call(call_id) {
        Ok(call) => call,
        Err(refused) => return refused.into_response(),
    };
    let refused = call
        .refuse_until
        .lock()
        .ok()
        .and_then(|until| *until)
        .is_some_and(|until| Instant::now() < until);
    let stopped = call.recording.lock().ok().and_then(|r| r.stopped());
    let refusal = if refused {
        Some(Refused::SinkPaused)
    } else if stopped == Some(Rejected::CallTooLong) {
        Some(Refused::CallTooLong)
    } else if stopped == Some(Rejected::SinkFull) || !sink.quota.has_room(RECONNECT_BYTES) {
        Some(Refused::SinkFull)
    } else {
        None
    };
    if let Some(refusal) = refusal {
        return refusal.into_response();
    }
    upgrade
        .max_message_size(MAX_AUDIO_FRAME_BYTES)
        .max_frame_size(MAX_AUDIO_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            stream::receive(socket, &call, sink.idle).await;
            drop(place);
        })
}


impl Sink {
    /// The call's recording, created on first use, or why there is none.
    fn call(&self, call_id: &str) -> Result<Arc<Call>, Refused> {
        let mut calls = self.calls.lock().map_err(|_| Refused::Internal)?;
        if let Some(call) = calls.get(call_id) {
            return Ok(call.clone());
        }
        if self.quota.on_disk(call_id) {
            return Err(Refused::CallExists);
        }
        if !self.quota.has_room_for_a_new_call() {
            return Err(Refused::SinkFull);
        }
        if calls.len() >= MAX_CALLS {
            let now = Instant::now();
            // `None` (never connected) sorts before any `Some(left)`: those go first.
            let stalest = calls
                .iter()
                .filter_map(|(id, call)| call.over_since(now).map(|since| (since, call.created, id)))
                .min()
                .map(|(_, _, id)| id.clone())
                .ok_or(Refused::SinkBusy { address_full: false })?;
            calls.remove(&stalest);
        }
        let call = Arc::new(Call {
            recording: Mutex::new(Recording::new(
                call_id,
                self.quota.clone(),
                self.max_call_secs,
            )),
            writer: Writer::spawn(&self.dir, call_id),
            kick: watch::channel(0).0,
            refuse_until: Mutex::new(None),
            live: Default::default(),
            created: Instant::now(),
            left_at: Mutex::new(None),
        });
        calls.insert(call_id.to_owned(), call.clone());
        Ok(call)
    }

    fn existing(&self, call_id: &str) -> Option<Arc<Call>> {
        self.calls.lock().ok()?.get(call_id).cloned()
    }
}

async fn seqs(
    Path(call_id): Path<String>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    State(sink): State<Arc<Sink>>,
) -> Response {
    if let Err(refused) = check_access(&sink, &headers, query.token.as_deref()) {
        return refused.into_response();
    }
    let Some(call) = safe_call_id(&call_id).and_then(|id| sink.existing(id)) else {
        return Refused::NotFound.into_response();
    };
    // A copy under the lock, serialized outside it.
    let summary = call.recording.lock().map(|r| r.summary().clone());
    match summary.map(serde_json::to_value) {
        Ok(Ok(mut summary)) => {
            // Whether a socket is still open: the files are final once it is 0.
            summary["live"] = call.live.load(SeqCst).into();
            ([(header::CACHE_CONTROL, "no-store")], axum::Json(summary)).into_response()
        }
        _ => Refused::Internal.into_response(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DisconnectQuery {
    refuse_ms: Option<u64>,
    token: Option<String>,
}

/// Test control: closes the call's sockets and refuses new ones for `refuseMs`.
async fn disconnect(
    Path(call_id): Path<String>,
    Query(query): Query<DisconnectQuery>,
    headers: HeaderMap,
    State(sink): State<Arc<Sink>>,
) -> Response {
    if let Err(refused) = check_access(&sink, &headers, query.token.as_deref()) {
        return refused.into_response();
    }
    let Some(call) = safe_call_id(&call_id).and_then(|id| sink.existing(id)) else {
        return Refused::NotFound.into_response();
    };
    let refuse_ms = query.refuse_ms.unwrap_or(0).min(MAX_REFUSE_MS);
    if let Ok(mut until) = call.refuse_until.lock() {
        *until = Some(Instant::now() + Duration::from_millis(refuse_ms));
    }
    call.kick.send_modify(|n| *n += 1);
    StatusCode::NO_CONTENT.into_response()
}
