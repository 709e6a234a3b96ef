//! Ringtone and ringback, synthesised with Web Audio (no sound files to ship). The whole cadence
//! is scheduled on the audio clock up front, so no JS timer is involved while it plays.

use dialtone_core::call::Tone;
use web_sys::{AudioContext, GainNode, OscillatorNode, OscillatorType};

/// Longer than any ring timer: the call machine stops the tone long before this.
const SCHEDULED_SECONDS: f64 = 120.0;

pub struct TonePlayer {
    playing: Vec<OscillatorNode>,
    gain: Option<GainNode>,
}

impl TonePlayer {
    pub fn new() -> Self {
        TonePlayer {
            playing: Vec::new(),
            gain: None,
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
    }
}
