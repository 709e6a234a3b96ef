//! The host page keeps the screen on by the call page's rule (`screen_awake`): video either way
//! while a call is placed or under way. The page holds the lock while `keeps_screen_on` says so.

use dialtone_core::host::CallMediaSource;
use dialtone_core::host::page::*;
use serde_json::json;

use super::*;

#[test]
fn a_video_call_keeps_the_screen_on_from_its_media_until_the_camera_goes_off_or_it_ends() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "video"})));
    assert!(!page.page.keeps_screen_on(), "no camera confirmed yet");
    let actions = page.input(Input::MediaAcquired { op, mic: Ok(()), camera: Some(Ok(())) });
    assert!(page.page.keeps_screen_on(), "this side's camera is on for the call");
    page.input(Input::PeerConnectionCreated { op: create_op(&actions) });
    assert!(page.page.keeps_screen_on());

    // The same call once its offer is out (`start` done, so the next command runs).
    let mut page = Page::offerer();
    assert!(page.page.keeps_screen_on());
    let op = set_media_op(&page.command(2, json!({"type": "media", "source": "camera", "enable": false})));
    assert!(page.page.keeps_screen_on(), "nothing changes before the tracks did");
    page.input(Input::MediaApplied { op });
    assert!(!page.page.keeps_screen_on(), "camera off and nothing arriving: an audio call now");

    let op = set_media_op(&page.command(3, json!({"type": "media", "source": "camera", "enable": true})));
    page.input(Input::MediaApplied { op });
    assert!(page.page.keeps_screen_on());
    page.command(4, json!({"type": "end"}));
    assert!(!page.page.keeps_screen_on(), "an ended call lets the screen sleep");
}

#[test]
fn an_audio_call_keeps_the_screen_on_only_while_the_peers_video_arrives() {
    let mut page = Page::answerer();
    assert!(!page.page.keeps_screen_on(), "an audio call: the phone may be at the ear");
    let poll = |page: &mut Page, source: CallMediaSource, bytes: u64| {
        page.input(Input::InboundBytes(vec![(source, bytes)]));
        page.page.keeps_screen_on()
    };
    assert!(!poll(&mut page, CallMediaSource::Mic, 100), "the peer's voice alone");
    assert!(poll(&mut page, CallMediaSource::ScreenVideo, 100), "the peer shares a screen");
    let kept: Vec<bool> = (0..3).map(|_| poll(&mut page, CallMediaSource::ScreenVideo, 100)).collect();
    assert_eq!(kept, [true, true, false], "off after three silent polls, as the host hears it");
    assert!(poll(&mut page, CallMediaSource::Camera, 50), "the peer's camera");
    page.command(9, json!({"type": "end"}));
    assert!(!page.page.keeps_screen_on(), "nothing arrives from an ended call");
}

#[test]
fn a_callers_camera_preview_keeps_the_screen_on_while_the_call_is_placed() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "capabilities", "media": "video"})));
    page.input(Input::MediaAcquired { op, mic: Ok(()), camera: Some(Ok(())) });
    assert!(page.page.keeps_screen_on(), "the preview is the caller's call being placed");
    page.command(2, json!({"type": "end"}));
    assert!(!page.page.keeps_screen_on());
    assert!(!Page::with_preview().page.keeps_screen_on(), "an audio preview");
}
