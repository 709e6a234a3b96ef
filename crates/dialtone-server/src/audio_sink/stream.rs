//! One socket of a call's stream: reads frames into the call's recording until the client
//! closes, the sink asks it to (test control), no frame came for the idle timeout (the first
//! frame included), or the recording reached a bound; then it waits (bounded) for the call's
//! files to be final before letting go, so a closed socket means readable files.
//!
//! Close codes: 1012 the sink closed the stream (test control), 1011 the recording cannot be
//! written, 1008 too many messages that are not audio (pings, pongs, text: each is answered or
//! read for nothing, so a flood of them is work the client makes the server do without bound),
//! and 4000 + the HTTP status they mirror: 4408 idle, 4413 the call reached its length bound,
//! 4507 the sink's folder is full.

use std::sync::atomic::Ordering::SeqCst;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use dialtone_core::ratelimit::TokenBucket;
use tokio::sync::oneshot;
use tokio::time::Instant;

use super::Call;
use super::recording::Rejected;
use super::writer::Op;

pub const CLOSE_IDLE: u16 = 4408;
pub const CLOSE_CALL_TOO_LONG: u16 = 4413;
pub const CLOSE_SINK_FULL: u16 = 4507;
const CLOSE_WRITE_FAILED: u16 = 1011;
const CLOSE_BY_SINK: u16 = 1012;
const CLOSE_POLICY: u16 = 1008;
/// Messages that are not audio (pings, pongs, text) a socket may send, a second and in a burst:
/// as `/ws` allows pings and pongs. A stream sends none but its close.
const NOT_AUDIO_PER_SEC: u32 = 5;
const NOT_AUDIO_BURST: u32 = 20;
/// After asking a client to close, how long to keep reading what it sent before its close.
const CLOSE_DRAIN: Duration = Duration::from_secs(2);
/// How long sending our close frame may take (a client that reads nothing gets no longer).
const CLOSE_SEND: Duration = Duration::from_secs(1);
/// How long a closing socket waits for the call's files to be final.
const FLUSH_WAIT: Duration = Duration::from_secs(10);

/// What one message did.
enum Recorded {
    Frame,
    Ignored,
    ClientClosed,
    /// The stream must end, with this close frame.
    End(CloseFrame),
}

/// Records what one socket sends until the stream ends (see the module doc).
pub async fn receive(mut socket: WebSocket, call: &Call, idle: Duration) {
    call.live.fetch_add(1, SeqCst);
    if let Ok(mut recording) = call.recording.lock() {
        recording.connection_opened();
    }
    let mut kick = call.kick.subscribe();
    let opened = Instant::now();
    let mut deadline = opened + idle;
    let mut not_audio = TokenBucket::new(NOT_AUDIO_PER_SEC, NOT_AUDIO_BURST, 0);
    let close = loop {
        tokio::select! {
            message = tokio::time::timeout_at(deadline, socket.recv()) => {
                let Ok(message) = message else {
                    break Some(close_frame(CLOSE_IDLE, format!("no audio for {} s", idle.as_secs())));
                };
                let Some(Ok(message)) = message else { break None };
                if matches!(message, Message::Ping(_) | Message::Pong(_) | Message::Text(_)) {
                    let now_ms = u64::try_from(opened.elapsed().as_millis()).unwrap_or(u64::MAX);
                    if !not_audio.try_take(now_ms) {
                        break Some(close_frame(CLOSE_POLICY, "too many messages that are not audio".into()));
                    }
                }
                match record(call, message).await {
                    Recorded::Frame => deadline = Instant::now() + idle,
                    Recorded::Ignored => {}
                    Recorded::ClientClosed => break None,
                    Recorded::End(close) => break Some(close),
                }
            }
            _ = kick.changed() => {
                close_politely(&mut socket, call).await;
                break None;
            }
        }
    };
    if let Some(close) = close {
        let _ = tokio::time::timeout(CLOSE_SEND, socket.send(Message::Close(Some(close)))).await;
    }
    let _ = tokio::time::timeout(FLUSH_WAIT, flush(call)).await;
    if call.live.fetch_sub(1, SeqCst) == 1
        && let Ok(mut left) = call.left_at.lock()
    {
        *left = Some(std::time::Instant::now());
    }
}

fn close_frame(code: u16, reason: String) -> CloseFrame {
    CloseFrame {
        code,
        reason: reason.into(),
    }
}

/// Ends a stream without losing frames: first the polite close (`{"type":"closing"}`, which the
/// client answers by sending nothing more and closing), then, for a client that ignores it, a
/// close frame. Frames that arrive meanwhile are recorded: they are part of the stream.
async fn close_politely(socket: &mut WebSocket, call: &Call) {
    let closing = dialtone_core::audio_stream::CLOSING_MESSAGE;
    if socket.send(Message::Text(closing.into())).await.is_err() {
        return;
    }
    if tokio::time::timeout(CLOSE_DRAIN, record_until_closed(socket, call))
        .await
        .is_ok()
    {
        return;
    }
    let close = close_frame(CLOSE_BY_SINK, "the sink closed this stream".into());
    if socket.send(Message::Close(Some(close))).await.is_ok() {
        let _ = tokio::time::timeout(CLOSE_DRAIN, record_until_closed(socket, call)).await;
    }
}

async fn record_until_closed(socket: &mut WebSocket, call: &Call) {
    while let Some(Ok(message)) = socket.recv().await {
        if let Recorded::ClientClosed | Recorded::End(_) = record(call, message).await {
            return;
        }
    }
}

/// Records one message: a frame goes to the recording, and what to write to the call's writer.
async fn record(call: &Call, message: Message) -> Recorded {
    let bytes = match message {
        Message::Binary(bytes) => bytes,
        Message::Close(_) => return Recorded::ClientClosed,
        _ => return Recorded::Ignored,
    };
    let write_failed = || {
        Recorded::End(close_frame(
            CLOSE_WRITE_FAILED,
            "the sink cannot write this recording".into(),
        ))
    };
    if call.writer.failed() {
        return write_failed();
    }
    // The place in the writer's queue first (this waits while the disk is behind), then the
    // recording's lock, held only to take the frame and queue what to write.
    let Some(place) = call.writer.reserve().await else {
        return write_failed();
    };
    let accepted = match call.recording.lock() {
        Ok(mut recording) => recording
            .accept(&bytes)
            .map(|append| place.send(Op::Append(append))),
        Err(_) => return write_failed(),
    };
    match accepted {
        Ok(()) => Recorded::Frame,
        Err(Rejected::CallTooLong) => Recorded::End(close_frame(
            CLOSE_CALL_TOO_LONG,
            "CALL_TOO_LONG: the call reached the sink's length limit".into(),
        )),
        Err(Rejected::SinkFull) => Recorded::End(close_frame(
            CLOSE_SINK_FULL,
            "SINK_FULL: the sink's folder is full".into(),
        )),
        Err(reason) => {
            tracing::debug!(code = reason.code(), "audio sink: frame rejected");
            Recorded::Ignored
        }
    }
}

/// Makes the call's files final as they stand (WAV lengths, sidecar) and waits until they are.
async fn flush(call: &Call) {
    let Some(place) = call.writer.reserve().await else {
        return;
    };
    let (done, finished) = oneshot::channel();
    let sidecar = call.recording.lock().ok().and_then(|mut r| r.sidecar());
    place.send(Op::Flush { sidecar, done });
    let _ = finished.await;
}
