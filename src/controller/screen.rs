//! Screen sharing: getDisplayMedia, its tracks added to the call (the browser then asks for a
//! renegotiation, which the core runs), and removed again when sharing stops, from our button or
//! from the browser's own "Stop sharing".

use dialtone_core::call::Input;
use dialtone_core::errors::CaptureFailure;
use dialtone_core::protocol::{EndReason, MediaSource};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{DisplayMediaStreamConstraints, MediaStream, MediaStreamTrack};

use super::Controller;
use crate::media::user_media::stop_all_tracks;
use crate::rtc::peer::PeerConnection;

/// getDisplayMedia; a failure is read by the browser's DOMException name (a call that throws at
/// once, with no such name, is a capture failure, not a refusal).
async fn capture_screen() -> Result<MediaStream, CaptureFailure> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or(CaptureFailure::DeviceNotFound)?;
    let constraints = DisplayMediaStreamConstraints::new();
    constraints.set_video(&JsValue::TRUE);
    // The shared tab's or screen's sound, where the browser offers it.
    constraints.set_audio(&JsValue::TRUE);
    let promise = devices
        .get_display_media_with_constraints(&constraints)
        .map_err(|error| CaptureFailure::from_dom_exception(&dom_exception_name(&error)))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|error| CaptureFailure::from_dom_exception(&dom_exception_name(&error)))?;
    stream.dyn_into().map_err(|_| CaptureFailure::DeviceNotFound)
}

fn dom_exception_name(error: &JsValue) -> String {
    Reflect::get(error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default()
}

impl Controller {
    pub(super) fn apply_screen(&self, seq: u64, enabled: bool) {
        if !enabled {
            self.stop_screen();
            let this = self.weak();
            spawn_local(async move {
                if let Some(this) = this.upgrade() {
                    let _ = this.input(Input::MediaApplied { source: MediaSource::Screen, seq, enabled: false });
                }
            });
            return;
        }
        let this = self.weak();
        spawn_local(async move {
            let captured = capture_screen().await;
            let Some(this) = this.upgrade() else { return };
            let peer = this.inner.borrow().peer.as_ref().map(PeerConnection::handle);
            let input = match (captured, peer) {
                (Ok(stream), Some(peer)) => {
                    let senders = peer.add_stream(&stream);
                    this.watch_screen_end(&stream);
                    this.inner.borrow_mut().screen = Some((stream, senders));
                    Input::MediaApplied { source: MediaSource::Screen, seq, enabled: true }
                }
                (Ok(stream), None) => {
                    stop_all_tracks(&stream);
                    Input::MediaApplyFailed { source: MediaSource::Screen, seq, reason: EndReason::DeviceNotFound, enabled: false }
                }
                (Err(failure), _) => {
                    this.report(super::Notice::screen_share_failed(failure));
                    Input::MediaApplyFailed { source: MediaSource::Screen, seq, reason: failure.screen_reason(), enabled: false }
                }
            };
            let _ = this.input(input);
            this.publish_streams();
        });
    }

    /// The browser's own "Stop sharing" ends the video track.
    fn watch_screen_end(&self, stream: &MediaStream) {
        let Ok(track) = stream.get_video_tracks().get(0).dyn_into::<MediaStreamTrack>() else { return };
        let this = self.weak();
        let ended = Closure::once_into_js(move || {
            if let Some(this) = this.upgrade() {
                this.stop_screen();
                let _ = this.input(Input::SourceEnded { source: MediaSource::Screen });
            }
        });
        track.set_onended(Some(ended.unchecked_ref()));
    }

    /// Takes the screen's tracks off the call (the browser asks for a renegotiation) and stops them.
    pub(super) fn stop_screen(&self) {
        let (screen, peer) = {
            let mut inner = self.inner.borrow_mut();
            (inner.screen.take(), inner.peer.as_ref().map(PeerConnection::handle))
        };
        if let Some((stream, senders)) = screen {
            if let Some(peer) = peer {
                peer.remove_senders(&senders);
            }
            for track in stream.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                    track.set_onended(None);
                    track.stop();
                }
            }
        }
        self.publish_streams();
    }
}
