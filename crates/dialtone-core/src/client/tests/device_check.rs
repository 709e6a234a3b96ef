//! The device check before a call: when it may start, whose a capture is, the camera's
//! fall-back to the microphone alone, and giving way to a call.

use super::*;
use crate::call::Input as CallInput;
use crate::errors::CaptureFailure;
use crate::protocol::EndReason;

/// The ops of the getUserMedia calls asked for, with their kind.
fn captures(actions: &[Action]) -> Vec<(OpId, MediaKind)> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Capture { op, kind } => Some((*op, *kind)),
            _ => None,
        })
        .collect()
}

/// A page online whose check (`camera`: the pre-call one) asked for its devices.
fn opening(camera: bool) -> (Client, OpId) {
    let mut client = online();
    client.handle(20, Input::StartDeviceCheck { camera }).unwrap();
    let asked = captures(&drain(&mut client));
    let kind = if camera { MediaKind::Video } else { MediaKind::Audio };
    assert!(matches!(asked[..], [(_, k)] if k == kind), "{asked:?}");
    (client, asked[0].0)
}

/// A page online whose check runs on the stream captured for the returned op.
fn running(camera: bool) -> (Client, OpId) {
    let (mut client, op) = opening(camera);
    client.handle(30, Input::MediaCaptured { op }).unwrap();
    drain(&mut client);
    (client, op)
}

fn view(microphone: CheckDevice, camera: CheckDevice) -> DeviceCheckView {
    DeviceCheckView { microphone, camera }
}

#[test]
fn the_check_opens_the_devices_only_when_asked_and_shows_them_live() {
    let (mut client, op) = opening(true);
    assert_eq!(client.device_check(), view(CheckDevice::Starting, CheckDevice::Starting));
    client.handle(30, Input::MediaCaptured { op }).unwrap();
    assert_eq!(
        drain(&mut client),
        vec![
            Action::UseCaptureForCheck { op },
            Action::ShowDeviceCheck(view(CheckDevice::Live, CheckDevice::Live)),
        ]
    );
    // The mic check has no camera.
    let (client, _) = running(false);
    assert_eq!(client.device_check(), view(CheckDevice::Live, CheckDevice::Off));
}

#[test]
fn no_check_starts_during_a_call() {
    let mut client = online();
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    drain(&mut client);
    for camera in [false, true] {
        assert!(client.handle(110, Input::StartDeviceCheck { camera }).is_err());
    }
    assert!(drain(&mut client).is_empty(), "nothing is opened");
    assert_eq!(client.device_check(), DeviceCheckView::default());
}

#[test]
fn no_check_starts_while_one_runs_but_the_full_check_takes_over_from_the_mic_check() {
    // Opening or running, a second start opens nothing more.
    let (mut client, _) = opening(false);
    assert!(client.handle(25, Input::StartDeviceCheck { camera: false }).is_err());
    assert!(drain(&mut client).is_empty());
    let (mut client, _) = running(true);
    for camera in [false, true] {
        assert!(client.handle(40, Input::StartDeviceCheck { camera }).is_err());
    }
    assert!(drain(&mut client).is_empty());

    // The pre-call check while the mic check runs: the microphone is let go, both reopen.
    let (mut client, _) = running(false);
    client.handle(40, Input::StartDeviceCheck { camera: true }).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions[0], Action::ReleaseCheckStream);
    assert!(matches!(captures(&actions)[..], [(_, MediaKind::Video)]), "{actions:?}");
    assert_eq!(client.device_check(), view(CheckDevice::Starting, CheckDevice::Starting));
}

#[test]
fn a_capture_that_comes_back_after_the_check_stopped_is_let_go() {
    let (mut client, op) = opening(false);
    client.handle(25, Input::StopDeviceCheck).unwrap();
    assert_eq!(drain(&mut client), vec![Action::ShowDeviceCheck(DeviceCheckView::default())]);
    assert!(client.handle(30, Input::MediaCaptured { op }).is_err());
    assert_eq!(drain(&mut client), vec![Action::DiscardCapture { op }]);
    assert_eq!(client.device_check(), DeviceCheckView::default());

    // A call that begins while the browser opens the devices stops the check the same way.
    let (mut client, op) = opening(true);
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    drain(&mut client);
    assert!(client.handle(110, Input::MediaCaptured { op }).is_err());
    assert_eq!(drain(&mut client), vec![Action::DiscardCapture { op }]);
    assert!(client.in_call(), "the call goes on");
}

