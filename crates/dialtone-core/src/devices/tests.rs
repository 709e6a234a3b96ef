//! The device choices as a specification: fallbacks, confirmation and processing switches.

use super::*;

fn device(kind: DeviceKind, id: &str) -> Device {
    Device { kind, id: id.into(), label: format!("{id} label") }
}

fn machine() -> Devices {
    let mut devices = Devices::default();
    devices.update(vec![
        device(DeviceKind::Microphone, "mic-a"),
        device(DeviceKind::Microphone, "mic-b"),
        device(DeviceKind::Camera, "cam-a"),
        device(DeviceKind::Speaker, "spk-a"),
        device(DeviceKind::Speaker, "spk-b"),
    ], &[]);
    devices
}

#[test]
fn choosing_a_microphone_switches_to_it_once() {
    let mut devices = machine();
    assert_eq!(devices.choose_microphone("mic-b".into()), vec![DeviceAction::UseMicrophone("mic-b".into())]);
    assert!(devices.choose_microphone("mic-b".into()).is_empty());
    assert!(devices.choose_microphone("no-such-mic".into()).is_empty());
    assert_eq!(devices.microphone(), Some("mic-b"));
}

#[test]
fn going_back_to_the_default_microphone_switches_to_it() {
    let mut devices = machine();
    devices.choose_microphone("mic-b".into());
    assert_eq!(devices.choose_microphone(String::new()), vec![DeviceAction::UseMicrophone(String::new())]);
    assert_eq!(devices.microphone(), None);
    assert!(devices.choose_microphone(String::new()).is_empty(), "already the default");
}

#[test]
fn the_output_shows_only_once_the_browser_switched() {
    let mut devices = machine();
    let actions = devices.choose_output("spk-b".into());
    assert_eq!(actions, Ok(vec![DeviceAction::ApplyOutput { seq: 1, device_id: "spk-b".into() }]));
    assert_eq!(devices.output(), ("", Some("spk-b")));
    devices.output_applied(1, "spk-b".into());
    assert_eq!(devices.output(), ("spk-b", None));
}

#[test]
fn an_output_not_in_the_list_is_refused_and_changes_nothing() {
    let mut devices = machine();
    assert_eq!(devices.choose_output("spk-gone".into()), Err("DEVICE_NOT_FOUND"));
    assert_eq!(devices.output(), ("", None));
    assert_eq!(devices.choose_output(String::new()), Ok(vec![]), "the default is always there (and already in use)");
}

#[test]
fn a_failed_output_switch_keeps_the_real_output_and_says_why() {
    let mut devices = machine();
    let _ = devices.choose_output("spk-b".into());
    devices.output_failed(1, "DEVICE_NOT_FOUND", "".into());
    assert_eq!(devices.output(), ("", None));
    assert_eq!(devices.output_error(), Some("DEVICE_NOT_FOUND"));
}

#[test]
fn a_call_plays_to_the_output_chosen_before_it_once_the_browser_switched_its_element() {
    let mut devices = machine();
    // Chosen with no call playing: nothing to switch yet, the choice is kept.
    let _ = devices.choose_output("spk-b".into());
    devices.output_applied(1, "spk-b".into());
    // The call's element starts on the system default: the choice is applied to it, pending.
    let actions = devices.output_element_appeared(DEFAULT_OUTPUT.into());
    assert_eq!(actions, vec![DeviceAction::ApplyOutput { seq: 2, device_id: "spk-b".into() }]);
    assert_eq!(devices.output(), ("", Some("spk-b")), "not shown as playing there until it does");
    devices.output_applied(2, "spk-b".into());
    assert_eq!(devices.output(), ("spk-b", None));
    // A next element already playing there: nothing to do.
    assert_eq!(devices.output_element_appeared("spk-b".into()), vec![]);
}

#[test]
fn a_call_whose_element_cannot_switch_shows_where_it_really_plays_and_why() {
    let mut devices = machine();
    let _ = devices.choose_output("spk-b".into());
    devices.output_applied(1, "spk-b".into());
    let _ = devices.output_element_appeared(DEFAULT_OUTPUT.into());
    devices.output_failed(2, "NOT_ALLOWED", DEFAULT_OUTPUT.into());
    assert_eq!(devices.output(), ("", None));
    assert_eq!(devices.output_error(), Some("NOT_ALLOWED"));
    // The next call's element: that refusal was about the last one.
    assert_eq!(devices.output_element_appeared(DEFAULT_OUTPUT.into()), vec![]);
    assert_eq!(devices.output_error(), None);
    // Choosing it again tries again.
    assert_eq!(devices.choose_output("spk-b".into()), Ok(vec![DeviceAction::ApplyOutput { seq: 3, device_id: "spk-b".into() }]));
}

