//! The microphone's audio processing: noise suppression, echo cancellation and automatic gain.
//! Each is a getUserMedia constraint (and a `getSettings()` field of the live track); the choice
//! is remembered on the device as a short string.

/// One processing switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProcessingKind {
    NoiseSuppression,
    EchoCancellation,
    AutoGain,
}

impl ProcessingKind {
    pub const ALL: [ProcessingKind; 3] = [
        ProcessingKind::NoiseSuppression,
        ProcessingKind::EchoCancellation,
        ProcessingKind::AutoGain,
    ];

    /// The MediaTrackConstraints / MediaTrackSettings member.
    pub fn constraint(self) -> &'static str {
        match self {
            ProcessingKind::NoiseSuppression => "noiseSuppression",
            ProcessingKind::EchoCancellation => "echoCancellation",
            ProcessingKind::AutoGain => "autoGainControl",
        }
    }

    /// A stable short name (test ids, storage).
    pub fn id(self) -> &'static str {
        match self {
            ProcessingKind::NoiseSuppression => "noise-suppression",
            ProcessingKind::EchoCancellation => "echo-cancellation",
            ProcessingKind::AutoGain => "auto-gain",
        }
    }
}

/// Which processing the microphone does. The default is the browsers' own: all on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioProcessing {
    pub noise_suppression: bool,
    pub echo_cancellation: bool,
    pub auto_gain: bool,
}

impl Default for AudioProcessing {
    fn default() -> Self {
        AudioProcessing { noise_suppression: true, echo_cancellation: true, auto_gain: true }
    }
}

impl AudioProcessing {
    pub fn get(&self, kind: ProcessingKind) -> bool {
        match kind {
            ProcessingKind::NoiseSuppression => self.noise_suppression,
            ProcessingKind::EchoCancellation => self.echo_cancellation,
            ProcessingKind::AutoGain => self.auto_gain,
        }
    }

    pub fn with(mut self, kind: ProcessingKind, on: bool) -> AudioProcessing {
        match kind {
            ProcessingKind::NoiseSuppression => self.noise_suppression = on,
            ProcessingKind::EchoCancellation => self.echo_cancellation = on,
            ProcessingKind::AutoGain => self.auto_gain = on,
        }
        self
    }

    /// The constraint members to put on an audio capture request.
    pub fn constraints(&self) -> [(&'static str, bool); 3] {
        ProcessingKind::ALL.map(|kind| (kind.constraint(), self.get(kind)))
    }

    /// What a live track reports (`setting(member)`), where it reports it; a member a browser
    /// does not report is taken to be as asked (`self`), since nothing says otherwise.
    pub fn as_reported(&self, setting: impl Fn(&'static str) -> Option<bool>) -> AudioProcessing {
        ProcessingKind::ALL
            .into_iter()
            .fold(*self, |acc, kind| acc.with(kind, setting(kind.constraint()).unwrap_or(self.get(kind))))
    }

    /// How it is remembered: e.g. `noise-suppression=0,echo-cancellation=1,auto-gain=1`.
    pub fn to_stored(&self) -> String {
        ProcessingKind::ALL
            .map(|kind| format!("{}={}", kind.id(), u8::from(self.get(kind))))
            .join(",")
    }

    /// Reads [`AudioProcessing::to_stored`]; anything missing or unreadable stays at its default.
    pub fn from_stored(stored: &str) -> AudioProcessing {
        stored.split(',').fold(AudioProcessing::default(), |acc, part| {
            let Some((name, value)) = part.trim().split_once('=') else { return acc };
            let kind = ProcessingKind::ALL.into_iter().find(|k| k.id() == name.trim());
            match (kind, value.trim()) {
                (Some(kind), "1") => acc.with(kind, true),
                (Some(kind), "0") => acc.with(kind, false),
                _ => acc,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn any_processing() -> impl Strategy<Value = AudioProcessing> {
        (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(noise_suppression, echo_cancellation, auto_gain)| {
            AudioProcessing { noise_suppression, echo_cancellation, auto_gain }
        })
    }

    #[test]
    fn the_constraints_name_the_browser_members() {
        let processing = AudioProcessing { noise_suppression: false, echo_cancellation: true, auto_gain: false };
        assert_eq!(processing.constraints(), [
            ("noiseSuppression", false),
            ("echoCancellation", true),
            ("autoGainControl", false),
        ]);
    }

    #[test]
    fn unreadable_storage_falls_back_to_the_defaults() {
        assert_eq!(AudioProcessing::from_stored(""), AudioProcessing::default());
        assert_eq!(AudioProcessing::from_stored("garbage,auto-gain=maybe,=1"), AudioProcessing::default());
        let only_gain = AudioProcessing::from_stored("auto-gain=0");
        assert_eq!(only_gain, AudioProcessing { auto_gain: false, ..AudioProcessing::default() });
    }

    #[test]
    fn unreported_members_are_taken_as_asked() {
        let asked = AudioProcessing { noise_suppression: false, echo_cancellation: false, auto_gain: false };
        let reported = asked.as_reported(|member| (member == "echoCancellation").then_some(true));
        assert_eq!(reported, AudioProcessing { echo_cancellation: true, ..asked });
    }

    proptest! {
        #[test]
        fn what_is_stored_reads_back_the_same(processing in any_processing()) {
            prop_assert_eq!(AudioProcessing::from_stored(&processing.to_stored()), processing);
        }

        #[test]
        fn switching_one_leaves_the_others(processing in any_processing(), on in any::<bool>(), at in 0usize..3) {
            let kind = ProcessingKind::ALL[at];
            let switched = processing.with(kind, on);
            prop_assert_eq!(switched.get(kind), on);
            for other in ProcessingKind::ALL.into_iter().filter(|k| *k != kind) {
                prop_assert_eq!(switched.get(other), processing.get(other));
            }
        }
    }
}
