//! A call's own microphone or camera that stops by itself (unplugged, taken away by the
//! system): what opens in its place, what the person reads, and what a late device brings.

use super::device_switch::{TOGGLE, device_capture, in_call_with_stream, listed, online_with_devices, take_capture, toggled};
use super::*;
use crate::call::Input as CallInput;
use crate::devices::DeviceKind;
use crate::protocol::{EndReason, MediaSource};

/// The call's `kind` track ends by itself; `others`: whether the browser still lists any other
/// device of that kind (else, as with a last headset unplugged, it lists none).
fn ended(client: &mut Client, now: u64, kind: DeviceKind, others: bool) -> Result<(), Ignored> {
    if !others {
        client.handle(now, listed(Some(kind))).unwrap();
    }
    client.handle(now, Input::Devices(DeviceInput::TrackEnded(kind)))
}

/// A device of each kind is plugged in again: the browser lists them all.
fn plug_in(client: &mut Client, now: u64) {
    client.handle(now, listed(None)).unwrap();
}

fn choose(client: &mut Client, now: u64, id: &str) {
    client.handle(now, Input::Devices(DeviceInput::Choose { kind: DeviceKind::Microphone, device_id: id.into() })).unwrap();
}

/// The codes of the notices shown, in order.
fn notices(actions: &[Action]) -> Vec<String> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::ShowNotice(Some(notice)) => Some(notice.code.clone()),
            _ => None,
        })
        .collect()
}

/// Opens the device the machine asked for and puts its track in the call: returns what that showed.
fn opens(client: &mut Client, now: u64, op: OpId, kind: DeviceKind) -> Vec<Action> {
    client.handle(now, Input::MediaCaptured { op }).unwrap();
    let enabled = kind == DeviceKind::Microphone; // an audio call: the microphone on, no camera
    assert_eq!(drain(client), vec![Action::ReplaceCallTrack { op, kind, enabled }]);
    client.handle(now + 5, Input::CallTrackReplaced { op, result: Ok(()) }).unwrap();
    drain(client)
}

/// The device the machine asked for would not open: returns the notices that showed.
fn refused(client: &mut Client, now: u64, op: OpId, reason: EndReason) -> Vec<String> {
    client.handle(now, Input::MediaCaptureFailed { op, reason }).unwrap();
    notices(&drain(client))
}

#[test]
fn a_stopped_microphone_is_replaced_by_the_one_the_choice_names_and_the_person_is_told() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let actions = drain(&mut client);
    let op = device_capture(&actions, DeviceKind::Microphone, "");
    assert!(notices(&actions).is_empty(), "nothing to say before it is known whether another opens: {actions:?}");
    assert_eq!(notices(&opens(&mut client, 210, op, DeviceKind::Microphone)), vec!["MIC_REOPENED"]);
}

#[test]
fn a_stopped_camera_is_replaced_too() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Camera, true).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Camera, "");
    assert_eq!(notices(&opens(&mut client, 210, op, DeviceKind::Camera)), vec!["CAMERA_REOPENED"]);
}

#[test]
fn with_none_to_open_the_person_reads_it_is_lost_until_one_plugged_in_opens() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, false).unwrap();
    let actions = drain(&mut client);
    assert_eq!(notices(&actions), vec!["MIC_LOST"]);
    assert!(!actions.iter().any(|a| matches!(a, Action::CaptureDevice { .. })), "{actions:?}");
    // A headset plugged in: the device choice switches to it, and the notice says it is back.
    plug_in(&mut client, 300);
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    assert_eq!(notices(&opens(&mut client, 310, op, DeviceKind::Microphone)), vec!["MIC_REOPENED"]);
}

#[test]
fn a_replacement_that_will_not_open_says_lost_or_the_permission_taken_back() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    assert_eq!(refused(&mut client, 210, op, EndReason::DeviceNotFound), vec!["MIC_LOST"], "not 'could not switch': the person chose nothing");

    // The permission withdrawn mid-call stops the device too; that is what the person reads.
    ended(&mut client, 300, DeviceKind::Camera, true).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Camera, "");
    assert_eq!(refused(&mut client, 310, op, EndReason::CameraPermissionDenied), vec![EndReason::CameraPermissionDenied.code()]);
}

#[test]
fn a_choice_the_person_makes_meanwhile_wins_and_replaces_the_lost_one() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let lost_op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    choose(&mut client, 205, "mic-2");
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "mic-2");
    assert!(client.handle(210, Input::MediaCaptured { op: lost_op }).is_err(), "nobody waits for it");
    assert_eq!(drain(&mut client), vec![Action::DiscardCapture { op: lost_op }], "the superseded capture is let go");
    assert_eq!(notices(&opens(&mut client, 220, op, DeviceKind::Microphone)), vec!["MIC_REOPENED"]);
    // Back to normal: the next switch is only a switch, and a failing one says so.
    choose(&mut client, 300, "mic-3");
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "mic-3");
    assert_eq!(refused(&mut client, 310, op, EndReason::DeviceInUse), vec![EndReason::DeviceInUse.code()]);
}

