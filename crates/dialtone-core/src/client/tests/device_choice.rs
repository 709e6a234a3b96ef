//! The devices inside the machine: the output switched and confirmed on the call's element, a
//! processing change that loses the call's microphone, and the list's changes during a call.

use super::device_switch::{TOGGLE, device_capture, in_call_with_stream, listed, online_with_devices, place_call, take_capture, toggled};
use super::*;
use crate::call::Input as CallInput;
use crate::devices::{AudioProcessing, Device, DeviceKind, DevicesView};
use crate::errors::OutputFailure;

fn devices(client: &mut Client, now: u64, input: DeviceInput) -> Result<(), Ignored> {
    client.handle(now, Input::Devices(input))
}

/// The last settings view the page was told to draw.
fn shown(actions: &[Action]) -> DevicesView {
    actions
        .iter()
        .rev()
        .find_map(|a| match a {
            Action::ShowDevices(view) => Some(view.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no devices view in {actions:?}"))
}

fn output(view: &DevicesView) -> (&str, Option<&str>, Option<&'static str>) {
    (&view.output, view.output_pending.as_deref(), view.output_error)
}

#[test]
fn an_output_shows_once_switched_and_a_calls_element_is_switched_too_or_says_why_not() {
    let mut client = online_with_devices();
    devices(&mut client, 20, DeviceInput::Choose { kind: DeviceKind::Speaker, device_id: "spk-1".into() }).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ApplyOutput { seq: 1, device_id: "spk-1".into() }), "{actions:?}");
    assert_eq!(output(&shown(&actions)), ("", Some("spk-1"), None), "pending until the browser switched");
    devices(&mut client, 30, DeviceInput::OutputApplied { seq: 1, actual: "spk-1".into(), failure: None }).unwrap();
    assert_eq!(output(&shown(&drain(&mut client))), ("spk-1", None, None));

    // A call's element appears, on the default: it is switched, and the browser refuses.
    devices(&mut client, 40, DeviceInput::OutputElement { actual: String::new() }).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ApplyOutput { seq: 2, device_id: "spk-1".into() }), "{actions:?}");
    assert_eq!(output(&shown(&actions)), ("", Some("spk-1"), None));
    let refused = DeviceInput::OutputApplied { seq: 2, actual: String::new(), failure: Some(OutputFailure::NotAllowed) };
    devices(&mut client, 50, refused).unwrap();
    assert_eq!(output(&shown(&drain(&mut client))), ("", None, Some("NOT_ALLOWED")), "where it really plays, and why");
}

#[test]
fn an_output_the_browser_does_not_list_is_refused_with_its_code() {
    let mut client = online_with_devices();
    let refused = devices(&mut client, 20, DeviceInput::Choose { kind: DeviceKind::Speaker, device_id: "spk-gone".into() });
    assert_eq!(refused, Err(Ignored { reason: "DEVICE_NOT_FOUND" }));
    assert!(drain(&mut client).is_empty());
}

#[test]
fn a_processing_change_that_loses_the_calls_microphone_opens_one_again() {
    let mut client = in_call_with_stream();
    client.handle(200, TOGGLE).unwrap();
    drain(&mut client);
    let reopen = applied(&mut client, 205, 1, AudioProcessing::default());
    assert!(matches!(reopen[..], [Action::ReopenMicrophone { seq: 1, .. }]), "{reopen:?}");
    // Stopped to be opened again, it would not open (another application took it meanwhile).
    let stopped = DeviceInput::ProcessingApplied { seq: 1, outcome: ProcessingOutcome::MicrophoneStopped };
    devices(&mut client, 210, stopped).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    client.handle(220, Input::MediaCaptured { op }).unwrap();
    drain(&mut client);
    client.handle(230, Input::CallTrackReplaced { op, result: Ok(()) }).unwrap();
    let actions = drain(&mut client);
    assert!(actions.iter().any(|a| matches!(a, Action::ShowNotice(Some(n)) if n.code == "MIC_REOPENED")), "{actions:?}");
}

#[test]
fn the_chosen_microphone_unplugged_mid_call_is_replaced_by_one_still_there() {
    let mut client = in_call_with_stream();
    devices(&mut client, 200, DeviceInput::Choose { kind: DeviceKind::Microphone, device_id: "mic-2".into() }).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "mic-2");
    client.handle(210, Input::MediaCaptured { op }).unwrap();
    client.handle(215, Input::CallTrackReplaced { op, result: Ok(()) }).unwrap();
    drain(&mut client);
    let without_mic_2 = vec![
        Device { kind: DeviceKind::Microphone, id: "mic-1".into(), label: "mic-1".into() },
        Device { kind: DeviceKind::Speaker, id: "spk-1".into(), label: "spk-1".into() },
    ];
    devices(&mut client, 300, DeviceInput::Listed(without_mic_2)).unwrap();
    let actions = drain(&mut client);
    device_capture(&actions, DeviceKind::Microphone, "mic-1");
    assert_eq!(shown(&actions).microphone, None, "back to the default choice");
}

