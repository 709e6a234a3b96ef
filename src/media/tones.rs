//! Ringtone and ringback, synthesised with Web Audio (no sound files to ship). The whole cadence
//! is scheduled on the audio clock up front, so no JS timer is involved while it plays.

use dialtone_core::call::Tone;
use web_sys::{AudioContext, GainNode, OscillatorNode, OscillatorType};

/// Longer than any ring timer: the call machine stops the tone long before this.
const SCHEDULED_SECONDS: f64 = 120.0;

pub struct TonePlayer {
    playing: Vec<OscillatorNode>,
    gain: Option<GainNode>,
    /// A phone vibrates with the ringtone (its sound follows the media volume, which a phone
    /// set to silent or vibrate may have turned down).
    vibrating: bool,
}

impl TonePlayer {
    pub fn new() -> Self {
        TonePlayer {
            playing: Vec::new(),
            gain: None,
            vibrating: false,
        }
    }

    /// Plays `tone` on the page's audio context (resumed here: a call or accept click, or an
    /// incoming call on a page the person has used).
    pub fn play(&mut self, context: &AudioContext, tone: Tone) {
        self.stop();
        let _ = context.resume();
        let Ok(gain) = context.create_gain() else {
            return;
        };
        let start = context.current_time();
        // (frequencies, on seconds, off seconds, level)
        let (frequencies, on, off, level): (&[f32], f64, f64, f32) = match tone {
            // North American ringback: 440 + 480 Hz, 2 s on, 4 s off.
            Tone::Ringback => (&[440.0, 480.0], 2.0, 4.0, 0.08),
            // A brighter two-tone ring for incoming calls: 1 s on, 2 s off.
            Tone::Ringtone => (&[660.0, 880.0], 1.0, 2.0, 0.12),
            // Call waiting: a short, quiet beep every 4 s, so the current call stays audible.
            Tone::CallWaiting => (&[440.0], 0.25, 4.0, 0.05),
        };
        let level_param = gain.gain();
        let _ = level_param.set_value_at_time(0.0, start);
        let mut at = start;
        while at < start + SCHEDULED_SECONDS {
            let _ = level_param.set_value_at_time(level, at);
            let _ = level_param.set_value_at_time(0.0, at + on);
            at += on + off;
        }
        let _ = gain.connect_with_audio_node(&context.destination());
        for frequency in frequencies {
            if let Ok(oscillator) = context.create_oscillator() {
                oscillator.set_type(OscillatorType::Sine);
                oscillator.frequency().set_value(*frequency);
                let _ = oscillator.connect_with_audio_node(&gain);
                let _ = oscillator.start();
                self.playing.push(oscillator);
            }
        }
        self.gain = Some(gain);
        if tone == Tone::Ringtone {
            self.vibrating = vibrate(&ring_pattern(on, off));
        }
    }

    pub fn stop(&mut self) {
        for oscillator in self.playing.drain(..) {
            #[allow(deprecated)]
            let _ = oscillator.stop();
            let _ = oscillator.disconnect();
        }
        if let Some(gain) = self.gain.take() {
            let _ = gain.disconnect();
        }
        if std::mem::take(&mut self.vibrating) {
            vibrate(&[0]);
        }
    }
}

/// The vibration beside the ringtone, in step with its cadence: on for `on` seconds, off for
/// `off`. Browsers cap a pattern's length, so it covers the first minute, longer than the ring
/// timer (45 s).
fn ring_pattern(on: f64, off: f64) -> Vec<u32> {
    const VIBRATED_SECONDS: f64 = 60.0;
    let cycles = (VIBRATED_SECONDS / (on + off)).ceil() as usize;
    [(on * 1000.0) as u32, (off * 1000.0) as u32].repeat(cycles)
}

/// `navigator.vibrate(pattern)` where there is one (phones; `[0]` stops): whether it was taken.
/// Without the person's use of the page the browser refuses, as it holds the sound then; a
/// browser without the method is refused by `js::call`.
fn vibrate(pattern: &[u32]) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let navigator: wasm_bindgen::JsValue = window.navigator().into();
    let pattern: js_sys::Array = pattern.iter().map(|ms| wasm_bindgen::JsValue::from(*ms)).collect();
    crate::js::call(&navigator, "vibrate", &[pattern.into()]).is_ok_and(|taken| taken.as_bool() == Some(true))
}
