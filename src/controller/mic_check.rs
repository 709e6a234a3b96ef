//! The device checks before a call: the mic check in Devices (the chosen microphone's level) and
//! the pre-call check (the same, plus a preview of the chosen camera). Either holds the devices
//! only while shown, never during a call (a call starting stops it), opens them only when the
//! user asks, and says why when a device cannot be opened.

use dialtone_core::protocol::{EndReason, MediaKind};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::MediaStream;

use super::Controller;
use crate::media::meter::Meter;
use crate::media::user_media::{get_user_media, stop_all_tracks};

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

/// The camera in the pre-call check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CameraCheckView {
    /// Not part of the running check (or no check).
    #[default]
    Off,
    Starting,
    /// Its picture is in the check's stream ([`Controller::check_stream`]).
    Live,
    Failed(EndReason),
}

pub(super) struct MicCheck {
    pub(super) stream: MediaStream,
    meter: Option<Meter>,
}

impl Controller {
    /// The mic check in Devices: the microphone only.
    pub fn start_mic_check(&self) {
        self.start_check(false);
    }

    /// The pre-call check: microphone and camera.
    pub fn start_device_check(&self) {
        if self.check_has_camera() {
            return;
        }
        // A microphone-only check gives way to the full one.
        self.stop_mic_check();
        self.start_check(true);
    }

    /// The running check's devices (camera preview, speaker test routing stays separate).
    pub fn check_stream(&self) -> Option<MediaStream> {
        // Clone::clone: MediaStream's own clone() would make a new stream with new tracks.
        self.inner.borrow().mic_check.as_ref().map(|c| Clone::clone(&c.stream))
    }

    fn check_has_camera(&self) -> bool {
        self.ui.camera_check.get_untracked() != CameraCheckView::Off
    }

    fn check_running(&self) -> bool {
        matches!(self.ui.mic_check.get_untracked(), MicCheckView::Starting | MicCheckView::Level(_))
    }

    fn start_check(&self, camera: bool) {
        let idle = !self.check_running();
        if self.client().in_call() || !idle {
            return;
        }
        self.ui.mic_check.set(MicCheckView::Starting);
        self.ui.camera_check.set(if camera { CameraCheckView::Starting } else { CameraCheckView::Off });
        let capture = self.chosen_capture();
        let this = self.weak();
        spawn_local(async move {
            let (result, camera_failed) = if camera {
                // Without a camera (or its permission), the check still tests the microphone.
                match get_user_media(MediaKind::Video, &capture).await {
                    Ok(stream) => (Ok(stream), None),
                    Err(reason) => (get_user_media(MediaKind::Audio, &capture).await, Some(reason)),
                }
            } else {
                (get_user_media(MediaKind::Audio, &capture).await, None)
            };
            let Some(this) = this.upgrade() else { return };
            // Stopped (or a call began) while the browser opened the devices.
            let wanted = this.ui.mic_check.get_untracked() == MicCheckView::Starting
                && !this.client().in_call();
            let stream = match result {
                Ok(stream) if wanted => stream,
                Ok(stream) => return stop_all_tracks(&stream),
                Err(reason) if wanted => {
                    this.ui.mic_check.set(MicCheckView::Failed(reason));
                    if camera {
                        this.ui.camera_check.set(CameraCheckView::Failed(camera_failed.unwrap_or(reason)));
                    }
                    return;
                }
                Err(_) => return,
            };
            if camera {
                this.ui.camera_check.set(match camera_failed {
                    None => CameraCheckView::Live,
                    Some(reason) => CameraCheckView::Failed(reason),
                });
            }
            this.inner.borrow_mut().mic_check = Some(MicCheck { stream: Clone::clone(&stream), meter: None });
            this.publish_streams();
            // Permission is granted now: the device names become readable.
            this.refresh_devices();
            this.observe_processing(&stream);
            this.remeter_check();
        });
    }

    /// Puts a level meter on the check's microphone (again, after its track was replaced).
    pub(super) fn remeter_check(&self) {
        let Some(stream) = self.check_stream() else { return };
        let Some(context) = self.meter_context() else {
            self.fail_check(EndReason::DeviceNotFound);
            return;
        };
        let this = self.weak();
        spawn_local(async move {
            let weak = this.clone();
            let meter = context
                .meter(&stream, move |rms| {
                    if let Some(this) = weak.upgrade()
                        && this.check_running()
                    {
                        this.ui.mic_check.set(MicCheckView::Level(rms));
                    }
                })
                .await;
            let Some(this) = this.upgrade() else { return };
            match meter {
                Ok(meter) => {
                    let mut inner = this.inner.borrow_mut();
                    // Only for the check still running on this stream (streams compare by id).
                    if let Some(check) = inner.mic_check.as_mut().filter(|c| c.stream.id() == stream.id()) {
                        check.meter = Some(meter);
                    }
                }
                Err(_) => this.fail_check(EndReason::DeviceNotFound),
            }
        });
    }

    fn fail_check(&self, reason: EndReason) {
        self.stop_mic_check();
        self.ui.mic_check.set(MicCheckView::Failed(reason));
    }

    /// Stops whichever check runs and lets go of its devices.
    pub fn stop_mic_check(&self) {
        let stopped = self.inner.borrow_mut().mic_check.take();
        if let Some(check) = stopped {
            stop_all_tracks(&check.stream);
            self.publish_streams();
        }
        if self.ui.mic_check.get_untracked() != MicCheckView::Off {
            self.ui.mic_check.set(MicCheckView::Off);
        }
        if self.ui.camera_check.get_untracked() != CameraCheckView::Off {
            self.ui.camera_check.set(CameraCheckView::Off);
        }
    }

    /// A view that showed a check goes away: it stops that check, not one another view started.
    pub fn release_check(&self, with_camera: bool) {
        let camera_involved = self.check_has_camera();
        let running = self.check_running() || matches!(self.ui.mic_check.get_untracked(), MicCheckView::Failed(_));
        if running && camera_involved == with_camera {
            self.stop_mic_check();
        }
    }

    /// Another device was chosen while a check runs: the check opens it instead.
    pub(super) fn restart_check(&self) {
        if !self.check_running() {
            return;
        }
        let camera = self.check_has_camera();
        self.stop_mic_check();
        self.start_check(camera);
    }
}
