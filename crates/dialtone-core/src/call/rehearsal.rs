//! A first call played out by the machine alone, for the screens it shows.
//!
//! A browser compiles a WebAssembly function the first time it runs, so on a freshly opened page
//! the first click on Call (or Accept) also pays for compiling everything that draws a call: in
//! one trace, about 50 ms of the caller's first 250 ms. The page draws these views once, off the
//! page, while it has nothing else to do, so that work is done before anyone clicks. They come
//! from real [`Phone`]s fed what a browser and a peer would say, so they are the views a real call
//! shows, and running them also readies this machine's own paths. Nothing leaves: the actions are
//! dropped.

use super::{CallTimers, CallView, ConnectionState, Input, Phone};
use crate::protocol::{ClientIdInfo, IceCandidate, MediaKind, Message, Routed, SdpType, SessionDescription};

/// Who the rehearsed calls are with (never a real peer: ids the server gives have another shape).
pub const PEER: &str = "rehearsal-peer";
const ME: &str = "rehearsal-self";
/// Enough of a description for the machine (it reads the ICE username fragment).
const SDP: &str = "v=0\r\na=ice-ufrag:rh01\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

/// The views of an audio call placed here, then of a video call received here, from the click
/// (or the ring) to connected, each time the screen would change.
pub fn first_call_views() -> Vec<CallView> {
    let mut views = Vec::new();
    let mut caller = phone();
    let mut step = |phone: &mut Phone, now: u64, input: Input| {
        let _ = phone.handle(now, input);
        while phone.poll_action().is_some() {}
        if let Some(view) = phone.view() {
            views.push(view);
        }
    };
    let call_id = "rehearsal-call-out".to_owned();
    step(&mut caller, 1, Input::PlaceCall { peer: PEER.into(), media: MediaKind::Audio, call_id: call_id.clone() });
    step(&mut caller, 2, Input::MediaAcquired);
    step(&mut caller, 3, Input::OfferCreated { sdp: SDP.into() });
    step(&mut caller, 3, Input::LocalCandidate(candidate()));
    step(&mut caller, 4, Input::Signal(description(SdpType::Answer, &call_id, None)));
    step(&mut caller, 5, Input::RemoteDescriptionApplied);
    step(&mut caller, 6, Input::ConnectionChanged(ConnectionState::Connected));

    let mut callee = phone();
    let call_id = "rehearsal-call-in".to_owned();
    step(&mut callee, 1, Input::Signal(description(SdpType::Offer, &call_id, Some(MediaKind::Video))));
    step(&mut callee, 2, Input::RemoteDescriptionApplied);
    step(&mut callee, 3, Input::Accept);
    // The answer goes while the media opens (`answering`).
    step(&mut callee, 4, Input::AnswerCreated { sdp: SDP.into() });
    step(&mut callee, 5, Input::MediaAcquired);
    step(&mut callee, 6, Input::ConnectionChanged(ConnectionState::Connected));
    // Repeats (an input that changed nothing on screen) are drawn once.
    views.dedup_by(|b, a| a.call_id == b.call_id && a.state == b.state && a.media_ready == b.media_ready);
    views
}

fn phone() -> Phone {
    let mut phone = Phone::new(CallTimers::default());
    let me = ClientIdInfo { id: ME.into(), resume: None, name: None, room: None, limits: None };
    let _ = phone.handle(0, Input::Signal(Message::ClientId(me)));
    phone
}

/// A host candidate as a browser gathers one (the machine sends it on, here to nobody).
fn candidate() -> IceCandidate {
    IceCandidate {
        candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host".into(),
        sdp_mid: Some("0".into()),
        sdp_m_line_index: Some(0),
        call_id: None,
        ufrag: Some("rh01".into()),
        call_end: None,
    }
}

fn description(sdp_type: SdpType, call_id: &str, media: Option<MediaKind>) -> Message {
    let payload = SessionDescription { sdp_type, sdp: SDP.into(), call_id: Some(call_id.into()), media };
    let routed = Routed { from: Some(PEER.into()), to: None, payload };
    match sdp_type {
        SdpType::Offer => Message::Offer(routed),
        _ => Message::Answer(routed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{CallState, Direction};

    fn states(views: &[CallView], direction: Direction) -> Vec<CallState> {
        views.iter().filter(|v| v.direction == direction).map(|v| v.state).collect()
    }

    #[test]
    fn the_caller_passes_every_screen_of_a_placed_call_to_connected() {
        let views = first_call_views();
        assert_eq!(
            states(&views, Direction::Outgoing),
            [
                // Before and after the microphone is open (the controls can act then).
                CallState::WaitCapabilities,
                CallState::WaitCapabilities,
                CallState::InvitationSent,
                CallState::AnswerReceived,
                CallState::Negotiated,
                CallState::Connected
            ]
        );
        assert!(views.iter().filter(|v| v.direction == Direction::Outgoing).all(|v| v.media == MediaKind::Audio));
    }

    #[test]
    fn the_callee_rings_accepts_and_connects_a_video_call() {
        let views = first_call_views();
        let incoming = states(&views, Direction::Incoming);
        assert_eq!(incoming.first(), Some(&CallState::InvitationReceived));
        assert_eq!(incoming.last(), Some(&CallState::Connected));
        assert!(incoming.contains(&CallState::InvitationAccepted) && incoming.contains(&CallState::AnswerSent));
        let connected = views.iter().find(|v| v.direction == Direction::Incoming && v.state == CallState::Connected);
        assert!(connected.is_some_and(|v| v.media == MediaKind::Video && v.media_ready && v.ended.is_none()));
    }

    #[test]
    fn every_view_is_with_the_rehearsal_peer_and_none_repeats() {
        let views = first_call_views();
        assert_eq!(views.iter().filter(|v| v.state == CallState::Connected).count(), 2);
        assert!(views.iter().all(|v| v.peer == PEER));
        assert!(views.windows(2).all(|w| w[0].call_id != w[1].call_id || w[0].state != w[1].state || w[0].media_ready != w[1].media_ready));
    }
}
