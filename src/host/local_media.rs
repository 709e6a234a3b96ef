//! Local tracks of host mode (§4.2, §5.2): the microphone, the camera and the shared screen, each
//! acquired on its own so that one failing leaves the others (a camera error keeps the call on
//! audio). Failures map to the spec's stable codes.

use dialtone_core::host::{CallMediaSource, HostErrorCode, VideoCamera};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MediaStream, MediaStreamTrack};

use crate::js;

/// The tracks the page holds; `None` is "off".
#[derive(Default)]
pub struct LocalTracks {
    pub mic: Option<MediaStreamTrack>,
    pub camera: Option<MediaStreamTrack>,
    pub screen: Option<MediaStreamTrack>,
}

impl LocalTracks {
    pub fn get(&self, source: CallMediaSource) -> Option<&MediaStreamTrack> {
        match source {
            CallMediaSource::Mic => self.mic.as_ref(),
            CallMediaSource::Camera => self.camera.as_ref(),
            CallMediaSource::ScreenVideo => self.screen.as_ref(),
            CallMediaSource::ScreenAudio => None,
        }
    }

    /// Replaces the track of `source`, stopping the one it held.
    pub fn put(&mut self, source: CallMediaSource, track: Option<MediaStreamTrack>) {
        let slot = match source {
            CallMediaSource::Mic => &mut self.mic,
            CallMediaSource::Camera => &mut self.camera,
            CallMediaSource::ScreenVideo => &mut self.screen,
            CallMediaSource::ScreenAudio => return,
        };
        if let Some(old) = std::mem::replace(slot, track) {
            old.stop();
        }
    }

    /// Stops everything (the camera light goes off, the microphone is released).
    pub fn stop_all(&mut self) {
        for source in [
            CallMediaSource::Mic,
            CallMediaSource::Camera,
            CallMediaSource::ScreenVideo,
        ] {
            self.put(source, None);
        }
    }
}

fn media_devices() -> Result<web_sys::MediaDevices, HostErrorCode> {
    let window = web_sys::window().ok_or(HostErrorCode::DeviceNotFound)?;
    window
        .navigator()
        .media_devices()
        .map_err(|_| HostErrorCode::DeviceNotFound)
}

/// A getUserMedia/getDisplayMedia rejection (a DOMException name) as a code.
fn code_for(error: &JsValue, source: CallMediaSource) -> HostErrorCode {
    match js::get_string(error, "name").unwrap_or_default().as_str() {
        "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => match source {
            CallMediaSource::Mic => HostErrorCode::MicPermissionDenied,
            CallMediaSource::ScreenVideo | CallMediaSource::ScreenAudio => HostErrorCode::ScreenRefused,
            CallMediaSource::Camera => HostErrorCode::CameraPermissionDenied,
        },
        "NotReadableError" | "TrackStartError" | "AbortError" => HostErrorCode::DeviceInUse,
        _ => HostErrorCode::DeviceNotFound,
    }
}

fn first_track(stream: &JsValue) -> Option<MediaStreamTrack> {
    let stream: &MediaStream = stream.dyn_ref()?;
    stream.get_tracks().get(0).dyn_into().ok()
}

/// The camera constraints of §5.2.
fn camera_constraints(facing: VideoCamera) -> JsValue {
    let facing = match facing {
        VideoCamera::User => "user",
        VideoCamera::Environment => "environment",
    };
    let width = js::object(&[
        ("min", 480.into()),
        ("ideal", 720.into()),
        ("max", 1280.into()),
    ]);
    js::object(&[
        ("frameRate", 24.into()),
        ("width", width),
        ("aspectRatio", 1.33.into()),
        ("facingMode", facing.into()),
    ])
}

/// One source: the microphone, the camera (only when a `videoinput` exists) or the screen.
pub async fn acquire(
    source: CallMediaSource,
    facing: VideoCamera,
) -> Result<MediaStreamTrack, HostErrorCode> {
    let devices = media_devices()?;
    let (method, constraints) = match source {
        CallMediaSource::Mic => (
            "getUserMedia",
            js::object(&[("audio", JsValue::TRUE), ("video", JsValue::FALSE)]),
        ),
        CallMediaSource::Camera => {
            if !has_camera(&devices).await {
                return Err(HostErrorCode::DeviceNotFound);
            }
            (
                "getUserMedia",
                js::object(&[
                    ("audio", JsValue::FALSE),
                    ("video", camera_constraints(facing)),
                ]),
            )
        }
        CallMediaSource::ScreenVideo => (
            "getDisplayMedia",
            js::object(&[
                ("video", js::object(&[("frameRate", 24.into())])),
                ("audio", JsValue::FALSE),
            ]),
        ),
        CallMediaSource::ScreenAudio => return Err(HostErrorCode::Unsupported),
    };
    let stream = js::call_async(&devices, method, &[constraints])
        .await
        .map_err(|error| code_for(&error, source))?;
    first_track(&stream).ok_or(HostErrorCode::DeviceNotFound)
}

/// An `enumerateDevices` entry of kind `videoinput` exists (§4.2).
async fn has_camera(devices: &web_sys::MediaDevices) -> bool {
    match js::call_async(devices, "enumerateDevices", &[]).await {
        Ok(list) => js::items(&list)
            .iter()
            .any(|device| js::get_string(device, "kind").as_deref() == Some("videoinput")),
        Err(_) => false,
    }
}

/// A stream holding just `track`, for a media element.
pub fn stream_of(track: &MediaStreamTrack) -> Option<MediaStream> {
    let stream = MediaStream::new().ok()?;
    stream.add_track(track);
    Some(stream)
}
