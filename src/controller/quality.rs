//! The call's network quality: on the controller's screen tick the core's [`QualitySampler`]
//! says whether to read the peer connection's statistics now; the reading goes back to it, and
//! what it shows (the level, the figures, the last minute, whether to say "poor" aloud) goes to
//! `ui.quality`. Nothing here decides when or what: it reads and shows. The tick never feeds the
//! call machine.

use dialtone_core::quality::{Sample, SampleStep, measured_call};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::Controller;
use crate::rtc::peer::PeerConnection;

impl Controller {
    /// From the screen tick: whatever the core's sampler says for the connected call, if any.
    pub(super) fn sample_quality(&self) {
        // The driver's clock: the statistics' rates and the level's hold times are on it.
        let now = crate::driver::now_ms();
        let view = self.client().phone().view();
        let step = self.inner.borrow_mut().quality.tick(now, measured_call(view.as_ref()));
        let call_id = match step {
            SampleStep::Wait => return,
            SampleStep::Forget => {
                self.ui.quality.set(None);
                return;
            }
            SampleStep::Read { call_id } => call_id,
        };
        let Some(peer) = self.inner.borrow().peer.as_ref().map(PeerConnection::handle) else {
            // No connection to read after all: the sampler hears of no reading.
            self.on_quality_sample(&call_id, None);
            return;
        };
        let this = self.weak();
        spawn_local(async move {
            let sample = crate::rtc::stats::quality_sample(&peer, now).await;
            if let Some(this) = this.upgrade() {
                this.on_quality_sample(&call_id, sample);
            }
        });
    }

    fn on_quality_sample(&self, call_id: &str, sample: Option<Sample>) {
        let shown = self.inner.borrow_mut().quality.read(call_id, sample);
        if let Some(shown) = shown {
            self.ui.quality.set(Some(shown));
        }
    }
}
