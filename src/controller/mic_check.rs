//! The device checks before a call, performed: the mic check in Devices (the chosen
//! microphone's level) and the pre-call check (the same, plus a preview of the chosen camera).
//! When a check may start, whose a capture is and the camera's fall-back are the machine's
//! (`dialtone_core::client`, device check); here are the check's stream, its level meter and the
//! views the machine's `ShowDeviceCheck` writes.

use dialtone_core::client::{CheckDevice, DeviceCheckView, Input, OpId};
use dialtone_core::protocol::EndReason;
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::MediaStream;

use super::Controller;
use crate::media::meter::Meter;
use crate::media::user_media::stop_all_tracks;

/// What the settings show of the mic check.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MicCheckView {
    #[default]
    Off,
    Starting,
    /// The microphone's RMS level, 0..1.
    Level(f32),
    /// The microphone could not be opened, and why.
    Failed(EndReason),
}

/// The check's stream (captured for `op`) and the meter on its microphone.
pub(super) struct MicCheck {
    op: OpId,
    pub(super) stream: MediaStream,
    meter: Option<Meter>,
}

impl Controller {
    /// The mic check in Devices: the microphone only.
    pub fn start_mic_check(&self) {
        let _ = self.feed(Input::StartDeviceCheck { camera: false });
    }

    /// The pre-call check: microphone and camera.
    pub fn start_device_check(&self) {
        let _ = self.feed(Input::StartDeviceCheck { camera: true });
    }

    /// The person stops whichever check runs.
    pub fn stop_mic_check(&self) {
        let _ = self.feed(Input::StopDeviceCheck);
    }

    /// A view that showed a check goes away (`with_camera`: the pre-call check's view).
    pub fn release_check(&self, with_camera: bool) {
        let _ = self.feed(Input::LeaveDeviceCheck { camera: with_camera });
    }

    /// The stream captured for `op` is the check's now.
    pub(super) fn use_capture_for_check(&self, op: OpId) {
        let Some(stream) = self.inner.borrow_mut().captures.remove(&op) else { return };
        let old = self.inner.borrow_mut().mic_check.replace(MicCheck { op, stream: Clone::clone(&stream), meter: None });
        if let Some(old) = old {
            stop_all_tracks(&old.stream);
        }
        self.publish_streams();
        // Permission is granted now: the device names become readable.
        self.refresh_devices();
        self.observe_processing(&stream);
        self.remeter_check();
    }

    /// The check lets go of its devices.
    pub(super) fn release_check_stream(&self) {
        let stopped = self.inner.borrow_mut().mic_check.take();
        if let Some(check) = stopped {
            stop_all_tracks(&check.stream);
            self.publish_streams();
        }
    }

    /// Writes what the machine says of the check. The microphone shows as starting until its
    /// meter reports the first level.
    pub(super) fn show_device_check(&self, view: DeviceCheckView) {
        let microphone = match view.microphone {
            CheckDevice::Off => MicCheckView::Off,
            CheckDevice::Starting => MicCheckView::Starting,
            CheckDevice::Live => match self.ui.mic_check.get_untracked() {
                level @ MicCheckView::Level(_) => level,
                _ => MicCheckView::Starting,
            },
            CheckDevice::Failed(reason) => MicCheckView::Failed(reason),
        };
        if self.ui.mic_check.get_untracked() != microphone {
            self.ui.mic_check.set(microphone);
        }
        if self.ui.camera_check.get_untracked() != view.camera {
            self.ui.camera_check.set(view.camera);
        }
    }

    fn check_shows_level(&self) -> bool {
        matches!(self.ui.mic_check.get_untracked(), MicCheckView::Starting | MicCheckView::Level(_))
    }

    /// Puts a level meter on the check's microphone (again, after its track was replaced).
    pub(super) fn remeter_check(&self) {
        let Some((op, stream)) = self.inner.borrow().mic_check.as_ref().map(|c| (c.op, Clone::clone(&c.stream))) else {
            return;
        };
        let Some(context) = self.audio_graph() else {
            let _ = self.feed(Input::DeviceCheckMeterFailed { op });
            return;
        };
        let this = self.weak();
        spawn_local(async move {
            let weak = this.clone();
            let meter = context
                .meter(&stream, move |rms| {
                    if let Some(this) = weak.upgrade()
                        && this.check_shows_level()
                    {
                        this.ui.mic_check.set(MicCheckView::Level(rms));
                    }
                })
                .await;
            let Some(this) = this.upgrade() else { return };
            match meter {
                Ok(meter) => {
                    let mut inner = this.inner.borrow_mut();
                    // Only for the check still running on this stream.
                    if let Some(check) = inner.mic_check.as_mut().filter(|c| c.op == op) {
                        check.meter = Some(meter);
                    }
                }
                Err(_) => {
                    let _ = this.feed(Input::DeviceCheckMeterFailed { op });
                }
            }
        });
    }
}
