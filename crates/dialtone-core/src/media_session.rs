//! The browser's own call controls (the Media Session API: the picture-in-picture window's
//! mute, camera and hang-up buttons, a phone's media notification): which a call offers, and
//! what they show. The page sets them as this says and takes them away when it says none.

use crate::call::{CallState, CallView};
use crate::protocol::{CallId, PeerId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallControls {
    /// The call they act on: another call sets them anew (a video call after an audio one
    /// gains its camera button, and the other way round loses it).
    pub call_id: CallId,
    /// Whom the call is with (the notification names them).
    pub peer: PeerId,
    /// A camera button: a video call's.
    pub camera: bool,
    /// The microphone and camera as confirmed: what the page's own buttons show.
    pub mic_on: bool,
    pub camera_on: bool,
}

/// The controls for `call`: from when this side takes part (placing it, or once it accepted
/// one ringing in) until it ends. A call ringing in has none: its answer is the page's dialog.
pub fn wanted(call: Option<&CallView>) -> Option<CallControls> {
    let call = call.filter(|c| c.ended.is_none() && !matches!(c.state, CallState::InvitationReceived | CallState::Ended))?;
    let camera = call.media.has_video();
    Some(CallControls {
        call_id: call.call_id.clone(),
        peer: call.peer.clone(),
        camera,
        mic_on: call.mic.enabled,
        camera_on: camera && call.camera.enabled,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{CallTimers, Input, Phone};
    use crate::protocol::{MediaKind, MediaSource, Message, Routed, SdpType, SessionDescription};

    fn placed(media: MediaKind, call_id: &str) -> Phone {
        let mut phone = Phone::new(CallTimers::default());
        phone.handle(0, Input::PlaceCall { peer: "alice".into(), media, call_id: call_id.into() }).unwrap();
        phone
    }

    #[test]
    fn a_placed_call_has_controls_as_its_kind_and_its_switches_say() {
        let mut phone = placed(MediaKind::Video, "c1");
        let controls = wanted(phone.view().as_ref()).expect("while it rings out");
        assert_eq!((controls.call_id.as_str(), controls.peer.as_str(), controls.camera), ("c1", "alice", true));
        phone.handle(1, Input::MediaAcquired).unwrap();
        phone.handle(2, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
        assert_eq!(phone.view().map(|v| v.mic.pending), Some(Some(false)), "the mute is asked for, not applied");
        let controls = wanted(phone.view().as_ref()).expect("a call");
        assert!(controls.mic_on, "the confirmed state, not the intent");
        phone.handle(3, Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }).unwrap();
        phone.handle(4, Input::SetMedia { source: MediaSource::Camera, enabled: false }).unwrap();
        phone.handle(5, Input::MediaApplied { source: MediaSource::Camera, seq: 1, enabled: false }).unwrap();
        let controls = wanted(phone.view().as_ref()).expect("a call");
        assert_eq!((controls.mic_on, controls.camera_on), (false, false), "once confirmed, they show it");
        let audio = placed(MediaKind::Audio, "c2");
        let controls = wanted(audio.view().as_ref()).expect("a call");
        assert_eq!((controls.camera, controls.camera_on), (false, false), "no camera in an audio call");
    }

    #[test]
    fn a_call_ringing_in_has_none_until_accepted_and_an_ended_call_none() {
        let mut phone = Phone::new(CallTimers::default());
        let offer = Message::Offer(Routed {
            from: Some("alice".into()),
            to: None,
            payload: SessionDescription {
                sdp_type: SdpType::Offer,
                sdp: "v=0\r\n".into(),
                call_id: Some("c1".into()),
                media: Some(MediaKind::Audio),
            },
        });
        phone.handle(0, Input::Signal(offer)).unwrap();
        assert_eq!(wanted(phone.view().as_ref()), None, "the dialog answers it");
        phone.handle(1, Input::Accept).unwrap();
        assert!(wanted(phone.view().as_ref()).is_some());
        phone.handle(2, Input::HangUp).unwrap();
        assert_eq!(wanted(phone.view().as_ref()), None);
        assert_eq!(wanted(None), None);
    }
}
