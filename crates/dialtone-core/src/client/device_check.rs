//! The device check before a call: Devices' mic check (the microphone alone) and the pre-call
//! check (microphone and camera). The check holds the devices only while it is shown and never
//! during a call, opens them only when the person asks, and says why a device would not open.
//!
//! Rules:
//! - No check starts during a call, nor while one runs; the full check takes over from a
//!   microphone-only one. A check that failed may be started again.
//! - Its getUserMedia is an op like a call's: a stream that comes back after the check was
//!   stopped (or a call began) is nobody's, and the page is told to stop its tracks.
//! - Without a camera (or its permission), the pre-call check still tests the microphone: one
//!   retry for the microphone alone, the camera shown as failed with its own reason.
//! - A view that showed a check goes away: it stops that check, not one another view started.

use super::*;
use crate::protocol::{EndReason, MediaKind};

/// One device of the check, as the page shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CheckDevice {
    /// Not part of a check (or no check).
    #[default]
    Off,
    /// The browser is opening it.
    Starting,
    /// Open: its picture or level is in the check's stream.
    Live,
    /// It could not be opened, and why.
    Failed(EndReason),
}

/// What the page shows of the device check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceCheckView {
    pub microphone: CheckDevice,
    pub camera: CheckDevice,
}

/// The device check as this machine decided it. `camera`: the check includes the camera (the
/// pre-call check); `camera_failed`: the camera would not open, the microphone is tested alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum DeviceCheck {
    #[default]
    Off,
    /// getUserMedia `op` is out for the check.
    Opening { op: OpId, camera: bool, camera_failed: Option<EndReason> },
    /// The page holds the stream captured for `op`.
    Running { op: OpId, camera: bool, camera_failed: Option<EndReason> },
    /// The devices did not open; the view says why until the check is stopped or started again.
    Failed { camera: bool, microphone: EndReason, camera_failed: Option<EndReason> },
}

impl DeviceCheck {
    fn view(self) -> DeviceCheckView {
        let camera_view = |camera: bool, shown: CheckDevice| if camera { shown } else { CheckDevice::Off };
        match self {
            DeviceCheck::Off => DeviceCheckView::default(),
            // The camera's failure shows with the outcome of the microphone-only retry.
            DeviceCheck::Opening { camera, .. } => DeviceCheckView {
                microphone: CheckDevice::Starting,
                camera: camera_view(camera, CheckDevice::Starting),
            },
            DeviceCheck::Running { camera, camera_failed, .. } => DeviceCheckView {
                microphone: CheckDevice::Live,
                camera: camera_view(camera, camera_failed.map_or(CheckDevice::Live, CheckDevice::Failed)),
            },
            DeviceCheck::Failed { camera, microphone, camera_failed } => DeviceCheckView {
                microphone: CheckDevice::Failed(microphone),
                camera: camera_view(camera, CheckDevice::Failed(camera_failed.unwrap_or(microphone))),
            },
        }
    }

    /// The check includes the camera (whatever its state).
    fn has_camera(self) -> bool {
        match self {
            DeviceCheck::Off => false,
            DeviceCheck::Opening { camera, .. } | DeviceCheck::Running { camera, .. } | DeviceCheck::Failed { camera, .. } => camera,
        }
    }

    fn in_progress(self) -> bool {
        matches!(self, DeviceCheck::Opening { .. } | DeviceCheck::Running { .. })
    }

    /// The check waits for getUserMedia `op`.
    pub(super) fn awaits(self, op: OpId) -> bool {
        matches!(self, DeviceCheck::Opening { op: awaited, .. } if awaited == op)
    }
}

impl Client {
    /// The device check as the page shows it.
    pub fn device_check(&self) -> DeviceCheckView {
        self.check.view()
    }

    /// The person starts the mic check (`camera` false) or the pre-call check (`camera` true).
    pub(super) fn start_check(&mut self, camera: bool) -> Result<(), Ignored> {
        if self.phone.in_call() {
            return Err(Ignored { reason: "no device check during a call: the call has the devices" });
        }
        if self.check.in_progress() && (self.check.has_camera() || !camera) {
            return Err(Ignored { reason: "a device check runs already" });
        }
        // A microphone-only check gives way to the full one (its stream is let go).
        self.open_check(camera, None);
        Ok(())
    }

