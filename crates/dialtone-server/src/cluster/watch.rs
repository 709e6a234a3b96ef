//! Listening to the cluster: the subscription (announcements and frames for this node's
//! clients), re-established after Redis drops it; and the heartbeat that keeps this node known
//! alive while it watches the others and retires the peers of nodes that died.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use redis::aio::{ConnectionManager, PubSub};

use super::ClusterLink;
use super::keys::*;
use crate::hub::news::{Direct, PeerRecord};
use crate::hub::{ClusterInput, HubInput};
use crate::hub_driver::HubDriver;

/// How often the heartbeat is refreshed and other nodes are checked.
const HEARTBEAT_EVERY: Duration = Duration::from_millis(1000);
/// A node whose heartbeat is this old is dead: frames for its peers go to mailboxes.
const HEARTBEAT_TTL_MS: u64 = 3000;

/// Subscribes first, then loads who is connected where: nothing announced in between is missed.
pub(super) async fn subscribe(client: &redis::Client, driver: &HubDriver, node: &str) -> redis::RedisResult<PubSub> {
    let mut pubsub = client.get_async_pubsub().await?;
    pubsub.subscribe(EVENTS_CHANNEL).await?;
    pubsub.subscribe(node_channel(node)).await?;
    let mut conn = client.get_multiplexed_async_connection().await?;
    let records: HashMap<String, String> = redis::cmd("HGETALL").arg(PEERS_KEY).query_async(&mut conn).await?;
    let records = records
        .into_iter()
        .filter_map(|(id, raw)| serde_json::from_str::<PeerRecord>(&raw).ok().map(|r| (id, r)))
        .collect();
    tell(driver, ClusterInput::Peers(records));
    Ok(pubsub)
}

/// Hands every message to the hub; when Redis drops the subscription, subscribes again (with
/// back-off) and reloads the snapshot, so presence heals after a Redis restart.
pub(super) async fn follow(client: redis::Client, driver: Arc<HubDriver>, node: String, first: PubSub) {
    let mut subscription = Some(first);
    let mut wait = Duration::from_millis(250);
    loop {
        if let Some(pubsub) = subscription.take() {
            wait = Duration::from_millis(250);
            let mut messages = pubsub.into_on_message();
            while let Some(message) = messages.next().await {
                let Ok(payload) = message.get_payload::<String>() else { continue };
                dispatch(&driver, &node, message.get_channel_name(), &payload);
            }
            tracing::warn!("cluster: the Redis subscription ended; subscribing again");
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(Duration::from_secs(5));
        match subscribe(&client, &driver, &node).await {
            Ok(pubsub) => subscription = Some(pubsub),
            Err(error) => tracing::warn!(%error, "cluster: cannot subscribe to Redis yet"),
        }
    }
}

fn tell(driver: &HubDriver, input: ClusterInput) {
    // Cluster inputs are never refused: only a client's frame can be.
    let _ = driver.input(HubInput::Cluster(input));
}

fn dispatch(driver: &HubDriver, node: &str, channel: &str, payload: &str) {
    if channel == EVENTS_CHANNEL {
        match serde_json::from_str::<Announcement>(payload) {
            Ok(a) if a.origin != node => tell(driver, ClusterInput::News(a.event)),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "cluster: unreadable announcement"),
        }
    } else {
        match serde_json::from_str::<Direct>(payload) {
            Ok(direct) => tell(driver, ClusterInput::Direct(direct)),
            Err(error) => tracing::warn!(%error, "cluster: unreadable direct frame"),
        }
    }
}

/// Every second: refresh this node's heartbeat, check the nodes that hold remote peers, and
/// retire the peers of nodes dead for longer than the resume grace.
pub(super) async fn heartbeat_and_retire(link: ClusterLink, mut conn: ConnectionManager, driver: Arc<HubDriver>) {
    let mut tick = tokio::time::interval(HEARTBEAT_EVERY);
    let mut dead_since: HashMap<String, Instant> = HashMap::new();
    loop {
        tick.tick().await;
        let beat: redis::RedisResult<()> = redis::cmd("SET")
            .arg(heartbeat_key(&link.node))
            .arg(1)
            .arg("PX")
            .arg(HEARTBEAT_TTL_MS)
            .query_async(&mut conn)
            .await;
        if let Err(error) = beat {
            tracing::warn!(%error, "cluster: heartbeat failed");
            continue;
        }
        let nodes = driver.read(|hub| hub.remote_nodes());
        dead_since.retain(|n, _| nodes.contains(n));
        for node in nodes {
            let alive: redis::RedisResult<bool> = redis::cmd("EXISTS").arg(heartbeat_key(&node)).query_async(&mut conn).await;
            match alive {
                Ok(true) => {
                    if dead_since.remove(&node).is_some() {
                        tell(&driver, ClusterInput::NodeAlive { node: node.clone(), alive: true });
                    }
                }
                Ok(false) => {
                    let since = *dead_since.entry(node.clone()).or_insert_with(|| {
                        tracing::warn!(node = %node, "cluster: a node stopped; keeping its peers for the resume grace");
                        tell(&driver, ClusterInput::NodeAlive { node: node.clone(), alive: false });
                        Instant::now()
                    });
                    if since.elapsed() >= link.grace {
                        retire_peers_of(&link, &driver, &node).await;
                    }
                }
                Err(error) => tracing::warn!(%error, "cluster: cannot check a node's heartbeat"),
            }
        }
    }
}

async fn retire_peers_of(link: &ClusterLink, driver: &HubDriver, node: &str) {
    for id in driver.read(|hub| hub.remote_peers_on(node)) {
        match link.retire(&id, node).await {
            Ok(true) => tell(driver, ClusterInput::Retired { id }),
            // Another node retired it, or it moved: that node's announcement says so.
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "cluster: cannot retire a peer"),
        }
    }
}
