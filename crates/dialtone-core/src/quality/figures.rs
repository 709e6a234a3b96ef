//! One interval's figures, from two successive samples of the peer connection's counters, and
//! what they say about the call taken alone (before any hysteresis).

use super::Level;

/// What `getStats()` says at one moment. Counters are cumulative, as the browser reports them;
/// every field may be missing (a browser without the stat, a stream not yet started).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sample {
    /// When it was taken (ms).
    pub at: u64,
    /// Round-trip time (ms): the selected candidate pair's, else the peer's RTCP report's.
    pub rtt_ms: Option<f64>,
    /// Jitter of what we receive (ms): the worst inbound stream's.
    pub jitter_ms: Option<f64>,
    /// Packets received on every inbound RTP stream together.
    pub packets_received: Option<u64>,
    /// Packets lost on every inbound RTP stream together (the browser's count, never negative).
    pub packets_lost: Option<u64>,
    /// The peer's latest report of the share of our packets it lost (0..1).
    pub remote_fraction_lost: Option<f64>,
    pub bytes_sent: Option<u64>,
    pub bytes_received: Option<u64>,
}

/// The figures of one interval (between two samples), as the panel shows them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    /// The end of the interval (ms).
    pub at: u64,
    pub rtt_ms: Option<f64>,
    /// Packet loss (percent), the worse of the two directions we know of.
    pub loss_percent: Option<f64>,
    pub jitter_ms: Option<f64>,
    pub send_kbps: Option<f64>,
    pub receive_kbps: Option<f64>,
}

/// Thresholds: a figure at or past `fair` makes the interval fair, at or past `poor` poor.
/// Chosen for speech: past ~300 ms round trip people talk over each other, past a few percent
/// loss words go missing, past ~50 ms jitter the receiver's buffer grows audibly.
pub(super) const RTT_FAIR_MS: f64 = 300.0;
pub(super) const RTT_POOR_MS: f64 = 600.0;
pub(super) const LOSS_FAIR_PERCENT: f64 = 2.0;
pub(super) const LOSS_POOR_PERCENT: f64 = 8.0;
pub(super) const JITTER_FAIR_MS: f64 = 30.0;
pub(super) const JITTER_POOR_MS: f64 = 60.0;

/// An interval shorter than this says nothing about a stall (samples come once a second).
const STALL_MIN_INTERVAL_MS: u64 = 900;

impl Figures {
    /// The figures between `previous` and `now`. `receiving` says inbound packets have arrived
    /// before in this call: from then on, an interval with none at all is a stall, counted as
    /// total loss — during an outage the browser's loss counter stands still (it counts gaps
    /// in what does arrive), so without this a dead connection would look perfect.
    pub fn between(previous: Option<&Sample>, now: &Sample, receiving: bool) -> Figures {
        let mut figures = Figures {
            at: now.at,
            rtt_ms: now.rtt_ms.filter(|v| v.is_finite() && *v >= 0.0),
            jitter_ms: now.jitter_ms.filter(|v| v.is_finite() && *v >= 0.0),
            ..Figures::default()
        };
        let remote_loss = now
            .remote_fraction_lost
            .filter(|v| v.is_finite())
            .map(|f| (f * 100.0).clamp(0.0, 100.0));
        let mut inbound_loss = None;
        if let Some(previous) = previous.filter(|p| p.at < now.at) {
            let elapsed_ms = now.at - previous.at;
            let kbps = |bytes: u64| bytes as f64 * 8.0 / elapsed_ms as f64;
            figures.send_kbps = delta(previous.bytes_sent, now.bytes_sent).map(kbps);
            figures.receive_kbps = delta(previous.bytes_received, now.bytes_received).map(kbps);
            let received = delta(previous.packets_received, now.packets_received);
            let lost = delta(previous.packets_lost, now.packets_lost).unwrap_or(0);
            inbound_loss = match received {
                Some(0) if lost == 0 && receiving && elapsed_ms >= STALL_MIN_INTERVAL_MS => Some(100.0),
                Some(received) if received + lost > 0 => Some(lost as f64 * 100.0 / (received + lost) as f64),
                _ => None,
            };
        }
        figures.loss_percent = match (inbound_loss, remote_loss) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        figures
    }

    /// What this interval alone says: the worst of its figures; nothing without any figure.
    pub fn level(&self) -> Option<Level> {
        let grade = |value: Option<f64>, fair: f64, poor: f64| {
            value.map(|v| if v >= poor { Level::Poor } else if v >= fair { Level::Fair } else { Level::Good })
        };
        [
            grade(self.rtt_ms, RTT_FAIR_MS, RTT_POOR_MS),
            grade(self.loss_percent, LOSS_FAIR_PERCENT, LOSS_POOR_PERCENT),
            grade(self.jitter_ms, JITTER_FAIR_MS, JITTER_POOR_MS),
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

/// How far a cumulative counter moved; nothing when either end is missing or it went back
/// (a new stream or connection started counting again).
fn delta(previous: Option<u64>, now: Option<u64>) -> Option<u64> {
    now?.checked_sub(previous?)
}

/// "12 ms", "0.4 %", "48 kbps", or "—" when the figure is unknown. Under half a millisecond
/// (the browser reports whole ms, so often 0 on a local network) reads "<1 ms": "0 ms" would
/// claim no delay at all.
pub fn format_ms(value: Option<f64>) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) if v < 0.5 => "<1 ms".to_owned(),
        Some(v) => format!("{} ms", v.round() as i64),
    }
}

pub fn format_percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1} %"))
}

pub fn format_kbps(value: Option<f64>) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) if v >= 1000.0 => format!("{:.1} Mbps", v / 1000.0),
        Some(v) => format!("{} kbps", v.round() as i64),
    }
}
