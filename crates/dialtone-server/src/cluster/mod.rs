//! Several nodes, one Redis: presence, relay and chat fan-out through Redis pub/sub, so clients
//! on different nodes see and call each other exactly as on one node (specs/signaling.md).
//!
//! Each node keeps its own sockets and a replica of who is connected elsewhere (built from a
//! snapshot of [`events::PEERS_KEY`] and kept current by the announcements on
//! [`events::EVENTS_CHANNEL`]), so the hub's routing stays synchronous and lock-short. Writes to
//! Redis leave through one ordered queue drained by one task ([`Op`]), so a peer's record is
//! always stored before the news of it, and a slow Redis never blocks a socket. A node that stops
//! (or dies) stops refreshing its heartbeat; the others then keep frames for its peers in
//! mailboxes, and after the resume grace retire them. A client that reconnects to any node with
//! its resume token takes its id back there ([`ClusterLink::take_over`], atomic in Redis).

pub mod events;
mod watch;

use std::sync::Arc;
use std::time::Duration;

use dialtone_core::protocol::PeerId;
use redis::aio::ConnectionManager;
use tokio::sync::mpsc;

use crate::hub::Hub;

/// Chat frames read back from Redis per room (the hub's own bounds apply on top).
const CHAT_HISTORY_PER_ROOM: usize = 100;
/// A room's chat in Redis is forgotten this long after its last message.
const CHAT_TTL_SECS: u64 = 24 * 3600;
use events::*;

/// Writes queued for Redis before new ones are dropped (and counted).
const OP_QUEUE: usize = 8192;
/// Writes sent to Redis in one round trip when several are queued.
const OP_BATCH: usize = 128;
/// Frames kept for one peer whose node died.
const MAILBOX_LIMIT: usize = 256;

/// One write to Redis, in the order the hub made it.
#[derive(Debug)]
pub enum Op {
    Publish { channel: String, message: String },
    /// Stores (or updates) a peer's record and its resume token; retires the token it replaces.
    SavePeer { id: PeerId, record: PeerRecord, retired_token: Option<String> },
    /// The peer left for good: its record and token go.
    ForgetPeer { id: PeerId, token: String },
    /// `keep`: how many frames the room keeps after this one (the hub's byte bound applied).
    SaveChat { room: String, frame: String, keep: usize },
    /// A frame for a peer whose node is gone, kept for when it resumes elsewhere.
    Mailbox { to: PeerId, frame: String },
}

/// A peer taken over from another node: who it is and what was kept for it.
#[derive(Debug)]
pub struct TakenOver {
    pub id: PeerId,
    pub name: Option<String>,
    pub room: String,
    pub token: String,
    pub mailbox: Vec<String>,
}

/// This node's handle on the cluster, held by the hub.
#[derive(Clone)]
pub struct ClusterLink {
    node: String,
    ops: mpsc::Sender<Op>,
    conn: ConnectionManager,
    grace: Duration,
}

/// Atomically: spend the token, move the peer's record to this node with a fresh token, and hand
/// over its mailbox. Nothing when the token is unknown or the peer was retired meanwhile.
const TAKE_OVER: &str = r#"
local id = redis.call('GETDEL', KEYS[1])
if not id then return false end
local raw = redis.call('HGET', KEYS[2], id)
if not raw then return false end
local record = cjson.decode(raw)
record.node = ARGV[1]
record.token = ARGV[2]
local encoded = cjson.encode(record)
redis.call('HSET', KEYS[2], id, encoded)
redis.call('SET', 'dialtone:resume:' .. ARGV[2], id)
local box = 'dialtone:mailbox:' .. id
local frames = redis.call('LRANGE', box, 0, -1)
redis.call('DEL', box)
return {id, encoded, frames}
"#;

/// Atomically retires a peer of a dead node, unless it moved meanwhile. 1 when this call did it.
const RETIRE: &str = r#"
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.node ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', 'dialtone:resume:' .. record.token)
redis.call('DEL', 'dialtone:mailbox:' .. ARGV[1])
return 1
"#;

impl ClusterLink {
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Queues a write; false (and the write is lost) when Redis is far behind.
    pub fn send(&self, op: Op) -> bool {
        self.ops.try_send(op).is_ok()
    }

    pub fn announce(&self, event: Event) -> bool {
        let announcement = Announcement { origin: self.node.clone(), event };
        match serde_json::to_string(&announcement) {
            Ok(message) => self.send(Op::Publish { channel: EVENTS_CHANNEL.to_owned(), message }),
            Err(_) => false,
        }
    }

    pub fn send_direct(&self, node: &str, to: &str, frame: String, call: Option<CallNote>) -> bool {
        let direct = Direct { to: to.to_owned(), frame, call };
        match serde_json::to_string(&direct) {
            Ok(message) => self.send(Op::Publish { channel: node_channel(node), message }),
            Err(_) => false,
        }
    }

    /// Takes over the peer behind `token` from wherever it was (see [`TAKE_OVER`]).
    pub async fn take_over(&self, token: &str, fresh_token: &str) -> redis::RedisResult<Option<TakenOver>> {
        let mut conn = self.conn.clone();
        let reply: Option<(String, String, Vec<String>)> = redis::cmd("EVAL")
            .arg(TAKE_OVER)
            .arg(2)
            .arg(resume_key(token))
            .arg(PEERS_KEY)
            .arg(&self.node)
            .arg(fresh_token)
            .query_async(&mut conn)
            .await?;
        Ok(reply.and_then(|(id, record, mailbox)| {
            let record: PeerRecord = serde_json::from_str(&record).ok()?;
            Some(TakenOver { id, name: record.name, room: record.room, token: record.token, mailbox })
        }))
    }

