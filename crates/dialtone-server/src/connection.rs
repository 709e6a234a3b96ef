//! One signaling WebSocket: a reader loop that hands frames to the hub, and a single writer task
//! that drains the connection's bounded outbox and keeps the socket alive with pings.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use dialtone_core::protocol::{ErrorCode, ErrorFrame, MAX_FRAME_BYTES, Message};
use dialtone_core::ratelimit::TokenBucket;
use futures_util::{SinkExt, StreamExt};

use crate::hub::Hub;

/// Frames above this are cut off by the WebSocket layer itself (close 1009). Between
/// [`MAX_FRAME_BYTES`] and this, the hub answers TOO_LARGE and the connection stays up.
pub const HARD_FRAME_LIMIT: usize = 4 * MAX_FRAME_BYTES;

/// Frames written before one flush when several are queued.
const WRITE_BATCH: usize = 64;

/// Close code for "going away" (server shutdown or slow consumer).
const CLOSE_GOING_AWAY: u16 = 1001;

pub struct ConnectionParams {
    pub name: Option<String>,
    pub room: Option<String>,
    /// A resume token from an earlier `client-id`: take that id back.
    pub resume: Option<String>,
    /// Messages a second and burst (token bucket).
    pub rate: (u32, u32),
    pub ping_every: Duration,
}

pub async fn run(socket: WebSocket, hub: Arc<Hub>, params: ConnectionParams) {
    let registration = hub.connect(params.name.as_deref(), params.room.as_deref(), params.resume.as_deref()).await;
    let connection = registration.connection;
    let id = registration.id.clone();
    let (mut sink, mut stream) = socket.split();
    let kick = registration.kick.clone();
    let missed_pongs = Arc::new(AtomicU32::new(0));

    let writer_missed = missed_pongs.clone();
    let mut outbox = registration.outbox;
    let writer_kick = kick.clone();
    let writer_hub = hub.clone();
    let writer = tokio::spawn(async move {
        let mut ping = tokio::time::interval(params.ping_every);
        ping.tick().await;
        loop {
            tokio::select! {
                frame = outbox.recv() => match frame {
                    Some(frame) => {
                        // Under load, write whatever else is already queued and flush once.
                        let mut batch = vec![frame];
                        while batch.len() < WRITE_BATCH {
                            match outbox.try_recv() {
                                Ok(more) => batch.push(more),
                                Err(_) => break,
                            }
                        }
                        let mut stamps = Vec::with_capacity(batch.len());
                        let mut failed = false;
                        for frame in batch {
                            stamps.extend(frame.received_at);
                            if sink.feed(WsMessage::Text(frame.text.into())).await.is_err() {
                                failed = true;
                                break;
                            }
                        }
                        if failed || sink.flush().await.is_err() {
                            break;
                        }
                        for received_at in stamps {
                            writer_hub.metrics().relayed_after(received_at.elapsed());
                        }
                    }
                    None => break,
                },
                _ = ping.tick() => {
                    // Two pings unanswered: the client is gone without a close.
                    if writer_missed.fetch_add(1, Ordering::Relaxed) >= 2 {
                        tracing::info!("keepalive: two pongs missed, closing");
                        break;
                    }
                    if sink.send(WsMessage::Ping(Default::default())).await.is_err() {
                        break;
                    }
                }
                _ = writer_kick.notified() => break,
            }
        }
        let _ = sink
            .send(WsMessage::Close(Some(CloseFrame {
                code: CLOSE_GOING_AWAY,
                reason: "closing".into(),
            })))
            .await;
        let _ = sink.close().await;
    });

    // A client that says goodbye (a close frame: the tab closed, the user left) leaves at once;
    // one that just vanished (network drop) keeps its id for the resume grace.
    let mut said_goodbye = false;
    let opened = tokio::time::Instant::now();
    let elapsed_ms = move || opened.elapsed().as_millis() as u64;
    let mut bucket = TokenBucket::new(params.rate.0, params.rate.1, 0);
    loop {
        let frame = tokio::select! {
            frame = stream.next() => frame,
            _ = kick.notified() => break,
        };
        match frame {
            Some(Ok(WsMessage::Text(_))) if !bucket.try_take(elapsed_ms()) => {
                let error = ErrorFrame {
                    code: ErrorCode::RateLimited,
                    message: "too many messages: slow down".into(),
                    reference: None,
                };
                hub.handle_error_reply(&id, ErrorCode::RateLimited, Message::Error(error).to_json());
            }
            Some(Ok(WsMessage::Text(text))) => hub.handle_text(&id, text.as_str()),
            Some(Ok(WsMessage::Binary(_))) => {
                let error = ErrorFrame {
                    code: ErrorCode::Malformed,
                    message: "binary frames are not part of the protocol; send JSON text".into(),
                    reference: None,
                };
                hub.handle_error_reply(&id, ErrorCode::Malformed, Message::Error(error).to_json());
            }
            Some(Ok(WsMessage::Pong(_))) => missed_pongs.store(0, Ordering::Relaxed),
            Some(Ok(WsMessage::Ping(_))) => {}
            Some(Ok(WsMessage::Close(_))) => {
                // While the server shuts down, a close frame only answers ours: the client is
                // not leaving, it will resume (here after a restart, or on another node).
                said_goodbye = !hub.is_closing();
                break;
            }
            None => break,
            Some(Err(error)) => {
                tracing::info!(peer = %id, %error, "socket error");
                break;
            }
        }
    }
    if said_goodbye {
        hub.leave_if_current(&id, connection);
    } else {
        hub.disconnect(&id, connection);
    }
    kick.notify_one();
    let _ = writer.await;
}
