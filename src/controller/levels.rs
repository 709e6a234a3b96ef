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

/// What the call screen shows of the sound.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Levels {
    /// What the peer hears from us (0 while muted), 0..1.
    pub local: f32,
    pub remote: f32,
    pub local_speaking: bool,
    pub remote_speaking: bool,
    pub muted_hint: bool,
}

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
        self.spawn_meter(raw_stream, Controller::on_local_level, |inner, meter| inner.local_meter = Some(meter));
    }

    pub(super) fn start_remote_meter(&self, stream: &MediaStream) {
        if stream.get_audio_tracks().length() == 0 {
            return;
        }
        self.spawn_meter(stream.clone(), Controller::on_remote_level, |inner, meter| inner.remote_meter = Some(meter));
    }

    /// Starts a meter on `stream`; each level goes to `on_level`, the running meter to `keep`.
    fn spawn_meter(
        &self,
        stream: MediaStream,
        on_level: fn(&Controller, f32),
        keep: fn(&mut super::Inner, crate::media::meter::Meter),
    ) {
        let Some(context) = self.audio_graph() else { return };
        let this = self.weak();
        spawn_local(async move {
            let weak = this.clone();
            let meter = context
                .meter(&stream, move |rms| {
                    if let Some(this) = weak.upgrade() {
                        on_level(&this, rms);
                    }
                })
                .await;
            if let (Some(this), Ok(meter)) = (this.upgrade(), meter) {
                keep(&mut this.inner.borrow_mut(), meter);
            }
        });
    }

    fn on_local_level(&self, rms: f32) {
        let now = now_ms();
        let mic_on = self.client().phone().view().is_none_or(|v| v.mic.enabled);
        let (mic_on, speaking, hint) = {
            let mut inner = self.inner.borrow_mut();
            let speaking = inner.local_speech.level(now, rms);
            let hint = inner.local_speech.muted_hint(now, mic_on);
            (mic_on, speaking, hint)
        };
        // Muted, the bar stays at 0: nothing on the page needs to hear about it 20 times a second.
        self.ui.levels.maybe_update(|levels| {
            let before = *levels;
            levels.local = if mic_on { rms } else { 0.0 };
            levels.local_speaking = mic_on && speaking;
            levels.muted_hint = hint;
            *levels != before
        });
    }

    fn on_remote_level(&self, rms: f32) {
        let speaking = self.inner.borrow_mut().remote_speech.level(now_ms(), rms);
        self.ui.levels.maybe_update(|levels| {
            let before = *levels;
            levels.remote = rms;
            levels.remote_speaking = speaking;
            *levels != before
        });
    }

    pub(super) fn stop_meters(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.local_meter = None;
        inner.remote_meter = None;
        if let Some(track) = inner.meter_track.take() {
            track.stop();
        }
        inner.local_speech = Default::default();
        inner.remote_speech = Default::default();
        drop(inner);
        self.ui.levels.set(Levels::default());
    }
}