    /// The room's kept chat frames, oldest first.
    pub async fn room_history(&self, room: &str) -> redis::RedisResult<Vec<String>> {
        let mut conn = self.conn.clone();
        redis::cmd("LRANGE")
            .arg(chat_key(room))
            .arg(-(CHAT_HISTORY_PER_ROOM as i64))
            .arg(-1)
            .query_async(&mut conn)
            .await
    }

    /// Retires a peer of the dead node `node`; true when this node did it (and must announce it).
    pub async fn retire(&self, id: &str, node: &str) -> redis::RedisResult<bool> {
        let mut conn = self.conn.clone();
        let done: i64 = redis::cmd("EVAL")
            .arg(RETIRE)
            .arg(1)
            .arg(PEERS_KEY)
            .arg(id)
            .arg(node)
            .query_async(&mut conn)
            .await?;
        Ok(done == 1)
    }

    /// Stops announcing this node as alive, so the others notice at once (graceful shutdown).
    pub async fn withdraw(&self) {
        let mut conn = self.conn.clone();
        let _: redis::RedisResult<()> = redis::cmd("DEL").arg(heartbeat_key(&self.node)).query_async(&mut conn).await;
    }
}

/// The Redis URL without its password, for logs.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

/// Connects this node to the cluster: subscribes, loads who is elsewhere, starts the writer,
/// the heartbeat and the watch over other nodes. Fails when Redis cannot be reached.
pub async fn join(url: &str, hub: Arc<Hub>, grace: Duration) -> Result<ClusterLink, String> {
    let cannot = |e: redis::RedisError| format!("cannot use Redis at {}: {e}", redacted(url));
    let client = redis::Client::open(url).map_err(cannot)?;
    let conn = client.get_connection_manager().await.map_err(cannot)?;
    let node = crate::identity::new_node_id();
    let (ops_tx, ops) = mpsc::channel(OP_QUEUE);
    let link = ClusterLink { node: node.clone(), ops: ops_tx, conn: conn.clone(), grace };
    hub.attach_cluster(link.clone());
    let subscription = watch::subscribe(&client, &hub, &node).await.map_err(cannot)?;
    tokio::spawn(write_ops(conn.clone(), ops));
    tokio::spawn(watch::follow(client, hub.clone(), node.clone(), subscription));
    tokio::spawn(watch::heartbeat_and_retire(link.clone(), conn, hub));
    tracing::info!(node = %node, redis = %redacted(url), "joined the cluster");
    Ok(link)
}

/// Drains the write queue in order, several writes per round trip.
async fn write_ops(mut conn: ConnectionManager, mut ops: mpsc::Receiver<Op>) {
    let mut batch = Vec::with_capacity(OP_BATCH);
    while ops.recv_many(&mut batch, OP_BATCH).await > 0 {
        let mut pipe = redis::pipe();
        for op in batch.drain(..) {
            add_to_pipeline(&mut pipe, op);
        }
        if let Err(error) = pipe.exec_async(&mut conn).await {
            tracing::warn!(%error, "cluster: a batch of writes to Redis failed");
        }
    }
}

fn add_to_pipeline(pipe: &mut redis::Pipeline, op: Op) {
    match op {
        Op::Publish { channel, message } => {
            pipe.cmd("PUBLISH").arg(channel).arg(message).ignore();
        }
        Op::SavePeer { id, record, retired_token } => {
            let Ok(json) = serde_json::to_string(&record) else { return };
            if let Some(old) = retired_token {
                pipe.cmd("DEL").arg(resume_key(&old)).ignore();
            }
            pipe.cmd("HSET").arg(PEERS_KEY).arg(&id).arg(json).ignore();
            pipe.cmd("SET").arg(resume_key(&record.token)).arg(&id).ignore();
        }
        Op::ForgetPeer { id, token } => {
            pipe.cmd("HDEL").arg(PEERS_KEY).arg(&id).ignore();
            pipe.cmd("DEL").arg(resume_key(&token)).ignore();
            pipe.cmd("DEL").arg(mailbox_key(&id)).ignore();
        }
        Op::SaveChat { room, frame, keep } => {
            let key = chat_key(&room);
            let keep = keep.clamp(1, CHAT_HISTORY_PER_ROOM) as i64;
            pipe.cmd("RPUSH").arg(&key).arg(frame).ignore();
            pipe.cmd("LTRIM").arg(&key).arg(-keep).arg(-1).ignore();
            pipe.cmd("EXPIRE").arg(&key).arg(CHAT_TTL_SECS).ignore();
        }
        Op::Mailbox { to, frame } => {
            let key = mailbox_key(&to);
            pipe.cmd("RPUSH").arg(&key).arg(frame).ignore();
            pipe.cmd("LTRIM").arg(&key).arg(-(MAILBOX_LIMIT as i64)).arg(-1).ignore();
            pipe.cmd("EXPIRE").arg(&key).arg(3600).ignore();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(redacted("redis://:s3cret@10.0.0.5:6379/0"), "redis://***@10.0.0.5:6379/0");
        assert_eq!(redacted("redis://user:pw@host"), "redis://***@host");
        assert_eq!(redacted("redis://127.0.0.1:6379"), "redis://127.0.0.1:6379");
    }
}
