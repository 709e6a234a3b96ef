//! Confirmation-based local media (mic, camera, screen) within a call, and what the peer
//! reports of theirs.

use super::*;

impl Phone {
    pub(super) fn set_media(&mut self, source: MediaSource, enabled: bool) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "no call to change media in",
        })?;
        if !call.media_ready {
            return ignored("local media is not ready yet");
        }
        let Some(confirmed) = call.source(source) else {
            return ignored("this call has no such source");
        };
        if let Some(Apply { seq, value }) = confirmed.request(enabled) {
            self.actions.push_back(Action::ApplyMedia {
                source,
                seq,
                enabled: value,
            });
        }
        Ok(())
    }

    pub(super) fn on_media_settled(
        &mut self,
        now: u64,
        source: MediaSource,
        settle: impl FnOnce(&mut Confirmed<bool>) -> Option<Settled<bool>>,
    ) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "media report with no call",
        })?;
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        let settled = settle(confirmed).ok_or(Ignored {
            reason: "not the media change in flight",
        })?;
        let enabled = *confirmed.confirmed();
        // After confirmation, the peer is told, so its UI can show "muted"; a source whose device
        // is lost is off to them already, whatever its switch says.
        let told = settled.changed && call.signaled && !call.lost.contains(&source);
        let event = told.then(|| media_event(call, source, enabled));
        if let Some(Apply { seq, value }) = settled.next {
            self.actions.push_back(Action::ApplyMedia {
                source,
                seq,
                enabled: value,
            });
        }
        if let Some(event) = event {
            let _ = self.send_event(now, event);
        }
        Ok(())
    }

    pub(super) fn on_source_ended(&mut self, now: u64, source: MediaSource) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "a source ended with no call",
        })?;
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        if confirmed.observe(false) && call.signaled && !call.lost.contains(&source) {
            let event = media_event(call, source, false);
            let _ = self.send_event(now, event);
        }
        Ok(())
    }

    /// The device behind `source` is lost (none in its place) or back: the peer is told what
    /// now reaches them, when that changed.
    pub(super) fn on_source_lost(&mut self, now: u64, source: MediaSource, lost: bool) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "a device lost with no call",
        })?;
        let before = told_to_peer(call, source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        call.lost.retain(|s| *s != source);
        if lost {
            call.lost.push(source);
        }
        let after = told_to_peer(call, source).unwrap_or(false);
        if before != after && call.signaled {
            let event = media_event(call, source, after);
            let _ = self.send_event(now, event);
        }
        Ok(())
    }

    /// Right after our offer/answer: a source changed before the peer knew of the call.
    pub(super) fn announce_media_if_changed(&mut self, now: u64) {
        let Some(call) = self.active() else { return };
        let mut events = Vec::new();
        if told_to_peer(call, MediaSource::Mic) == Some(false) {
            events.push(media_event(call, MediaSource::Mic, false));
        }
        let camera = told_to_peer(call, MediaSource::Camera).unwrap_or(false);
        if camera != call.media.has_video() {
            events.push(media_event(call, MediaSource::Camera, camera));
        }
        for event in events {
            let _ = self.send_event(now, event);
        }
    }

    /// The peer's media change, relayed by the server.
    pub(super) fn on_remote_media(&mut self, now: u64, media: Routed<CallMedia>) -> Result<(), Ignored> {
        let call = self.active().ok_or(Ignored {
            reason: "media update with no call",
        })?;
        if !is_about(call, &media.from, &Some(media.payload.call_id.clone())) {
            return ignored("media update for another call");
        }
        self.apply_remote_event(now, ControlEvent::Media(media.payload))
    }
}

/// Whether `source` reaches the peer, as they are told: on when its switch is on and its device
/// is not lost. `None`: the call has no such source (a camera in an audio call).
pub(super) fn told_to_peer(call: &Call, source: MediaSource) -> Option<bool> {
    let switch = match source {
        MediaSource::Mic => *call.mic.confirmed(),
        MediaSource::Camera if call.media.has_video() => *call.camera.confirmed(),
        MediaSource::Screen => *call.screen.confirmed(),
        MediaSource::Camera => return None,
    };
    Some(switch && !call.lost.contains(&source))
}
