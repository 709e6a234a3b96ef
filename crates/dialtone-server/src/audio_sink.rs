//! The audio sink (specs/audio.md, "Live audio stream"): `/audio-sink/<callId>` takes a client's
//! live stream over a WebSocket (binary frames in the core's `audio_stream::frame` layout) and
//! writes a WAV file per call into `--audio-sink-dir`, with the sequence numbers it received
//! (`<callId>.json`, and `GET /audio-sink/<callId>/seqs`), so self-hosters can archive calls and
//! tests can prove that no frame was lost or repeated across a reconnect.
//!
//! Off unless `--audio-sink-dir` is given. Same Origin and token rules as `/ws`. With
//! `--audio-sink-test-controls`, `POST /audio-sink/<callId>/disconnect?refuseMs=N` closes the
//! call's sockets (politely: the client is asked to close, so no frame crosses the close) and
//! refuses new ones for N ms, so tests can force reconnects.

mod recording;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::extract::{Path, Query, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dialtone_core::audio_stream::frame::MAX_FRAME_BYTES;
use serde::Deserialize;
use tokio::sync::watch;

use crate::access::AccessPolicy;
use crate::config::Config;
pub use recording::{MAX_FRAMES_PER_CALL, Recording, Summary};

/// Calls kept in memory (for `/seqs` and reconnects); past this the oldest finished one is
/// forgotten (its files stay on disk).
const MAX_CALLS: usize = 256;
/// Live sockets at once, over all calls.
const MAX_CONNECTIONS: usize = 64;
/// Call ids are used as file names: this many characters of `[A-Za-z0-9_-]`.
const MAX_CALL_ID_LEN: usize = 64;
/// After asking a client to close, how long to keep reading what it sent before its close.
const CLOSE_DRAIN: Duration = Duration::from_secs(2);
/// The longest refusal a test may ask for.
const MAX_REFUSE_MS: u64 = 60_000;

struct Call {
    recording: Mutex<Recording>,
    /// Bumped to ask this call's sockets to close.
    kick: watch::Sender<u64>,
    refuse_until: Mutex<Option<Instant>>,
    live: std::sync::atomic::AtomicUsize,
    created: Instant,
}

struct Sink {
    dir: PathBuf,
    access: Arc<AccessPolicy>,
    calls: Mutex<HashMap<String, Arc<Call>>>,
    connections: std::sync::atomic::AtomicUsize,
}

/// The sink's routes (none when `--audio-sink-dir` is not set), to merge into the app.
pub fn routes<S: Clone + Send + Sync + 'static>(
    config: &Config,
    access: Arc<AccessPolicy>,
) -> Router<S> {
    let Some(dir) = config.audio_sink_dir.clone() else {
        return Router::new();
    };
    if let Err(error) = std::fs::create_dir_all(&dir) {
        tracing::error!(%error, dir = %dir.display(), "audio sink: cannot create the folder; recordings will fail");
    }
    tracing::info!(dir = %dir.display(), "audio sink on /audio-sink/<callId>");
    let sink = Arc::new(Sink {
        dir,
        access,
        calls: Mutex::new(HashMap::new()),
        connections: Default::default(),
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

fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({ "code": code, "message": message })),
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn upgrade(
    upgrade: WebSocketUpgrade,
    Path(call_id): Path<String>,
    Query(query): Query<TokenQuery>,
    headers: HeaderMap,
    State(sink): State<Arc<Sink>>,
) -> Response {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Err(refusal) = sink.access.check(
        header(header::ORIGIN),
        header(header::HOST),
        query.token.as_deref(),
    ) {
        return refuse(StatusCode::FORBIDDEN, "NOT_ALLOWED", &refusal.message());
    }
    let Some(call_id) = safe_call_id(&call_id) else {
        return refuse(
            StatusCode::BAD_REQUEST,
            "BAD_CALL_ID",
            "call ids are 1-64 letters, digits, - or _",
        );
    };
    let Some(call) = sink.call(call_id) else {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "SINK_BUSY",
            "too many recordings in progress",
        );
    };
    let refused = call
        .refuse_until
        .lock()
        .ok()
        .and_then(|until| *until)
        .is_some_and(|until| Instant::now() < until);
    if refused {
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "SINK_PAUSED",
            "the sink refuses this call for a moment",
        );
    }
    use std::sync::atomic::Ordering::SeqCst;
    if sink.connections.fetch_add(1, SeqCst) >= MAX_CONNECTIONS {
        sink.connections.fetch_sub(1, SeqCst);
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "SINK_BUSY",
            "too many audio streams at once",
        );
    }
    upgrade
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
        .on_upgrade(move |socket| async move {
            receive(socket, &call).await;
            sink.connections.fetch_sub(1, SeqCst);
        })
}

