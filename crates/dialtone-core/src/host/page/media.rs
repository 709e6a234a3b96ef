//! `media` and `camera` (§5): a reply `ok` means the tracks already are in the requested state,
//! so each change is browser work that reports back before the reply goes out.

use super::{Action, HostPage, Ignored, MediaTarget, OpId, Running, Step, ignored};
use crate::host::envelope::Received;
use crate::host::error::{HostErrorCode, HostError};
use crate::host::response::Response;
use crate::host::wire::{CallMediaSource, VideoCamera};

impl HostPage {
    /// Whether the page keeps the screen on (`crate::screen_awake`, the call page's rule for the
    /// host page): video either way while a call is placed or under way. That is this side's
    /// camera or shared screen as confirmed (in the caller's preview too, which is its call
    /// being placed), or the peer's camera or screen seen arriving. An audio call and an ended
    /// one let the screen sleep.
    pub fn keeps_screen_on(&self) -> bool {
        let sending = self.local.is_some_and(|local| local.camera || local.screen_video);
        let receiving = self.call.as_ref().is_some_and(|call| {
            [CallMediaSource::Camera, CallMediaSource::ScreenVideo]
                .into_iter()
                .any(|source| call.remote.enabled(source))
        });
        sending || receiving
    }

    fn media_target(&self) -> Option<MediaTarget> {
        match (&self.call, &self.local) {
            (Some(_), _) => Some(MediaTarget::Call),
            (None, Some(_)) => Some(MediaTarget::Preview),
            (None, None) => None,
        }
    }

    pub(super) fn start_media(
        &mut self,
        received: Received,
        source: CallMediaSource,
        enable: bool,
    ) {
        let Some(target) = self.media_target() else {
            return self.refuse_now(&received, HostError::of(HostErrorCode::NotReady));
        };
        let in_call = target == MediaTarget::Call;
        match source {
            CallMediaSource::ScreenAudio | CallMediaSource::ScreenVideo if !in_call => {
                return self.refuse_now(&received, HostError::of(HostErrorCode::NotReady));
            }
            // Dialtone sends no screen audio: off is already true, on is refused.
            CallMediaSource::ScreenAudio if enable => {
                return self.refuse_now(&received, HostError::of(HostErrorCode::Unsupported));
            }
            CallMediaSource::ScreenAudio => return self.send(received.reply(Response::Ok)),
            CallMediaSource::Camera
                if enable && self.call.as_ref().is_some_and(|c| c.peer_without_camera) =>
            {
                return self.refuse_now(&received, HostError::of(HostErrorCode::PeerOldVersion));
            }
            _ => {}
        }
        let facing = self.local.map(|l| l.facing).unwrap_or_default();
        let op = self.op();
        self.actions.push_back(Action::SetMedia {
            op,
            source,
            enable,
            target,
            facing,
        });
        self.running = Some(Running {
            received,
            op,
            step: Step::Media { source, enable },
        });
    }

    /// `camera`: a running camera is re-acquired facing the other way; an off one just
    /// remembers it for the next enable (§5.2).
    pub(super) fn start_camera(&mut self, received: Received, facing: VideoCamera) {
        let (Some(target), Some(local)) = (self.media_target(), self.local.as_mut()) else {
            return self.refuse_now(&received, HostError::of(HostErrorCode::NotReady));
        };
        if !local.camera {
            local.facing = facing;
            return self.send(received.reply(Response::Ok));
        }
        let op = self.op();
        self.actions
            .push_back(Action::SwitchCamera { op, facing, target });
        self.running = Some(Running {
            received,
            op,
            step: Step::Camera { facing },
        });
    }

    pub(super) fn on_media_applied(&mut self, now: u64, op: OpId) -> Result<(), Ignored> {
        let Some(running) = self.running_for(op) else {
            return ignored("no media change pending");
        };
        match running.step {
            Step::Media { source, enable } => {
                if let Some(local) = self.local.as_mut() {
                    local.set(source, enable);
                }
            }
            Step::Camera { facing } => {
                if let Some(local) = self.local.as_mut() {
                    local.facing = facing;
                }
            }
            _ => return ignored("no media change pending"),
        }
        self.finish(now, Response::Ok);
        Ok(())
    }

    /// The change failed: the state stays as it really is, and the host hears why.
    pub(super) fn on_media_failed(
        &mut self,
        now: u64,
        op: OpId,
        error: HostError,
    ) -> Result<(), Ignored> {
        match self.running_for(op).map(|r| &r.step) {
            Some(Step::Media { .. } | Step::Camera { .. }) => {
                self.fail(now, error);
                Ok(())
            }
            _ => ignored("no media change pending"),
        }
    }
}