#[test]
fn a_microphone_and_a_camera_lost_together_are_both_replaced() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let mic = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    ended(&mut client, 201, DeviceKind::Camera, true).unwrap();
    let camera = device_capture(&drain(&mut client), DeviceKind::Camera, "");
    client.handle(210, Input::MediaCaptured { op: mic }).unwrap();
    client.handle(211, Input::MediaCaptured { op: camera }).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ReplaceCallTrack { op: mic, kind: DeviceKind::Microphone, enabled: true }), "{actions:?}");
    assert!(actions.contains(&Action::ReplaceCallTrack { op: camera, kind: DeviceKind::Camera, enabled: false }), "{actions:?}");
    client.handle(220, Input::CallTrackReplaced { op: mic, result: Ok(()) }).unwrap();
    assert_eq!(notices(&drain(&mut client)), vec!["MIC_REOPENED"]);
    client.handle(221, Input::CallTrackReplaced { op: camera, result: Ok(()) }).unwrap();
    assert_eq!(notices(&drain(&mut client)), vec!["CAMERA_REOPENED"]);
}

#[test]
fn a_mute_made_while_the_microphone_was_gone_holds_on_the_one_that_comes_back() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, false).unwrap();
    drain(&mut client);
    // The person mutes: with no live track, the page reports the microphone as off.
    client.handle(210, Input::Call(CallInput::SetMedia { source: MediaSource::Mic, enabled: false })).unwrap();
    let seq = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Call(crate::call::Action::ApplyMedia { seq, .. }) => Some(seq),
        _ => None,
    });
    let failed = CallInput::MediaApplyFailed { source: MediaSource::Mic, seq: seq.expect("the mute is applied"), reason: EndReason::DeviceNotFound, enabled: false };
    client.handle(211, Input::Call(failed)).unwrap();
    drain(&mut client);
    plug_in(&mut client, 300);
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    client.handle(310, Input::MediaCaptured { op }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ReplaceCallTrack { op, kind: DeviceKind::Microphone, enabled: false }]);
}

#[test]
fn the_end_of_the_call_takes_its_device_notices_with_it() {
    let mut client = in_call_with_stream();
    ended(&mut client, 200, DeviceKind::Microphone, false).unwrap();
    assert_eq!(notices(&drain(&mut client)), vec!["MIC_LOST"]);
    client.handle(210, Input::Call(CallInput::HangUp)).unwrap();
    assert!(drain(&mut client).contains(&Action::ShowNotice(None)), "MIC_LOST is about a call that is over");
}

#[test]
fn a_track_that_stops_after_its_call_is_over_changes_nothing() {
    let mut client = in_call_with_stream();
    client.handle(200, Input::Call(CallInput::HangUp)).unwrap();
    drain(&mut client);
    assert!(ended(&mut client, 210, DeviceKind::Microphone, true).is_err());
    assert!(ended(&mut client, 211, DeviceKind::Speaker, true).is_err());
    assert!(drain(&mut client).is_empty());
}

// ---- what the peer is told ------------------------------------------------------------

/// Bob answered Alice's audio call (the answer is out, so the peer hears of media changes).
fn answered() -> Client {
    let mut client = online_with_devices();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    client.handle(120, Input::Call(CallInput::Accept)).unwrap();
    take_capture(&mut client, 130, "the call's");
    client.handle(140, Input::Call(CallInput::AnswerCreated { sdp: "v=0\r\n".into() })).unwrap();
    drain(&mut client);
    client
}

/// What the peer was told of the microphone, in order: "on", "muted", or "stopped" (off because
/// the device is lost).
fn told_mic(actions: &[Action]) -> Vec<&'static str> {
    sent(actions)
        .into_iter()
        .filter_map(|m| match m {
            Message::CallMedia(media) if media.payload.source == MediaSource::Mic => Some(match (media.payload.enabled, media.payload.lost) {
                (true, _) => "on",
                (false, true) => "stopped",
                (false, false) => "muted",
            }),
            _ => None,
        })
        .collect()
}

const NOTHING: Vec<&str> = Vec::new();

#[test]
fn the_peer_is_told_the_microphone_is_off_while_none_replaces_it_and_on_once_one_does() {
    let mut client = answered();
    ended(&mut client, 200, DeviceKind::Microphone, false).unwrap();
    let actions = drain(&mut client);
    assert_eq!(told_mic(&actions), vec!["stopped"], "nothing of it reaches them: {actions:?}");
    assert_eq!(client.call_view().map(|v| v.mic.enabled), Some(true), "the switch stays the person's");
    plug_in(&mut client, 300);
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    assert_eq!(told_mic(&opens(&mut client, 310, op, DeviceKind::Microphone)), vec!["on"]);
}

