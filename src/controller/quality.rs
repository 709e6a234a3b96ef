//! The call's network quality: once a second while a call is connected, a sample of the peer
//! connection's statistics goes to the core's [`QualityMonitor`]; what it decides (the level,
//! the figures, the last minute, whether to say "poor" aloud) goes to `ui.quality`. Driven by
//! the controller's ticker, like the call's timers.

use dialtone_core::call::CallState;
use dialtone_core::quality::{Figures, Level, QualityMonitor, Sample};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::{Controller, now_ms};
use crate::rtc::peer::PeerConnection;

/// How often the statistics are read: once a second, taken on the ticker's nearest tick (a
/// tick early rather than one late, so the graphs get a point a second).
const SAMPLE_EVERY_MS: u64 = 1_000 - super::SCREEN_TICK_MS as u64 / 2;

/// What the call stage shows of the connection's quality.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityUi {
    /// Nothing before the first figure ("measuring").
    pub level: Option<Level>,
    pub latest: Option<Figures>,
    /// The last minute of figures, oldest first (for the panel's graphs).
    pub history: Vec<Figures>,
    /// Set when the connection fell to poor and that is to be said aloud; cleared when it
    /// is no longer poor (so a later fall can be said again).
    pub poor_announced: bool,
}

/// The sampler's state, kept in the controller for the call in progress.
#[derive(Default)]
pub(super) struct QualitySampler {
    call_id: Option<String>,
    monitor: QualityMonitor,
    last_at: u64,
    /// A `getStats()` is under way: never two at once.
    reading: bool,
    announced: bool,
}

impl Controller {
    /// From the ticker: reads the statistics when a second has passed in a connected call;
    /// forgets the last call's figures once there is no connected call.
    pub(super) fn sample_quality(&self) {
        let now = now_ms();
        let call = self.client().phone().view().filter(|v| v.state == CallState::Connected && v.ended.is_none());
        let Some(call) = call else {
            let had = self.inner.borrow_mut().quality.call_id.take().is_some();
            if had {
                self.inner.borrow_mut().quality = QualitySampler::default();
                self.ui.quality.set(None);
            }
            return;
        };
        let peer = {
            let mut inner = self.inner.borrow_mut();
            if inner.quality.call_id.as_deref() != Some(call.call_id.as_str()) {
                inner.quality = QualitySampler { call_id: Some(call.call_id.clone()), ..QualitySampler::default() };
            }
            let sampler = &inner.quality;
            if sampler.reading || now.saturating_sub(sampler.last_at) < SAMPLE_EVERY_MS {
                return;
            }
            let Some(peer) = inner.peer.as_ref().map(PeerConnection::handle) else { return };
            inner.quality.reading = true;
            inner.quality.last_at = now;
            peer
        };
        let this = self.weak();
        let call_id = call.call_id;
        spawn_local(async move {
            let sample = crate::rtc::stats::quality_sample(&peer, now).await;
            if let Some(this) = this.upgrade() {
                this.on_quality_sample(&call_id, sample);
            }
        });
    }

    fn on_quality_sample(&self, call_id: &str, sample: Option<Sample>) {
        let shown = {
            let mut inner = self.inner.borrow_mut();
            let sampler = &mut inner.quality;
            if sampler.call_id.as_deref() != Some(call_id) {
                return; // The call ended (or another began) while the statistics were read.
            }
            sampler.reading = false;
            let Some(sample) = sample else { return };
            let update = sampler.monitor.sample(sample);
            let level = sampler.monitor.level();
            if update.announce_poor {
                sampler.announced = true;
            } else if level != Some(Level::Poor) {
                sampler.announced = false;
            }
            QualityUi {
                level,
                latest: sampler.monitor.latest().copied(),
                history: sampler.monitor.history().copied().collect(),
                poor_announced: sampler.announced,
            }
        };
        self.ui.quality.set(Some(shown));
    }
}
