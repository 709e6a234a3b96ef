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
//! - A call's device that stops by itself is replaced the same way (`device_loss.rs`).
//! - Each kind has its own switch: a microphone and a camera can be switched, or replaced, at once.

use super::*;
use crate::devices::{AudioProcessing, DeviceKind};
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
            self.start_switch(kind, device_id);
            return Ok(());
        }
        self.reopen_check()
            .map_err(|_| Ignored { reason: "nothing is open: the choice waits for the next capture" })
    }

    /// Opens `device_id` for the call's `kind` track; it replaces a lost device when one of
    /// that kind is lost, whoever asked (the loss itself, a device plugged in, the person).
    pub(super) fn start_switch(&mut self, kind: DeviceKind, device_id: String) {
        let op = self.new_op();
        let replaces_lost = self.lost.contains(kind);
        self.switching.retain(|switch| switch.kind != kind);
        self.switching.push(DeviceSwitch { op, kind, replaces_lost });
        self.actions.push_back(Action::CaptureDevice { op, kind, device_id });
    }

    /// A switch waits for getUserMedia `op`.
    pub(super) fn awaits_switch(&self, op: OpId) -> bool {
        self.switching.iter().any(|s| s.op == op)
    }

    /// The switch `op`, no longer in flight.
    fn take_switch(&mut self, op: OpId) -> Option<DeviceSwitch> {
        let at = self.switching.iter().position(|s| s.op == op)?;
        Some(self.switching.remove(at))
    }

    /// The new device opened (only called for an op a switch awaits).
    pub(super) fn on_switch_captured(&mut self, op: OpId) -> Result<(), Ignored> {
        let Some(switch) = self.switching.iter().find(|s| s.op == op).copied() else {
            return Err(Ignored { reason: "no switch waits" });
        };
        if !self.call_captured {
            self.take_switch(op);
            self.actions.push_back(Action::DiscardCapture { op });
            return Err(Ignored { reason: "a device opened for a call that is over" });
        }
        let enabled = self.source_enabled(switch.kind);
        self.actions.push_back(Action::ReplaceCallTrack { op, kind: switch.kind, enabled });
        Ok(())
    }

    /// The new device would not open, or its track could not replace the call's.
    pub(super) fn on_switch_failed(&mut self, now: u64, op: OpId, reason: EndReason) -> Result<(), Ignored> {
        let Some(switch) = self.take_switch(op) else {
            return Err(Ignored { reason: "a switch nobody waits for" });
        };
        if switch.replaces_lost {
            self.device_stays_lost(now, switch.kind);
        }
        let notice = match reason {
            // The permission taken back is what stopped the device too: that is what to say.
            EndReason::MicPermissionDenied | EndReason::CameraPermissionDenied => Notice::from_end_reason(reason),
            // The person chose nothing: they read that the device is lost, not that a switch failed.
            _ if switch.replaces_lost => super::device_loss::lost_notice(switch.kind),
            _ => switch_failed(switch.kind, reason),
        };
        self.set_notice(Some(notice));
        Ok(())
    }

    /// The call sends from the new device now.
    pub(super) fn on_call_track_replaced(&mut self, now: u64, op: OpId, result: Result<(), EndReason>) -> Result<(), Ignored> {
        match result {
            Err(reason) => self.on_switch_failed(now, op, reason),
            Ok(()) => {
                let switch = self.take_switch(op).ok_or(Ignored { reason: "a switch nobody waits for" })?;
                if switch.replaces_lost {
                    self.device_back(now, switch.kind);
                }
                Ok(())
            }
        }
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
            // A lost microphone is not reopened for this: that is the device choice's to do
            // (`device_loss.rs`); the next one opened takes the processing.
            (!self.lost.contains(DeviceKind::Microphone)).then_some(LocalStream::Call)
        } else if self.check_running() {
            Some(LocalStream::Check)
        } else {
            None
        };
        self.devices.applying = Some(super::device_choice::ProcessingApply { seq, processing, stream, reopened: false });
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
