//! One signaling WebSocket, owned by one task from start to end: a driver of the hub. It hands
//! the frames it reads to the hub as inputs, writes what the hub queued in its outbox, and
//! keeps the socket alive with pings.
//! Whatever ends the connection — the client closing, a silent client (two pings unanswered), a
//! write that cannot finish within its deadline (a client that does not read), the hub closing
//! the outbox (slow consumer, replaced by a resume, shutdown), too many rejected frames — ends
//! reading and writing together, drops the socket and tells the hub once.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use dialtone_core::protocol::{ErrorCode, ErrorFrame, MAX_FRAME_BYTES, Message, PeerId};
use dialtone_core::ratelimit::TokenBucket;
use futures_util::SinkExt;

use crate::cluster::ClusterLink;
use crate::hub::{HubInput, Outgoing};
use crate::hub_driver::HubDriver;

/// Frames above this are cut off by the WebSocket layer itself (close 1009). Between
/// [`MAX_FRAME_BYTES`] and this, the hub answers TOO_LARGE and the connection stays up.
pub const HARD_FRAME_LIMIT: usize = 4 * MAX_FRAME_BYTES;

/// Frames written before one flush when several are queued.
const WRITE_BATCH: usize = 64;

/// Close code for "going away" (server shutdown or slow consumer).
const CLOSE_GOING_AWAY: u16 = 1001;
/// Close code for "policy violation" (a client that keeps sending what is refused).
const CLOSE_POLICY: u16 = 1008;
/// RFC 6455 "try again later": the room is full now.
const CLOSE_TRY_AGAIN_LATER: u16 = 1013;

/// Pings and pongs a client may send: a browser sends none of its own (it only answers ours),
/// so a handful a second is generous; past it they count as rejected frames, which close a
/// connection that keeps on (a ping flood was answered, pong for ping, at a full core).
const CONTROL_FRAMES_PER_SEC: u32 = 5;
const CONTROL_FRAME_BURST: u32 = 20;
/// Rejected frames answered with an error a second, and the burst; past it the client is not
/// listening to its errors and the connection is closed (with a close frame that says why).
const REJECTIONS_PER_SEC: u32 = 10;
const REJECTION_BURST: u32 = 50;

/// How long the close frame may take to go out before the socket is simply dropped.
const CLOSE_DEADLINE: Duration = Duration::from_secs(1);
/// What we read, at most, while waiting for the client's close frame (a flooder keeps sending).
const CLOSE_DRAIN_BYTES: usize = 64 * 1024;

pub struct ConnectionParams {
    pub name: Option<String>,
    pub room: Option<String>,
    /// A resume token from an earlier `client-id`: take that id back.
    pub resume: Option<String>,
    /// Messages a second and burst (token bucket); binary frames count too.
    pub rate: (u32, u32),
    /// Bytes of text a second and burst: without it, 50 frames of 64 KiB a second were each
    /// parsed inside the hub's lock.
    pub bytes: (u32, u32),
    pub ping_every: Duration,
    /// A batch of frames must be written within this, or the client is not reading.
    pub write_deadline: Duration,
}

/// Why a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The client sent a close frame.
    Goodbye,
    /// The socket failed or reached its end without a close frame.
    Vanished,
    /// Two pings went unanswered.
    Silent,
    /// A write did not finish within the deadline.
    NotReading,
    /// The hub closed the outbox.
    Closed,
    /// Too many rejected frames.
    Abusive,
}

impl End {
    /// The close frame to send, if the socket can still take one.
    fn close_frame(self) -> Option<CloseFrame> {
        let (code, reason) = match self {
            End::Closed => (CLOSE_GOING_AWAY, "closing"),
            End::Silent => (CLOSE_GOING_AWAY, "no answer to keepalive pings"),
            End::Abusive => (CLOSE_POLICY, "too many rejected messages"),
            End::Goodbye | End::Vanished | End::NotReading => return None,
        };
        Some(CloseFrame { code, reason: reason.into() })
    }
}

