//! Local call recording (specs/audio.md, "Recording"): both sides' audio mixed through Web Audio
//! into one track, plus the peer's video when the call has it, recorded with MediaRecorder as
//! WebM (Opus, VP8). Chunks arrive every second and are kept in memory up to a bound; when the
//! recorder stops, they become one Blob for download.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Array;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{
    AudioContext, Blob, BlobEvent, BlobPropertyBag, MediaRecorder, MediaRecorderOptions,
    MediaStream, MediaStreamAudioDestinationNode, MediaStreamAudioSourceNode, MediaStreamTrack,
};

/// The most a recording keeps in memory: about two hours of a video call at the bitrate below.
const MAX_BYTES: f64 = 1_500_000_000.0;
const VIDEO_BITS_PER_SECOND: u32 = 1_500_000;
const CHUNK_MS: i32 = 1_000;

pub struct CallRecorder {
    recorder: MediaRecorder,
    mime: String,
    chunks: Rc<RefCell<Vec<Blob>>>,
    sources: Vec<MediaStreamAudioSourceNode>,
    mix: MediaStreamAudioDestinationNode,
    _on_data: Closure<dyn FnMut(BlobEvent)>,
}

impl CallRecorder {
    /// Starts recording `local` and `remote` audio mixed, with `video` when there is one.
    pub fn start(
        context: &AudioContext,
        local: Option<&MediaStream>,
        remote: Option<&MediaStream>,
        video: Option<MediaStreamTrack>,
    ) -> Result<CallRecorder, JsValue> {
        let _ = context.resume();
        let mix = context.create_media_stream_destination()?;
        let mut sources = Vec::new();
        for stream in [local, remote].into_iter().flatten() {
            if stream.get_audio_tracks().length() > 0 {
                let source = context.create_media_stream_source(stream)?;
                source.connect_with_audio_node(&mix)?;
                sources.push(source);
            }
        }
        let tracks = Array::new();
        for track in mix.stream().get_audio_tracks().iter() {
            tracks.push(&track);
        }
        let has_video = video.is_some();
        if let Some(video) = video {
            tracks.push(&video);
        }
        let stream = MediaStream::new_with_tracks(&tracks)?;
        let mime = [
            if has_video {
                "video/webm;codecs=vp8,opus"
            } else {
                "audio/webm;codecs=opus"
            },
            if has_video {
                "video/webm"
            } else {
                "audio/webm"
            },
        ]
        .into_iter()
        .find(|m| MediaRecorder::is_type_supported(m))
        .ok_or_else(|| JsValue::from_str("WebM recording is not supported"))?;
        let options = MediaRecorderOptions::new();
        options.set_mime_type(mime);
        if has_video {
            options.set_video_bits_per_second(VIDEO_BITS_PER_SECOND);
        }
        let recorder =
            MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)?;
        let chunks: Rc<RefCell<Vec<Blob>>> = Rc::default();
        let kept = chunks.clone();
        let stopper = recorder.clone();
        let on_data = Closure::<dyn FnMut(BlobEvent)>::new(move |event: BlobEvent| {
            let Some(data) = event.data() else { return };
            let mut kept = kept.borrow_mut();
            let size: f64 = kept.iter().map(|b| b.size()).sum();
            if size + data.size() > MAX_BYTES {
                // Bounded memory: the recording ends here rather than exhaust the tab.
                let _ = stopper.stop();
                return;
            }
            kept.push(data);
        });
        recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
        recorder.start_with_time_slice(CHUNK_MS)?;
        Ok(CallRecorder {
            recorder,
            mime: mime.split(';').next().unwrap_or("video/webm").to_owned(),
            chunks,
            sources,
            mix,
            _on_data: on_data,
        })
    }

    /// Stops recording; `done` gets the whole file once the last chunk is in.
    pub fn stop(self, done: impl FnOnce(Blob) + 'static) {
        let CallRecorder {
            recorder,
            mime,
            chunks,
            sources,
            mix,
            _on_data,
        } = self;
        let done = RefCell::new(Some(done));
        let keep_alive = RefCell::new(Some(_on_data));
        let on_stop = Closure::<dyn FnMut()>::new(move || {
            keep_alive.borrow_mut().take();
            let parts = Array::new();
            for chunk in chunks.borrow().iter() {
                parts.push(chunk);
            }
            let options = BlobPropertyBag::new();
            options.set_type(&mime);
            if let (Some(done), Ok(blob)) = (
                done.borrow_mut().take(),
                Blob::new_with_blob_sequence_and_options(&parts, &options),
            ) {
                done(blob);
            }
            for source in &sources {
                let _ = source.disconnect();
            }
            let _ = mix.disconnect();
        });
        if recorder.state() == web_sys::RecordingState::Inactive {
            // Already stopped (the size bound): its last chunk is in.
            let _ = on_stop
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .call0(&JsValue::NULL);
            return;
        }
        recorder.set_onstop(Some(on_stop.as_ref().unchecked_ref()));
        // Runs once, after this function returned: it must outlive it (a few bytes per call).
        on_stop.forget();
        let _ = recorder.stop();
    }
}