#[test]
fn a_call_that_begins_makes_a_running_check_let_go_of_the_devices_once() {
    let (mut client, _) = running(true);
    frame(&mut client, 100, offer_from("a-alice", "call-1")).unwrap();
    let actions = drain(&mut client);
    assert_eq!(actions.iter().filter(|a| **a == Action::ReleaseCheckStream).count(), 1, "{actions:?}");
    assert!(actions.contains(&Action::ShowDeviceCheck(DeviceCheckView::default())));
    client.handle(110, Input::Call(CallInput::RemoteDescriptionApplied)).unwrap();
    assert!(!drain(&mut client).contains(&Action::ReleaseCheckStream));
}

#[test]
fn without_the_camera_the_precall_check_tests_the_microphone_alone() {
    let (mut client, op) = opening(true);
    let no_camera = CaptureFailure::from_dom_exception("NotAllowedError").end_reason(MediaKind::Video);
    client.handle(30, Input::MediaCaptureFailed { op, reason: no_camera }).unwrap();
    let retry = captures(&drain(&mut client));
    assert!(matches!(retry[..], [(again, MediaKind::Audio)] if again != op), "{retry:?}");
    client.handle(40, Input::MediaCaptured { op: retry[0].0 }).unwrap();
    drain(&mut client);
    assert_eq!(client.device_check(), view(CheckDevice::Live, CheckDevice::Failed(EndReason::CameraPermissionDenied)));
}

#[test]
fn when_the_microphone_fails_too_both_say_why_and_the_check_may_be_tried_again() {
    let (mut client, op) = opening(true);
    client.handle(30, Input::MediaCaptureFailed { op, reason: EndReason::DeviceNotFound }).unwrap();
    let retry = captures(&drain(&mut client))[0].0;
    client.handle(40, Input::MediaCaptureFailed { op: retry, reason: EndReason::MicPermissionDenied }).unwrap();
    let failed = view(CheckDevice::Failed(EndReason::MicPermissionDenied), CheckDevice::Failed(EndReason::DeviceNotFound));
    assert_eq!(drain(&mut client), vec![Action::ShowDeviceCheck(failed)]);
    client.handle(50, Input::StartDeviceCheck { camera: true }).unwrap();
    assert!(matches!(captures(&drain(&mut client))[..], [(_, MediaKind::Video)]));
    // The mic check does not retry: its one capture failing is the answer.
    let (mut client, op) = opening(false);
    client.handle(30, Input::MediaCaptureFailed { op, reason: EndReason::DeviceInUse }).unwrap();
    assert!(captures(&drain(&mut client)).is_empty());
    assert_eq!(client.device_check(), view(CheckDevice::Failed(EndReason::DeviceInUse), CheckDevice::Off));
}

#[test]
fn a_view_that_goes_away_stops_its_own_check_only() {
    let (mut client, _) = running(true);
    assert!(client.handle(40, Input::LeaveDeviceCheck { camera: false }).is_err(), "Devices did not start this one");
    assert!(drain(&mut client).is_empty());
    client.handle(50, Input::LeaveDeviceCheck { camera: true }).unwrap();
    assert_eq!(
        drain(&mut client),
        vec![Action::ReleaseCheckStream, Action::ShowDeviceCheck(DeviceCheckView::default())]
    );
}

#[test]
fn a_meter_that_cannot_start_fails_the_check_and_lets_go_of_its_stream() {
    let (mut client, op) = running(false);
    assert!(client.handle(40, Input::DeviceCheckMeterFailed { op: OpId(op.0 + 100) }).is_err(), "another stream's");
    client.handle(41, Input::DeviceCheckMeterFailed { op }).unwrap();
    let failed = view(CheckDevice::Failed(EndReason::DeviceNotFound), CheckDevice::Off);
    assert_eq!(drain(&mut client), vec![Action::ReleaseCheckStream, Action::ShowDeviceCheck(failed)]);
}