/// Serves one signaling socket to its end. The id it held when the client itself went without
/// a goodbye (vanished, silent, not reading, abusive), so that id is kept, and listed in its
/// room, for the resume grace. None when the hub closed it: the id then lives on elsewhere
/// (taken back on a new connection) or the server is stopping.
pub async fn run(mut socket: WebSocket, hub: Arc<HubDriver>, cluster: Option<ClusterLink>, params: ConnectionParams) -> Option<PeerId> {
    let (conn, outbox) = hub.open();
    let ConnectionParams { name, room, resume, .. } = params;
    match &cluster {
        Some(link) => link.connect(&hub, conn, name, room, resume).await,
        None => {
            let _ = hub.input(HubInput::Connect { conn, name, room, resume });
        }
    }
    // For the logs only: frames are routed by connection.
    let id = hub.peer_of(conn).unwrap_or_default();

    let started = tokio::time::Instant::now();
    let elapsed_ms = move || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let mut bucket = TokenBucket::new(params.rate.0, params.rate.1, 0);
    let mut bytes = TokenBucket::new(params.bytes.0, params.bytes.1, 0);
    let mut rejections = TokenBucket::new(REJECTIONS_PER_SEC, REJECTION_BURST, 0);
    let mut control = TokenBucket::new(CONTROL_FRAMES_PER_SEC, CONTROL_FRAME_BURST, 0);
    let mut keepalive = tokio::time::interval_at(started + params.ping_every, params.ping_every);
    keepalive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut unanswered_pings = 0u32;

    let end = loop {
        // A fresh batch each time: an idle connection holds no buffer grown by a past burst.
        let mut batch: Vec<Outgoing> = Vec::new();
        tokio::select! {
            open = outbox.next_batch(&mut batch, WRITE_BATCH) => {
                if !open {
                    break End::Closed;
                }
                match tokio::time::timeout(params.write_deadline, write_batch(&mut socket, &mut batch, &hub)).await {
                    Ok(true) => {}
                    Ok(false) => break End::Vanished,
                    Err(_) => break End::NotReading,
                }
            }
            frame = socket.recv() => {
                let Some(Ok(frame)) = frame else {
                    if let Some(Err(error)) = frame {
                        tracing::debug!(peer = %id, %error, "socket error");
                    }
                    break End::Vanished;
                };
                // Any frame shows the client is there.
                unanswered_pings = 0;
                let rejected = match frame {
                    WsMessage::Text(_) | WsMessage::Binary(_) if !bucket.try_take(elapsed_ms()) => {
                        refuse(&hub, conn, ErrorCode::RateLimited, "too many messages: slow down");
                        true
                    }
                    WsMessage::Text(ref data) if !bytes.try_take_n(data.len() as u64, elapsed_ms()) => {
                        refuse(&hub, conn, ErrorCode::RateLimited, "too much data: slow down");
                        true
                    }
                    WsMessage::Text(text) => hub.input(HubInput::Frame { conn, text }).is_err(),
                    WsMessage::Binary(_) => {
                        refuse(&hub, conn, ErrorCode::Malformed, "binary frames are not part of the protocol; send JSON text");
                        true
                    }
                    WsMessage::Ping(_) | WsMessage::Pong(_) => !control.try_take(elapsed_ms()),
                    WsMessage::Close(_) => break End::Goodbye,
                };
                if rejected && !rejections.try_take(elapsed_ms()) {
                    tracing::info!(peer = %id, "closing a connection that keeps sending rejected frames");
                    break End::Abusive;
                }
                // One connection's frames are handled one task turn at a time, so a client that
                // streams frames back to back cannot hold a runtime thread from the others.
                tokio::task::yield_now().await;
            }
            _ = keepalive.tick() => {
                if unanswered_pings >= 2 {
                    tracing::info!(peer = %id, "keepalive: two pings unanswered, closing");
                    break End::Silent;
                }
                unanswered_pings += 1;
                match tokio::time::timeout(params.write_deadline, socket.send(WsMessage::Ping(Default::default()))).await {
                    Ok(Ok(())) => {}
                    Ok(Err(_)) => break End::Vanished,
                    Err(_) => break End::NotReading,
                }
            }
        }
    };

    // A client that says goodbye (a close frame: the tab closed, the user left) leaves at once;
    // every other end keeps its id for the resume grace (the hub decides, see hub/resume.rs).
    hub.gone(conn, end == End::Goodbye);
    if let Some(close) = end.close_frame() {
        close_properly(&mut socket, close).await;
    }
    // Dropping the socket closes the TCP connection, whatever the client does.
    drop(socket);
    matches!(end, End::Vanished | End::Silent | End::NotReading | End::Abusive).then_some(id)
}

/// A socket for a room with no place ([`crate::hub::Hub::has_place`]): one ROOM_FULL error
/// frame that says so, then a close with 1013 ("try again later"). It never joins; its page
/// shows why and retries with its back-off.
pub async fn refuse_full_room(mut socket: WebSocket, message: String) {
    let frame = ErrorFrame { code: ErrorCode::RoomFull, message, reference: None };
    let sent = tokio::time::timeout(CLOSE_DEADLINE, socket.send(WsMessage::text(Message::Error(frame).to_json()))).await;
    if matches!(sent, Ok(Ok(()))) {
        close_properly(&mut socket, CloseFrame { code: CLOSE_TRY_AGAIN_LATER, reason: "room full".into() }).await;
    }
}

/// Our close frame, then what the client still sends until its close (bounded in time and
/// bytes), so the socket does not end in a reset that swallows our close frame.
async fn close_properly(socket: &mut WebSocket, close: CloseFrame) {
    let _ = tokio::time::timeout(CLOSE_DEADLINE, async {
        if socket.send(WsMessage::Close(Some(close))).await.is_ok() {
            let mut drained = 0usize;
            while let Some(Ok(frame)) = socket.recv().await {
                if matches!(frame, WsMessage::Close(_)) {
                    break;
                }
                drained += frame.into_data().len();
                if drained > CLOSE_DRAIN_BYTES {
                    break;
                }
            }
        }
    })
    .await;
}

/// Writes `batch` (emptying it) and flushes once; false when the socket failed.
async fn write_batch(socket: &mut WebSocket, batch: &mut Vec<Outgoing>, hub: &HubDriver) -> bool {
    let mut stamps = Vec::new();
    for frame in batch.drain(..) {
        stamps.extend(frame.received_at);
        if socket.feed(WsMessage::Text(frame.text)).await.is_err() {
            return false;
        }
    }
    if socket.flush().await.is_err() {
        return false;
    }
    for received_at in stamps {
        hub.metrics().relayed_after(received_at.elapsed());
    }
    true
}

fn refuse(hub: &HubDriver, conn: crate::hub::ConnId, code: ErrorCode, message: &str) {
    let _ = hub.input(HubInput::Refused { conn, code, message: message.to_owned() });
}
