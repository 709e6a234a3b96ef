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

/// Both sides of a call's meter, read together (~20 times a second).
#[derive(Debug, Clone, Default)]
pub struct CallLevels {
    local: SpeakingDetector,
    remote: SpeakingDetector,
}

impl CallLevels {
    /// One report of both sides at `now_ms`. `mic_confirmed_on`: the call's microphone as
    /// confirmed (`None`: no call, nothing muted). Muted, our side shows 0 and never "speaking"
    /// (the peer hears nothing), while the detector still hears us for the muted hint.
    pub fn report(&mut self, now_ms: u64, local: f32, remote: f32, mic_confirmed_on: Option<bool>) -> Levels {
        let mic_on = mic_confirmed_on.unwrap_or(true);
        let speaking = self.local.level(now_ms, local);
        Levels {
            local: if mic_on { local } else { 0.0 },
            remote,
            local_speaking: mic_on && speaking,
            remote_speaking: self.remote.level(now_ms, remote),
            muted_hint: self.local.muted_hint(now_ms, mic_on),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muted_our_side_shows_nothing_but_the_hint_still_hears_us() {
        let mut levels = CallLevels::default();
        let mut shown = Levels::default();
        for t in (0..=1_200).step_by(50) {
            shown = levels.report(t, 0.2, 0.05, Some(false));
        }
        assert_eq!((shown.local, shown.local_speaking, shown.muted_hint), (0.0, false, true));
        assert_eq!((shown.remote, shown.remote_speaking), (0.05, true));
        let unmuted = levels.report(1_250, 0.2, 0.0, Some(true));
        assert_eq!((unmuted.local, unmuted.local_speaking, unmuted.muted_hint), (0.2, true, false));
        // No call (a check's meter): nothing is muted.
        assert_eq!(CallLevels::default().report(0, 0.3, 0.0, None).local, 0.3);
    }

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
