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
        // After confirmation, the peer is told, so its UI can show "muted".
        let event = (settled.changed && call.signaled).then(|| media_event(call, source, enabled));
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
        if confirmed.observe(false) && call.signaled {
            let event = media_event(call, source, false);
            let _ = self.send_event(now, event);
        }
        Ok(())
    }

    /// Right after our offer/answer: a source changed before the peer knew of the call.
    pub(super) fn announce_media_if_changed(&mut self, now: u64) {
        let Some(call) = self.active() else { return };
        let mut events = Vec::new();
        if !*call.mic.confirmed() {
            events.push(media_event(call, MediaSource::Mic, false));
        }
        if *call.camera.confirmed() != call.media.has_video() {
            events.push(media_event(call, MediaSource::Camera, *call.camera.confirmed()));
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
