//! Confirmation-based media within a call: mute, camera, screen, and the peer's state.

use super::*;

#[test]
fn rapid_toggles_coalesce_and_end_in_agreement() {
    let mut phone = phone();
    connected_call(&mut phone);
    let mut applies = Vec::new();
    for n in 0..10 {
        let intent = n % 2 == 1; // off, on, off, …, on
        phone.handle(3, Input::SetMedia { source: MediaSource::Mic, enabled: intent }).unwrap();
        applies.extend(drain(&mut phone));
    }
    assert_eq!(applies.len(), 1, "one apply in flight: {applies:?}");
    let Action::ApplyMedia { seq, enabled, .. } = applies[0] else { panic!() };
    phone.handle(4, Input::MediaApplied { source: MediaSource::Mic, seq, enabled }).unwrap();
    let actions = drain(&mut phone);
    // The last intent (on) is applied next.
    assert!(actions.contains(&Action::ApplyMedia { source: MediaSource::Mic, seq: 2, enabled: true }));
    phone.handle(5, Input::MediaApplied { source: MediaSource::Mic, seq: 2, enabled: true }).unwrap();
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (true, None));
}

#[test]
fn media_cannot_change_before_it_is_acquired_or_without_a_camera() {
    let mut phone = phone();
    phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }).unwrap();
    assert!(phone.handle(1, Input::SetMedia { source: MediaSource::Mic, enabled: false }).is_err());
    phone.handle(2, Input::MediaAcquired).unwrap();
    assert!(phone.handle(3, Input::SetMedia { source: MediaSource::Camera, enabled: true }).is_err());
    assert!(phone.handle(3, Input::SetMedia { source: MediaSource::Mic, enabled: false }).is_ok());
}

#[test]
fn the_peers_confirmed_media_shows_as_remote_state() {
    let mut phone = phone();
    connected_call(&mut phone);
    let remote_mute = Message::CallMedia(Routed {
        from: Some(ALICE.into()),
        to: None,
        payload: CallMedia { call_id: "c1".into(), source: MediaSource::Mic, enabled: false, lost: false, seq: None },
    });
    signal(&mut phone, 3, remote_mute.clone()).unwrap();
    assert!(!phone.view().unwrap().remote.mic);
    let Message::CallMedia(mut forged) = remote_mute else { unreachable!() };
    forged.from = Some(CAROL.into());
    forged.payload.enabled = true;
    assert!(signal(&mut phone, 4, Message::CallMedia(forged)).is_err(), "only the peer speaks for the peer");
    assert!(!phone.view().unwrap().remote.mic);
}

#[test]
fn toggling_flips_the_latest_intent_not_the_confirmed_value() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Mic }).unwrap();
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Mic }).unwrap();
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Mic }).unwrap();
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (true, Some(false)), "three presses from on: off");
}

#[test]
fn screen_sharing_is_confirmed_and_ends_when_the_browser_stops_it() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ToggleMedia { source: MediaSource::Screen }).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::ApplyMedia { source: MediaSource::Screen, seq: 1, enabled: true }]);
    phone.handle(4, Input::MediaApplied { source: MediaSource::Screen, seq: 1, enabled: true }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallMedia(m) if m.payload.source == MediaSource::Screen && m.payload.enabled));
    assert!(phone.view().unwrap().screen.enabled);
    // The user pressed the browser's own "Stop sharing".
    phone.handle(5, Input::SourceEnded { source: MediaSource::Screen }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallMedia(m) if m.payload.source == MediaSource::Screen && !m.payload.enabled));
    assert!(!phone.view().unwrap().screen.enabled);
}

#[test]
fn muting_applies_then_confirms_then_tells_the_peer() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions, vec![Action::ApplyMedia { source: MediaSource::Mic, seq: 1, enabled: false }]);
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (true, Some(false)), "shown only once confirmed");
    phone.handle(4, Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallMedia(m)
        if m.payload.source == MediaSource::Mic && !m.payload.enabled && m.payload.call_id == "c1"));
    let mic = phone.view().unwrap().mic;
    assert_eq!((mic.enabled, mic.pending), (false, None));
}

