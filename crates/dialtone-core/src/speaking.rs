//! Speaking detection from audio levels, and the "you are muted but speaking" hint
//! (specs/audio.md, "Level meter"). Levels come from the AudioWorklet meter every ~50 ms; time is
//! passed in, so the rules are tested natively.
//!
//! Speech is bursty, so "speaking" means: sound above the threshold within the last `hangover`.
//! The hint shows when the confirmed mic state is muted and the person has been speaking for
//! `hint_after` without a break; it goes as soon as they stop or unmute.

/// RMS level (0..1) above which there is sound worth calling speech.
pub const SPEAKING_RMS: f32 = 0.01;
const HANGOVER_MS: u64 = 1_200;
const HINT_AFTER_MS: u64 = 1_000;

#[derive(Debug, Clone, Default)]
pub struct SpeakingDetector {
    last_sound_ms: Option<u64>,
    speaking_since_ms: Option<u64>,
}

impl SpeakingDetector {
    /// A level report at `now_ms`; returns whether the person is speaking.
    pub fn level(&mut self, now_ms: u64, rms: f32) -> bool {
        if rms >= SPEAKING_RMS {
            self.last_sound_ms = Some(now_ms);
            self.speaking_since_ms.get_or_insert(now_ms);
        }
        let speaking = self.is_speaking(now_ms);
        if !speaking {
            self.speaking_since_ms = None;
        }
        speaking
    }

    pub fn is_speaking(&self, now_ms: u64) -> bool {
        self.last_sound_ms
            .is_some_and(|at| now_ms.saturating_sub(at) < HANGOVER_MS)
    }

    /// Whether to show "you are muted": muted (confirmed) and speaking for a while.
    pub fn muted_hint(&self, now_ms: u64, mic_confirmed_on: bool) -> bool {
        !mic_confirmed_on
            && self.is_speaking(now_ms)
            && self
                .speaking_since_ms
                .is_some_and(|since| now_ms.saturating_sub(since) >= HINT_AFTER_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reports every 50 ms: `loud` for the given windows of time, silence otherwise.
    fn run(detector: &mut SpeakingDetector, from: u64, to: u64, loud: impl Fn(u64) -> bool) -> bool {
        let mut speaking = false;
        let mut t = from;
        while t <= to {
            speaking = detector.level(t, if loud(t) { 0.2 } else { 0.0 });
            t += 50;
        }
        speaking
    }

    #[test]
    fn sound_is_speaking_and_a_pause_longer_than_the_hangover_is_not() {
        let mut d = SpeakingDetector::default();
        assert!(run(&mut d, 0, 300, |_| true));
        assert!(run(&mut d, 350, 1_000, |_| false), "a short pause is still speech");
        assert!(!run(&mut d, 1_050, 2_000, |_| false));
    }

    #[test]
    fn the_muted_hint_needs_a_second_of_speech_while_muted() {
        let mut d = SpeakingDetector::default();
        run(&mut d, 0, 900, |_| true);
        assert!(!d.muted_hint(900, false), "not yet");
        run(&mut d, 950, 1_100, |_| true);
        assert!(d.muted_hint(1_100, false));
        assert!(!d.muted_hint(1_100, true), "never while unmuted");
    }

    #[test]
    fn bursty_sound_like_a_beep_each_second_counts_as_continuous_speech() {
        let mut d = SpeakingDetector::default();
        run(&mut d, 0, 3_000, |t| t % 1_000 < 100);
        assert!(d.muted_hint(3_000, false));
    }

    #[test]
    fn the_hint_goes_when_the_speaker_stops() {
        let mut d = SpeakingDetector::default();
        run(&mut d, 0, 2_000, |_| true);
        run(&mut d, 2_050, 3_500, |_| false);
        assert!(!d.muted_hint(3_500, false));
    }
}
