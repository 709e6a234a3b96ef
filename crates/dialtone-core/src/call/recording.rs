//! Local recording of a call (specs/audio.md, "Recording"). The peer is told with a
//! `call-recording` message before the recorder starts (the actions come out in that order) and
//! again when it stops; their notices show as `remote.recording`. Only a connected call can be
//! recorded, and a recording ends with its call: the browser side then offers the file.

use super::*;

impl Phone {
    pub(super) fn on_set_recording(&mut self, on: bool) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "no call to record",
        })?;
        if call.state != CallState::Connected {
            return ignored("only a connected call can be recorded");
        }
        if call.recording == on {
            return ignored("the recording already is so");
        }
        call.recording = on;
        let notice = recording_message(call, on);
        if on {
            self.actions.push_back(Action::Send(notice));
            self.actions.push_back(Action::StartRecording);
        } else {
            self.actions.push_back(Action::StopRecording);
            self.actions.push_back(Action::Send(notice));
        }
        Ok(())
    }

    pub(super) fn on_remote_recording(
        &mut self,
        notice: Routed<CallRecording>,
    ) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored {
            reason: "recording notice with no call",
        })?;
        if !is_about(call, &notice.from, &Some(notice.payload.call_id.clone())) {
            return ignored("recording notice for another call");
        }
        call.remote.recording = notice.payload.recording;
        Ok(())
    }

    /// The server refused our notice (a base server does not know `call-recording`, or a rate
    /// limit): the peer was not told, so the recorder stops at once.
    pub(super) fn on_recording_notice_refused(&mut self) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored { reason: "no call for this error" })?;
        if !call.recording {
            return ignored("not recording");
        }
        call.recording = false;
        self.actions.push_back(Action::StopRecording);
        Ok(())
    }

    /// The call is ending: a running recorder stops (before the media goes).
    pub(super) fn stop_recording_at_end(&mut self) {
        if let Some(call) = self.call.as_mut()
            && call.recording
        {
            call.recording = false;
            self.actions.push_back(Action::StopRecording);
        }
    }
}

fn recording_message(call: &Call, recording: bool) -> Message {
    Message::CallRecording(Routed::to(
        call.peer.clone(),
        CallRecording {
            call_id: call.id.clone(),
            recording,
        },
    ))
}
