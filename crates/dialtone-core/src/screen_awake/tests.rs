//! When a call keeps the screen on, and how the lock's holder asks, keeps and lets go.

use super::*;
use crate::call::{CallTimers, Input, Phone};
use crate::protocol::{
    CallEnd, CallMedia, ClientIdInfo, EndReason, MediaKind, MediaSource, Message, Routed, SdpType, SessionDescription,
};

const ALICE: &str = "a-alice";

fn signal(phone: &mut Phone, now: u64, message: Message) {
    phone.handle(now, Input::Signal(message)).unwrap();
}

fn routed<T>(payload: T) -> Routed<T> {
    Routed { from: Some(ALICE.into()), to: None, payload }
}

fn phone() -> Phone {
    let mut phone = Phone::new(CallTimers::default());
    let id = ClientIdInfo { id: "m-bob".into(), resume: Some("token".into()), name: None, room: None, limits: None };
    signal(&mut phone, 0, Message::ClientId(id));
    phone
}

fn description(sdp_type: SdpType, media: Option<MediaKind>) -> SessionDescription {
    SessionDescription { sdp_type, sdp: "v=0\r\n".into(), call_id: Some("c1".into()), media }
}

/// Bob calls Alice with `media`; the call rings at her end.
fn placed(media: MediaKind) -> Phone {
    let mut phone = phone();
    phone.handle(0, Input::PlaceCall { peer: ALICE.into(), media, call_id: "c1".into() }).unwrap();
    phone.handle(0, Input::MediaAcquired).unwrap();
    phone.handle(0, Input::OfferCreated { sdp: "v=0\r\n".into() }).unwrap();
    phone
}

fn connected(media: MediaKind) -> Phone {
    let mut phone = placed(media);
    signal(&mut phone, 1, Message::Answer(routed(description(SdpType::Answer, None))));
    phone.handle(2, Input::ConnectionChanged(crate::call::ConnectionState::Connected)).unwrap();
    phone
}

fn wants(phone: &Phone) -> bool {
    wanted(phone.view().as_ref())
}

#[test]
fn a_video_call_keeps_the_screen_on_from_placing_it_to_its_end() {
    assert!(!wanted(None), "no call");
    assert!(wants(&placed(MediaKind::Video)), "placed: the person watches their own preview");
    let mut phone = connected(MediaKind::Video);
    assert!(wants(&phone));
    phone.handle(3, Input::HangUp).unwrap();
    assert!(!wants(&phone), "the summary lets the screen sleep");
}

#[test]
fn an_audio_call_lets_the_screen_sleep_until_a_screen_is_shared() {
    let mut phone = connected(MediaKind::Audio);
    assert!(!wants(&phone), "held to the ear");
    let shared = CallMedia { call_id: "c1".into(), source: MediaSource::Screen, enabled: true, lost: false, seq: None };
    signal(&mut phone, 3, Message::CallMedia(routed(shared)));
    assert!(wants(&phone), "their shared screen is watched");
}

#[test]
fn a_call_ringing_here_does_not_keep_the_screen_on_but_once_accepted_it_does() {
    let mut phone = phone();
    signal(&mut phone, 0, Message::Offer(routed(description(SdpType::Offer, Some(MediaKind::Video)))));
    assert!(!wants(&phone), "ringing");
    phone.handle(1, Input::Accept).unwrap();
    assert!(wants(&phone), "accepted");
    signal(&mut phone, 2, Message::CallEnd(routed(CallEnd { call_id: "c1".into(), reason: EndReason::HungUp, seq: None })));
    assert!(!wants(&phone), "ended");
}

#[test]
fn a_video_call_with_both_cameras_off_lets_the_screen_sleep() {
    let mut phone = connected(MediaKind::Video);
    let off = CallMedia { call_id: "c1".into(), source: MediaSource::Camera, enabled: false, lost: false, seq: None };
    signal(&mut phone, 3, Message::CallMedia(routed(off)));
    assert!(wants(&phone), "our camera is still on");
    phone.handle(4, Input::SetMedia { source: MediaSource::Camera, enabled: false }).unwrap();
    let seq = std::iter::from_fn(|| phone.poll_action())
        .find_map(|a| match a {
            crate::call::Action::ApplyMedia { seq, .. } => Some(seq),
            _ => None,
        })
        .unwrap();
    phone.handle(4, Input::MediaApplied { source: MediaSource::Camera, seq, enabled: false }).unwrap();
    assert!(!wants(&phone), "nothing to watch");
}

#[test]
fn the_lock_is_asked_for_once_kept_and_let_go() {
    let mut lock = ScreenAwake::new(true);
    assert_eq!(lock.want(true), Some(LockAction::Request));
    assert_eq!(lock.want(true), None, "one request at a time");
    assert_eq!(lock.acquired(), None);
    assert!(lock.held());
    assert_eq!(lock.want(false), Some(LockAction::Release));
    assert!(!lock.held());
    assert_eq!(lock.want(false), None);
}

#[test]
fn a_lock_granted_after_the_call_ended_is_released_at_once() {
    let mut lock = ScreenAwake::new(true);
    assert_eq!(lock.want(true), Some(LockAction::Request));
    assert_eq!(lock.want(false), None, "nothing held yet");
    assert_eq!(lock.acquired(), Some(LockAction::Release));
    assert!(!lock.held());
}

#[test]
fn a_hidden_tab_asks_for_nothing_and_a_shown_one_asks_again() {
    let mut lock = ScreenAwake::new(false);
    assert_eq!(lock.want(true), None, "a hidden tab cannot hold it");
    assert_eq!(lock.visible(true), Some(LockAction::Request));
    assert_eq!(lock.acquired(), None);
    // Hidden: the browser releases the lock itself.
    assert_eq!(lock.visible(false), Some(LockAction::Release));
    lock.lost();
    assert_eq!(lock.visible(true), Some(LockAction::Request), "shown again");
}

#[test]
fn a_lock_the_browser_takes_back_is_asked_for_when_the_tab_is_shown_again() {
    let mut lock = ScreenAwake::new(true);
    lock.want(true);
    lock.acquired();
    lock.visible(false);
    lock.lost();
    assert!(!lock.held());
    assert_eq!(lock.visible(true), Some(LockAction::Request));
}

#[test]
fn a_refusal_or_a_revocation_is_not_answered_with_a_loop_of_requests() {
    let mut lock = ScreenAwake::new(true);
    assert_eq!(lock.want(true), Some(LockAction::Request));
    lock.refused();
    assert_eq!(lock.want(true), None, "still the same call: not asked again");
    assert_eq!(lock.visible(true), None, "no change of visibility");
    assert_eq!(lock.visible(false), None);
    assert_eq!(lock.visible(true), Some(LockAction::Request), "shown again: one more try");
    lock.acquired();
    lock.lost();
    assert_eq!(lock.want(true), None, "revoked while shown: not asked again at once");
    assert_eq!(lock.want(false), None);
    assert_eq!(lock.want(true), Some(LockAction::Request), "the next call asks");
}

#[test]
fn a_lost_report_without_a_lock_changes_nothing() {
    let mut lock = ScreenAwake::new(true);
    lock.lost();
    assert_eq!(lock.want(true), Some(LockAction::Request));
    lock.lost();
    assert_eq!(lock.acquired(), None, "the request is still ours");
    assert!(lock.held());
}
