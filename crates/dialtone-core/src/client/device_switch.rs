//! Another microphone or camera is chosen while one is open: which stream gets it, and what the
//! person reads when it cannot be had.
//!
//! Rules:
//! - During a call whose stream the page holds, the new device is captured alone (an op like
//!   any capture) and its track replaces the call's; a newer choice supersedes one still out.
//! - Otherwise a running device check opens it instead; with neither, the choice simply waits
//!   for the next capture.
//! - A capture that comes back for a call that is over is stopped, never added to anything.
//! - A switch that fails keeps the old device and says so. The browser does not tell why a
//!   listed device would not start; most often another application holds it, so the sentence
//!   says "may be in use" and never blames the person. A refused permission says that instead.
//! - A call's device that stops by itself (unplugged, taken away by the system) is replaced
//!   like a switch, by the device the choice names (`Devices::track_ended`). The person reads
//!   that it stopped and whether another opened (`MIC_REOPENED`) or none could (`MIC_LOST`; a
//!   device plugged in later is opened then, and says so). Mute and camera-off carry over.

use super::*;
use crate::devices::{AudioProcessing, DeviceKind};
use crate::errors::ClientError;
use crate::protocol::EndReason;

/// What the page reads when the chosen camera could not be switched to (the catalogue has it).
pub const CAMERA_SWITCH_FAILED: &str = "Could not switch to that camera: it may be in use by another application.";
/// What the page reads when the chosen microphone could not be switched to.
pub const MICROPHONE_SWITCH_FAILED: &str =
    "Could not switch to that microphone: it may be in use by another application.";

/// A switch of the call's device in progress: its op, which device, and whether it replaces
/// one that stopped by itself (rather than one the person chose).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DeviceSwitch {
    op: OpId,
    kind: DeviceKind,
    replaces_lost: bool,
}

impl Client {
    /// The person chose another microphone or camera (`device_id` "": the system default).
    pub(super) fn switch_device(&mut self, kind: DeviceKind, device_id: String) -> Result<(), Ignored> {
        if kind == DeviceKind::Speaker {
            return Err(Ignored { reason: "the audio output is set on the media element, not captured" });
        }
        if self.call_captured {
            self.start_switch(kind, device_id, false);
            return Ok(());
        }
        self.reopen_check()
            .map_err(|_| Ignored { reason: "nothing is open: the choice waits for the next capture" })
    }

    fn start_switch(&mut self, kind: DeviceKind, device_id: String, replaces_lost: bool) {
        let op = self.new_op();
        self.switching = Some(DeviceSwitch { op, kind, replaces_lost });
        self.actions.push_back(Action::CaptureDevice { op, kind, device_id });
    }

    /// The call's own `kind` track stopped by itself: open `reopen` in its place, or say that
    /// none could be (a device plugged in later comes as a switch, and says it opened).
    pub(super) fn on_call_track_ended(&mut self, kind: DeviceKind, reopen: Option<String>) -> Result<(), Ignored> {
        if kind == DeviceKind::Speaker {
            return Err(Ignored { reason: "an output has no track" });
        }
        if !self.call_captured {
            return Err(Ignored { reason: "a track of a call that is over" });
        }
        match reopen {
            Some(device_id) => self.start_switch(kind, device_id, true),
            None => self.set_notice(Some(Notice::from_client_error(lost(kind)))),
        }
        Ok(())
    }

    /// The switch waits for getUserMedia `op`.
    pub(super) fn awaits_switch(&self, op: OpId) -> bool {
        self.switching.is_some_and(|s| s.op == op)
    }

    /// The new device opened (only called for the op the switch awaits).
    pub(super) fn on_switch_captured(&mut self, op: OpId) -> Result<(), Ignored> {
        let Some(switch) = self.switching else { return Err(Ignored { reason: "no switch waits" }) };
        if !self.call_captured {
            self.switching = None;
            self.actions.push_back(Action::DiscardCapture { op });
            return Err(Ignored { reason: "a device opened for a call that is over" });
        }
        self.actions.push_back(Action::ReplaceCallTrack { op, kind: switch.kind });
        Ok(())
    }

