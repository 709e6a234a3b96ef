//! Audio levels in a call: the local and remote meters, speaking indicators and the "you are
//! muted but speaking" hint. The local meter listens to a clone of the microphone track, which
//! stays on when the sent track is muted: the hint needs to hear you; the meter on screen shows
//! what the peer gets (nothing while muted).

use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{MediaStream, MediaStreamTrack};

use super::{Controller, now_ms};
use crate::media::meter::AudioGraph;

/// The call meter's inputs: what the peer gets from us, and what we get from the peer.
const LOCAL: u32 = 0;
const REMOTE: u32 = 1;

pub use dialtone_core::speaking::Levels;

impl Controller {
    pub(super) fn audio_graph(&self) -> Option<Rc<AudioGraph>> {
        let mut inner = self.inner.borrow_mut();
        if inner.audio_graph.is_none() {
            inner.audio_graph = AudioGraph::new().map(Rc::new);
        }
        inner.audio_graph.clone()
    }

    pub(super) fn start_local_meter(&self, stream: &MediaStream) {
        let Ok(track) = stream.get_audio_tracks().get(0).dyn_into::<MediaStreamTrack>() else { return };
        // MediaStreamTrack.clone() in JS (an inherent method; not Rust's Clone).
        let raw = MediaStreamTrack::clone(&track);
        raw.set_enabled(true);
        let Ok(raw_stream) = MediaStream::new() else { return };
        raw_stream.add_track(&raw);
        if let Some(old) = self.inner.borrow_mut().meter_track.replace(raw) {
            old.stop();
        }
        self.meter_side(LOCAL, raw_stream);
    }

    pub(super) fn start_remote_meter(&self, stream: &MediaStream) {
        if stream.get_audio_tracks().length() == 0 {
            return;
        }
        // Clone::clone: MediaStream's own clone() would meter copies of the tracks.
        self.meter_side(REMOTE, Clone::clone(stream));
    }

    /// Feeds one side of the call's meter. The meter is made when the first side comes; a side
    /// that comes meanwhile waits in `meter_waiting` (a stream waiting = a meter being made).
    fn meter_side(&self, side: u32, stream: MediaStream) {
        let mut inner = self.inner.borrow_mut();
        if let Some(meter) = &inner.call_meter {
            let _ = meter.listen(side, &stream);
            return;
        }
        let being_made = inner.meter_waiting.iter().any(Option::is_some);
        inner.meter_waiting[side as usize] = Some(stream);
        if being_made {
            return;
        }
        drop(inner);
        let Some(graph) = self.audio_graph() else {
            self.inner.borrow_mut().meter_waiting = Default::default();
            return;
        };
        let this = self.weak();
        spawn_local(async move {
            let weak = this.clone();
            let meter = graph
                .meter_inputs(2, move |levels| {
                    if let (Some(this), [local, remote, ..]) = (weak.upgrade(), levels) {
                        this.on_levels(*local, *remote);
                    }
                })
                .await;
            let Some(this) = this.upgrade() else { return };
            let mut inner = this.inner.borrow_mut();
            // Nothing waits if the meters were stopped while it was being made (or another one
            // made meanwhile took the streams): then it is not wanted.
            let waiting = std::mem::take(&mut inner.meter_waiting);
            let wanted = inner.call_meter.is_none() && waiting.iter().any(Option::is_some);
            if let (true, Ok(meter)) = (wanted, meter) {
                for (side, stream) in waiting.iter().enumerate() {
                    if let Some(stream) = stream {
                        let _ = meter.listen(side as u32, stream);
                    }
                }
                inner.call_meter = Some(meter);
            }
        });
    }

    /// Both sides' levels, together about 20 times a second.
    fn on_levels(&self, local: f32, remote: f32) {
        let mic = self.client().phone().view().map(|v| v.mic.enabled);
        let shown = self.inner.borrow_mut().call_levels.report(now_ms(), local, remote, mic);
        // Muted, the bar stays at 0: nothing on the page needs to hear about it 20 times a second.
        self.ui.levels.maybe_update(|levels| {
            let changed = *levels != shown;
            *levels = shown;
            changed
        });
    }

    pub(super) fn stop_meters(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.call_meter = None;
        inner.meter_waiting = Default::default();
        if let Some(track) = inner.meter_track.take() {
            track.stop();
        }
        inner.call_levels = Default::default();
        drop(inner);
        self.ui.levels.set(Levels::default());
    }
}
