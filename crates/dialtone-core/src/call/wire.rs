//! The messages a call sends, and which received ones concern it.

use super::Call;
use crate::control::ControlEvent;
use crate::protocol::{CallId, CallMedia, IceCandidate, MediaSource, Message, PeerId, Routed, SdpType};

/// Whether a message from `from` about `call_id` concerns this call. A minimal peer sends no
/// callId; then the sender alone decides.
pub(super) fn is_about(call: &Call, from: &Option<PeerId>, call_id: &Option<CallId>) -> bool {
    from.as_ref() == Some(&call.peer) && call_id.as_ref().is_none_or(|id| *id == call.id)
}

/// The offer or answer message for this call.
pub(super) fn description_message(call: &Call, sdp_type: SdpType, sdp: String) -> Message {
    Message::from_description(call.peer.clone(), sdp_type, sdp, call.id.clone(), call.media)
}

/// The ICE username fragment of an SDP (its first `a=ice-ufrag:` line): the ICE generation.
pub fn ice_ufrag(sdp: &str) -> Option<String> {
    sdp.lines()
        .find_map(|line| line.trim().strip_prefix("a=ice-ufrag:"))
        .map(|ufrag| ufrag.trim().to_owned())
}

pub(super) fn media_event(call: &Call, source: MediaSource, told: super::media::Told) -> ControlEvent {
    ControlEvent::Media(CallMedia { call_id: call.id.clone(), source, enabled: told.on, lost: told.lost, seq: None })
}

pub(super) fn candidate_message(call: &Call, mut candidate: IceCandidate) -> Message {
    candidate.call_id = Some(call.id.clone());
    Message::IceCandidate(Routed::to(call.peer.clone(), candidate))
}