#[test]
fn muting_before_the_invitation_is_out_is_announced_right_after_it() {
    let mut phone = phone();
    phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }).unwrap();
    phone.handle(1, Input::MediaAcquired).unwrap();
    phone.handle(2, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
    phone.handle(3, Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::OfferCreated { sdp: "v=0".into() }).unwrap();
    let actions = drain(&mut phone);
    let kinds: Vec<String> = sent(&actions).iter().map(|m| m.kind().to_string()).collect();
    assert_eq!(kinds, vec!["offer", "call-media"]);
}

/// What the peer was told of the microphone, by signaling or over the call's channel: "on",
/// "muted", or "stopped" (off because its device is lost).
fn told_mic(actions: &[Action]) -> Vec<&'static str> {
    let word = |enabled: bool, lost: bool| match (enabled, lost) {
        (true, _) => "on",
        (false, true) => "stopped",
        (false, false) => "muted",
    };
    let by_signaling = sent(actions).into_iter().filter_map(|m| match m {
        Message::CallMedia(media) if media.payload.source == MediaSource::Mic => Some(word(media.payload.enabled, media.payload.lost)),
        _ => None,
    });
    let by_channel = control::frames(actions).into_iter().filter_map(|f| match f {
        crate::control::ControlFrame::Event(ControlEvent::Media(m)) if m.source == MediaSource::Mic => Some(word(m.enabled, m.lost)),
        _ => None,
    });
    by_signaling.chain(by_channel).collect()
}

#[test]
fn a_source_whose_device_is_lost_is_off_for_the_peer_and_back_as_its_switch_says() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SourceLost { source: MediaSource::Mic, lost: true }).unwrap();
    assert_eq!(told_mic(&drain(&mut phone)), vec!["stopped"]);
    assert!(phone.view().unwrap().mic.enabled, "the switch is the person's");
    phone.handle(4, Input::SourceLost { source: MediaSource::Mic, lost: true }).unwrap();
    assert_eq!(told_mic(&drain(&mut phone)), Vec::<&str>::new(), "said once");
    phone.handle(5, Input::SourceLost { source: MediaSource::Mic, lost: false }).unwrap();
    assert_eq!(told_mic(&drain(&mut phone)), vec!["on"]);
    // A camera an audio call does not have cannot be lost.
    assert!(phone.handle(6, Input::SourceLost { source: MediaSource::Camera, lost: true }).is_err());
}

#[test]
fn the_hello_snapshot_says_a_lost_microphone_is_off_though_its_switch_is_on() {
    // Lost before the channel was usable: the snapshot repairs what the peer may have missed,
    // and must not undo "off" with the switch's "on".
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SourceLost { source: MediaSource::Mic, lost: true }).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::ControlChannelOpen).unwrap();
    phone.handle(4, control::hello_from(Some(ALICE), None)).unwrap();
    assert_eq!(told_mic(&drain(&mut phone)), vec!["stopped"], "stopped, never on, never muted");
}

#[test]
fn a_peer_s_microphone_that_stopped_reads_as_stopped_not_muted() {
    let mut phone = phone();
    connected_call(&mut phone);
    let told = |enabled, lost| {
        Message::CallMedia(Routed {
            from: Some(ALICE.into()),
            to: None,
            payload: CallMedia { call_id: "c1".into(), source: MediaSource::Mic, enabled, lost, seq: None },
        })
    };
    signal(&mut phone, 3, told(false, true)).unwrap();
    let remote = phone.view().unwrap().remote;
    assert_eq!((remote.mic, remote.mic_lost), (false, true));
    // They muted meanwhile: off for that reason now.
    signal(&mut phone, 4, told(false, false)).unwrap();
    let remote = phone.view().unwrap().remote;
    assert_eq!((remote.mic, remote.mic_lost), (false, false));
    // "Lost" on a source that is on means nothing.
    signal(&mut phone, 5, told(true, true)).unwrap();
    let remote = phone.view().unwrap().remote;
    assert_eq!((remote.mic, remote.mic_lost), (true, false));
}