#[test]
fn a_device_lost_in_a_call_that_ended_is_not_opened_in_the_next_call_when_one_is_plugged_in() {
    let mut client = in_call_with_stream();
    client.handle(200, listed(Some(DeviceKind::Microphone))).unwrap();
    devices(&mut client, 201, DeviceInput::TrackEnded(DeviceKind::Microphone)).unwrap();
    drain(&mut client);
    client.handle(210, Input::Call(CallInput::HangUp)).unwrap();
    drain(&mut client);
    // The next call opens the default as any call does; the old loss is not its business.
    place_call(&mut client, 300, "call-2");
    client.handle(400, listed(None)).unwrap();
    let actions = drain(&mut client);
    assert!(!actions.iter().any(|a| matches!(a, Action::CaptureDevice { .. })), "{actions:?}");
}

#[test]
fn once_a_lost_device_is_back_a_list_change_is_only_a_list_change() {
    let mut client = in_call_with_stream();
    client.handle(200, listed(Some(DeviceKind::Microphone))).unwrap();
    devices(&mut client, 201, DeviceInput::TrackEnded(DeviceKind::Microphone)).unwrap();
    drain(&mut client);
    client.handle(300, listed(None)).unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "");
    client.handle(310, Input::MediaCaptured { op }).unwrap();
    client.handle(320, Input::CallTrackReplaced { op, result: Ok(()) }).unwrap();
    drain(&mut client);
    let mut more = match listed(None) {
        Input::Devices(DeviceInput::Listed(list)) => list,
        _ => unreachable!(),
    };
    more.push(Device { kind: DeviceKind::Microphone, id: "usb".into(), label: "usb".into() });
    devices(&mut client, 400, DeviceInput::Listed(more)).unwrap();
    let actions = drain(&mut client);
    assert!(!actions.iter().any(|a| matches!(a, Action::CaptureDevice { .. })), "{actions:?}");
}

#[test]
fn a_lost_camera_is_replaced_by_the_chosen_one_while_it_is_listed() {
    let mut client = online_with_devices();
    devices(&mut client, 20, DeviceInput::Choose { kind: DeviceKind::Camera, device_id: "cam-2".into() }).unwrap();
    drain(&mut client);
    place_call(&mut client, 100, "call-1");
    devices(&mut client, 200, DeviceInput::TrackEnded(DeviceKind::Camera)).unwrap();
    device_capture(&drain(&mut client), DeviceKind::Camera, "cam-2");
}

#[test]
fn a_processing_report_nobody_waits_for_changes_nothing() {
    let mut client = in_call_with_stream();
    let stale = DeviceInput::ProcessingApplied { seq: 7, outcome: ProcessingOutcome::MicrophoneStopped };
    assert!(devices(&mut client, 200, stale).is_err());
    assert!(drain(&mut client).is_empty(), "no notice, no microphone reopened");
}

#[test]
fn a_checks_processing_change_that_ends_after_the_check_gave_way_says_nothing_and_reopens_nothing() {
    let mut client = online_with_devices();
    client.handle(20, Input::StartDeviceCheck { camera: false }).unwrap();
    take_capture(&mut client, 30, "the check's");
    client.handle(40, TOGGLE).unwrap();
    drain(&mut client);
    let reopen = applied(&mut client, 50, 1, AudioProcessing::default());
    assert!(matches!(reopen[..], [Action::ReopenMicrophone { seq: 1, stream: LocalStream::Check, .. }]), "{reopen:?}");
    // A call is placed meanwhile: the check gives way, and its reopened microphone never comes.
    place_call(&mut client, 60, "call-1");
    let stopped = DeviceInput::ProcessingApplied { seq: 1, outcome: ProcessingOutcome::MicrophoneStopped };
    devices(&mut client, 80, stopped).unwrap();
    let actions = drain(&mut client);
    assert!(!actions.iter().any(|a| matches!(a, Action::ShowNotice(Some(_)) | Action::CaptureDevice { .. })), "{actions:?}");
}

fn applied(client: &mut Client, now: u64, seq: u64, actual: AudioProcessing) -> Vec<Action> {
    devices(client, now, DeviceInput::ProcessingApplied { seq, outcome: ProcessingOutcome::Applied(actual) }).unwrap();
    drain(client)
}

