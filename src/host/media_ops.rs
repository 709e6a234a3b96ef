//! Local media changes (§5.2) and the page's media elements: a source turned on is a live track
//! sent on its mid, turned off is nothing sent and the track stopped; the `ok` follows only once
//! that is true.

use dialtone_core::host::page::Input;
use dialtone_core::host::{CallMediaSource, HostErrorCode, HostError, VideoCamera};
use wasm_bindgen::JsCast;
use web_sys::{HtmlMediaElement, MediaStreamTrack};

use super::driver::{Performer, Shared, feed};
use super::local_media::{acquire, stream_of};
use super::peer::PeerHandle;
use super::state::MediaSlot;

/// §5.2: on = a live track sent on the source's mid; off = nothing sent, the track stopped.
pub async fn set_media(
    shell: &Shared,
    peer: Option<PeerHandle>,
    source: CallMediaSource,
    enable: bool,
    facing: VideoCamera,
    fresh: bool,
) -> Result<(), HostError> {
    let current = shell.performer().and_then(|state| state.tracks.get(source).cloned());
    if !enable {
        if let Some(peer) = &peer {
            peer.replace(source, None)
                .await
                .map_err(|text| HostError::new(HostErrorCode::Unsupported, text))?;
        }
        if let Some(mut state) = shell.performer() {
            state.tracks.put(source, None);
            show_local(&state);
        }
        return Ok(());
    }
    // A camera switch re-acquires even a live camera (another facing mode).
    let reuse =
        current.filter(|t| !fresh && t.ready_state() == web_sys::MediaStreamTrackState::Live);
    let track = match reuse {
        Some(track) => track,
        None => acquire(source, facing).await.map_err(HostError::of)?,
    };
    if let Some(peer) = &peer
        && let Err(text) = peer.replace(source, Some(&track)).await
    {
        track.stop();
        return Err(HostError::new(HostErrorCode::Unsupported, text));
    }
    // Promises resume outside the driver's loop, so the performer is free here.
    let Some(mut state) = shell.performer() else {
        track.stop();
        return Err(HostError::new(HostErrorCode::Unsupported, "the page was busy".to_owned()));
    };
    let same = state.tracks.get(source).is_some_and(|t| t == &track);
    if !same {
        state.tracks.put(source, Some(track));
        watch_end(shell, source, state.tracks.get(source));
    }
    show_local(&state);
    Ok(())
}

/// A local track that ends by itself (device unplugged, sharing stopped in the browser bar).
pub fn watch_end(shell: &Shared, source: CallMediaSource, track: Option<&MediaStreamTrack>) {
    let Some(track) = track else { return };
    let weak = std::rc::Rc::downgrade(shell);
    // Clone::clone: MediaStreamTrack's own clone() would make a second live track on the device,
    // never stopped, and never the one in use.
    let watched = Clone::clone(track);
    let on_ended = wasm_bindgen::closure::Closure::once_into_js(move || {
        let Some(shell) = weak.upgrade() else { return };
        // Only the track still in use counts (a replaced one was stopped by us).
        let current = shell
            .performer()
            .is_some_and(|state| state.tracks.get(source) == Some(&watched));
        if current {
            feed(&shell, Input::SourceEnded { source });
        }
    });
    track.set_onended(Some(on_ended.unchecked_ref()));
}

/// The local preview shows the camera (or the shared screen when the camera is off).
pub fn show_local(driver: &Performer) {
    let track = driver
        .tracks
        .camera
        .as_ref()
        .or(driver.tracks.screen.as_ref());
    attach(driver.ui.media(MediaSlot::LocalVideo), track);
}

pub fn attach(element: Option<HtmlMediaElement>, track: Option<&MediaStreamTrack>) {
    let Some(element) = element else {
        return;
    };
    let stream = track.and_then(stream_of);
    element.set_src_object(stream.as_ref());
    if stream.is_some() {
        if let Ok(playing) = element.play() {
            // A later attach (or the end of the call) clearing the stream rejects this play()
            // with AbortError (Firefox does, at every hang-up); nothing is left to play then, so
            // the rejection is consumed here instead of surfacing as an uncaught page error.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(playing).await;
            });
        }
    }
}