    /// The new device would not open, or its track could not replace the call's.
    pub(super) fn on_switch_failed(&mut self, op: OpId, reason: EndReason) -> Result<(), Ignored> {
        let Some(switch) = self.switching.filter(|s| s.op == op) else {
            return Err(Ignored { reason: "a switch nobody waits for" });
        };
        self.switching = None;
        let notice = match reason {
            // The permission taken back is what stopped the device too: that is what to say.
            EndReason::MicPermissionDenied | EndReason::CameraPermissionDenied => Notice::from_end_reason(reason),
            _ if switch.replaces_lost => Notice::from_client_error(lost(switch.kind)),
            _ => switch_failed(switch.kind, reason),
        };
        self.set_notice(Some(notice));
        Ok(())
    }

    /// The call sends from the new device now.
    pub(super) fn on_call_track_replaced(&mut self, op: OpId, result: Result<(), EndReason>) -> Result<(), Ignored> {
        match result {
            Err(reason) => self.on_switch_failed(op, reason),
            Ok(()) => match self.switching.filter(|s| s.op == op) {
                Some(switch) => {
                    self.switching = None;
                    // A device opened in place of one that stopped (now, or earlier with none to
                    // open then): the person reads that the call has one again.
                    let was_lost = self.notice.as_ref().is_some_and(|n| n.code == lost(switch.kind).code());
                    if switch.replaces_lost || was_lost {
                        self.set_notice(Some(Notice::from_client_error(reopened(switch.kind))));
                    }
                    Ok(())
                }
                None => Err(Ignored { reason: "a switch nobody waits for" }),
            },
        }
    }
}

/// What the person reads when the call's `kind` device stopped and none could replace it.
fn lost(kind: DeviceKind) -> ClientError {
    match kind {
        DeviceKind::Camera => ClientError::CameraLost,
        _ => ClientError::MicLost,
    }
}

/// What the person reads when the call opened a `kind` device in place of one that stopped.
fn reopened(kind: DeviceKind) -> ClientError {
    match kind {
        DeviceKind::Camera => ClientError::CameraReopened,
        _ => ClientError::MicReopened,
    }
}

/// The notice for a switch to a `kind` device that failed with `reason`.
pub fn switch_failed(kind: DeviceKind, reason: EndReason) -> Notice {
    match reason {
        EndReason::MicPermissionDenied | EndReason::CameraPermissionDenied => Notice::from_end_reason(reason),
        // The device was listed, so it exists: most often another application holds it.
        _ => Notice {
            code: EndReason::DeviceInUse.code().to_owned(),
            message: match kind {
                DeviceKind::Camera => CAMERA_SWITCH_FAILED,
                _ => MICROPHONE_SWITCH_FAILED,
            }
            .to_owned(),
        },
    }
}

/// What the page reads when the microphone's processing could not be changed.
pub const PROCESSING_FAILED: &str =
    "Could not change the microphone's sound processing: it may be in use by another application.";

impl Client {
    /// The microphone's processing changes (`seq`: the devices' confirmation sequence): on the
    /// call's microphone, else on the check's, else it waits for the next capture.
    pub(super) fn apply_processing(&mut self, seq: u64, processing: AudioProcessing) {
        let stream = if self.call_captured {
            Some(LocalStream::Call)
        } else if self.check_running() {
            Some(LocalStream::Check)
        } else {
            None
        };
        self.actions.push_back(Action::ApplyProcessing { seq, processing, stream });
    }

    /// The microphone would not take the new processing (it keeps what it had).
    pub(super) fn processing_failed(&mut self) {
        self.set_notice(Some(Notice {
            code: EndReason::DeviceInUse.code().to_owned(),
            message: PROCESSING_FAILED.to_owned(),
        }));
    }
}