#[test]
fn a_processing_the_live_microphone_takes_is_settled_without_opening_it_again() {
    let mut client = in_call_with_stream();
    client.handle(200, TOGGLE).unwrap();
    drain(&mut client);
    let actions = applied(&mut client, 210, 1, toggled());
    assert!(!actions.iter().any(|a| matches!(a, Action::ReopenMicrophone { .. })), "{actions:?}");
    assert_eq!((shown(&actions).processing, shown(&actions).processing_pending), (toggled(), None));
}

#[test]
fn a_processing_the_browser_keeps_on_a_live_microphone_opens_it_again_once() {
    let mut client = in_call_with_stream();
    client.handle(200, TOGGLE).unwrap();
    drain(&mut client);
    // applyConstraints changed nothing (Chromium): the call's microphone is opened again with it.
    let actions = applied(&mut client, 210, 1, AudioProcessing::default());
    assert_eq!(actions, vec![Action::ReopenMicrophone { seq: 1, processing: toggled(), stream: LocalStream::Call }], "still pending, nothing shown");
    let actions = applied(&mut client, 220, 1, toggled());
    assert_eq!((shown(&actions).processing, shown(&actions).processing_pending), (toggled(), None));

    // A device that keeps it even when opened again: shown as kept, not opened a third time.
    client.handle(300, TOGGLE).unwrap();
    drain(&mut client);
    let actions = applied(&mut client, 310, 2, toggled());
    assert!(matches!(actions[..], [Action::ReopenMicrophone { seq: 2, .. }]), "{actions:?}");
    let actions = applied(&mut client, 320, 2, toggled());
    assert!(!actions.iter().any(|a| matches!(a, Action::ReopenMicrophone { .. })), "{actions:?}");
    let view = shown(&actions);
    assert_eq!((view.processing, view.processing_pending), (toggled(), None));
    assert_eq!(view.processing_refused, vec![crate::devices::ProcessingKind::NoiseSuppression]);
}

#[test]
fn a_processing_change_with_no_microphone_open_waits_for_the_next_capture() {
    let mut client = online_with_devices();
    client.handle(200, TOGGLE).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::ApplyProcessing { seq: 1, processing: toggled(), stream: None }), "{actions:?}");
    let actions = applied(&mut client, 210, 1, toggled());
    assert!(!actions.iter().any(|a| matches!(a, Action::ReopenMicrophone { .. })), "{actions:?}");
    assert_eq!(client.devices().processing_wanted(), toggled(), "what the next capture asks for");
}

#[test]
fn the_speaker_test_plays_where_the_call_would_is_bounded_in_time_and_stops_with_its_check() {
    use crate::devices::speaker_test::{START_LIMIT_MS, SpeakerTestInput, SpeakerTestNote, SpeakerTestState, SpeakerTestView};
    let speaker_test = |actions: &[Action]| {
        actions.iter().rev().find_map(|a| match a {
            Action::ShowSpeakerTest(view) => Some(view.clone()),
            _ => None,
        })
    };
    let mut client = online_with_devices();
    devices(&mut client, 20, DeviceInput::Choose { kind: DeviceKind::Speaker, device_id: "spk-1".into() }).unwrap();
    drain(&mut client);
    // The output is still being switched: the chime goes where the call is about to play.
    devices(&mut client, 30, DeviceInput::SpeakerTest(SpeakerTestInput::Play)).unwrap();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::PlayChime { seq: 1, output: "spk-1".into() }), "{actions:?}");
    assert_eq!(speaker_test(&actions).map(|v| v.state), Some(SpeakerTestState::Playing));

    // The browser never starts it: the machine's own deadline says so, with the code's reason.
    assert_eq!(client.next_deadline(), Some(30 + START_LIMIT_MS));
    client.handle_timeout(30 + START_LIMIT_MS);
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::StopChime), "{actions:?}");
    let failed = SpeakerTestView { state: SpeakerTestState::Failed, note: Some(SpeakerTestNote::Failed { reason: "Timeout".into() }) };
    assert_eq!(speaker_test(&actions), Some(failed));

    // Played again, then the pre-call check's view goes away: the chime stops with it.
    devices(&mut client, 4_000, DeviceInput::SpeakerTest(SpeakerTestInput::Play)).unwrap();
    drain(&mut client);
    client.handle(4_010, Input::LeaveDeviceCheck { camera: true }).ok();
    let actions = drain(&mut client);
    assert!(actions.contains(&Action::StopChime), "{actions:?}");
    assert_eq!(speaker_test(&actions), Some(SpeakerTestView::default()));
    assert_eq!(client.devices.speaker_test.next_deadline(), None);
}
