//! Another device chosen while one is open: which stream gets it, a result that comes too
//! late, what a failure says, and where the microphone's processing goes.

use super::*;
use crate::call::Input as CallInput;
use crate::devices::{AudioProcessing, Device, DeviceKind, ProcessingKind};
use crate::errors::CaptureFailure;
use crate::protocol::EndReason;

/// The browser's device list in these tests, without the devices of kind `but`.
pub(super) fn listed(but: Option<DeviceKind>) -> Input {
    use DeviceKind::*;
    let all = [(Microphone, "mic-1"), (Microphone, "mic-2"), (Microphone, "mic-3"), (Camera, "cam-1"), (Camera, "cam-2"), (Speaker, "spk-1")];
    let devices = all
        .into_iter()
        .filter(|(kind, _)| Some(*kind) != but)
        .map(|(kind, id)| Device { kind, id: id.into(), label: id.into() })
        .collect();
    Input::Devices(DeviceInput::Listed(devices))
}

/// An online page that knows the browser's devices.
pub(super) fn online_with_devices() -> Client {
    let mut client = online();
    client.handle(15, listed(None)).unwrap();
    drain(&mut client);
    client
}

/// The capture the last actions asked for (a call's or the check's) opens: the page holds it.
pub(super) fn take_capture(client: &mut Client, now: u64, whose: &str) {
    let op = drain(client).into_iter().find_map(|a| match a {
        Action::Capture { op, .. } => Some(op),
        _ => None,
    });
    let op = op.unwrap_or_else(|| panic!("{whose} capture was asked for"));
    client.handle(now, Input::MediaCaptured { op }).unwrap();
}

/// Places an audio call to Alice and takes its capture: the page holds the call's stream.
pub(super) fn place_call(client: &mut Client, now: u64, call_id: &str) {
    let place = CallInput::PlaceCall { peer: "a-alice".into(), media: MediaKind::Audio, call_id: call_id.into() };
    client.handle(now, Input::Call(place)).unwrap();
    take_capture(client, now + 10, "the call's");
    drain(client);
}

/// A page in a call whose own stream it holds.
pub(super) fn in_call_with_stream() -> Client {
    let mut client = online_with_devices();
    place_call(&mut client, 100, "call-1");
    client
}

/// A page whose pre-call check runs.
fn checking() -> Client {
    let mut client = online_with_devices();
    client.handle(20, Input::StartDeviceCheck { camera: true }).unwrap();
    take_capture(&mut client, 30, "the check's");
    drain(&mut client);
    client
}

fn switch(client: &mut Client, now: u64, kind: DeviceKind, id: &str) -> Result<(), Ignored> {
    client.handle(now, Input::Devices(DeviceInput::Choose { kind, device_id: id.into() }))
}

/// The op of the one device capture asked for.
pub(super) fn device_capture(actions: &[Action], kind: DeviceKind, id: &str) -> OpId {
    let ops: Vec<OpId> = actions
        .iter()
        .filter_map(|a| match a {
            Action::CaptureDevice { op, kind: k, device_id } if *k == kind && device_id == id => Some(*op),
            _ => None,
        })
        .collect();
    assert_eq!(ops.len(), 1, "{actions:?}");
    ops[0]
}

#[test]
fn during_a_call_the_new_microphone_replaces_the_calls_track() {
    let mut client = in_call_with_stream();
    switch(&mut client, 200, DeviceKind::Microphone, "mic-2").unwrap();
    let actions = drain(&mut client);
    let op = device_capture(&actions, DeviceKind::Microphone, "mic-2");
    assert!(!actions.iter().any(|a| matches!(a, Action::Capture { .. } | Action::ReleaseCheckStream)), "{actions:?}");
    client.handle(210, Input::MediaCaptured { op }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ReplaceCallTrack { op, kind: DeviceKind::Microphone, enabled: true }]);
    client.handle(220, Input::CallTrackReplaced { op, result: Ok(()) }).unwrap();
    assert!(client.handle(221, Input::CallTrackReplaced { op, result: Ok(()) }).is_err(), "settled already");
    assert!(drain(&mut client).is_empty());
}

