//! `media` and `camera` (§5): `ok` only once the tracks are in the requested state; page
//! buttons produce page-originated confirmations.

use dialtone_core::host::page::*;
use dialtone_core::host::{CallMediaSource, HostErrorCode, HostError, VideoCamera};
use serde_json::json;

use super::*;

#[test]
fn media_with_neither_call_nor_preview_is_not_ready() {
    let mut page = Page::new();
    assert_eq!(
        error_code(&page.command(
            1,
            json!({"type": "media", "source": "mic", "enable": false})
        )),
        code(HostErrorCode::NotReady)
    );
    assert_eq!(
        error_code(&page.command(2, json!({"type": "camera", "camera": "environment"}))),
        code(HostErrorCode::NotReady)
    );
}

#[test]
fn media_in_a_call_replies_ok_only_after_the_tracks_changed() {
    let mut page = Page::answerer();
    let actions = page.command(
        7,
        json!({"type": "media", "source": "mic", "enable": false}),
    );
    let op = set_media_op(&actions);
    assert!(actions.contains(&Action::SetMedia {
        op,
        source: CallMediaSource::Mic,
        enable: false,
        target: MediaTarget::Call,
        facing: VideoCamera::User
    }));
    assert_eq!(sent(&actions), Vec::<Value>::new());
    let actions = page.input(Input::MediaApplied { op });
    assert_eq!(
        sent(&actions),
        vec![
            json!({"corrId": 7, "resp": {"type": "ok"}, "command": {"type": "media", "source": "mic", "enable": false}})
        ]
    );
    assert_eq!(page.page.local_media().map(|m| m.mic), Some(false));
}

#[test]
fn media_on_the_preview_applies_to_the_preview() {
    let mut page = Page::with_preview();
    let actions = page.command(
        2,
        json!({"type": "media", "source": "camera", "enable": true}),
    );
    assert!(actions.iter().any(|a| matches!(
        a,
        Action::SetMedia {
            target: MediaTarget::Preview,
            ..
        }
    )));
}

#[test]
fn a_failed_media_change_is_an_error_and_the_state_stays() {
    let mut page = Page::answerer();
    let op = set_media_op(&page.command(
        7,
        json!({"type": "media", "source": "camera", "enable": true}),
    ));
    let actions = page.input(Input::MediaFailed {
        op,
        error: HostError::of(HostErrorCode::CameraPermissionDenied),
    });
    assert_eq!(
        error_code(&actions),
        code(HostErrorCode::CameraPermissionDenied)
    );
    assert_eq!(page.page.local_media().map(|m| m.camera), Some(false));
}

#[test]
fn screen_audio_off_is_ok_and_on_is_unsupported() {
    let mut page = Page::answerer();
    let actions = page.command(
        1,
        json!({"type": "media", "source": "screenAudio", "enable": false}),
    );
    assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
    assert_eq!(
        error_code(&page.command(
            2,
            json!({"type": "media", "source": "screenAudio", "enable": true})
        )),
        code(HostErrorCode::Unsupported)
    );
}

#[test]
fn screen_sources_on_the_preview_are_not_ready() {
    let mut page = Page::with_preview();
    assert_eq!(
        error_code(&page.command(
            1,
            json!({"type": "media", "source": "screenVideo", "enable": true})
        )),
        code(HostErrorCode::NotReady)
    );
    assert_eq!(
        error_code(&page.command(
            2,
            json!({"type": "media", "source": "screenAudio", "enable": false})
        )),
        code(HostErrorCode::NotReady)
    );
}

#[test]
fn a_page_button_is_confirmed_to_the_host_without_corr_id() {
    let mut page = Page::answerer();
    let actions = page.input(Input::MediaButton {
        source: CallMediaSource::ScreenVideo,
        enable: true,
    });
    let op = set_media_op(&actions);
    let actions = page.input(Input::MediaApplied { op });
    assert_eq!(
        sent(&actions),
        vec![
            json!({"resp": {"type": "ok"}, "command": {"type": "media", "source": "screenVideo", "enable": true}})
        ]
    );
}

#[test]
fn a_track_that_ends_by_itself_turns_its_source_off_and_says_so() {
    let mut page = Page::answerer();
    let actions = page.input(Input::SourceEnded {
        source: CallMediaSource::Mic,
    });
    let op = set_media_op(&actions);
    assert!(
        actions
            .iter()
            .any(|a| matches!(a, Action::SetMedia { enable: false, .. }))
    );
    assert_eq!(
        sent(&page.input(Input::MediaApplied { op }))[0]["command"],
        json!({"type": "media", "source": "mic", "enable": false})
    );
}

#[test]
fn camera_while_the_camera_is_off_is_remembered_for_the_next_enable() {
    let mut page = Page::answerer();
    let actions = page.command(1, json!({"type": "camera", "camera": "environment"}));
    assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::SwitchCamera { .. }))
    );
    let actions = page.command(
        2,
        json!({"type": "media", "source": "camera", "enable": true}),
    );
    assert!(actions.iter().any(|a| matches!(
        a,
        Action::SetMedia {
            facing: VideoCamera::Environment,
            ..
        }
    )));
}

#[test]
fn camera_while_the_camera_runs_switches_it_before_ok() {
    let mut page = Page::answerer();
    let op = set_media_op(&page.command(
        1,
        json!({"type": "media", "source": "camera", "enable": true}),
    ));
    page.input(Input::MediaApplied { op });
    let actions = page.command(2, json!({"type": "camera", "camera": "environment"}));
    let Some(Action::SwitchCamera {
        op,
        facing: VideoCamera::Environment,
        target: MediaTarget::Call,
    }) = actions.first().cloned()
    else {
        panic!("{actions:?}")
    };
    assert_eq!(sent(&actions), Vec::<Value>::new());
    assert_eq!(
        sent(&page.input(Input::MediaApplied { op }))[0]["corrId"],
        2
    );
    assert_eq!(
        page.page.local_media().map(|m| m.facing),
        Some(VideoCamera::Environment)
    );
}

#[test]
fn an_old_peer_without_video_is_reported_and_camera_on_is_peer_old_version() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "capabilities", "media": "video"})));
    page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: Some(Ok(())),
    });
    let op = create_op(&page.command(2, offer_command(&[])));
    let op = make_answer_op(&page.input(Input::PeerConnectionCreated { op }));
    let old = Some(OldPeer { sends_video: false });
    let actions = page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0".into(),
        old_peer: old,
    });
    assert_eq!(
        sent(&actions),
        vec![json!({"resp": {"type": "peerMedia", "source": "mic", "enabled": true}})]
    );
    let actions = page.advance(750);
    assert_eq!(sent(&actions)[0]["resp"]["type"], "answer");
    let op = set_media_op(&actions);
    let actions = page.input(Input::MediaApplied { op });
    assert_eq!(
        sent(&actions),
        vec![
            json!({"resp": {"type": "ok"}, "command": {"type": "media", "source": "camera", "enable": false}})
        ]
    );
    assert_eq!(
        error_code(&page.command(
            3,
            json!({"type": "media", "source": "camera", "enable": true})
        )),
        code(HostErrorCode::PeerOldVersion)
    );
}
