//! Device choice in the browser: performs the core's `DeviceAction`s (track replacement,
//! setSinkId, the microphone's processing) and publishes the lists and choices to the UI.

use dialtone_core::devices::{AudioProcessing, DeviceAction, DeviceKind, ProcessingKind};
use dialtone_core::protocol::EndReason;
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlMediaElement, MediaStream, RtcRtpSender};

use super::{Controller, DevicesView, Notice};
use crate::media::devices::{enumerate, replace_capture, set_sink, sink_of};
use crate::media::user_media::{Capture, apply_processing, microphone_track, processing_of};

/// The element that plays the call's remote audio.
impl Controller {
    /// Reads the device list again (at start, after permission, on every devicechange).
    pub fn refresh_devices(&self) {
        let this = self.weak();
        spawn_local(async move {
            let list = enumerate().await;
            let Some(this) = this.upgrade() else { return };
            let actions = this.inner.borrow_mut().devices.update(list);
            this.perform_device_actions(actions);
        });
    }

    pub fn choose_device(&self, kind: DeviceKind, id: String) {
        let actions = {
            let mut inner = self.inner.borrow_mut();
            match kind {
                DeviceKind::Microphone => inner.devices.choose_microphone(id),
                DeviceKind::Camera => inner.devices.choose_camera(id),
                DeviceKind::Speaker => inner.devices.choose_output(id),
            }
        };
        self.perform_device_actions(actions);
    }

