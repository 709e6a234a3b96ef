//! The devices inside the call page's machine: the browser's list, the person's choices and
//! what the browser did with them go to the device choice (`crate::devices::Devices`), and what
//! it decides is done here: a new microphone or camera is switched where the machine says
//! (`device_switch.rs`), a call's device that stopped by itself is replaced (`device_loss.rs`),
//! the output is switched on the call's element and confirmed, and the processing goes to the
//! stream that has the microphone. The page only lists, captures, applies and shows.

use super::*;
use crate::devices::{AudioProcessing, Device, DeviceAction, DeviceKind, Devices, DevicesView, ProcessingKind};
use crate::devices::speaker_test::{SpeakerTest, SpeakerTestAction, SpeakerTestInput};
use crate::errors::OutputFailure;

/// What the page tells the machine about devices (`device_choice.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceInput {
    /// The browser's device list (enumerateDevices): at start, after a permission, on every
    /// `devicechange`.
    Listed(Vec<Device>),
    /// The person (or the embedding site, for the output) chooses a device; "": the system
    /// default. An output the browser does not list is refused (`DEVICE_NOT_FOUND`).
    Choose { kind: DeviceKind, device_id: String },
    /// The person flips one of the microphone's processing switches.
    ToggleProcessing(ProcessingKind),
    /// A microphone just opened (a call's, a check's, a switch's): what its processing does.
    ProcessingObserved(AudioProcessing),
    /// `Action::ApplyProcessing` or `Action::ReopenMicrophone` `seq` is done.
    ProcessingApplied { seq: u64, outcome: ProcessingOutcome },
    /// `Action::ApplyOutput` `seq` is done: the call's element plays to `actual` now; `failure`:
    /// why it is not the output asked for.
    OutputApplied { seq: u64, actual: String, failure: Option<OutputFailure> },
    /// A new call media element appeared, playing to `actual`.
    OutputElement { actual: String },
    /// The call's own microphone or camera stopped by itself (unplugged, its battery dead,
    /// taken away by the system: its track ended).
    TrackEnded(DeviceKind),
    /// The speaker test: the person's button and answer, and what the chime did.
    SpeakerTest(SpeakerTestInput),
}

/// How a processing change went on the stream it was applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessingOutcome {
    /// The microphone does this now (perhaps not all that was asked: a browser may keep some).
    Applied(AudioProcessing),
    /// The stream had no live microphone to ask (or no longer exists).
    NoMicrophone,
    /// The microphone was stopped to open it again with the processing, and would not open:
    /// the stream has no microphone now.
    MicrophoneStopped,
}

/// The device choice, what the page was last told of it, and the processing change under way.
#[derive(Debug)]
pub(super) struct DeviceChoice {
    pub(super) choice: Devices,
    shown: Option<DevicesView>,
    pub(super) applying: Option<ProcessingApply>,
    pub(super) speaker_test: SpeakerTest,
    speaker_test_shown: crate::devices::speaker_test::SpeakerTestView,
}

/// A processing change the page performs: which, on which stream, and whether the microphone
/// was already opened again for it (once: a device that still will not is shown as keeping it).
#[derive(Debug, Clone, Copy)]
pub(super) struct ProcessingApply {
    pub(super) seq: u64,
    pub(super) processing: AudioProcessing,
    pub(super) stream: Option<LocalStream>,
    pub(super) reopened: bool,
}

impl DeviceChoice {
    pub(super) fn new(processing: AudioProcessing) -> DeviceChoice {
        DeviceChoice {
            choice: Devices::with_processing(processing),
            shown: None,
            applying: None,
            speaker_test: SpeakerTest::default(),
            speaker_test_shown: Default::default(),
        }
    }
}

impl Client {
    pub(super) fn on_device_input(&mut self, now: u64, input: DeviceInput) -> Result<(), Ignored> {
        let result = match input {
            DeviceInput::Listed(list) => {
                let actions = self.devices.choice.update(list, &self.lost.kinds());
                self.perform_device_actions(actions);
                Ok(())
            }
            DeviceInput::Choose { kind, device_id } => self.choose_device(kind, device_id),
            DeviceInput::ToggleProcessing(kind) => {
                let actions = self.devices.choice.toggle_processing(kind);
                self.actions.push_back(Action::RememberProcessing(self.devices.choice.processing_wanted()));
                self.perform_device_actions(actions);
                Ok(())
            }
            DeviceInput::ProcessingObserved(actual) => {
                self.devices.choice.processing_observed(actual);
                Ok(())
            }
            DeviceInput::ProcessingApplied { seq, outcome } => self.processing_applied(now, seq, outcome),
            DeviceInput::OutputApplied { seq, actual, failure } => {
                let actions = match failure {
                    None => self.devices.choice.output_applied(seq, actual),
                    Some(failure) => self.devices.choice.output_failed(seq, failure.code(), actual),
                };
                self.perform_device_actions(actions);
                Ok(())
            }
            DeviceInput::OutputElement { actual } => {
                let actions = self.devices.choice.output_element_appeared(actual);
                self.perform_device_actions(actions);
                Ok(())
            }
            DeviceInput::TrackEnded(kind) => self.track_ended(now, kind),
            DeviceInput::SpeakerTest(input) => {
                // The chime plays where the call would: the output chosen (or being switched to).
                let (output, pending) = self.devices.choice.output();
                let output = pending.unwrap_or(output).to_owned();
                let actions = self.devices.speaker_test.handle(now, input, &output).map_err(|reason| Ignored { reason })?;
                self.perform_speaker_test(actions);
                Ok(())
            }
        };
        self.show_devices();
        result
    }

