//! getUserMedia, with every failure mapped to a stable code (specs/call-lifecycle.md), and the
//! microphone's processing (noise suppression, echo cancellation, automatic gain): asked for at
//! capture, changed on a live track, read back from the track.

use dialtone_core::devices::AudioProcessing;
use dialtone_core::protocol::{EndReason, MediaKind};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen::JsCast;
use web_sys::{MediaStream, MediaStreamConstraints, MediaStreamTrack, RtcRtpSender};

/// Maps a getUserMedia rejection (a DOMException name) to a code.
pub(super) fn reason_for(error: &JsValue, kind: MediaKind) -> EndReason {
    let name = Reflect::get(error, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    dialtone_core::errors::CaptureFailure::from_dom_exception(&name).end_reason(kind)
}

/// The audio constraint: the chosen microphone (when one is chosen) and the processing wanted.
fn audio_constraint(microphone: Option<&str>, processing: AudioProcessing) -> JsValue {
    let audio = match microphone.filter(|id| !id.is_empty()) {
        Some(id) => super::devices::exact_device(id),
        None => Object::new().into(),
    };
    for (member, on) in processing.constraints() {
        let _ = Reflect::set(&audio, &member.into(), &JsValue::from_bool(on));
    }
    audio
}

/// getUserMedia constraints: audio and/or video, each from a chosen device when given; audio
/// with the processing wanted.
pub fn capture_constraints(audio: bool, video: bool, device: Option<&str>, processing: AudioProcessing) -> MediaStreamConstraints {
    let constraints = MediaStreamConstraints::new();
    // "" is the system default: no device constraint.
    let device = device.filter(|id| !id.is_empty());
    constraints.set_audio(&if audio { audio_constraint(device, processing) } else { JsValue::FALSE });
    constraints.set_video(&match (video, device) {
        (false, _) => JsValue::FALSE,
        (true, Some(id)) => super::devices::exact_device(id),
        (true, None) => JsValue::TRUE,
    });
    constraints
}

/// What to capture: the chosen devices (the defaults when `None`) and the microphone's processing.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    pub microphone: Option<String>,
    pub camera: Option<String>,
    pub processing: AudioProcessing,
}

/// getUserMedia for a call or a check: audio, and video when `kind` has it. The request goes to
/// the browser at once, in the caller's task; only the stream is waited for.
pub fn get_user_media(kind: MediaKind, capture: &Capture) -> impl Future<Output = Result<MediaStream, EndReason>> + 'static {
    let request = request_user_media(kind, capture);
    async move {
        let stream = JsFuture::from(request?).await.map_err(|e| reason_for(&e, kind))?;
        stream.dyn_into::<MediaStream>().map_err(|_| EndReason::DeviceNotFound)
    }
}

fn request_user_media(kind: MediaKind, capture: &Capture) -> Result<js_sys::Promise, EndReason> {
    let window = web_sys::window().ok_or(EndReason::DeviceNotFound)?;
    if !window.is_secure_context() {
        return Err(EndReason::InsecureContext);
    }
    let devices = window
        .navigator()
        .media_devices()
        .map_err(|_| EndReason::InsecureContext)?;
    let constraints = MediaStreamConstraints::new();
    constraints.set_audio(&audio_constraint(capture.microphone.as_deref(), capture.processing));
    let camera = capture.camera.as_deref().map(super::devices::exact_device).unwrap_or(JsValue::TRUE);
    constraints.set_video(&if kind.has_video() { camera } else { JsValue::FALSE });
    devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| reason_for(&e, kind))
}

/// The stream's microphone track, if it has one.
pub fn microphone_track(stream: &MediaStream) -> Option<MediaStreamTrack> {
    stream.get_audio_tracks().get(0).dyn_into().ok()
}

/// What the microphone track really does, from `getSettings()`; `asked` for what it leaves out.
pub fn processing_of(track: &MediaStreamTrack, asked: AudioProcessing) -> AudioProcessing {
    let settings = call_method(track, "getSettings", None).unwrap_or(JsValue::UNDEFINED);
    asked.as_reported(|member| Reflect::get(&settings, &member.into()).ok().and_then(|v| v.as_bool()))
}

/// `target.name(argument)`, through Reflect (no web-sys feature needed for these two members).
fn call_method(target: &JsValue, name: &str, argument: Option<&JsValue>) -> Option<JsValue> {
    let method: js_sys::Function = Reflect::get(target, &name.into()).ok()?.dyn_into().ok()?;
    match argument {
        Some(argument) => method.call1(target, argument).ok(),
        None => method.call0(target).ok(),
    }
}

/// Asks the stream's live microphone for `wanted` processing (applyConstraints: Firefox changes
/// processing on a live track, Chromium accepts the constraints and changes nothing) and returns
/// what it really does now; `None` with no live microphone.
pub async fn apply_constraints(stream: &MediaStream, wanted: AudioProcessing) -> Option<AudioProcessing> {
    let track = microphone_track(stream)?;
    let constraints = audio_constraint(None, wanted);
    if let Some(promise) = call_method(&track, "applyConstraints", Some(&constraints)).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) {
        let _ = JsFuture::from(promise).await;
    }
    Some(processing_of(&track, wanted))
}

/// Opens the stream's microphone again with `wanted` processing and returns what the new one
/// does. The old track is stopped first, since a second capture of a device still open shares
/// the first one's processing; the new track takes its place on the `senders` and in the stream,
/// muted if it was. `None`: the microphone was stopped and no new one opened (the stream has no
/// microphone now, and a stopped track says nothing by itself).
pub async fn reopen_microphone(
    stream: &MediaStream,
    senders: &[RtcRtpSender],
    microphone: Option<&str>,
    wanted: AudioProcessing,
) -> Option<AudioProcessing> {
    let old = microphone_track(stream)?;
    let enabled = old.enabled();
    old.stop();
    let devices = web_sys::window()?.navigator().media_devices().ok()?;
    let request = capture_constraints(true, false, microphone, wanted);
    let asked = devices.get_user_media_with_constraints(&request).ok()?;
    let fresh: MediaStream = JsFuture::from(asked).await.and_then(JsCast::dyn_into).ok()?;
    let track = microphone_track(&fresh)?;
    track.set_enabled(enabled);
    for sender in senders {
        if sender.track().is_some_and(|current| current.id() == old.id())
            && JsFuture::from(sender.replace_track(Some(&track))).await.is_err()
        {
            track.stop();
            return None;
        }
    }
    stream.remove_track(&old);
    stream.add_track(&track);
    Some(processing_of(&track, wanted))
}

/// Stops every track: the camera light goes off, the microphone is released.
pub fn stop_all_tracks(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
            track.stop();
        }
    }
}