impl Sink {
    /// The call's recording, created on first use; `None` when every slot holds a live call.
    fn call(&self, call_id: &str) -> Option<Arc<Call>> {
        let mut calls = self.calls.lock().ok()?;
        if let Some(call) = calls.get(call_id) {
            return Some(call.clone());
        }
        if calls.len() >= MAX_CALLS {
            use std::sync::atomic::Ordering::SeqCst;
            let oldest_finished = calls
                .iter()
                .filter(|(_, call)| call.live.load(SeqCst) == 0)
                .min_by_key(|(_, call)| call.created)
                .map(|(id, _)| id.clone())?;
            calls.remove(&oldest_finished);
        }
        let call = Arc::new(Call {
            recording: Mutex::new(Recording::new(&self.dir, call_id)),
            kick: watch::channel(0).0,
            refuse_until: Mutex::new(None),
            live: Default::default(),
            created: Instant::now(),
        });
        calls.insert(call_id.to_owned(), call.clone());
        Some(call)
    }

    fn existing(&self, call_id: &str) -> Option<Arc<Call>> {
        self.calls.lock().ok()?.get(call_id).cloned()
    }
}

/// Records what one socket sends until it closes, or until the sink is asked to close it.
async fn receive(mut socket: WebSocket, call: &Call) {
    use std::sync::atomic::Ordering::SeqCst;
    call.live.fetch_add(1, SeqCst);
    if let Ok(mut recording) = call.recording.lock() {
        recording.connection_opened();
    }
    let mut kick = call.kick.subscribe();
    loop {
        tokio::select! {
            message = socket.recv() => match message {
                Some(Ok(message)) => if !record(call, message) { break },
                Some(Err(_)) | None => break,
            },
            _ = kick.changed() => {
                close_politely(&mut socket, call).await;
                break;
            }
        }
    }
    if let Ok(mut recording) = call.recording.lock() {
        recording.flush();
    }
    call.live.fetch_sub(1, SeqCst);
}

/// Ends a stream without losing frames: first the polite close (`{"type":"closing"}`, which the
/// client answers by sending nothing more and closing), then, for a client that ignores it, a
/// close frame. Frames that arrive meanwhile are recorded: they are part of the stream.
async fn close_politely(socket: &mut WebSocket, call: &Call) {
    let closing = dialtone_core::audio_stream::CLOSING_MESSAGE;
    if socket.send(Message::Text(closing.into())).await.is_err() {
        return;
    }
    let until_client_closes = async {
        while let Some(Ok(message)) = socket.recv().await {
            if !record(call, message) {
                return true;
            }
        }
        true
    };
    if tokio::time::timeout(CLOSE_DRAIN, until_client_closes)
        .await
        .is_ok()
    {
        return;
    }
    let close = CloseFrame {
        code: 1012,
        reason: "the sink closed this stream".into(),
    };
    if socket.send(Message::Close(Some(close))).await.is_ok() {
        let drain = async {
            while let Some(Ok(message)) = socket.recv().await {
                if !record(call, message) {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(CLOSE_DRAIN, drain).await;
    }
}

/// Records one message; false when the socket is done (a close frame).
fn record(call: &Call, message: Message) -> bool {
    match message {
        Message::Binary(bytes) => {
            // Small synchronous writes into a buffered file: cheaper than a blocking-pool hop
            // for 1.3 KB every 20 ms.
            if let Ok(mut recording) = call.recording.lock()
                && let Err(reason) = recording.write(&bytes)
            {
                tracing::debug!(?reason, "audio sink: frame rejected");
            }
            true
        }
        Message::Close(_) => false,
        _ => true,
    }
}

async fn seqs(Path(call_id): Path<String>, State(sink): State<Arc<Sink>>) -> Response {
    let Some(call) = safe_call_id(&call_id).and_then(|id| sink.existing(id)) else {
        return refuse(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no recording for this call",
        );
    };
    let summary = call
        .recording
        .lock()
        .map(|r| serde_json::to_value(r.summary()));
    match summary {
        Ok(Ok(mut summary)) => {
            // Whether a socket is still open: the files are final once it is 0.
            summary["live"] = call.live.load(std::sync::atomic::Ordering::SeqCst).into();
            ([(header::CACHE_CONTROL, "no-store")], axum::Json(summary)).into_response()
        }
        _ => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "INTERNAL",
            "recording unavailable",
        ),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DisconnectQuery {
    refuse_ms: Option<u64>,
}

/// Test control: closes the call's sockets and refuses new ones for `refuseMs`.
async fn disconnect(
    Path(call_id): Path<String>,
    Query(query): Query<DisconnectQuery>,
    State(sink): State<Arc<Sink>>,
) -> Response {
    let Some(call) = safe_call_id(&call_id).and_then(|id| sink.existing(id)) else {
        return refuse(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "no recording for this call",
        );
    };
    let refuse_ms = query.refuse_ms.unwrap_or(0).min(MAX_REFUSE_MS);
    if let Ok(mut until) = call.refuse_until.lock() {
        *until = Some(Instant::now() + Duration::from_millis(refuse_ms));
    }
    call.kick.send_modify(|n| *n += 1);
    StatusCode::NO_CONTENT.into_response()
}