    /// The device choice, to read (what a capture asks for).
    pub fn devices(&self) -> &Devices {
        &self.devices.choice
    }

    fn choose_device(&mut self, kind: DeviceKind, device_id: String) -> Result<(), Ignored> {
        let actions = match kind {
            DeviceKind::Microphone => self.devices.choice.choose_microphone(device_id),
            DeviceKind::Camera => self.devices.choice.choose_camera(device_id),
            DeviceKind::Speaker => self.devices.choice.choose_output(device_id).map_err(|reason| Ignored { reason })?,
        };
        self.perform_device_actions(actions);
        Ok(())
    }

    /// The call's own `kind` device stopped by itself: the choice names what opens in its place.
    fn track_ended(&mut self, now: u64, kind: DeviceKind) -> Result<(), Ignored> {
        if !self.call_captured || kind == DeviceKind::Speaker {
            return Err(Ignored { reason: "no track of the call's own stopped" });
        }
        let reopen = self.devices.choice.reopen_for(kind);
        self.on_device_lost(now, kind, reopen)
    }

    fn processing_applied(&mut self, now: u64, seq: u64, outcome: ProcessingOutcome) -> Result<(), Ignored> {
        let apply = self.devices.applying.filter(|apply| apply.seq == seq).ok_or(Ignored { reason: "a processing report nobody waits for" })?;
        // Whether the stream it was made on still has the microphone the change was for: the
        // call may have ended or lost it, the check may have given way meanwhile.
        let live = match apply.stream {
            Some(LocalStream::Call) => self.call_captured && !self.lost.contains(DeviceKind::Microphone),
            Some(LocalStream::Check) => self.check_running(),
            None => false,
        };
        // Where a browser keeps a live microphone's processing whatever the constraints ask
        // (Chromium), the microphone is opened again with it, once.
        if let (ProcessingOutcome::Applied(actual), Some(stream)) = (outcome, apply.stream)
            && live
            && actual != apply.processing
            && !apply.reopened
        {
            self.devices.applying = Some(ProcessingApply { reopened: true, ..apply });
            self.actions.push_back(Action::ReopenMicrophone { seq, processing: apply.processing, stream });
            return Ok(());
        }
        self.devices.applying = None;
        let confirmed = self.devices.choice.processing().0;
        let actual = match outcome {
            ProcessingOutcome::Applied(actual) => actual,
            // Said only while that stream is still there: otherwise nothing failed that matters.
            ProcessingOutcome::NoMicrophone => {
                if live {
                    self.processing_failed();
                }
                confirmed
            }
            // The call's microphone is gone, not merely unchanged: said as "kept what it had",
            // the call would go on silent. The device-loss path opens one again or says so.
            ProcessingOutcome::MicrophoneStopped if live && apply.stream == Some(LocalStream::Call) => {
                let actions = self.devices.choice.processing_applied(seq, confirmed);
                self.perform_device_actions(actions);
                return self.track_ended(now, DeviceKind::Microphone);
            }
            ProcessingOutcome::MicrophoneStopped => {
                if live {
                    self.processing_failed();
                }
                confirmed
            }
        };
        let actions = self.devices.choice.processing_applied(seq, actual);
        self.perform_device_actions(actions);
        Ok(())
    }

    fn perform_device_actions(&mut self, actions: Vec<DeviceAction>) {
        for action in actions {
            match action {
                // With nothing open, the choice waits for the next capture: nothing to do now.
                DeviceAction::UseMicrophone(device_id) => {
                    let _ = self.switch_device(DeviceKind::Microphone, device_id);
                }
                DeviceAction::UseCamera(device_id) => {
                    let _ = self.switch_device(DeviceKind::Camera, device_id);
                }
                DeviceAction::ApplyOutput { seq, device_id } => self.actions.push_back(Action::ApplyOutput { seq, device_id }),
                DeviceAction::ApplyProcessing { seq, processing } => self.apply_processing(seq, processing),
            }
        }
    }

    /// The speaker test's deadline passed (`Client::handle_timeout`).
    pub(super) fn speaker_test_timeout(&mut self, now: u64) {
        let actions = self.devices.speaker_test.handle_timeout(now);
        self.perform_speaker_test(actions);
    }

    /// The pre-call check's view went away: its speaker test stops and starts over.
    pub(super) fn reset_speaker_test(&mut self) {
        let actions = self.devices.speaker_test.reset();
        self.perform_speaker_test(actions);
    }

    fn perform_speaker_test(&mut self, actions: Vec<SpeakerTestAction>) {
        for action in actions {
            self.actions.push_back(match action {
                SpeakerTestAction::PlayChime { seq, output } => Action::PlayChime { seq, output },
                SpeakerTestAction::StopChime => Action::StopChime,
            });
        }
        let view = self.devices.speaker_test.view();
        if view != self.devices.speaker_test_shown {
            self.devices.speaker_test_shown = view.clone();
            self.actions.push_back(Action::ShowSpeakerTest(view));
        }
    }

    /// The settings' view, when it changed.
    fn show_devices(&mut self) {
        let view = self.devices.choice.view();
        if self.devices.shown.as_ref() != Some(&view) {
            self.devices.shown = Some(view.clone());
            self.actions.push_back(Action::ShowDevices(view));
        }
    }
}