#[test]
fn during_a_check_the_check_opens_the_new_device() {
    let mut client = checking();
    switch(&mut client, 40, DeviceKind::Camera, "cam-2").unwrap();
    let actions: Vec<Action> = drain(&mut client).into_iter().filter(|a| !matches!(a, Action::ShowDevices(_))).collect();
    // The old stream lets go of the devices before they are opened again.
    assert_eq!(actions[0], Action::ReleaseCheckStream, "{actions:?}");
    assert!(matches!(actions.last(), Some(Action::Capture { kind: MediaKind::Video, .. })), "{actions:?}");
    assert!(!actions.iter().any(|a| matches!(a, Action::CaptureDevice { .. })));
    assert_eq!(client.device_check().microphone, CheckDevice::Starting);
}

#[test]
fn with_nothing_open_the_choice_waits_for_the_next_capture() {
    let mut client = online_with_devices();
    switch(&mut client, 40, DeviceKind::Microphone, "mic-2").unwrap();
    let actions = drain(&mut client);
    assert!(!actions.iter().any(|a| matches!(a, Action::Capture { .. } | Action::CaptureDevice { .. })), "{actions:?}");
    assert_eq!(client.devices().microphone(), Some("mic-2"), "what the next capture asks for");
    let refused = switch(&mut client, 41, DeviceKind::Speaker, "out-2");
    assert_eq!(refused, Err(Ignored { reason: "DEVICE_NOT_FOUND" }), "an output the browser does not list");
}

#[test]
fn a_device_that_opens_after_the_call_ended_is_let_go() {
    let mut client = in_call_with_stream();
    switch(&mut client, 200, DeviceKind::Camera, "cam-2").unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Camera, "cam-2");
    client.handle(210, Input::Call(CallInput::HangUp)).unwrap();
    drain(&mut client);
    assert!(client.handle(220, Input::MediaCaptured { op }).is_err());
    assert_eq!(drain(&mut client), vec![Action::DiscardCapture { op }]);
}

#[test]
fn a_newer_choice_supersedes_a_switch_still_out() {
    let mut client = in_call_with_stream();
    switch(&mut client, 200, DeviceKind::Microphone, "mic-2").unwrap();
    let first = device_capture(&drain(&mut client), DeviceKind::Microphone, "mic-2");
    switch(&mut client, 205, DeviceKind::Microphone, "mic-3").unwrap();
    let second = device_capture(&drain(&mut client), DeviceKind::Microphone, "mic-3");
    assert!(client.handle(210, Input::MediaCaptured { op: first }).is_err());
    assert_eq!(drain(&mut client), vec![Action::DiscardCapture { op: first }]);
    client.handle(215, Input::MediaCaptured { op: second }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ReplaceCallTrack { op: second, kind: DeviceKind::Microphone, enabled: true }]);
}

#[test]
fn a_busy_device_says_it_may_be_in_use_and_blames_no_one() {
    let busy = CaptureFailure::from_dom_exception("NotReadableError").end_reason(MediaKind::Audio);
    for (kind, id) in [(DeviceKind::Microphone, "mic-2"), (DeviceKind::Camera, "cam-2")] {
        let mut client = in_call_with_stream();
        switch(&mut client, 200, kind, id).unwrap();
        let op = device_capture(&drain(&mut client), kind, id);
        client.handle(210, Input::MediaCaptureFailed { op, reason: busy }).unwrap();
        let actions = drain(&mut client);
        let Some(Action::ShowNotice(Some(notice))) = actions.first() else { panic!("{actions:?}") };
        assert_eq!(notice.code, "DEVICE_IN_USE");
        let noun = if kind == DeviceKind::Camera { "camera" } else { "microphone" };
        assert!(notice.message.contains(noun) && notice.message.contains("may be in use by another application"), "{}", notice.message);
        assert!(!notice.message.contains("permission") && !notice.message.contains("You "), "{}", notice.message);
        assert!(client.in_call(), "the call goes on with the old device");
    }
}

