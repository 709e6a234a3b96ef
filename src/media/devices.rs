//! The browser's device list (enumerateDevices) and its changes (devicechange), and switching a
//! live call to another microphone or camera (replaceTrack, so no renegotiation is needed).

use dialtone_core::devices::{Device, DeviceKind};
use dialtone_core::errors::OutputFailure;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlMediaElement, MediaDeviceInfo, MediaDeviceKind, MediaStream, MediaStreamTrack, RtcRtpSender};

use dialtone_core::protocol::{EndReason, MediaKind};

use super::user_media::{capture_constraints, reason_for, stop_all_tracks};

pub async fn enumerate() -> Vec<Device> {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
        return Vec::new();
    };
    let Ok(promise) = devices.enumerate_devices() else { return Vec::new() };
    let Ok(list) = JsFuture::from(promise).await else { return Vec::new() };
    let mut counts = [0usize; 3];
    Array::from(&list)
        .iter()
        .filter_map(|info| info.dyn_into::<MediaDeviceInfo>().ok())
        .filter_map(|info| {
            let (kind, n) = match info.kind() {
                MediaDeviceKind::Audioinput => (DeviceKind::Microphone, 0),
                MediaDeviceKind::Videoinput => (DeviceKind::Camera, 1),
                MediaDeviceKind::Audiooutput => (DeviceKind::Speaker, 2),
                _ => return None,
            };
            counts[n] += 1;
            // Before permission is granted, browsers hide labels: number the devices instead.
            let label = Some(info.label()).filter(|l| !l.is_empty()).unwrap_or_else(|| {
                let what = ["Microphone", "Camera", "Speaker"][n];
                format!("{what} {}", counts[n])
            });
            Some(Device { kind, id: info.device_id(), label })
        })
        .collect()
}

/// Calls `on_change` whenever devices are plugged in or out.
pub fn on_device_change(on_change: impl Fn() + 'static) {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else { return };
    let listener = Closure::<dyn Fn()>::new(on_change);
    let _ = devices.add_event_listener_with_callback("devicechange", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Tells `on_state` whether the microphone permission is granted, once known and on every
/// change. Browsers without `navigator.permissions` or its "microphone" name say nothing: the
/// page then takes it as not granted.
pub fn watch_microphone_permission(on_state: impl Fn(bool) + 'static) {
    let Some(window) = web_sys::window() else { return };
    let permissions = crate::js::get(&window.navigator(), "permissions");
    let query = crate::js::object(&[("name", JsValue::from_str("microphone"))]);
    let Ok(asked) = crate::js::call(&permissions, "query", &[query]) else { return };
    let Ok(asked) = asked.dyn_into::<js_sys::Promise>() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(status) = wasm_bindgen_futures::JsFuture::from(asked).await else { return };
        let granted = |status: &JsValue| crate::js::get_string(status, "state").as_deref() == Some("granted");
        on_state(granted(&status));
        let watched = status.clone();
        let listener = Closure::<dyn Fn()>::new(move || on_state(granted(&watched)));
        crate::js::set(&status, "onchange", listener.as_ref());
        listener.forget();
    });
}

/// getUserMedia for one device alone (`video`: a camera, else a microphone with the processing
/// wanted), to take the place of a call's track.
pub async fn capture_device(
    device_id: &str,
    video: bool,
    processing: dialtone_core::devices::AudioProcessing,
) -> Result<MediaStream, EndReason> {
    let kind = if video { MediaKind::Video } else { MediaKind::Audio };
    let devices = web_sys::window()
        .ok_or(EndReason::DeviceNotFound)?
        .navigator()
        .media_devices()
        .map_err(|_| EndReason::InsecureContext)?;
    let constraints = capture_constraints(!video, video, Some(device_id), processing);
    let request = devices.get_user_media_with_constraints(&constraints).map_err(|e| reason_for(&e, kind))?;
    let stream = JsFuture::from(request).await.map_err(|e| reason_for(&e, kind))?;
    stream.dyn_into().map_err(|_| EndReason::DeviceNotFound)
}

/// Puts the track of `fresh` (from [`capture_device`]) in place of the old one of the same kind:
/// on the sender (the peer hears/sees it at once) and in the local stream (so mute applies to
/// it). The new track keeps the old one's enabled state (a muted call stays muted). `fresh` is
/// let go either way.
pub async fn replace_track(
    stream: &MediaStream,
    senders: &[RtcRtpSender],
    fresh: &MediaStream,
    video: bool,
    enabled: bool,
) -> Result<(), JsValue> {
    let result = put_in_place(stream, senders, fresh, video, enabled).await;
    stop_all_tracks(fresh);
    result
}

async fn put_in_place(stream: &MediaStream, senders: &[RtcRtpSender], fresh: &MediaStream, video: bool, enabled: bool) -> Result<(), JsValue> {
    let tracks = if video { fresh.get_video_tracks() } else { fresh.get_audio_tracks() };
    let new_track: MediaStreamTrack = tracks.get(0).dyn_into()?;
    let old_tracks = if video { stream.get_video_tracks() } else { stream.get_audio_tracks() };
    let old_track: Option<MediaStreamTrack> = old_tracks.get(0).dyn_into().ok();
    // As the machine says, not as the old track was: a mute made while that one was dead
    // could not reach it.
    new_track.set_enabled(enabled);
    for sender in senders {
        let sends_old = match (sender.track(), &old_track) {
            (Some(current), Some(old)) => current.id() == old.id(),
            _ => false,
        };
        if sends_old {
            JsFuture::from(sender.replace_track(Some(&new_track))).await?;
        }
    }
    if let Some(old) = old_track {
        stream.remove_track(&old);
        old.stop();
    }
    stream.add_track(&new_track);
    // The new track lives on in the call's stream; anything else the capture produced is not needed.
    fresh.remove_track(&new_track);
    Ok(())
}

/// setSinkId on a media element; resolves once audio really goes there.
pub async fn set_sink(element: &HtmlMediaElement, device_id: &str) -> Result<(), OutputFailure> {
    let set_sink_id = Reflect::get(element, &"setSinkId".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or(OutputFailure::Unsupported)?;
    let promise: Promise = set_sink_id
        .call1(element, &JsValue::from_str(device_id))
        .map_err(|_| OutputFailure::Unsupported)?
        .dyn_into()
        .map_err(|_| OutputFailure::Unsupported)?;
    JsFuture::from(promise).await.map(|_| ()).map_err(|error| {
        let name = Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        OutputFailure::from_dom_exception(&name)
    })
}

/// The sinkId a media element plays to now ("" = default).
pub fn sink_of(element: &HtmlMediaElement) -> String {
    Reflect::get(element, &"sinkId".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

/// A `{deviceId: {exact: id}}` constraint object.
pub fn exact_device(device_id: &str) -> JsValue {
    let exact = Object::new();
    let _ = Reflect::set(&exact, &"exact".into(), &device_id.into());
    let outer = Object::new();
    let _ = Reflect::set(&outer, &"deviceId".into(), &exact);
    outer.into()
}