#[test]
fn a_call_element_that_appears_while_a_switch_is_under_way_gets_the_latest_choice() {
    let mut devices = machine();
    let _ = devices.choose_output("spk-b".into());
    // The switch in flight was on the old element (or none): the new one is switched anew.
    let actions = devices.output_element_appeared(DEFAULT_OUTPUT.into());
    assert_eq!(actions, vec![DeviceAction::ApplyOutput { seq: 2, device_id: "spk-b".into() }]);
    devices.output_applied(1, "spk-b".into());
    assert_eq!(devices.output(), ("", Some("spk-b")), "the old element's report says nothing about the new one");
    devices.output_applied(2, "spk-b".into());
    assert_eq!(devices.output(), ("spk-b", None));
}

#[test]
fn unplugging_the_chosen_devices_falls_back_to_what_is_left() {
    let mut devices = machine();
    devices.choose_microphone("mic-b".into());
    let _ = devices.choose_output("spk-b".into());
    devices.output_applied(1, "spk-b".into());
    let actions = devices.update(vec![
        device(DeviceKind::Microphone, "mic-a"),
        device(DeviceKind::Camera, "cam-a"),
        device(DeviceKind::Speaker, "spk-a"),
    ], &[]);
    assert_eq!(actions, vec![
        DeviceAction::UseMicrophone("mic-a".into()),
        DeviceAction::ApplyOutput { seq: 2, device_id: DEFAULT_OUTPUT.into() },
    ]);
    assert_eq!(devices.microphone(), None, "back to the default");
}

#[test]
fn a_processing_switch_shows_what_the_microphone_really_does() {
    let mut devices = machine();
    let actions = devices.choose_processing(ProcessingKind::NoiseSuppression, false);
    let off = AudioProcessing { noise_suppression: false, ..AudioProcessing::default() };
    assert_eq!(actions, vec![DeviceAction::ApplyProcessing { seq: 1, processing: off }]);
    assert_eq!(devices.processing(), (AudioProcessing::default(), Some(off)), "pending until reported");
    assert!(!devices.processing_refused(ProcessingKind::NoiseSuppression), "not while applying");
    devices.processing_applied(1, off);
    assert_eq!(devices.processing(), (off, None));
    assert_eq!(devices.processing_wanted(), off, "asked of the next capture too");
}

#[test]
fn a_browser_that_keeps_a_setting_is_shown_as_it_is() {
    let mut devices = machine();
    devices.choose_processing(ProcessingKind::EchoCancellation, false);
    devices.processing_applied(1, AudioProcessing::default());
    assert_eq!(devices.processing().0, AudioProcessing::default(), "the real state, not the wish");
    assert!(devices.processing_refused(ProcessingKind::EchoCancellation));
    assert!(!devices.processing_refused(ProcessingKind::AutoGain));
    assert!(!devices.processing_wanted().echo_cancellation, "the wish is kept for the next capture");
}

#[test]
fn a_switch_flips_the_latest_wish_and_else_what_the_microphone_does() {
    let mut devices = machine();
    let gain_off = AudioProcessing { auto_gain: false, ..AudioProcessing::default() };
    assert_eq!(devices.toggle_processing(ProcessingKind::AutoGain), vec![DeviceAction::ApplyProcessing { seq: 1, processing: gain_off }]);
    // A second press while the first applies flips the wish back.
    devices.toggle_processing(ProcessingKind::AutoGain);
    assert!(devices.processing_wanted().auto_gain);
    // The browser applies each wish in turn but keeps echo cancellation on: the switch shows
    // on, so a press asks off again.
    let mut next = devices.processing_applied(1, gain_off);
    next.extend(devices.choose_processing(ProcessingKind::EchoCancellation, false));
    while let Some(DeviceAction::ApplyProcessing { seq, processing }) = next.pop() {
        next = devices.processing_applied(seq, AudioProcessing { echo_cancellation: true, ..processing });
    }
    assert!(devices.processing_refused(ProcessingKind::EchoCancellation));
    assert!(devices.processing().0.echo_cancellation, "the switch shows on");
    devices.toggle_processing(ProcessingKind::EchoCancellation);
    assert!(!devices.processing_wanted().echo_cancellation, "asked off once more");
}

#[test]
fn toggles_while_applying_coalesce_and_end_in_agreement() {
    let mut devices = machine();
    devices.choose_processing(ProcessingKind::AutoGain, false);
    assert!(devices.choose_processing(ProcessingKind::AutoGain, true).is_empty(), "one apply at a time");
    assert!(devices.choose_processing(ProcessingKind::NoiseSuppression, false).is_empty());
    let off = AudioProcessing { auto_gain: false, ..AudioProcessing::default() };
    let next = devices.processing_applied(1, off);
    let wanted = AudioProcessing { noise_suppression: false, ..AudioProcessing::default() };
    assert_eq!(next, vec![DeviceAction::ApplyProcessing { seq: 2, processing: wanted }]);
    devices.processing_applied(2, wanted);
    assert_eq!(devices.processing(), (wanted, None));
}

