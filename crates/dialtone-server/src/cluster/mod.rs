//! Several nodes, one Redis: presence, relay and chat fan-out through Redis pub/sub, so clients
//! on different nodes see and call each other exactly as on one node (specs/signaling.md).
//!
//! This is a driver of the hub: it turns Redis messages into hub inputs and performs the hub's
//! cluster ops ([`ClusterOp`]); the hub knows nothing of Redis. Each node keeps its own sockets
//! and a replica of who is connected elsewhere (built from a snapshot of [`keys::PEERS_KEY`] and
//! kept current by the announcements on [`keys::EVENTS_CHANNEL`]), so the hub's routing stays
//! synchronous. Writes to Redis leave through one ordered queue drained by one task, so a peer's
//! record is always stored before the news of it, and a slow Redis never blocks a socket. A node that stops
//! (or dies) stops refreshing its heartbeat; the others then keep frames for its peers in
//! mailboxes, and after the resume grace retire them. A client that reconnects to any node with
//! its resume token takes its id back there ([`ClusterLink::take_over`], atomic in Redis).

pub mod keys;
mod watch;

use std::sync::Arc;
use std::time::Duration;

use redis::aio::ConnectionManager;
use tokio::sync::mpsc;

use crate::hub::news::{ClusterOp, PeerRecord, TakenOver};
use crate::hub::{ClusterInput, ConnId, HubInput};
use crate::hub_driver::HubDriver;

/// Chat frames read back from Redis per room (the hub's own bounds apply on top).
const CHAT_HISTORY_PER_ROOM: usize = 100;
/// A room's chat in Redis is forgotten this long after its last message.
const CHAT_TTL_SECS: u64 = 24 * 3600;
use keys::*;

/// Writes queued for Redis before new ones are dropped (and counted).
const OP_QUEUE: usize = 8192;
/// Writes sent to Redis in one round trip when several are queued.
const OP_BATCH: usize = 128;
/// How long frames are kept for a peer whose node died.
const MAILBOX_TTL_SECS: u64 = 3600;

