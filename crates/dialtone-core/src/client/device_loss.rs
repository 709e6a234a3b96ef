//! A call's own microphone or camera that stops by itself: unplugged, its battery dead, or taken
//! away by the system (the browser ends its track).
//!
//! Rules:
//! - The device the choice names (`Devices::reopen_for`: the chosen one while listed, else the
//!   default) is opened in its place, as a switch of that kind (`device_switch.rs`). With none
//!   listed, the person reads that it is lost; every later switch of that kind (a device plugged
//!   in, the person's own choice) replaces it.
//! - The person reads the outcome, never a switch they did not ask for: `MIC_REOPENED` /
//!   `CAMERA_REOPENED` once a device of that kind is back, `MIC_LOST` / `CAMERA_LOST` while none
//!   could be, a refused permission as itself.
//! - The new track starts as the call's source is now: muted stays muted, and a mute made while
//!   the device was gone holds (the machine's state, not the dead track's).
//! - When the call is over nothing of it is lost any more; a notice about it would be stale.
//! - The peer is told the source is off once none could replace it, or once a replacement has
//!   taken `TELL_PEER_AFTER_MS` without opening (a browser prompt left open, a device that
//!   hangs): not at once, so a device back at once flickers nothing on their screen.

use super::*;
use crate::devices::DeviceKind;
use crate::call::Input as CallInput;
use crate::errors::ClientError;
use crate::protocol::MediaSource;

/// How long a replacement may take before the peer hears the source is off meanwhile.
pub const TELL_PEER_AFTER_MS: u64 = 2_000;

/// The call's devices that stopped by themselves and have not been replaced yet, and by when
/// the peer is to hear of each (none: they have).
#[derive(Debug, Default)]
pub(super) struct LostDevices {
    kinds: Vec<(DeviceKind, Option<u64>)>,
}

impl LostDevices {
    pub(super) fn contains(&self, kind: DeviceKind) -> bool {
        self.kinds.iter().any(|(lost, _)| *lost == kind)
    }

    /// The kinds lost (what a change of the device list tries again).
    pub(super) fn kinds(&self) -> Vec<DeviceKind> {
        self.kinds.iter().map(|(kind, _)| *kind).collect()
    }

    /// When the peer is to hear of a lost device next.
    pub(super) fn next_deadline(&self) -> Option<u64> {
        self.kinds.iter().filter_map(|(_, at)| *at).min()
    }

    fn lose(&mut self, kind: DeviceKind, tell_peer_at: Option<u64>) {
        self.kinds.retain(|(lost, _)| *lost != kind);
        self.kinds.push((kind, tell_peer_at));
    }

    fn told(&mut self, kind: DeviceKind) {
        for (lost, at) in &mut self.kinds {
            if *lost == kind {
                *at = None;
            }
        }
    }

    fn back(&mut self, kind: DeviceKind) {
        self.kinds.retain(|(lost, _)| *lost != kind);
    }

    /// The kinds whose peer is due to hear of them at `now`.
    fn due(&self, now: u64) -> Vec<DeviceKind> {
        self.kinds.iter().filter(|(_, at)| at.is_some_and(|at| at <= now)).map(|(kind, _)| *kind).collect()
    }
}

impl Client {
    /// The call's own `kind` device stopped by itself: open `reopen` in its place, or say that
    /// none could be.
    pub(super) fn on_device_lost(&mut self, now: u64, kind: DeviceKind, reopen: Option<String>) -> Result<(), Ignored> {
        if kind == DeviceKind::Speaker {
            return Err(Ignored { reason: "an output has no track" });
        }
        if !self.call_captured {
            return Err(Ignored { reason: "a device of a call that is over" });
        }
        if !self.lost.contains(kind) {
            self.lost.lose(kind, Some(now + TELL_PEER_AFTER_MS));
        }
        match reopen {
            Some(device_id) => self.start_switch(kind, device_id),
            None => {
                self.set_notice(Some(lost_notice(kind)));
                self.device_stays_lost(now, kind);
            }
        }
        Ok(())
    }

    /// None could take the lost `kind` device's place (for now): the peer is told that source
    /// is off, as nothing of it reaches them. Not before: a device reopened at once would only
    /// flicker "muted" on their screen.
    pub(super) fn device_stays_lost(&mut self, now: u64, kind: DeviceKind) {
        self.lost.told(kind);
        let _ = self.call(now, CallInput::SourceLost { source: source_of(kind), lost: true });
    }

    /// A replacement is taking long: the peer hears meanwhile that the source is off.
    pub(super) fn tell_peer_of_lost_devices(&mut self, now: u64) {
        for kind in self.lost.due(now) {
            self.device_stays_lost(now, kind);
        }
    }

    /// A device opened in place of the lost `kind` one.
    pub(super) fn device_back(&mut self, now: u64, kind: DeviceKind) {
        self.lost.back(kind);
        let _ = self.call(now, CallInput::SourceLost { source: source_of(kind), lost: false });
        let reopened = match kind {
            DeviceKind::Camera => ClientError::CameraReopened,
            _ => ClientError::MicReopened,
        };
        self.set_notice(Some(Notice::from_client_error(reopened)));
    }

    /// The call is over: nothing of it is lost, and a notice about its devices is stale.
    pub(super) fn forget_lost_devices(&mut self) {
        self.lost = LostDevices::default();
        const ABOUT_THE_CALL: [ClientError; 4] =
            [ClientError::MicLost, ClientError::MicReopened, ClientError::CameraLost, ClientError::CameraReopened];
        let stale = self.notice.as_ref().is_some_and(|n| ABOUT_THE_CALL.iter().any(|e| e.code() == n.code));
        if stale {
            self.set_notice(None);
        }
    }

    /// Whether the call's `kind` source is on now (as the machine knows it): a new track starts so.
    pub(super) fn source_enabled(&self, kind: DeviceKind) -> bool {
        self.phone.view().is_none_or(|call| match kind {
            DeviceKind::Camera => call.camera.enabled,
            _ => call.mic.enabled,
        })
    }
}

/// What the person reads when the call's `kind` device stopped and none could replace it.
pub(super) fn lost_notice(kind: DeviceKind) -> Notice {
    Notice::from_client_error(match kind {
        DeviceKind::Camera => ClientError::CameraLost,
        _ => ClientError::MicLost,
    })
}

/// The call's source a `kind` device feeds.
fn source_of(kind: DeviceKind) -> MediaSource {
    match kind {
        DeviceKind::Camera => MediaSource::Camera,
        _ => MediaSource::Mic,
    }
}
