//! The speaker test: a chime through the chosen output, then "did you hear it?".
//!
//! The page plays the chime (`Play`) and says when it plays, when it is over and when it could
//! not play; what the person sees follows from here. Each wait is bounded: a chime that never
//! starts (a `play()` or `setSinkId` that never settles) is a failure with its code, and one
//! whose end never comes (an audio clock the system stopped) is asked about anyway, so the
//! button is never left disabled on "Playing…".

use crate::errors::OutputFailure;

/// The code of a test sound that could not play.
pub const SPEAKER_TEST_FAILED: &str = "SPEAKER_TEST_FAILED";

/// How long the chime plays (the page's chime is this long).
pub const CHIME_MS: u64 = 1_600;
/// How long the browser may take to start the chime (make its audio, choose the output, play).
pub const START_LIMIT_MS: u64 = 3_000;
/// How long after its length the chime's own end may come before it is taken as over.
pub const END_GRACE_MS: u64 = 2_000;

/// The reason given when the browser did not start the chime in time.
pub const TIMEOUT_REASON: &str = "Timeout";

/// What the person sees (`data-state` on `speaker-test`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpeakerTestState {
    #[default]
    Idle,
    /// Starting or playing the chime.
    Playing,
    /// Played: did the person hear it?
    Asking,
    Heard,
    NotHeard,
    Failed,
}

impl SpeakerTestState {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerTestState::Idle => "idle",
            SpeakerTestState::Playing => "playing",
            SpeakerTestState::Asking => "asking",
            SpeakerTestState::Heard => "heard",
            SpeakerTestState::NotHeard => "not-heard",
            SpeakerTestState::Failed => "failed",
        }
    }
}

/// A line under the test, with its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerTestNote {
    /// The chosen output could not be used: the chime played on the default one.
    OutputFailed(OutputFailure),
    /// The chime could not play (`SPEAKER_TEST_FAILED`); `reason`: the browser's (a DOMException
    /// name) or [`TIMEOUT_REASON`].
    Failed { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpeakerTestView {
    pub state: SpeakerTestState,
    pub note: Option<SpeakerTestNote>,
}

/// What the page tells the speaker test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerTestInput {
    /// The person presses the test's button.
    Play,
    /// Chime `seq` plays now; `output`: why the chosen output could not be used, if it could not.
    Started { seq: u64, output: Option<OutputFailure> },
    /// Chime `seq` played to its end.
    Over { seq: u64 },
    /// Chime `seq` could not play: the browser's reason.
    Failed { seq: u64, reason: String },
    /// The person says whether they heard it.
    Answer { heard: bool },
}

/// What the page does for the speaker test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpeakerTestAction {
    /// Play chime `seq` (replacing any other) to `output` ("" = the system default).
    PlayChime { seq: u64, output: String },
    /// Stop and let go of the chime.
    StopChime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Phase {
    #[default]
    Idle,
    /// Chime `seq` asked for at `since`; the browser has not started it yet.
    Starting { seq: u64, since: u64 },
    /// Chime `seq` plays since `since`.
    Playing { seq: u64, since: u64 },
    Asking,
    Answered { heard: bool },
    Failed,
}

#[derive(Debug, Clone, Default)]
pub struct SpeakerTest {
    phase: Phase,
    note: Option<SpeakerTestNote>,
    next_seq: u64,
}