#[test]
fn a_refused_permission_or_a_track_that_would_not_replace_say_so() {
    let mut client = in_call_with_stream();
    switch(&mut client, 200, DeviceKind::Microphone, "mic-2").unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Microphone, "mic-2");
    client.handle(210, Input::MediaCaptureFailed { op, reason: EndReason::MicPermissionDenied }).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ShowNotice(Some(Notice::from_end_reason(EndReason::MicPermissionDenied)))]);

    client.handle(300, Input::DismissNotice).unwrap();
    switch(&mut client, 310, DeviceKind::Camera, "cam-2").unwrap();
    let op = device_capture(&drain(&mut client), DeviceKind::Camera, "cam-2");
    client.handle(320, Input::MediaCaptured { op }).unwrap();
    drain(&mut client);
    client.handle(330, Input::CallTrackReplaced { op, result: Err(EndReason::DeviceNotFound) }).unwrap();
    let shown = drain(&mut client);
    assert!(matches!(&shown[..], [Action::ShowNotice(Some(n))] if n.code == "DEVICE_IN_USE" && n.message == CAMERA_SWITCH_FAILED), "{shown:?}");
}

/// The person flips the noise suppression switch.
pub(super) const TOGGLE: Input = Input::Devices(DeviceInput::ToggleProcessing(ProcessingKind::NoiseSuppression));

/// The processing asked for once the default's noise suppression is flipped.
pub(super) fn toggled() -> AudioProcessing {
    let default = AudioProcessing::default();
    default.with(ProcessingKind::NoiseSuppression, !default.get(ProcessingKind::NoiseSuppression))
}

#[test]
fn the_processing_goes_to_the_calls_microphone_else_the_checks_else_waits_and_is_remembered() {
    let wanted = toggled();
    let target = |mut client: Client| {
        client.handle(500, TOGGLE).unwrap();
        let actions = drain(&mut client);
        actions.into_iter().filter(|a| matches!(a, Action::ApplyProcessing { .. } | Action::RememberProcessing(_))).collect::<Vec<_>>()
    };
    let applied = |stream| vec![Action::RememberProcessing(wanted), Action::ApplyProcessing { seq: 1, processing: wanted, stream }];
    assert_eq!(target(in_call_with_stream()), applied(Some(LocalStream::Call)));
    assert_eq!(target(checking()), applied(Some(LocalStream::Check)));
    assert_eq!(target(online_with_devices()), applied(None));
}

#[test]
fn a_processing_change_the_checks_microphone_could_not_be_asked_for_is_said_and_the_switches_show_what_it_does() {
    let mut client = checking();
    client.handle(500, TOGGLE).unwrap();
    drain(&mut client);
    let none = ProcessingOutcome::NoMicrophone;
    client.handle(510, Input::Devices(DeviceInput::ProcessingApplied { seq: 1, outcome: none })).unwrap();
    let shown = drain(&mut client);
    assert!(
        shown.iter().any(|a| matches!(a, Action::ShowNotice(Some(n)) if n.code == "DEVICE_IN_USE" && n.message == PROCESSING_FAILED)),
        "{shown:?}"
    );
    let view = shown.iter().find_map(|a| match a {
        Action::ShowDevices(view) => Some(view.clone()),
        _ => None,
    });
    let view = view.expect("the switches are drawn again");
    assert_eq!((view.processing, view.processing_pending), (AudioProcessing::default(), None));
    assert_eq!(view.processing_refused, vec![ProcessingKind::NoiseSuppression], "shown as kept by the browser");
}
