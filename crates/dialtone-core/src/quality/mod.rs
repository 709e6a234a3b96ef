//! The network quality of a call: once-a-second samples of the peer connection's statistics
//! become a level (good / fair / poor) that does not flicker, a bounded history for the
//! panel's graphs, and the words the indicator says.
//!
//! Sans-IO: the web layer reads `getStats()` and feeds [`Sample`]s with the time they were
//! taken; nothing here knows a browser, and the rules are tested with made-up clocks.
//!
//! Hysteresis: an interval alone only proposes a level. A worse level is shown once the calls'
//! figures have stayed at least that bad for [`DEGRADE_HOLD_MS`], a better one once they have
//! stayed at least that good for [`RECOVER_HOLD_MS`] (slower: a connection that just dropped
//! packets is not trusted at once), and never two changes within [`MIN_DWELL_MS`].

mod figures;
mod graph;
mod sampler;
#[cfg(test)]
mod sampler_tests;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

pub use figures::{Figures, Sample, format_kbps, format_ms, format_percent};
pub use graph::{Sparkline, round_up, sparkline};
pub use sampler::{QualitySampler, QualityView, SAMPLE_EVERY_MS, SampleStep, measured_call};

/// How long figures must stay worse before the level drops.
pub const DEGRADE_HOLD_MS: u64 = 2_000;
/// How long figures must stay better before the level rises.
pub const RECOVER_HOLD_MS: u64 = 5_000;
/// The least time between two changes of the level.
pub const MIN_DWELL_MS: u64 = 3_000;
/// What the history keeps (and the graphs show).
pub const HISTORY_MS: u64 = 60_000;
/// A hard cap on the history, whatever the sampling rate.
pub const HISTORY_POINTS: usize = 120;
/// A fall to poor is said aloud at most once in this long (a connection that wavers around the
/// threshold must not keep talking over the call).
pub const ANNOUNCE_GAP_MS: u64 = 120_000;

/// How the call's connection is, worst last (so `max` is the worse of two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Good,
    Fair,
    Poor,
}

impl Level {
    /// A stable name for `data-level` attributes and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Good => "good",
            Level::Fair => "fair",
            Level::Poor => "poor",
        }
    }

    /// How many of the indicator's three bars are lit.
    pub fn bars(self) -> u8 {
        match self {
            Level::Good => 3,
            Level::Fair => 2,
            Level::Poor => 1,
        }
    }
}

/// A change the level is moving towards, and since when the figures have supported it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pending {
    /// The level nearest the shown one that every interval of the streak reached (a drop goes
    /// only as far as the mildest interval, a rise only as far as the worst).
    level: Level,
    since: u64,
}

/// What one sample changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Update {
    /// The shown level changed.
    pub changed: bool,
    /// Say "the connection is poor" now (the level just fell to poor, and it was not said
    /// within [`ANNOUNCE_GAP_MS`]).
    pub announce_poor: bool,
}

/// The quality of one call's connection; a new call starts a new monitor.
#[derive(Debug, Clone, Default)]
pub struct QualityMonitor {
    previous: Option<Sample>,
    /// Inbound packets have arrived in this call (from then on, none at all is a stall).
    receiving: bool,
    level: Option<Level>,
    changed_at: Option<u64>,
    pending: Option<Pending>,
    history: VecDeque<Figures>,
    announced_at: Option<u64>,
}

impl QualityMonitor {
    pub fn new() -> QualityMonitor {
        QualityMonitor::default()
    }

    /// Takes one sample. A sample no later than the previous one is ignored.
    pub fn sample(&mut self, sample: Sample) -> Update {
        if self.previous.is_some_and(|p| sample.at <= p.at) {
            return Update::default();
        }
        let figures = Figures::between(self.previous.as_ref(), &sample, self.receiving);
        self.receiving |= sample.packets_received.is_some_and(|n| n > 0);
        self.previous = Some(sample);
        self.remember(figures);
        let before = self.level;
        self.judge(sample.at, figures.level());
        let changed = self.level != before;
        let announce_poor = changed
            && self.level == Some(Level::Poor)
            && self.announced_at.is_none_or(|at| sample.at.saturating_sub(at) >= ANNOUNCE_GAP_MS);
        if announce_poor {
            self.announced_at = Some(sample.at);
        }
        Update { changed, announce_poor }
    }

    fn judge(&mut self, now: u64, proposed: Option<Level>) {
        let Some(proposed) = proposed else {
            // An interval with no figure is no evidence either way: a streak needs unbroken support.
            self.pending = None;
            return;
        };
        let Some(shown) = self.level else {
            // The first opinion is shown at once: "measuring" says less than a first guess.
            self.set(now, proposed);
            return;
        };
        if proposed == shown {
            self.pending = None;
            return;
        }
        let worse = proposed > shown;
        let pending = match self.pending {
            Some(p) if (p.level > shown) == worse => Pending {
                level: if worse { p.level.min(proposed) } else { p.level.max(proposed) },
                since: p.since,
            },
            _ => Pending { level: proposed, since: now },
        };
        self.pending = Some(pending);
        let hold = if worse { DEGRADE_HOLD_MS } else { RECOVER_HOLD_MS };
        let dwelt = self.changed_at.is_none_or(|at| now.saturating_sub(at) >= MIN_DWELL_MS);
        if now.saturating_sub(pending.since) >= hold && dwelt {
            self.set(now, pending.level);
        }
    }

    fn set(&mut self, now: u64, level: Level) {
        self.level = Some(level);
        self.changed_at = Some(now);
        self.pending = None;
    }

    fn remember(&mut self, figures: Figures) {
        self.history.push_back(figures);
        let oldest = figures.at.saturating_sub(HISTORY_MS);
        while self.history.front().is_some_and(|f| f.at < oldest) || self.history.len() > HISTORY_POINTS {
            self.history.pop_front();
        }
    }

    /// The level shown; nothing before the first figure.
    pub fn level(&self) -> Option<Level> {
        self.level
    }

    /// The latest interval's figures.
    pub fn latest(&self) -> Option<&Figures> {
        self.history.back()
    }

    /// The last [`HISTORY_MS`] of figures, oldest first.
    pub fn history(&self) -> impl Iterator<Item = &Figures> {
        self.history.iter()
    }

    /// The indicator's accessible name: "Connection: good, 12 ms", or "Connection: measuring…".
    pub fn summary(&self) -> String {
        let Some(level) = self.level else {
            return "Connection: measuring…".to_owned();
        };
        match self.latest().and_then(|f| f.rtt_ms) {
            Some(rtt) => format!("Connection: {}, {}", level.as_str(), format_ms(Some(rtt))),
            None => format!("Connection: {}", level.as_str()),
        }
    }

    /// One figure over the last minute, as a line `width` × `height`.
    pub fn graph(&self, figure: fn(&Figures) -> Option<f64>, width: f64, height: f64, min_top: f64) -> Sparkline {
        let now = self.latest().map_or(0, |f| f.at);
        sparkline(self.history.iter().map(|f| (f.at, figure(f))), now, HISTORY_MS, width, height, min_top)
    }
}

/// The sentence said aloud when the connection falls to poor.
pub const POOR_ANNOUNCEMENT: &str = "Your connection is poor: the call may break up.";
