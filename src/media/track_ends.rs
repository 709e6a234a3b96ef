//! Tells when one of the call's own tracks (its microphone, its camera) stops by itself: the
//! device was unplugged, a headset's battery died, or the system took the device away. The
//! browser fires `ended` only for an end the page did not ask for (`stop()` never fires it), so
//! every report is a real loss; what to do about it is the machine's. (The host-driven page has
//! its own, `host::media_ops::watch_end`, on its own tracks and shell.)

use dialtone_core::devices::DeviceKind;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{MediaStream, MediaStreamTrack};

/// The listeners on one stream's tracks; dropping it removes them.
pub struct TrackEnds {
    listening: Vec<(MediaStreamTrack, Closure<dyn FnMut()>)>,
}

impl TrackEnds {
    /// Listens to the microphone and camera tracks `stream` has now; `on_end` is told the kind of
    /// the one that stopped.
    pub fn watch(stream: &MediaStream, on_end: impl Fn(DeviceKind) + Clone + 'static) -> TrackEnds {
        let listening = stream
            .get_tracks()
            .iter()
            .filter_map(|track| track.dyn_into::<MediaStreamTrack>().ok())
            .filter_map(|track| {
                let kind = match track.kind().as_str() {
                    "audio" => DeviceKind::Microphone,
                    "video" => DeviceKind::Camera,
                    _ => return None,
                };
                let on_end = on_end.clone();
                let listener = Closure::<dyn FnMut()>::new(move || on_end(kind));
                track.add_event_listener_with_callback("ended", listener.as_ref().unchecked_ref()).ok()?;
                Some((track, listener))
            })
            .collect();
        TrackEnds { listening }
    }
}

impl Drop for TrackEnds {
    fn drop(&mut self) {
        for (track, listener) in &self.listening {
            let _ = track.remove_event_listener_with_callback("ended", listener.as_ref().unchecked_ref());
        }
    }
}
