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
        let mut actions = Vec::new();
        if let Some(Apply { seq, value }) = settled.next {
            actions.push(Action::ApplyMedia {
                source,
                seq,
                enabled: value,
            });
        }
        // After confirmation, the peer is told, so its UI can show "muted".
        if settled.changed && call.signaled {
            actions.push(Action::Send(media_message(call, source, enabled)));
        }
        self.actions.extend(actions);
        Ok(())
    }

    pub(super) fn on_source_ended(&mut self, source: MediaSource) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "a source ended with no call",
        })?;
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        if confirmed.observe(false) && call.signaled {
            let message = media_message(call, source, false);
            self.actions.push_back(Action::Send(message));
        }
        Ok(())
    }

    /// Right after our offer/answer: a source changed before the peer knew of the call.
    pub(super) fn announce_media_if_changed(&mut self) {
        let Some(call) = self.active() else { return };
        let mut messages = Vec::new();
        if !*call.mic.confirmed() {
            messages.push(media_message(call, MediaSource::Mic, false));
        }
        if *call.camera.confirmed() != call.media.has_video() {
            messages.push(media_message(call, MediaSource::Camera, *call.camera.confirmed()));
        }
        self.actions.extend(messages.into_iter().map(Action::Send));
    }

    pub(super) fn on_remote_media(&mut self, media: Routed<CallMedia>) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "media update with no call",
        })?;
        if !is_about(call, &media.from, &Some(media.payload.call_id.clone())) {
            return ignored("media update for another call");
        }
        match media.payload.source {
            MediaSource::Mic => call.remote.mic = media.payload.enabled,
            MediaSource::Camera => call.remote.camera = media.payload.enabled,
            MediaSource::Screen => call.remote.screen = media.payload.enabled,
        }
        Ok(())
    }
}
