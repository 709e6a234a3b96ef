//! The callee's places to send from, made before its media opened and filled once it did
//! (core `call::answering`): the answer says this side sends audio (and video) with no track in
//! them yet; `replaceTrack` puts the tracks in later without another negotiation.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MediaStream, MediaStreamTrack, RtcPeerConnection, RtcRtpTransceiver, RtcRtpTransceiverDirection};

/// Makes the remote offer's first audio place (and video, with `video`) send, with no track.
pub fn prepare(pc: &RtcPeerConnection, video: bool) {
    for kind in std::iter::once("audio").chain(video.then_some("video")) {
        if let Some(place) = empty_place(pc, kind) {
            place.set_direction(RtcRtpTransceiverDirection::Sendrecv);
        }
    }
}

/// Puts each track of `stream` into the empty place of its kind. A track with no such place
/// (the offer had no video, say) is added, and the browser asks for a negotiation for it.
pub fn fill(pc: &RtcPeerConnection, stream: &MediaStream) {
    for track in stream.get_tracks().iter().filter_map(|t| t.dyn_into::<MediaStreamTrack>().ok()) {
        match empty_place(pc, &track.kind()) {
            Some(place) => {
                let put = JsFuture::from(place.sender().replace_track(Some(&track)));
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(error) = put.await {
                        // The peer then hears or sees nothing of this track; the call goes on.
                        web_sys::console::error_1(&format!("a track could not be sent: {}", crate::js::error_text(&error)).into());
                    }
                });
            }
            None => {
                pc.add_track_0(&track, stream);
            }
        }
    }
}

/// The first transceiver (in the offer's order) that receives `kind`, sends nothing yet and
/// was not made to only receive or to stop.
fn empty_place(pc: &RtcPeerConnection, kind: &str) -> Option<RtcRtpTransceiver> {
    pc.get_transceivers()
        .iter()
        .filter_map(|t| t.dyn_into::<RtcRtpTransceiver>().ok())
        .filter(|t| t.mid().is_some() && t.sender().track().is_none())
        .filter(|t| !matches!(t.direction(), RtcRtpTransceiverDirection::Inactive | RtcRtpTransceiverDirection::Stopped))
        .find(|t| t.receiver().track().kind() == kind)
}
