//! Prometheus metrics at `/metrics` (OpenMetrics text): connections, rooms, messages by type,
//! rejects by code, and how long a relayed frame takes from arriving to being written out.

use std::sync::Arc;
use std::time::Duration;

use dialtone_core::protocol::MessageKind;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TypeLabel {
    pub r#type: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabel {
    pub code: String,
}

pub struct Metrics {
    registry: Registry,
    connections: Gauge,
    rooms: Gauge,
    rooms_remembered: Gauge,
    chat_history_bytes: Gauge,
    /// One counter per message type, made up front: counting allocates nothing.
    messages: Vec<(&'static str, Counter)>,
    rejects: Family<CodeLabel, Counter>,
    relay_latency: Histogram,
}

impl Metrics {
    pub fn new() -> Arc<Metrics> {
        let mut registry = Registry::with_prefix("dialtone");
        let connections = Gauge::default();
        let rooms = Gauge::default();
        let rooms_remembered = Gauge::default();
        let chat_history_bytes = Gauge::default();
        let messages = Family::<TypeLabel, Counter>::default();
        let rejects = Family::<CodeLabel, Counter>::default();
        // 50 µs to ~3 s.
        let relay_latency = Histogram::new(exponential_buckets(0.000_05, 2.0, 16));
        registry.register("connections", "Signaling sockets open now", connections.clone());
        registry.register("rooms", "Rooms with at least one peer", rooms.clone());
        registry.register("rooms_remembered", "Rooms whose chat history or budget this node keeps", rooms_remembered.clone());
        registry.register("chat_history_bytes", "Bytes of room chat kept for newcomers", chat_history_bytes.clone());
        registry.register("messages", "Messages received, by type", messages.clone());
        registry.register("rejects", "Messages rejected, by error code", rejects.clone());
        registry.register(
            "relay_latency_seconds",
            "From a frame's arrival to its write on the recipient's socket",
            relay_latency.clone(),
        );
        let messages = MessageKind::ALL
            .iter()
            .map(|kind| (kind.as_str(), messages.get_or_create(&TypeLabel { r#type: kind.as_str().to_owned() }).clone()))
            .collect();
        Arc::new(Metrics { registry, connections, rooms, rooms_remembered, chat_history_bytes, messages, rejects, relay_latency })
    }

    pub fn message(&self, kind: MessageKind) {
        if let Some((_, counter)) = self.messages.iter().find(|(name, _)| *name == kind.as_str()) {
            counter.inc();
        }
    }

    pub fn reject(&self, code: &str) {
        self.rejects.get_or_create(&CodeLabel { code: code.to_owned() }).inc();
    }

    pub fn relayed_after(&self, latency: Duration) {
        self.relay_latency.observe(latency.as_secs_f64());
    }

    /// Sets the gauges to what the hub holds now (see [`Gauges`]).
    pub fn set_gauges(&self, gauges: Gauges) {
        self.connections.set(gauges.connections as i64);
        self.rooms.set(gauges.rooms as i64);
        self.rooms_remembered.set(gauges.rooms_remembered as i64);
        self.chat_history_bytes.set(gauges.chat_history_bytes as i64);
    }

    /// The text exposition, with the gauges as last set.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if prometheus_client::encoding::text::encode(&mut text, &self.registry).is_err() {
            text.clear();
        }
        text
    }
}

/// The hub's counts that the gauges show: taken from the hub under its lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gauges {
    pub connections: usize,
    pub rooms: usize,
    pub rooms_remembered: usize,
    pub chat_history_bytes: usize,
}
