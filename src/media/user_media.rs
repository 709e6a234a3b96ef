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

/// getUserMedia constraints: audio and/or video, each from a chosen device when given.
pub fn capture_constraints(audio: bool, video: bool, device: Option<&str>) -> MediaStreamConstraints {
    let constraints = MediaStreamConstraints::new();
    // "" is the system default: no device constraint.
    let device = device.filter(|id| !id.is_empty());
    let pick = |wanted: bool| match (wanted, device) {
        (false, _) => JsValue::FALSE,
        (true, Some(id)) => super::devices::exact_device(id),
        (true, None) => JsValue::TRUE,
    };
    constraints.set_audio(&pick(audio));
    constraints.set_video(&pick(video));
    constraints
}

/// getUserMedia for a call, from the chosen microphone and camera (the defaults when `None`).
pub async fn get_user_media(kind: MediaKind, microphone: Option<&str>, camera: Option<&str>) -> Result<MediaStream, EndReason> {
    let window = web_sys::window().ok_or(EndReason::DeviceNotFound)?;
    if !window.is_secure_context() {
        return Err(EndReason::InsecureContext);
    }
    let devices = window
        .navigator()
        .media_devices()
        .map_err(|_| EndReason::InsecureContext)?;
    let constraints = MediaStreamConstraints::new();
    let choose = |id: Option<&str>| id.map(super::devices::exact_device).unwrap_or(JsValue::TRUE);
    constraints.set_audio(&choose(microphone));
    constraints.set_video(&if kind.has_video() { choose(camera) } else { JsValue::FALSE });
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