    /// Chooses the audio output ("" = system default), as the page's select or the embedding
    /// host asks. The switch itself is confirmed later, like every output choice.
    pub fn choose_output(&self, id: String) -> Result<(), &'static str> {
        let known = id.is_empty() || self.inner.borrow().devices.present(DeviceKind::Speaker, &id);
        if !known {
            return Err("DEVICE_NOT_FOUND");
        }
        self.choose_device(DeviceKind::Speaker, id);
        Ok(())
    }

    /// The confirmed output, for a call's media element that just appeared.
    pub fn apply_output_to(&self, element: HtmlMediaElement) {
        self.inner.borrow_mut().remote_element = Some(element.clone());
        let output = self.inner.borrow().devices.output_for_new_element().map(str::to_owned);
        if let Some(output) = output.filter(|o| *o != sink_of(&element)) {
            spawn_local(async move {
                let _ = set_sink(&element, &output).await;
            });
        }
    }

    /// The chosen microphone and camera, and the processing wanted: what a capture asks for.
    pub(super) fn chosen_capture(&self) -> Capture {
        let inner = self.inner.borrow();
        Capture {
            microphone: inner.devices.microphone().map(str::to_owned),
            camera: inner.devices.camera().map(str::to_owned),
            processing: inner.devices.processing_wanted(),
        }
    }

    /// The user turns one of the microphone's processing switches on or off; remembered on this
    /// device and applied to the live microphone (a call's or the check's), if there is one.
    pub fn choose_processing(&self, kind: ProcessingKind, on: bool) {
        let (actions, wanted) = {
            let mut inner = self.inner.borrow_mut();
            let actions = inner.devices.choose_processing(kind, on);
            (actions, inner.devices.processing_wanted())
        };
        crate::settings::remember_audio_processing(wanted);
        self.perform_device_actions(actions);
    }

    /// A microphone just opened: the switches show what it really does.
    pub(super) fn observe_processing(&self, stream: &MediaStream) {
        let Some(track) = microphone_track(stream) else { return };
        {
            let mut inner = self.inner.borrow_mut();
            let asked = inner.devices.processing_wanted();
            inner.devices.processing_observed(processing_of(&track, asked));
        }
        self.publish_devices();
    }

    /// Applies the processing to the call's microphone, else to the check's, else keeps it for
    /// the next capture; reports what the microphone really does.
    fn apply_processing_now(&self, seq: u64, wanted: AudioProcessing) {
        let (target, senders, microphone) = {
            let inner = self.inner.borrow();
            let senders: Vec<RtcRtpSender> = inner.peer.as_ref().map(|p| p.handle().senders()).unwrap_or_default();
            let target = match (&inner.local_stream, &inner.mic_check) {
                // Clone::clone, not MediaStream's clone() (a new stream with new tracks).
                (Some(call), _) => Some((Clone::clone(call), true)),
                (None, Some(check)) => Some((Clone::clone(&check.stream), false)),
                (None, None) => None,
            };
            (target, senders, inner.devices.microphone().map(str::to_owned))
        };
        let Some((stream, in_call)) = target else {
            self.processing_settled(seq, wanted);
            return;
        };
        if in_call && let Some(clone) = self.inner.borrow_mut().meter_track.take() {
            // The meter's clone shares the microphone: it must let go for a fresh capture.
            clone.stop();
        }
        let this = self.weak();
        spawn_local(async move {
            let senders = if in_call { senders } else { Vec::new() };
            let result = apply_processing(&stream, &senders, microphone.as_deref(), wanted).await;
            let Some(this) = this.upgrade() else { return };
            let actual = match result {
                Ok(actual) => actual,
                Err(_) => {
                    this.report(Notice {
                        code: EndReason::DeviceInUse.code().to_owned(),
                        message: crate::i18n::t::processing_failed(),
                    });
                    let confirmed = this.inner.borrow().devices.processing().0;
                    microphone_track(&stream).map(|t| processing_of(&t, confirmed)).unwrap_or(confirmed)
                }
            };
            if in_call {
                this.start_local_meter(&stream);
                this.publish_streams();
            } else {
                this.remeter_check();
            }
            this.processing_settled(seq, actual);
        });
    }

    fn processing_settled(&self, seq: u64, actual: AudioProcessing) {
        let next = self.inner.borrow_mut().devices.processing_applied(seq, actual);
        self.perform_device_actions(next);
    }

    fn perform_device_actions(&self, actions: Vec<DeviceAction>) {
        for action in actions {
            match action {
                DeviceAction::UseMicrophone(id) => self.switch_capture(id, false),
                DeviceAction::UseCamera(id) => self.switch_capture(id, true),
                DeviceAction::ApplyOutput { seq, device_id } => self.apply_output(seq, device_id),
                DeviceAction::ApplyProcessing { seq, processing } => self.apply_processing_now(seq, processing),
            }
        }
        self.publish_devices();
    }

    /// Mid-call, the sending track is replaced; during the check, the check opens the new device;
    /// otherwise the choice applies to the next call.
    fn switch_capture(&self, device_id: String, video: bool) {
        let processing = self.inner.borrow().devices.processing_wanted();
        if self.inner.borrow().local_stream.is_none() {
            self.restart_check();
            return;
        }
        let (stream, senders) = {
            let inner = self.inner.borrow();
            let senders: Vec<RtcRtpSender> = inner
                .peer
                .as_ref()
                .map(|p| p.handle().senders())
                .unwrap_or_default();
            (inner.local_stream.clone(), senders)
        };
        let Some(stream) = stream else { return };
        let this = self.weak();
        spawn_local(async move {
            let result = replace_capture(&stream, &senders, &device_id, video, processing).await;
            let Some(this) = this.upgrade() else { return };
            match result {
                Ok(()) => {
                    // The meter follows the new microphone.
                    if !video {
                        this.start_local_meter(&stream);
                        this.observe_processing(&stream);
                    }
                    this.publish_streams()
                }
                Err(_) => this.report(Notice {
                    code: EndReason::DeviceInUse.code().to_owned(),
                    message: format!("Could not switch to that {}: it may be in use by another application.",
                        if video { "camera" } else { "microphone" }),
                }),
            }
        });
    }

    fn apply_output(&self, seq: u64, device_id: String) {
        let this = self.weak();
        // The element the stage handed over, while it is still on the page.
        let element = self.inner.borrow().remote_element.clone().filter(|e| e.is_connected());
        spawn_local(async move {
            let outcome = match &element {
                Some(element) => set_sink(element, &device_id).await.map_err(|code| (code, sink_of(element))),
                // No call playing: the choice is simply kept for the next call's element.
                None => Ok(()),
            };
            let Some(this) = this.upgrade() else { return };
            let next = {
                let mut inner = this.inner.borrow_mut();
                match outcome {
                    Ok(()) => inner.devices.output_applied(seq, device_id),
                    Err((code, actual)) => inner.devices.output_failed(seq, code, actual),
                }
            };
            this.perform_device_actions(next);
        });
    }

    fn publish_devices(&self) {
        let view = {
            let inner = self.inner.borrow();
            let devices = &inner.devices;
            let list = |kind| devices.list(kind).into_iter().cloned().collect::<Vec<_>>();
            let (output, pending) = devices.output();
            DevicesView {
                microphones: list(DeviceKind::Microphone),
                cameras: list(DeviceKind::Camera),
                speakers: list(DeviceKind::Speaker),
                microphone: devices.microphone().map(str::to_owned),
                camera: devices.camera().map(str::to_owned),
                output: output.to_owned(),
                output_pending: pending.map(str::to_owned),
                output_error: devices.output_error(),
                processing: devices.processing().0,
                processing_pending: devices.processing().1,
                processing_refused: ProcessingKind::ALL.into_iter().filter(|k| devices.processing_refused(*k)).collect(),
            }
        };
        self.ui.devices.set(view);
    }
}
