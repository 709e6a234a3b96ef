//! Device choice: which microphone, camera and audio output to use, and what to do when devices
//! come and go (hot-plug). The audio output is confirmation-based like mute: the choice shows as
//! pending until the browser's setSinkId has really switched.
//!
//! The call page's machine (`client::device_choice`) owns it: it hands over the device list
//! (enumerateDevices, again on every `devicechange`) and the person's choices, and does what the
//! returned [`DeviceAction`]s say (a switch goes to the call's or the check's stream, an output
//! to the page to apply); the choice of what to use lives here.
//!
//! The microphone's processing (noise suppression, echo cancellation, automatic gain) is
//! confirmation-based too: the switches show what the live track reports, see [`processing`].

pub mod processing;
pub mod speaker_test;

use crate::media_state::{Apply, Confirmed, Settled};
pub use processing::{AudioProcessing, ProcessingKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeviceKind {
    Microphone,
    Camera,
    Speaker,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub kind: DeviceKind,
    pub id: String,
    pub label: String,
}

/// What the device choice asks for (the call page's machine decides where each goes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceAction {
    /// Capture from this microphone from now on (mid-call: replace the sending track).
    UseMicrophone(String),
    /// Capture from this camera from now on (mid-call: replace the sending track).
    UseCamera(String),
    /// Route call audio to this output (setSinkId), then report with `seq`.
    ApplyOutput { seq: u64, device_id: String },
    /// Give the live microphone track (if any) this processing, then report what it really
    /// does with `seq` (with no live track: the value itself, for the next capture).
    ApplyProcessing { seq: u64, processing: AudioProcessing },
}

/// The device lists and choices, as the page's settings show them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DevicesView {
    pub microphones: Vec<Device>,
    pub cameras: Vec<Device>,
    pub speakers: Vec<Device>,
    pub microphone: Option<String>,
    pub camera: Option<String>,
    /// The output audio really goes to ("" = system default).
    pub output: String,
    pub output_pending: Option<String>,
    pub output_error: Option<&'static str>,
    /// What the live microphone really does (or will be asked to, with none open).
    pub processing: AudioProcessing,
    pub processing_pending: Option<AudioProcessing>,
    /// Switches the browser or device keeps as they are, whatever was asked.
    pub processing_refused: Vec<ProcessingKind>,
}

/// The id browsers use for "the system default output".
pub const DEFAULT_OUTPUT: &str = "";

#[derive(Debug, Clone)]
pub struct Devices {
    available: Vec<Device>,
    microphone: Option<String>,
    camera: Option<String>,
    output: Confirmed<String>,
    /// What the user asked for (remembered; every new capture asks for it).
    processing_wanted: AudioProcessing,
    /// What the live microphone really does, as the browser reports it.
    processing: Confirmed<AudioProcessing>,
}

impl Default for Devices {
    fn default() -> Self {
        Devices::with_processing(AudioProcessing::default())
    }
}

impl Devices {
    /// No devices known yet; the microphone's processing as remembered on this device.
    pub fn with_processing(processing: AudioProcessing) -> Devices {
        Devices {
            available: Vec::new(),
            microphone: None,
            camera: None,
            output: Confirmed::new(DEFAULT_OUTPUT.to_owned()),
            processing_wanted: processing,
            processing: Confirmed::new(processing),
        }
    }

    pub fn list(&self, kind: DeviceKind) -> Vec<&Device> {
        self.available.iter().filter(|d| d.kind == kind).collect()
    }

    /// What the settings show.
    pub fn view(&self) -> DevicesView {
        let list = |kind| self.list(kind).into_iter().cloned().collect::<Vec<_>>();
        let (output, output_pending) = self.output();
        let (processing, processing_pending) = self.processing();
        DevicesView {
            microphones: list(DeviceKind::Microphone),
            cameras: list(DeviceKind::Camera),
            speakers: list(DeviceKind::Speaker),
            microphone: self.microphone.clone(),
            camera: self.camera.clone(),
            output: output.to_owned(),
            output_pending: output_pending.map(str::to_owned),
            output_error: self.output_error(),
            processing,
            processing_pending,
            processing_refused: ProcessingKind::ALL.into_iter().filter(|k| self.processing_refused(*k)).collect(),
        }
    }

    /// The chosen microphone (None: the browser's default).
    pub fn microphone(&self) -> Option<&str> {
        self.microphone.as_deref()
    }

    pub fn camera(&self) -> Option<&str> {
        self.camera.as_deref()
    }

    /// The output as confirmed, and the choice still pending, if any.
    pub fn output(&self) -> (&str, Option<&str>) {
        (self.output.confirmed(), self.output.pending().map(String::as_str))
    }