#[test]
fn a_new_capture_reports_its_own_processing() {
    let mut devices = Devices::with_processing(AudioProcessing { auto_gain: false, ..AudioProcessing::default() });
    devices.processing_observed(AudioProcessing::default());
    assert!(devices.processing_refused(ProcessingKind::AutoGain));
    devices.processing_observed(devices.processing_wanted());
    assert!(!devices.processing_refused(ProcessingKind::AutoGain));
}

#[test]
fn plugging_in_a_device_changes_nothing_by_itself() {
    let mut devices = machine();
    let mut more = devices.available.clone();
    more.push(device(DeviceKind::Microphone, "usb-mic"));
    assert!(devices.update(more, &[]).is_empty());
    assert_eq!(devices.list(DeviceKind::Microphone).len(), 3);
}

#[test]
fn a_call_device_that_stops_is_opened_again_the_chosen_one_while_listed_else_the_default() {
    let mut devices = machine();
    assert_eq!(devices.reopen_for(DeviceKind::Microphone), Some(String::new()), "nothing chosen: the default");
    devices.choose_microphone("mic-b".into());
    assert_eq!(devices.reopen_for(DeviceKind::Microphone), Some("mic-b".into()), "the choice, still listed");
    assert_eq!(devices.reopen_for(DeviceKind::Camera), Some(String::new()));
    assert_eq!(devices.reopen_for(DeviceKind::Speaker), None, "an output is not captured");
}

const MIC_LOST: &[DeviceKind] = &[DeviceKind::Microphone];

#[test]
fn with_none_of_its_kind_listed_a_lost_device_is_tried_again_when_one_is_plugged_in() {
    let mut devices = machine();
    devices.update(vec![device(DeviceKind::Camera, "cam-a")], &[]);
    assert_eq!(devices.reopen_for(DeviceKind::Microphone), None, "no microphone to open");
    // Another camera, or the same list again, brings no microphone back.
    assert!(devices.update(vec![device(DeviceKind::Camera, "cam-a"), device(DeviceKind::Camera, "cam-b")], MIC_LOST).is_empty());
    assert!(devices.update(vec![device(DeviceKind::Camera, "cam-a"), device(DeviceKind::Camera, "cam-b")], MIC_LOST).is_empty());
    let headset = vec![device(DeviceKind::Camera, "cam-a"), device(DeviceKind::Microphone, "headset")];
    assert_eq!(devices.update(headset, MIC_LOST), vec![DeviceAction::UseMicrophone(String::new())], "the system's default, now the headset");
    // While it is lost every change of the microphones is tried; once it is not, a list change
    // is only a list change.
    let more = vec![device(DeviceKind::Microphone, "headset"), device(DeviceKind::Microphone, "usb")];
    assert_eq!(devices.update(more.clone(), MIC_LOST), vec![DeviceAction::UseMicrophone(String::new())]);
    assert!(devices.update(more, MIC_LOST).is_empty(), "the same microphones: nothing new to try");
    let again = vec![device(DeviceKind::Microphone, "headset"), device(DeviceKind::Microphone, "third")];
    assert!(devices.update(again, &[]).is_empty());
}

#[test]
fn a_lost_default_is_tried_again_once_the_list_catches_up() {
    let mut devices = machine();
    // The track stopped before the list changed: the default was asked for, and failed.
    assert_eq!(devices.reopen_for(DeviceKind::Microphone), Some(String::new()));
    // The list catches up: mic-a went away, mic-b is left and is the system's default now.
    assert_eq!(devices.update(vec![device(DeviceKind::Microphone, "mic-b")], MIC_LOST), vec![DeviceAction::UseMicrophone(String::new())]);
}

#[test]
fn a_lost_chosen_device_that_vanishes_is_replaced_once_not_twice() {
    let mut devices = machine();
    devices.choose_microphone("mic-b".into());
    assert_eq!(devices.reopen_for(DeviceKind::Microphone), Some("mic-b".into()), "the list has not caught up yet");
    // The list catches up: mic-b is gone, a new one came. One switch, to the first listed.
    let actions = devices.update(vec![device(DeviceKind::Microphone, "mic-a"), device(DeviceKind::Microphone, "mic-c")], MIC_LOST);
    assert_eq!(actions, vec![DeviceAction::UseMicrophone("mic-a".into())]);
    assert_eq!(devices.microphone(), None);
}
