//! Local recording of a call: performs the core's `StartRecording` / `StopRecording` (the core
//! has already told the peer) and offers the file once the recorder is done.

use dialtone_core::call::{Ignored, Input};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Controller;
use crate::media::recorder::CallRecorder;

/// A finished recording, offered in the call summary.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordingFile {
    /// An object URL of the WebM blob (revoked when the next call starts or the summary goes).
    pub url: String,
    pub name: String,
    pub bytes: u64,
}

impl Controller {
    pub fn set_recording(&self, on: bool) -> Result<(), Ignored> {
        self.input(Input::SetRecording { on })
    }

    pub(super) fn start_recording(&self) {
        self.forget_recording_file();
        let started = self
            .audio_graph()
            .ok_or_else(|| "no audio context".into())
            .and_then(|context| {
                let has_video = self.client().phone().view().is_some_and(|v| v.media.has_video());
                let inner = self.inner.borrow();
                let video = inner
                    .remote_stream
                    .as_ref()
                    .filter(|_| has_video)
                    .and_then(|s| {
                        s.get_video_tracks()
                            .get(0)
                            .dyn_into::<web_sys::MediaStreamTrack>()
                            .ok()
                    });
                CallRecorder::start(
                    context.audio_context(),
                    inner.local_stream.as_ref(),
                    inner.remote_stream.as_ref(),
                    video,
                )
            });
        match started {
            Ok(recorder) => self.inner.borrow_mut().recorder = Some(recorder),
            Err(error) => {
                web_sys::console::warn_2(&"recording could not start".into(), &error);
                let _ = self.feed(dialtone_core::client::Input::RecorderFailed);
            }
        }
    }

    pub(super) fn stop_recording(&self) {
        let Some(recorder) = self.inner.borrow_mut().recorder.take() else {
            return;
        };
        let name = format!(
            "dialtone-call-{}.webm",
            String::from(js_sys::Date::new_0().to_iso_string()).replace([':', '.'], "-")
        );
        let this = self.weak();
        recorder.stop(move |blob| {
            let Some(this) = this.upgrade() else { return };
            if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
                this.ui.recording_file.set(Some(RecordingFile {
                    url,
                    name,
                    bytes: blob.size() as u64,
                }));
            }
        });
    }

    /// Drops the last recording's file (its object URL holds the whole blob in memory).
    pub fn forget_recording_file(&self) {
        if let Some(file) = self.ui.recording_file.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&file.url);
            self.ui.recording_file.set(None);
        }
    }
}
