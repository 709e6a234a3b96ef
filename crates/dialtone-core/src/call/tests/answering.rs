//! The callee's answer goes while its media opens (`call::answering`): the answer at once, the
//! tracks when they come, and the media's failure or timeout still ending the call, told.

use super::*;

/// Bob rings with Alice's offer applied.
fn ringing_incoming(media: MediaKind) -> Phone {
    let mut phone = phone();
    let mut offer = offer_from(ALICE, "c9");
    if let Message::Offer(routed) = &mut offer {
        routed.payload.media = Some(media);
    }
    signal(&mut phone, 0, offer).unwrap();
    phone.handle(1, Input::RemoteDescriptionApplied).unwrap();
    drain(&mut phone);
    phone
}

/// Accepted at 2, the answer sent at 3, the microphone still opening.
fn answered_without_media() -> Phone {
    let mut phone = ringing_incoming(MediaKind::Audio);
    phone.handle(2, Input::Accept).unwrap();
    phone.handle(3, Input::AnswerCreated { sdp: "v=0\r\n".into() }).unwrap();
    drain(&mut phone);
    phone
}

#[test]
fn accepting_asks_for_the_media_and_answers_without_waiting_for_it() {
    let mut phone = ringing_incoming(MediaKind::Video);
    phone.handle(2, Input::Accept).unwrap();
    assert_eq!(
        drain(&mut phone),
        vec![Action::StopTones, Action::AcquireMedia(MediaKind::Video), Action::PrepareSending(MediaKind::Video), Action::CreateAnswer]
    );
    phone.handle(3, Input::AnswerCreated { sdp: "v=0\r\n".into() }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::Answer(a) if a.payload.call_id.as_deref() == Some("c9") && a.to.as_deref() == Some(ALICE)));
    assert_eq!(state(&phone), CallState::AnswerSent);
    assert!(!phone.view().unwrap().media_ready, "the controls wait for the media");
    phone.handle(4, Input::MediaAcquired).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::SendLocalMedia]);
    assert!(phone.view().unwrap().media_ready);
    assert!(phone.handle(5, Input::MediaAcquired).is_err(), "once");
}

#[test]
fn media_that_opens_before_the_answer_is_made_is_in_it_as_before() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    drain(&mut phone);
    phone.handle(1, Input::Accept).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::StopTones, Action::AcquireMedia(MediaKind::Audio)], "no answer before the offer is applied");
    phone.handle(2, Input::MediaAcquired).unwrap();
    assert_eq!(drain(&mut phone), vec![], "nothing to fill: the answer is not made yet");
    phone.handle(3, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::CreateAnswer], "the answer adds the tracks itself");
}

#[test]
fn an_offer_applied_after_accepting_is_answered_at_once_even_without_media() {
    let mut phone = phone();
    signal(&mut phone, 0, offer_from(ALICE, "c9")).unwrap();
    phone.handle(1, Input::Accept).unwrap();
    drain(&mut phone);
    phone.handle(2, Input::RemoteDescriptionApplied).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::PrepareSending(MediaKind::Audio), Action::CreateAnswer]);
    phone.handle(3, Input::MediaAcquired).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::SendLocalMedia]);
}

#[test]
fn the_connection_may_come_up_before_the_media() {
    let mut phone = answered_without_media();
    phone.handle(4, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    assert_eq!(state(&phone), CallState::Connected);
    assert!(phone.handle(4, Input::SetMedia { source: MediaSource::Mic, enabled: false }).is_err(), "nothing to mute yet");
    phone.handle(5, Input::MediaAcquired).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::SendLocalMedia]);
    assert_eq!(phone.next_deadline(), None, "connected, media in: no timer");
}

#[test]
fn a_denied_microphone_after_the_answer_ends_the_call_and_tells_the_caller() {
    let mut phone = answered_without_media();
    phone.handle(4, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(&mut phone);
    phone.handle(5, Input::MediaFailed(EndReason::MicPermissionDenied)).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::MicPermissionDenied));
    assert_eq!(ended_reason(&actions), Some(EndReason::MicPermissionDenied));
}

#[test]
fn a_media_failure_once_the_media_is_in_is_not_the_calls_end() {
    let mut phone = answered_without_media();
    phone.handle(4, Input::MediaAcquired).unwrap();
    assert!(phone.handle(5, Input::MediaFailed(EndReason::MicPermissionDenied)).is_err());
    assert_eq!(state(&phone), CallState::AnswerSent);
}

#[test]
fn media_that_never_opens_ends_even_a_connected_call() {
    let timers = CallTimers::default();
    let mut phone = answered_without_media();
    phone.handle(4, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    drain(&mut phone);
    let due = 2 + timers.media_ms;
    assert_eq!(phone.next_deadline(), Some(due));
    phone.handle(due - 1, Input::Tick).unwrap();
    assert_eq!(state(&phone), CallState::Connected);
    phone.handle(due, Input::Tick).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[0], Message::CallEnd(e) if e.payload.reason == EndReason::DeviceTimeout));
    assert_eq!(ended_reason(&actions), Some(EndReason::DeviceTimeout));
}

#[test]
fn the_connection_timer_starts_with_the_answer() {
    let timers = CallTimers::default();
    let mut phone = answered_without_media();
    // Accepted at 2 (media due then + media_ms); answered at 3 (the connection's timer).
    assert_eq!(phone.next_deadline(), Some((3 + timers.connect_ms).min(2 + timers.media_ms)));
    phone.handle(4, Input::MediaAcquired).unwrap();
    assert_eq!(phone.next_deadline(), Some(3 + timers.connect_ms), "the media's timer is done");
}

#[test]
fn the_callers_record_says_the_refused_microphone_was_the_peers() {
    let mut caller = phone();
    ringing_outgoing(&mut caller, 0);
    signal(&mut caller, 1, end_from(ALICE, "c1", EndReason::MicPermissionDenied)).unwrap();
    let record = ended_record(&drain(&mut caller));
    assert!(record.as_ref().is_some_and(|r| r.reason == EndReason::MicPermissionDenied && r.by_peer), "{record:?}");

    let mut callee = answered_without_media();
    callee.handle(4, Input::MediaFailed(EndReason::MicPermissionDenied)).unwrap();
    let ended = ended_record(&drain(&mut callee)).map(|record| record.by_peer);
    assert_eq!(ended, Some(false), "the callee's own");
}

#[test]
fn recording_waits_for_the_callees_own_microphone() {
    let mut phone = answered_without_media();
    phone.handle(4, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    assert!(!phone.view().unwrap().may_start_recording(), "the record button is disabled");
    assert!(phone.handle(5, Input::SetRecording { on: true }).is_err(), "it would be missing from its own recording");
    phone.handle(6, Input::MediaAcquired).unwrap();
    assert!(phone.view().unwrap().may_start_recording());
    drain(&mut phone);
    phone.handle(7, Input::SetRecording { on: true }).unwrap();
    assert!(drain(&mut phone).contains(&Action::StartRecording));
}