    pub fn output_error(&self) -> Option<&'static str> {
        self.output.last_error()
    }

    /// Whether the browser lists this device now.
    pub fn present(&self, kind: DeviceKind, id: &str) -> bool {
        self.available.iter().any(|d| d.kind == kind && d.id == id)
    }

    /// The browser's current device list. A chosen device that vanished (unplugged) falls back
    /// to the default, and the browser layer is told to switch.
    /// `lost`: the call's devices that stopped by themselves and could not be replaced yet (the
    /// call page's machine keeps them): each is tried again whenever the list of its kind
    /// changes, one plugged in, or the one that went away leaving the system's next as the default.
    pub fn update(&mut self, devices: Vec<Device>, lost: &[DeviceKind]) -> Vec<DeviceAction> {
        // Bounded: a real machine has a handful; ignore absurd lists' tails.
        let devices: Vec<Device> = devices.into_iter().take(64).collect();
        let ids = |list: &[Device], kind: DeviceKind| list.iter().filter(|d| d.kind == kind).map(|d| d.id.clone()).collect::<Vec<_>>();
        let changed = |kind: DeviceKind| ids(&devices, kind) != ids(&self.available, kind);
        let retry: Vec<DeviceKind> = lost.iter().copied().filter(|kind| changed(*kind)).collect();
        self.available = devices;
        let mut actions = Vec::new();
        let mic_gone = self.microphone.as_ref().is_some_and(|id| !self.present(DeviceKind::Microphone, id));
        if mic_gone {
            self.microphone = None;
            if let Some(first) = self.list(DeviceKind::Microphone).first() {
                actions.push(DeviceAction::UseMicrophone(first.id.clone()));
            }
        }
        let camera_gone = self.camera.as_ref().is_some_and(|id| !self.present(DeviceKind::Camera, id));
        if camera_gone {
            self.camera = None;
            if let Some(first) = self.list(DeviceKind::Camera).first() {
                actions.push(DeviceAction::UseCamera(first.id.clone()));
            }
        }
        let output = self.output.latest_intent().clone();
        if output != DEFAULT_OUTPUT && !self.present(DeviceKind::Speaker, &output) {
            actions.extend(self.choose_output(DEFAULT_OUTPUT.to_owned()).unwrap_or_default());
        }
        let listed = |kind| !self.list(kind).is_empty();
        if retry.contains(&DeviceKind::Microphone) && !mic_gone && listed(DeviceKind::Microphone) {
            actions.push(DeviceAction::UseMicrophone(self.reopen(DeviceKind::Microphone)));
        }
        if retry.contains(&DeviceKind::Camera) && !camera_gone && listed(DeviceKind::Camera) {
            actions.push(DeviceAction::UseCamera(self.reopen(DeviceKind::Camera)));
        }
        actions
    }

    /// The call's `kind` device stopped by itself (unplugged, or taken away by the system):
    /// the device to open in its place, the one chosen while the browser still lists it, else
    /// the system default (""); `None` when the browser lists none of that kind.
    pub fn reopen_for(&self, kind: DeviceKind) -> Option<String> {
        if kind == DeviceKind::Speaker || self.list(kind).is_empty() {
            return None;
        }
        Some(self.reopen(kind))
    }

    /// Which `kind` device a call opens again: the chosen one while listed, else the default.
    fn reopen(&self, kind: DeviceKind) -> String {
        let chosen = match kind {
            DeviceKind::Camera => self.camera.as_ref(),
            _ => self.microphone.as_ref(),
        };
        chosen.filter(|id| self.present(kind, id)).cloned().unwrap_or_default()
    }

    /// Chooses a microphone; `""` goes back to the system default.
    pub fn choose_microphone(&mut self, id: String) -> Vec<DeviceAction> {
        self.choose_capture(DeviceKind::Microphone, id)
            .into_iter()
            .map(DeviceAction::UseMicrophone)
            .collect()
    }

    /// Chooses a camera; `""` goes back to the system default.
    pub fn choose_camera(&mut self, id: String) -> Vec<DeviceAction> {
        self.choose_capture(DeviceKind::Camera, id)
            .into_iter()
            .map(DeviceAction::UseCamera)
            .collect()
    }

    /// Records a capture choice; returns the id to switch to ("" = default) when it changed.
    fn choose_capture(&mut self, kind: DeviceKind, id: String) -> Option<String> {
        let wanted = Some(id.clone()).filter(|id| !id.is_empty());
        if wanted.as_ref().is_some_and(|id| !self.present(kind, id)) {
            return None;
        }
        let chosen = match kind {
            DeviceKind::Camera => &mut self.camera,
            _ => &mut self.microphone,
        };
        if *chosen == wanted {
            return None;
        }
        *chosen = wanted;
        Some(id)
    }

    /// Chooses the audio output (`""`: the system default); the browser's switch is confirmed
    /// later. An id that is not in the browser's list is refused (`DEVICE_NOT_FOUND`, what the
    /// embedding host is told) and changes nothing.
    pub fn choose_output(&mut self, id: String) -> Result<Vec<DeviceAction>, &'static str> {
        if id != DEFAULT_OUTPUT && !self.present(DeviceKind::Speaker, &id) {
            return Err(crate::errors::OutputFailure::DeviceNotFound.code());
        }
        Ok(self
            .output
            .request(id)
            .map(|Apply { seq, value }| vec![DeviceAction::ApplyOutput { seq, device_id: value }])
            .unwrap_or_default())
    }

    /// setSinkId `seq` finished: audio now really goes to `actual`.
    pub fn output_applied(&mut self, seq: u64, actual: String) -> Vec<DeviceAction> {
        next_output(self.output.confirm(seq, actual))
    }

    /// setSinkId `seq` failed with `code`; audio still goes to `actual`.
    pub fn output_failed(&mut self, seq: u64, code: &'static str, actual: String) -> Vec<DeviceAction> {
        next_output(self.output.fail(seq, code, actual))
    }

    /// A new call media element appeared, playing to `actual` (the system default, usually).
    /// The output the person chose is switched on it like any other choice: pending until the
    /// browser says it switched, and a failure shows with its code and the output that really
    /// plays. Without this, a choice made before the call read as confirmed while the call
    /// played elsewhere. A switch still under way was made on the old element: it is abandoned.
    pub fn output_element_appeared(&mut self, actual: String) -> Vec<DeviceAction> {
        let wanted = self.output.replaced(actual);
        self.choose_output(wanted).unwrap_or_default()
    }
}

