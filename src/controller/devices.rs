//! Device choice in the browser: performs the core's `DeviceAction`s (track replacement,
//! setSinkId) and publishes the lists and choices to the UI.

use dialtone_core::devices::{DeviceAction, DeviceKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlMediaElement, RtcRtpSender};

use super::{Controller, DevicesView, Notice};
use crate::media::devices::{enumerate, replace_capture, set_sink, sink_of};

/// The element that plays the call's remote audio.
fn remote_media_element() -> Option<HtmlMediaElement> {
    web_sys::window()?
        .document()?
        .query_selector("[data-testid=\"remote-video\"]")
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

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
        let output = self.inner.borrow().devices.output_for_new_element().map(str::to_owned);
        if let Some(output) = output.filter(|o| *o != sink_of(&element)) {
            spawn_local(async move {
                let _ = set_sink(&element, &output).await;
            });
        }
    }

    pub(super) fn chosen_capture(&self) -> (Option<String>, Option<String>) {
        let inner = self.inner.borrow();
        (inner.devices.microphone().map(str::to_owned), inner.devices.camera().map(str::to_owned))
    }

    fn perform_device_actions(&self, actions: Vec<DeviceAction>) {
        for action in actions {
            match action {
                DeviceAction::UseMicrophone(id) => self.switch_capture(id, false),
                DeviceAction::UseCamera(id) => self.switch_capture(id, true),
                DeviceAction::ApplyOutput { seq, device_id } => self.apply_output(seq, device_id),
            }
        }
        self.publish_devices();
    }

    /// Mid-call, the sending track is replaced; otherwise the choice applies to the next call.
    fn switch_capture(&self, device_id: String, video: bool) {
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
            let result = replace_capture(&stream, &senders, &device_id, video).await;
            let Some(this) = this.upgrade() else { return };
            match result {
                Ok(()) => {
                    // The meter follows the new microphone.
                    if !video {
                        this.start_local_meter(&stream);
                    }
                    this.ui.media_epoch.update(|n| *n += 1)
                }
                Err(_) => this.ui.notice.set(Some(Notice {
                    code: "DEVICE_IN_USE".to_owned(),
                    message: format!("Could not switch to that {}: it may be in use by another application.",
                        if video { "camera" } else { "microphone" }),
                })),
            }
        });
    }

    fn apply_output(&self, seq: u64, device_id: String) {
        let this = self.weak();
        spawn_local(async move {
            let element = remote_media_element();
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
            }
        };
        self.ui.devices.set(view);
    }
}
