//! getUserMedia, with every failure mapped to a stable code (specs/call-lifecycle.md).

use dialtone_core::protocol::{EndReason, MediaKind};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen::JsCast;
use web_sys::{MediaStream, MediaStreamConstraints};

/// Maps a getUserMedia rejection (a DOMException name) to a code.
fn reason_for(error: &JsValue, kind: MediaKind) -> EndReason {
    let name = Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => match kind {
            MediaKind::Audio => EndReason::MicPermissionDenied,
            MediaKind::Video => EndReason::CameraPermissionDenied,
        },
        "NotReadableError" | "TrackStartError" | "AbortError" => EndReason::DeviceInUse,
        _ => EndReason::DeviceNotFound,
    }
}

pub async fn get_user_media(kind: MediaKind) -> Result<MediaStream, EndReason> {
    let window = web_sys::window().ok_or(EndReason::DeviceNotFound)?;
    if !window.is_secure_context() {
        return Err(EndReason::InsecureContext);
    }
    let devices = window
        .navigator()
        .media_devices()
        .map_err(|_| EndReason::InsecureContext)?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&JsValue::TRUE);
    constraints.set_video(&JsValue::from_bool(kind.has_video()));
    let request = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| reason_for(&e, kind))?;
    let stream = JsFuture::from(request).await.map_err(|e| reason_for(&e, kind))?;
    stream.dyn_into::<MediaStream>().map_err(|_| EndReason::DeviceNotFound)
}

/// Stops every track: the camera light goes off, the microphone is released.
pub fn stop_all_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}
