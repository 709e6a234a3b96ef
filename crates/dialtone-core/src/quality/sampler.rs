//! When the call's statistics are read, and what one reading shows: the schedule and the
//! monitor of the connected call. The web layer calls [`QualitySampler::tick`] on its screen
//! tick (about once a second), reads `getStats()` when told, and hands the result to
//! [`QualitySampler::read`]; it decides nothing itself. The tick is expected every
//! [`SAMPLE_EVERY_MS`] (a faster one would read twice as often).

use super::{Figures, Level, QualityMonitor, Sample};

/// How often the statistics are read.
pub const SAMPLE_EVERY_MS: u64 = 1_000;
/// A tick this much early still reads: ticks are late or early by a few milliseconds, and one
/// skipped would leave a gap in the graphs (a reading a second apart, not two).
const EARLY_MS: u64 = SAMPLE_EVERY_MS / 2;

/// What to do on this tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleStep {
    /// Nothing.
    Wait,
    /// Read the statistics of this call now (at the tick's time).
    Read { call_id: String },
    /// No call is connected any more: forget what was shown.
    Forget,
}

/// What the stage shows of the connection's quality.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityView {
    /// Nothing before the first figure ("measuring").
    pub level: Option<Level>,
    pub latest: Option<Figures>,
    /// The last minute of figures, oldest first (for the panel's graphs).
    pub history: Vec<Figures>,
    /// The fall to poor is to be said aloud: set when it fell (and may be said), cleared once it
    /// is no longer poor, so a later fall can be said again.
    pub poor_announced: bool,
}

/// The schedule and monitor of the connected call.
#[derive(Debug, Default)]
pub struct QualitySampler {
    call_id: Option<String>,
    monitor: QualityMonitor,
    last_read_at: Option<u64>,
    /// A reading is under way: never two at once.
    reading: bool,
    poor_announced: bool,
}

/// The call whose quality is measured: the one connected (a call still being set up has no
/// media to measure, an ended one none left).
pub fn measured_call(view: Option<&crate::call::CallView>) -> Option<&str> {
    view.filter(|v| v.state == crate::call::CallState::Connected && v.ended.is_none()).map(|v| v.call_id.as_str())
}

impl QualitySampler {
    /// The screen's tick at `now` (monotonic ms), with the call that is connected, if any. A
    /// call other than the one measured starts afresh.
    pub fn tick(&mut self, now: u64, connected: Option<&str>) -> SampleStep {
        let Some(call_id) = connected else {
            if self.call_id.is_none() {
                return SampleStep::Wait;
            }
            *self = QualitySampler::default();
            return SampleStep::Forget;
        };
        if self.call_id.as_deref() != Some(call_id) {
            *self = QualitySampler { call_id: Some(call_id.to_owned()), ..QualitySampler::default() };
        }
        let due = self.last_read_at.is_none_or(|at| now.saturating_sub(at) + EARLY_MS >= SAMPLE_EVERY_MS);
        if self.reading || !due {
            return SampleStep::Wait;
        }
        self.reading = true;
        self.last_read_at = Some(now);
        SampleStep::Read { call_id: call_id.to_owned() }
    }

    /// The reading for `call_id` came back (`None`: the browser gave no statistics). Returns what
    /// to show, or `None` when nothing changes on screen (a reading for a call that ended or was
    /// replaced meanwhile, or none at all).
    pub fn read(&mut self, call_id: &str, sample: Option<Sample>) -> Option<QualityView> {
        if self.call_id.as_deref() != Some(call_id) {
            return None;
        }
        self.reading = false;
        let update = self.monitor.sample(sample?);
        let level = self.monitor.level();
        if update.announce_poor {
            self.poor_announced = true;
        } else if level != Some(Level::Poor) {
            self.poor_announced = false;
        }
        Some(QualityView {
            level,
            latest: self.monitor.latest().copied(),
            history: self.monitor.history().copied().collect(),
            poor_announced: self.poor_announced,
        })
    }
}