/// This node's handle on the cluster: what needs an answer from Redis (take-over, a room's
/// history, retiring a peer). Writes go through the hub's cluster ops instead.
#[derive(Clone)]
pub struct ClusterLink {
    node: String,
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
redis.call('DEL', box, 'dialtone:mailbox-bytes:' .. id)
return {id, encoded, frames}
"#;

/// Atomically keeps a frame in a dead node's peer's mailbox: the newest within ARGV[2] frames and
/// ARGV[3] bytes (the oldest give way, as in a connection's outbox), both keys expiring together.
/// A frame alone over the byte bound is not kept. The peer's record is read in the same step: a
/// peer another node took over since the sender last heard (its resume's TAKE_OVER ran first)
/// gets the frame on that node's channel, as a direct frame, instead of a mailbox nobody will
/// read; a peer retired meanwhile gets nothing. KEYS: the list, its byte count, the peers' hash.
/// ARGV: the frame, the bounds, the TTL, the peer's id, the dead node's name.
const MAILBOX_PUSH: &str = r#"
local frame = ARGV[1]
local max_frames, max_bytes, ttl = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local raw = redis.call('HGET', KEYS[3], ARGV[5])
if not raw then return 0 end
local node = cjson.decode(raw).node
if node ~= ARGV[6] then
  redis.call('PUBLISH', 'dialtone:node:' .. node, cjson.encode({to = ARGV[5], frame = frame}))
  return 2
end
if #frame > max_bytes then return 0 end
redis.call('RPUSH', KEYS[1], frame)
local bytes = redis.call('INCRBY', KEYS[2], #frame)
while bytes > max_bytes or redis.call('LLEN', KEYS[1]) > max_frames do
  local oldest = redis.call('LPOP', KEYS[1])
  if not oldest then break end
  bytes = redis.call('DECRBY', KEYS[2], #oldest)
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
return 1
"#;

/// Atomically retires a peer of a dead node, unless it moved meanwhile. 1 when this call did it.
const RETIRE: &str = r#"
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local record = cjson.decode(raw)
if record.node ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', 'dialtone:resume:' .. record.token)
redis.call('DEL', 'dialtone:mailbox:' .. ARGV[1], 'dialtone:mailbox-bytes:' .. ARGV[1])
return 1
"#;

impl ClusterLink {
    pub fn node(&self) -> &str {
        &self.node
    }

    /// Before a connection joins: a resume token this node does not know may belong to a peer
    /// of another node (taken over here: `Adopt` instead of `Connect`), and the room's chat
    /// history may be in Redis only. Redis failing is logged, and the client joins afresh.
    pub async fn connect(&self, driver: &HubDriver, conn: ConnId, name: Option<String>, room: Option<String>, resume: Option<String>) {
        if let Some(token) = resume.as_deref().filter(|t| !driver.read(|hub| hub.knows_resume_token(t))) {
            match self.take_over(token, &crate::identity::new_resume_token()).await {
                Ok(Some(taken)) => {
                    let _ = driver.input(HubInput::Cluster(ClusterInput::Adopt { conn, taken }));
                    return;
                }
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "cluster: cannot look up a resume token"),
            }
        }
        let wanted = crate::identity::clean_room(room.as_deref().unwrap_or_default());
        if !driver.read(|hub| hub.history_loaded(&wanted)) {
            match self.room_history(&wanted).await {
                Ok(frames) => {
                    let _ = driver.input(HubInput::Cluster(ClusterInput::RoomHistory { room: wanted, frames }));
                }
                Err(error) => tracing::warn!(%error, "cluster: cannot load a room's chat history"),
            }
        }
        let _ = driver.input(HubInput::Connect { conn, name, room, resume });
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
    // User-info first, up to the last `@` anywhere (a password may hold an unencoded `?`):
    // hiding too much is fine. Then the query, where credentials can sit too
    // (`redis+unix:///run/r.sock?user=…&pass=…`): it goes whole, whatever its keys.
    let rest = match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    };
    match rest.split_once('?') {
        Some((base, _)) => format!("{base}?***"),
        None => rest,
    }
}

/// Connects this node to the cluster: subscribes, loads who is elsewhere, starts the writer,
/// the heartbeat and the watch over other nodes. Fails when Redis cannot be reached.
pub async fn join(url: &str, driver: Arc<HubDriver>, grace: Duration) -> Result<ClusterLink, String> {
    let cannot = |e: redis::RedisError| format!("cannot use Redis at {}: {e}", redacted(url));
    let client = redis::Client::open(url).map_err(cannot)?;
    let conn = client.get_connection_manager().await.map_err(cannot)?;
    let node = crate::identity::new_node_id();
    let (ops_tx, ops) = mpsc::channel(OP_QUEUE);
    let link = ClusterLink { node: node.clone(), conn: conn.clone(), grace };
    driver.attach_cluster(node.clone(), ops_tx);
    let subscription = watch::subscribe(&client, &driver, &node).await.map_err(cannot)?;
    tokio::spawn(write_ops(conn.clone(), node.clone(), ops));
    tokio::spawn(watch::follow(client, driver.clone(), node.clone(), subscription));
    tokio::spawn(watch::heartbeat_and_retire(link.clone(), conn, driver));
    tracing::info!(node = %node, redis = %redacted(url), "joined the cluster");
    Ok(link)
}

/// Drains the write queue in order, several writes per round trip.
async fn write_ops(mut conn: ConnectionManager, node: String, mut ops: mpsc::Receiver<ClusterOp>) {
    let mut batch = Vec::with_capacity(OP_BATCH);
    while ops.recv_many(&mut batch, OP_BATCH).await > 0 {
        let mut pipe = redis::pipe();
        for op in batch.drain(..) {
            add_to_pipeline(&mut pipe, &node, op);
        }
        if let Err(error) = pipe.exec_async(&mut conn).await {
            tracing::warn!(%error, "cluster: a batch of writes to Redis failed");
        }
    }
}

fn add_to_pipeline(pipe: &mut redis::Pipeline, node: &str, op: ClusterOp) {
    match op {
        ClusterOp::Announce(event) => {
            let announcement = Announcement { origin: node.to_owned(), event };
            let Ok(message) = serde_json::to_string(&announcement) else { return };
            pipe.cmd("PUBLISH").arg(EVENTS_CHANNEL).arg(message).ignore();
        }
        ClusterOp::Direct { node, direct } => {
            let Ok(message) = serde_json::to_string(&direct) else { return };
            pipe.cmd("PUBLISH").arg(node_channel(&node)).arg(message).ignore();
        }
        ClusterOp::SavePeer { id, record, retired_token } => {
            let Ok(json) = serde_json::to_string(&record) else { return };
            if let Some(old) = retired_token {
                pipe.cmd("DEL").arg(resume_key(&old)).ignore();
            }
            pipe.cmd("HSET").arg(PEERS_KEY).arg(&id).arg(json).ignore();
            pipe.cmd("SET").arg(resume_key(&record.token)).arg(&id).ignore();
        }
        ClusterOp::ForgetPeer { id, token } => {
            pipe.cmd("HDEL").arg(PEERS_KEY).arg(&id).ignore();
            pipe.cmd("DEL").arg(resume_key(&token)).ignore();
            pipe.cmd("DEL").arg(mailbox_key(&id)).arg(mailbox_bytes_key(&id)).ignore();
        }
        ClusterOp::SaveChat { room, frame, keep } => {
            let key = chat_key(&room);
            let keep = keep.clamp(1, CHAT_HISTORY_PER_ROOM) as i64;
            pipe.cmd("RPUSH").arg(&key).arg(frame).ignore();
            pipe.cmd("LTRIM").arg(&key).arg(-keep).arg(-1).ignore();
            pipe.cmd("EXPIRE").arg(&key).arg(CHAT_TTL_SECS).ignore();
        }
        ClusterOp::Mailbox { to, node, frame, keep } => {
            let keep = keep.at_least_one();
            pipe.cmd("EVAL")
                .arg(MAILBOX_PUSH)
                .arg(3)
                .arg(mailbox_key(&to))
                .arg(mailbox_bytes_key(&to))
                .arg(PEERS_KEY)
                .arg(frame)
                .arg(keep.frames)
                .arg(keep.bytes)
                .arg(MAILBOX_TTL_SECS)
                .arg(&to)
                .arg(&node)
                .ignore();
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
        // A unix socket's credentials are query parameters.
        assert_eq!(redacted("redis+unix:///tmp/r.sock?pass=HUNTER2"), "redis+unix:///tmp/r.sock?***");
        assert_eq!(redacted("unix:///tmp/r.sock?db=1&user=u&pass=HUNTER2"), "unix:///tmp/r.sock?***");
        assert_eq!(redacted("redis://:pw@h:6379/0?protocol=resp3"), "redis://***@h:6379/0?***");
        // A password with an unencoded `?` is still hidden whole.
        assert_eq!(redacted("redis://:pa?ss@host:6379"), "redis://***@host:6379");
    }
}
