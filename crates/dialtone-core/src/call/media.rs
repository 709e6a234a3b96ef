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
        let before = told_to_peer(call, source);
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        let settled = settle(confirmed).ok_or(Ignored {
            reason: "not the media change in flight",
        })?;
        // After confirmation, the peer is told, so its UI can show "muted" (a source whose
        // device is lost is off to them already; a mute then changes only why).
        let event = told_change(call, source, before);
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
        let before = told_to_peer(call, source);
        let confirmed = call.source(source).ok_or(Ignored {
            reason: "this call has no such source",
        })?;
        confirmed.observe(false);
        if let Some(event) = told_change(call, source, before) {
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
        if let Some(event) = told_change(call, source, Some(before)) {
            let _ = self.send_event(now, event);
        }
        Ok(())
    }

    /// Right after our offer/answer: a source changed before the peer knew of the call.
    pub(super) fn announce_media_if_changed(&mut self, now: u64) {
        let Some(call) = self.active() else { return };
        let mut events = Vec::new();
        for source in [MediaSource::Mic, MediaSource::Camera] {
            let told = told_to_peer(call, source).unwrap_or_default();
            if told != Told::at_start(call, source) {
                events.push(media_event(call, source, told));
            }
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

/// What the peer is told of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Told {
    /// It reaches them.
    pub on: bool,
    /// It is off only because its device stopped with none in its place (its switch is on):
    /// they read that it stopped, not that it was muted.
    pub lost: bool,
}

impl Told {
    /// What the peer takes for granted at a call's start: the microphone on, the camera as the
    /// call's kind, no screen.
    pub(super) fn at_start(call: &Call, source: MediaSource) -> Told {
        let on = match source {
            MediaSource::Mic => true,
            MediaSource::Camera => call.media.has_video(),
            MediaSource::Screen => false,
        };
        Told { on, lost: false }
    }
}

/// What reaches the peer of `source`: on when its switch is on and its device is not lost.
/// `None`: the call has no such source (a camera in an audio call).
pub(super) fn told_to_peer(call: &Call, source: MediaSource) -> Option<Told> {
    let switch = match source {
        MediaSource::Mic => *call.mic.confirmed(),
        MediaSource::Camera if call.media.has_video() => *call.camera.confirmed(),
        MediaSource::Screen => *call.screen.confirmed(),
        MediaSource::Camera => return None,
    };
    let lost = call.lost.contains(&source);
    Some(Told { on: switch && !lost, lost: switch && lost })
}

/// The event that tells the peer what changed of `source` since `before`, once they know of
/// the call; none when nothing did.
fn told_change(call: &Call, source: MediaSource, before: Option<Told>) -> Option<ControlEvent> {
    let after = told_to_peer(call, source)?;
    (call.signaled && before != Some(after)).then(|| media_event(call, source, after))
}
