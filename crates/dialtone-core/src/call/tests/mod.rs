//! The call machine, specified by example: one behaviour per test, by topic; and its
//! properties over any sequence of inputs.

use super::*;
use crate::protocol::{ClientIdInfo, ErrorFrame, MediaSource, PeerInfo};
use crate::protocol::CallRecording;

const ME: &str = "m-bob";
const ALICE: &str = "a-alice";
const CAROL: &str = "z-carol";

mod answering;
mod control;
mod control_properties;
mod leaving;
mod lifecycle;
mod media;
mod negotiation;
mod no_webrtc;
mod option;
mod properties;
mod reconnect;
mod recording;
mod ringing;
mod waiting;

/// A phone on Dialtone's server (its `client-id` carries a resume token).
fn phone() -> Phone {
    let mut phone = Phone::new(CallTimers::default());
    let _ = signal(&mut phone, 0, dialtone_client_id(ME));
    phone
}

fn dialtone_client_id(id: &str) -> Message {
    Message::ClientId(ClientIdInfo {
        id: id.into(),
        resume: Some("token".into()),
        name: None,
        room: None,
        limits: None,
    })
}

/// A phone on a base server (its `client-id` has the id alone).
fn base_phone() -> Phone {
    let mut phone = Phone::new(CallTimers::default());
    let _ = signal(&mut phone, 0, Message::ClientId(ClientIdInfo { id: ME.into(), resume: None, name: None, room: None, limits: None }));
    phone
}

fn signal(phone: &mut Phone, now: u64, message: Message) -> Result<(), Ignored> {
    phone.handle(now, Input::Signal(message))
}

fn drain(phone: &mut Phone) -> Vec<Action> {
    std::iter::from_fn(|| phone.poll_action()).collect()
}

fn state(phone: &Phone) -> CallState {
    phone.view().map(|v| v.state).unwrap_or(CallState::Ended)
}

fn offer_from(peer: &str, call_id: &str) -> Message {
    Message::Offer(Routed {
        from: Some(peer.into()),
        to: None,
        payload: SessionDescription {
            sdp_type: SdpType::Offer,
            sdp: "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".into(),
            call_id: Some(call_id.into()),
            media: Some(MediaKind::Audio),
        },
    })
}

fn answer_from(peer: &str, call_id: &str) -> Message {
    Message::Answer(Routed {
        from: Some(peer.into()),
        to: None,
        payload: SessionDescription {
            sdp_type: SdpType::Answer,
            sdp: "v=0\r\n".into(),
            call_id: Some(call_id.into()),
            media: None,
        },
    })
}

fn candidate_from(peer: &str, call_id: &str, n: u16) -> Message {
    Message::IceCandidate(Routed {
        from: Some(peer.into()),
        to: None,
        payload: candidate(n, Some(call_id)),
    })
}

fn candidate(n: u16, call_id: Option<&str>) -> IceCandidate {
    IceCandidate {
        candidate: format!("candidate:{n} 1 udp 1 127.0.0.1 {} typ host", 40000 + n),
        sdp_mid: Some("0".into()),
        sdp_m_line_index: Some(0),
        call_id: call_id.map(str::to_owned),
        ufrag: None,
        call_end: None,
    }
}

fn end_from(peer: &str, call_id: &str, reason: EndReason) -> Message {
    Message::CallEnd(Routed {
        from: Some(peer.into()),
        to: None,
        payload: CallEnd {
            call_id: call_id.into(),
            reason,
            seq: None,
        },
    })
}

fn sent(actions: &[Action]) -> Vec<&Message> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send(m) => Some(m),
            _ => None,
        })
        .collect()
}

fn ended_reason(actions: &[Action]) -> Option<EndReason> {
    ended_record(actions).map(|record| record.reason)
}

fn ended_record(actions: &[Action]) -> Option<CallRecord> {
    actions.iter().find_map(|a| match a {
        Action::Ended(record) => Some(record.clone()),
        _ => None,
    })
}

/// Drives an outgoing call from Bob to Alice up to InvitationSent.
fn ringing_outgoing(phone: &mut Phone, now: u64) -> Vec<Action> {
    phone
        .handle(now, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() })
        .unwrap();
    phone.handle(now, Input::MediaAcquired).unwrap();
    phone.handle(now, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    drain(phone)
}

fn established_outgoing(phone: &mut Phone) {
    ringing_outgoing(phone, 0);
    signal(phone, 1, answer_from(ALICE, "c1")).unwrap();
    phone.handle(1, Input::RemoteDescriptionApplied).unwrap();
    phone.handle(2, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(phone);
}

fn connected_call(phone: &mut Phone) {
    ringing_outgoing(phone, 0);
    signal(phone, 1, answer_from(ALICE, "c1")).unwrap();
    phone.handle(2, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(phone);
}
