//! Recording: the peer is told before the recorder starts, the peer's notices show, and a
//! recording ends with its call.

use super::*;

fn recording_notice(from: &str, recording: bool) -> Message {
    Message::CallRecording(Routed {
        from: Some(from.into()),
        to: None,
        payload: CallRecording {
            call_id: "c1".into(),
            recording,
            seq: None,
        },
    })
}

#[test]
fn the_peer_is_told_before_the_recorder_starts() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetRecording { on: true }).unwrap();
    let actions = drain(&mut phone);
    assert!(
        matches!(&actions[..], [Action::Send(Message::CallRecording(m)), Action::StartRecording]
        if m.to.as_deref() == Some(ALICE) && m.payload.recording && m.payload.call_id == "c1"),
        "{actions:?}"
    );
    assert!(phone.view().unwrap().recording);
    assert!(
        phone.handle(4, Input::SetRecording { on: true }).is_err(),
        "once"
    );
}

#[test]
fn stopping_stops_the_recorder_then_tells_the_peer() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetRecording { on: true }).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::SetRecording { on: false }).unwrap();
    let actions = drain(&mut phone);
    assert!(
        matches!(&actions[..], [Action::StopRecording, Action::Send(Message::CallRecording(m))] if !m.payload.recording)
    );
}

#[test]
fn only_a_connected_call_can_be_recorded() {
    let mut phone = phone();
    assert!(phone.handle(0, Input::SetRecording { on: true }).is_err());
    ringing_outgoing(&mut phone, 0);
    assert!(phone.handle(1, Input::SetRecording { on: true }).is_err());
    assert!(drain(&mut phone).is_empty());
}

#[test]
fn a_recording_ends_with_its_call_before_the_media_is_released() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetRecording { on: true }).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::HangUp).unwrap();
    let actions = drain(&mut phone);
    let stop = actions.iter().position(|a| *a == Action::StopRecording);
    let release = actions.iter().position(|a| *a == Action::ReleaseCall);
    assert!(stop.is_some() && stop < release, "{actions:?}");
}

#[test]
fn a_server_that_refuses_the_notice_stops_the_recording() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetRecording { on: true }).unwrap();
    drain(&mut phone);
    let refused = Message::Error(ErrorFrame {
        code: ErrorCode::UnknownType,
        message: "unknown message type `call-recording`".into(),
        reference: Some("call-recording".into()),
    });
    signal(&mut phone, 4, refused).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::StopRecording]);
    assert!(!phone.view().unwrap().recording, "the peer was not told: no recording");
    assert_eq!(phone.view().unwrap().state, CallState::Connected, "the call goes on");
}

#[test]
fn the_peers_notices_show_and_others_cannot_forge_them() {
    let mut phone = phone();
    connected_call(&mut phone);
    signal(&mut phone, 3, recording_notice(ALICE, true)).unwrap();
    assert!(phone.view().unwrap().remote.recording);
    assert!(signal(&mut phone, 4, recording_notice(CAROL, false)).is_err());
    assert!(phone.view().unwrap().remote.recording);
    signal(&mut phone, 5, recording_notice(ALICE, false)).unwrap();
    assert!(!phone.view().unwrap().remote.recording);
}

#[test]
fn a_refused_fallback_takes_the_recording_back_over_the_channel_that_also_carried_it() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ControlChannelOpen).unwrap();
    phone.handle(3, control::hello_from(Some(ALICE), Some("Alice"))).unwrap();
    phone.handle(4, Input::SetRecording { on: true }).unwrap();
    // No acknowledgement (the path broke): the notice goes through the server too, which refuses
    // it (the peer's id changed meanwhile), while the channel's copy is still on its way.
    let fallback = phone.next_deadline().expect("a fallback is due");
    phone.handle(fallback, Input::Tick).unwrap();
    drain(&mut phone);
    let refused = Message::Error(ErrorFrame {
        code: ErrorCode::UnknownPeer,
        message: "no such peer in your room".into(),
        reference: Some("call-recording".into()),
    });
    signal(&mut phone, fallback + 10, refused).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions.first(), Some(&Action::StopRecording));
    let taken_back = control::frames(&actions).into_iter().any(|f| {
        matches!(f, crate::control::ControlFrame::Event(ControlEvent::Recording(ref r)) if !r.recording && r.call_id == "c1")
    });
    assert!(taken_back, "the peer is told over the channel that the recording stopped: {actions:?}");
    assert!(!phone.view().unwrap().recording);
}