/// The microphone's processing switches.
impl Devices {
    /// What the user asked for: every new microphone capture requests this.
    pub fn processing_wanted(&self) -> AudioProcessing {
        self.processing_wanted
    }

    /// What the live microphone really does (as last reported), and the intent still applying.
    pub fn processing(&self) -> (AudioProcessing, Option<AudioProcessing>) {
        (*self.processing.confirmed(), self.processing.pending().copied())
    }

    /// Settled, yet the microphone does not do what was asked: the browser or the device
    /// keeps `kind` as it is (shown beside the switch, so it does not look broken).
    pub fn processing_refused(&self, kind: ProcessingKind) -> bool {
        !self.processing.is_pending() && self.processing.confirmed().get(kind) != self.processing_wanted.get(kind)
    }

    /// The user turns `kind` on or off.
    pub fn choose_processing(&mut self, kind: ProcessingKind, on: bool) -> Vec<DeviceAction> {
        self.processing_wanted = self.processing_wanted.with(kind, on);
        apply_processing(self.processing.request(self.processing_wanted))
    }

    /// The user flips `kind`'s switch: the latest wish while one still applies (so quick
    /// presses alternate), else what the microphone really does, which the switch shows (a
    /// setting the browser kept is asked again the other way).
    pub fn toggle_processing(&mut self, kind: ProcessingKind) -> Vec<DeviceAction> {
        let (confirmed, pending) = self.processing();
        let shown = pending.unwrap_or(confirmed).get(kind);
        self.choose_processing(kind, !shown)
    }

    /// Apply `seq` finished: the microphone now really does `actual`.
    pub fn processing_applied(&mut self, seq: u64, actual: AudioProcessing) -> Vec<DeviceAction> {
        apply_processing(self.processing.confirm(seq, actual).and_then(|settled| settled.next))
    }

    /// A new microphone track started (a call, a check, a device switch) and reports `actual`.
    pub fn processing_observed(&mut self, actual: AudioProcessing) {
        self.processing.observe(actual);
    }
}

fn apply_processing(apply: Option<Apply<AudioProcessing>>) -> Vec<DeviceAction> {
    apply
        .map(|Apply { seq, value }| vec![DeviceAction::ApplyProcessing { seq, processing: value }])
        .unwrap_or_default()
}

/// The queued output choice to apply next, if any.
fn next_output(settled: Option<Settled<String>>) -> Vec<DeviceAction> {
    settled
        .and_then(|settled| settled.next)
        .map(|Apply { seq, value }| vec![DeviceAction::ApplyOutput { seq, device_id: value }])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