impl SpeakerTest {
    /// Applies one input at `now`; `output`: where the chime is to play (the chosen output).
    pub fn handle(&mut self, now: u64, input: SpeakerTestInput, output: &str) -> Result<Vec<SpeakerTestAction>, &'static str> {
        match input {
            SpeakerTestInput::Play => {
                if matches!(self.phase, Phase::Starting { .. } | Phase::Playing { .. }) {
                    return Err("the test sound plays already");
                }
                self.next_seq += 1;
                self.phase = Phase::Starting { seq: self.next_seq, since: now };
                self.note = None;
                Ok(vec![SpeakerTestAction::PlayChime { seq: self.next_seq, output: output.to_owned() }])
            }
            SpeakerTestInput::Started { seq, output } => {
                let Phase::Starting { seq: waited, .. } = self.phase else {
                    return Err("no test sound is starting");
                };
                if seq != waited {
                    return Err("an earlier test sound");
                }
                self.phase = Phase::Playing { seq, since: now };
                self.note = output.map(SpeakerTestNote::OutputFailed);
                Ok(Vec::new())
            }
            SpeakerTestInput::Over { seq } => {
                if self.current_seq() != Some(seq) {
                    return Err("not the test sound that plays");
                }
                self.phase = Phase::Asking;
                Ok(vec![SpeakerTestAction::StopChime])
            }
            SpeakerTestInput::Failed { seq, reason } => {
                if self.current_seq() != Some(seq) {
                    return Err("not the test sound that plays");
                }
                Ok(self.fail(reason))
            }
            SpeakerTestInput::Answer { heard } => {
                if self.phase != Phase::Asking {
                    return Err("nobody asked whether the sound was heard");
                }
                self.phase = Phase::Answered { heard };
                Ok(Vec::new())
            }
        }
    }

    /// The test's view goes away (the check closes): the chime stops, the test starts over.
    pub fn reset(&mut self) -> Vec<SpeakerTestAction> {
        let playing = self.current_seq().is_some();
        self.phase = Phase::Idle;
        self.note = None;
        if playing { vec![SpeakerTestAction::StopChime] } else { Vec::new() }
    }

    /// When [`SpeakerTest::handle_timeout`] is due.
    pub fn next_deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Starting { since, .. } => Some(since + START_LIMIT_MS),
            Phase::Playing { since, .. } => Some(since + CHIME_MS + END_GRACE_MS),
            _ => None,
        }
    }

    pub fn handle_timeout(&mut self, now: u64) -> Vec<SpeakerTestAction> {
        if self.next_deadline().is_none_or(|at| now < at) {
            return Vec::new();
        }
        match self.phase {
            Phase::Starting { .. } => self.fail(TIMEOUT_REASON.to_owned()),
            // It started and has had its time: whether it was heard is the person's to say.
            Phase::Playing { .. } => {
                self.phase = Phase::Asking;
                vec![SpeakerTestAction::StopChime]
            }
            _ => Vec::new(),
        }
    }

    pub fn view(&self) -> SpeakerTestView {
        let state = match self.phase {
            Phase::Idle => SpeakerTestState::Idle,
            Phase::Starting { .. } | Phase::Playing { .. } => SpeakerTestState::Playing,
            Phase::Asking => SpeakerTestState::Asking,
            Phase::Answered { heard: true } => SpeakerTestState::Heard,
            Phase::Answered { heard: false } => SpeakerTestState::NotHeard,
            Phase::Failed => SpeakerTestState::Failed,
        };
        SpeakerTestView { state, note: self.note.clone() }
    }

    fn current_seq(&self) -> Option<u64> {
        match self.phase {
            Phase::Starting { seq, .. } | Phase::Playing { seq, .. } => Some(seq),
            _ => None,
        }
    }

    fn fail(&mut self, reason: String) -> Vec<SpeakerTestAction> {
        self.phase = Phase::Failed;
        self.note = Some(SpeakerTestNote::Failed { reason });
        vec![SpeakerTestAction::StopChime]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn played(test: &mut SpeakerTest, now: u64) -> u64 {
        let actions = test.handle(now, SpeakerTestInput::Play, "speaker-2").unwrap();
        let [SpeakerTestAction::PlayChime { seq, output }] = actions.as_slice() else { panic!("{actions:?}") };
        assert_eq!(output, "speaker-2");
        *seq
    }

    #[test]
    fn a_chime_played_to_its_end_asks_and_takes_the_answer() {
        let mut test = SpeakerTest::default();
        let seq = played(&mut test, 0);
        assert_eq!(test.view().state, SpeakerTestState::Playing);
        assert_eq!(test.handle(40, SpeakerTestInput::Started { seq, output: None }, ""), Ok(vec![]));
        assert_eq!(test.handle(1_650, SpeakerTestInput::Over { seq }, ""), Ok(vec![SpeakerTestAction::StopChime]));
        assert_eq!(test.view().state, SpeakerTestState::Asking);
        assert!(test.handle(1_700, SpeakerTestInput::Answer { heard: false }, "").is_ok());
        assert_eq!(test.view(), SpeakerTestView { state: SpeakerTestState::NotHeard, note: None });
        // Asked again: it plays again, the answer forgotten.
        played(&mut test, 2_000);
        assert_eq!(test.view().state, SpeakerTestState::Playing);
    }

    #[test]
    fn a_chime_that_never_starts_fails_with_its_code_in_bounded_time() {
        let mut test = SpeakerTest::default();
        let seq = played(&mut test, 1_000);
        assert_eq!(test.next_deadline(), Some(1_000 + START_LIMIT_MS));
        assert_eq!(test.handle_timeout(1_000 + START_LIMIT_MS - 1), vec![]);
        assert_eq!(test.handle_timeout(1_000 + START_LIMIT_MS), vec![SpeakerTestAction::StopChime]);
        assert_eq!(
            test.view(),
            SpeakerTestView {
                state: SpeakerTestState::Failed,
                note: Some(SpeakerTestNote::Failed { reason: TIMEOUT_REASON.into() })
            }
        );
        // The browser's late word about that chime changes nothing; the button plays again.
        assert!(test.handle(5_000, SpeakerTestInput::Started { seq, output: None }, "").is_err());
        assert_eq!(test.next_deadline(), None);
        played(&mut test, 5_100);
    }

    #[test]
    fn a_chime_whose_end_never_comes_is_asked_about() {
        let mut test = SpeakerTest::default();
        let seq = played(&mut test, 0);
        test.handle(100, SpeakerTestInput::Started { seq, output: None }, "").unwrap();
        assert_eq!(test.next_deadline(), Some(100 + CHIME_MS + END_GRACE_MS));
        assert_eq!(test.handle_timeout(100 + CHIME_MS + END_GRACE_MS), vec![SpeakerTestAction::StopChime]);
        assert_eq!(test.view().state, SpeakerTestState::Asking);
        assert!(test.handle(9_000, SpeakerTestInput::Over { seq }, "").is_err(), "a late end is not a second question");
    }

    #[test]
    fn a_refused_output_is_said_and_the_chime_plays_on_the_default() {
        let mut test = SpeakerTest::default();
        let seq = played(&mut test, 0);
        test.handle(30, SpeakerTestInput::Started { seq, output: Some(OutputFailure::NotAllowed) }, "").unwrap();
        assert_eq!(
            test.view(),
            SpeakerTestView {
                state: SpeakerTestState::Playing,
                note: Some(SpeakerTestNote::OutputFailed(OutputFailure::NotAllowed))
            }
        );
    }

    #[test]
    fn a_chime_the_browser_cannot_play_fails_with_the_browser_reason() {
        let mut test = SpeakerTest::default();
        let seq = played(&mut test, 0);
        let actions = test.handle(10, SpeakerTestInput::Failed { seq, reason: "NotAllowedError".into() }, "").unwrap();
        assert_eq!(actions, vec![SpeakerTestAction::StopChime]);
        assert_eq!(test.view().note, Some(SpeakerTestNote::Failed { reason: "NotAllowedError".into() }));
        assert_eq!(test.view().state, SpeakerTestState::Failed);
    }

    #[test]
    fn reports_of_an_older_chime_and_answers_nobody_asked_for_are_refused() {
        let mut test = SpeakerTest::default();
        assert!(test.handle(0, SpeakerTestInput::Answer { heard: true }, "").is_err());
        let first = played(&mut test, 0);
        assert!(test.handle(5, SpeakerTestInput::Play, "").is_err(), "one chime at a time");
        test.handle(10, SpeakerTestInput::Failed { seq: first, reason: "AbortError".into() }, "").unwrap();
        let second = played(&mut test, 20);
        assert!(test.handle(30, SpeakerTestInput::Over { seq: first }, "").is_err());
        assert!(test.handle(30, SpeakerTestInput::Started { seq: first, output: None }, "").is_err());
        assert!(test.handle(40, SpeakerTestInput::Started { seq: second, output: None }, "").is_ok());
    }

    #[test]
    fn leaving_the_check_stops_a_chime_and_starts_over() {
        let mut test = SpeakerTest::default();
        let seq = played(&mut test, 0);
        assert_eq!(test.reset(), vec![SpeakerTestAction::StopChime]);
        assert_eq!(test.view(), SpeakerTestView::default());
        assert_eq!(test.next_deadline(), None);
        assert!(test.handle(50, SpeakerTestInput::Over { seq }, "").is_err());
        assert_eq!(test.reset(), vec![], "nothing plays: nothing to stop");
    }
}