    /// The person stops the check, a call begins, or a view leaves: the check lets go of its
    /// devices (a capture still out is discarded when it comes back).
    pub(super) fn stop_check(&mut self) {
        self.set_check(DeviceCheck::Off);
    }

    /// A view that showed the check (`camera`: the pre-call check) goes away.
    pub(super) fn leave_check(&mut self, camera: bool) -> Result<(), Ignored> {
        // The speaker test is the pre-call check's: it stops with its view.
        if camera {
            self.reset_speaker_test();
        }
        if self.check == DeviceCheck::Off || self.check.has_camera() != camera {
            return Err(Ignored { reason: "another view's check, or none" });
        }
        self.stop_check();
        Ok(())
    }

    /// Another microphone or camera was chosen while the check runs: it opens that one instead.
    pub(super) fn reopen_check(&mut self) -> Result<(), Ignored> {
        if !self.check.in_progress() {
            return Err(Ignored { reason: "no device check runs" });
        }
        let camera = self.check.has_camera();
        self.open_check(camera, None);
        Ok(())
    }

    fn open_check(&mut self, camera: bool, camera_failed: Option<EndReason>) {
        let op = self.new_op();
        let kind = if camera && camera_failed.is_none() { MediaKind::Video } else { MediaKind::Audio };
        // A stream the check held is let go before the devices are opened again.
        self.set_check(DeviceCheck::Opening { op, camera, camera_failed });
        self.actions.push_back(Action::Capture { op, kind });
    }

    /// The check's capture `op` gave a stream (only called for the op the check awaits).
    pub(super) fn on_check_captured(&mut self, op: OpId) -> Result<(), Ignored> {
        let DeviceCheck::Opening { camera, camera_failed, .. } = self.check else {
            return Err(Ignored { reason: "no device check waits for a capture" });
        };
        self.actions.push_back(Action::UseCaptureForCheck { op });
        self.set_check(DeviceCheck::Running { op, camera, camera_failed });
        Ok(())
    }

    /// The check's capture `op` failed (only called for the op the check awaits).
    pub(super) fn on_check_capture_failed(&mut self, reason: EndReason) -> Result<(), Ignored> {
        let DeviceCheck::Opening { camera, camera_failed, .. } = self.check else {
            return Err(Ignored { reason: "no device check waits for a capture" });
        };
        if camera && camera_failed.is_none() {
            // Without the camera, the microphone can still be tested.
            self.open_check(true, Some(reason));
            return Ok(());
        }
        self.set_check(DeviceCheck::Failed { camera, microphone: reason, camera_failed });
        Ok(())
    }

    /// The level meter could not be put on the check's microphone (`op`: the check's stream).
    pub(super) fn check_meter_failed(&mut self, op: OpId) -> Result<(), Ignored> {
        let DeviceCheck::Running { op: running, camera, camera_failed } = self.check else {
            return Err(Ignored { reason: "no device check runs" });
        };
        if running != op {
            return Err(Ignored { reason: "a meter for a check that is over" });
        }
        self.set_check(DeviceCheck::Failed { camera, microphone: EndReason::DeviceNotFound, camera_failed });
        Ok(())
    }

    /// The check's stream, while the page holds it.
    pub(super) fn check_running(&self) -> bool {
        matches!(self.check, DeviceCheck::Running { .. })
    }

    /// Every change of the check: a stream the page held is let go first (a check never runs
    /// on two streams), then the view shows what changed.
    fn set_check(&mut self, check: DeviceCheck) {
        let shown = self.check.view();
        if matches!(self.check, DeviceCheck::Running { .. }) && !matches!(check, DeviceCheck::Running { .. }) {
            self.actions.push_back(Action::ReleaseCheckStream);
        }
        self.check = check;
        if check.view() != shown {
            self.actions.push_back(Action::ShowDeviceCheck(check.view()));
        }
    }
}