#[test]
fn a_microphone_reopened_at_once_tells_the_peer_nothing() {
    let mut client = answered();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let mut actions = drain(&mut client);
    let op = device_capture(&actions, DeviceKind::Microphone, "");
    actions.extend(opens(&mut client, 210, op, DeviceKind::Microphone));
    assert_eq!(told_mic(&actions), NOTHING, "no 'muted' flickering on their screen");
}

#[test]
fn a_replacement_that_will_not_open_tells_the_peer_it_is_off() {
    let mut client = answered();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    client.handle(210, Input::MediaCaptureFailed { op, reason: EndReason::DeviceNotFound }).unwrap();
    assert_eq!(told_mic(&drain(&mut client)), vec!["stopped"]);
}

#[test]
fn a_mute_made_while_the_microphone_is_lost_tells_the_peer_why_it_is_off_and_holds_when_it_is_back() {
    let mut client = answered();
    ended(&mut client, 200, DeviceKind::Microphone, false).unwrap();
    assert_eq!(told_mic(&drain(&mut client)), vec!["stopped"]);
    client.handle(210, Input::Call(CallInput::SetMedia { source: MediaSource::Mic, enabled: false })).unwrap();
    let seq = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Call(crate::call::Action::ApplyMedia { source: MediaSource::Mic, seq, .. }) => Some(seq),
        _ => None,
    });
    let applied = CallInput::MediaApplied { source: MediaSource::Mic, seq: seq.expect("the mute applied"), enabled: false };
    client.handle(220, Input::Call(applied)).unwrap();
    assert_eq!(told_mic(&drain(&mut client)), vec!["muted"], "off to them already: only why changes");
    // One plugged in comes back muted: still off for them, so nothing to tell.
    plug_in(&mut client, 300);
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    client.handle(310, Input::MediaCaptured { op }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ReplaceCallTrack { op, kind: DeviceKind::Microphone, enabled: false }]);
    client.handle(320, Input::CallTrackReplaced { op, result: Ok(()) }).unwrap();
    assert_eq!(told_mic(&drain(&mut client)), NOTHING);
    // The person unmutes: now they hear of it.
    client.handle(330, Input::Call(CallInput::SetMedia { source: MediaSource::Mic, enabled: true })).unwrap();
    let seq = drain(&mut client).into_iter().find_map(|a| match a {
        Action::Call(crate::call::Action::ApplyMedia { source: MediaSource::Mic, seq, .. }) => Some(seq),
        _ => None,
    });
    let applied = CallInput::MediaApplied { source: MediaSource::Mic, seq: seq.expect("the unmute applied"), enabled: true };
    client.handle(340, Input::Call(applied)).unwrap();
    assert_eq!(told_mic(&drain(&mut client)), vec!["on"]);
}

#[test]
fn a_processing_change_while_the_microphone_is_lost_waits_for_the_next_one() {
    let mut client = answered();
    ended(&mut client, 200, DeviceKind::Microphone, false).unwrap();
    drain(&mut client);
    client.handle(210, TOGGLE).unwrap();
    let actions = drain(&mut client);
    let applied: Vec<&Action> = actions.iter().filter(|a| matches!(a, Action::ApplyProcessing { .. } | Action::CaptureDevice { .. })).collect();
    assert_eq!(applied, vec![&Action::ApplyProcessing { seq: 1, processing: toggled(), stream: None }], "no microphone reopened behind the device choice");
}

#[test]
fn a_replacement_that_hangs_tells_the_peer_it_is_off_meanwhile_and_on_once_it_opens() {
    use crate::client::device_loss::TELL_PEER_AFTER_MS;
    let mut client = answered();
    ended(&mut client, 200, DeviceKind::Microphone, true).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    assert!(client.next_deadline().is_some_and(|at| at <= 200 + TELL_PEER_AFTER_MS));
    client.handle_timeout(200 + TELL_PEER_AFTER_MS - 1);
    assert_eq!(told_mic(&drain(&mut client)), NOTHING, "not yet");
    client.handle_timeout(200 + TELL_PEER_AFTER_MS);
    assert_eq!(told_mic(&drain(&mut client)), vec!["stopped"]);
    client.handle_timeout(200 + 2 * TELL_PEER_AFTER_MS);
    assert_eq!(told_mic(&drain(&mut client)), NOTHING, "said once");
    // The prompt answered at last: the microphone opens, and the peer hears it is on.
    assert_eq!(told_mic(&opens(&mut client, 5_000, op, DeviceKind::Microphone)), vec!["on"]);
}
