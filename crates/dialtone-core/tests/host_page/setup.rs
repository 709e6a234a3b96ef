//! Setting calls up: `capabilities`, `start`, `offer`, `answer`, `ice` (§4.2–4.6).

use dialtone_core::host::frame_crypto::FrameKey;
use dialtone_core::host::page::*;
use dialtone_core::host::signal::SdpType;
use dialtone_core::host::{HostErrorCode, IceServer, VideoCamera};
use serde_json::json;

use super::*;

#[test]
fn capabilities_acquires_mic_and_camera_for_video_and_replies_after_the_media() {
    let mut page = Page::new();
    let actions = page.command(5, json!({"type": "capabilities", "media": "video"}));
    assert!(actions.contains(&Action::ShowControls));
    assert!(actions.iter().any(|a| matches!(
        a,
        Action::AcquireMedia {
            camera: Some(VideoCamera::User),
            ..
        }
    )));
    assert_eq!(
        sent(&actions),
        Vec::<Value>::new(),
        "no reply before the media"
    );
    let op = acquire_op(&actions);
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: Some(Ok(())),
    });
    assert_eq!(
        sent(&actions),
        vec![
            json!({"corrId": 5, "resp": {"type": "capabilities", "capabilities": {"encryption": true}},
                    "command": {"type": "capabilities", "media": "video"}})
        ]
    );
}

#[test]
fn capabilities_reports_encryption_false_when_the_page_cannot_encrypt() {
    let mut page = Page::with(false);
    let op = acquire_op(&page.command(1, json!({"type": "capabilities", "media": "audio"})));
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    });
    assert_eq!(
        sent(&actions)[0]["resp"]["capabilities"]["encryption"],
        false
    );
}

#[test]
fn capabilities_without_the_microphone_is_an_error_with_its_code() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "capabilities", "media": "audio"})));
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Err(HostErrorCode::MicPermissionDenied),
        camera: None,
    });
    assert_eq!(
        sent(&actions)[0]["resp"],
        json!({"type": "error", "message": "capabilities: MIC_PERMISSION_DENIED microphone access was refused"})
    );
    assert_eq!(page.page.local_media(), None);
}

#[test]
fn capabilities_with_only_the_camera_failing_goes_on_with_audio_and_says_camera_off() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "capabilities", "media": "video"})));
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: Some(Err(HostErrorCode::DeviceNotFound)),
    });
    let sent = sent(&actions);
    assert_eq!(sent[0]["resp"]["type"], "capabilities");
    assert_eq!(
        sent[1],
        json!({"resp": {"type": "ok"}, "command": {"type": "media", "source": "camera", "enable": false}})
    );
    assert_eq!(
        page.page.local_media().map(|m| (m.mic, m.camera)),
        Some((true, false))
    );
}

#[test]
fn start_creates_the_connection_with_the_commands_servers_relay_policy_and_pool() {
    let mut page = Page::new();
    let servers = json!([{"urls": "turn:t.example:3478", "username": "u", "credential": "c"}]);
    let op = acquire_op(&page.command(
        1,
        json!({"type": "start", "media": "audio", "iceServers": servers, "relay": true}),
    ));
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    });
    let config = actions
        .iter()
        .find_map(|a| {
            if let Action::CreatePeerConnection { config, .. } = a {
                Some(config.clone())
            } else {
                None
            }
        })
        .expect("a peer connection");
    assert_eq!(
        config,
        PeerConfig {
            ice_servers: vec![IceServer {
                urls: vec!["turn:t.example:3478".into()],
                username: Some("u".into()),
                credential: Some("c".into())
            }],
            relay_only: true,
            ice_candidate_pool_size: 10,
            encrypted: false,
        }
    );
    assert!(!config.relay_without_turn());
}

#[test]
fn start_without_servers_uses_dialtones_defaults_and_gathers_from_all() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "audio"})));
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    });
    let Some(Action::CreatePeerConnection { config, .. }) = actions
        .iter()
        .find(|a| matches!(a, Action::CreatePeerConnection { .. }))
    else {
        panic!("no peer connection")
    };
    assert_eq!(
        config.ice_servers[0].urls,
        vec!["stun:dialtone.example:3478".to_owned()]
    );
    assert!(!config.relay_only);
}

#[test]
fn relay_only_without_a_turn_server_is_flagged_for_a_warning() {
    let config = PeerConfig {
        ice_servers: vec![IceServer {
            urls: vec!["stun:s:3478".into()],
            username: None,
            credential: None,
        }],
        relay_only: true,
        ice_candidate_pool_size: 10,
        encrypted: false,
    };
    assert!(config.relay_without_turn());
}

#[test]
fn start_replies_offer_with_the_initial_batch_and_capabilities_after_750_ms() {
    let mut page = Page::new();
    let op =
        acquire_op(&page.command(3, json!({"type": "start", "media": "video", "aesKey": KEY})));
    let op = create_op(&page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: Some(Ok(())),
    }));
    let actions = page.input(Input::PeerConnectionCreated { op });
    let key = FrameKey::decode(KEY).expect("valid");
    let op = make_offer_op(&actions);
    assert!(actions.contains(&Action::MakeOffer {
        op,
        media: dialtone_core::host::CallMediaType::Video,
        key: Some(key)
    }));
    page.input(Input::LocalCandidate(candidate(1)));
    assert_eq!(
        sent(&page.input(Input::LocalDescriptionSet {
            op,
            sdp: "v=0\r\nlocal\r\n".into(),
            old_peer: None
        })),
        Vec::<Value>::new()
    );
    page.input(Input::LocalCandidate(candidate(2)));
    assert_eq!(
        sent(&page.advance(749)),
        Vec::<Value>::new(),
        "the batch is not due yet"
    );
    let reply = sent(&page.advance(1));
    assert_eq!(reply.len(), 1);
    assert_eq!(reply[0]["corrId"], 3);
    assert_eq!(
        reply[0]["resp"]["offer"],
        lz_description(SdpType::Offer, "v=0\r\nlocal\r\n")
    );
    assert_eq!(
        decoded(&reply[0]["resp"]["iceCandidates"]),
        vec![candidate(1), candidate(2)]
    );
    assert_eq!(
        reply[0]["resp"]["capabilities"],
        json!({"encryption": true})
    );
    assert_eq!(reply[0]["command"]["aesKey"], KEY, "echoed as received");
}

#[test]
fn the_reply_comes_as_soon_as_gathering_completes_with_the_description() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "audio"})));
    let op = create_op(&page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    }));
    let op = make_offer_op(&page.input(Input::PeerConnectionCreated { op }));
    page.input(Input::LocalCandidate(candidate(1)));
    page.input(Input::GatheringComplete);
    page.now += 100;
    let reply = sent(&page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0".into(),
        old_peer: None,
    }));
    assert_eq!(
        decoded(&reply[0]["resp"]["iceCandidates"]),
        vec![candidate(1)]
    );
}

#[test]
fn start_with_an_unusable_key_is_bad_key_and_acquires_nothing() {
    let mut page = Page::new();
    let actions = page.command(
        1,
        json!({"type": "start", "media": "audio", "aesKey": "AAEC+/=="}),
    );
    assert_eq!(error_code(&actions), code(HostErrorCode::BadKey));
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::AcquireMedia { .. }))
    );
}

#[test]
fn start_with_a_key_on_a_page_that_cannot_encrypt_runs_in_clear_and_says_so() {
    let mut page = Page::with(false);
    let op =
        acquire_op(&page.command(1, json!({"type": "start", "media": "audio", "aesKey": KEY})));
    let op = create_op(&page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    }));
    let actions = page.input(Input::PeerConnectionCreated { op });
    assert!(
        actions
            .iter()
            .any(|a| matches!(a, Action::MakeOffer { key: None, .. }))
    );
    page.input(Input::LocalDescriptionSet {
        op: make_offer_op(&actions),
        sdp: "v=0".into(),
        old_peer: None,
    });
    assert_eq!(
        sent(&page.advance(750))[0]["resp"]["capabilities"],
        json!({"encryption": false})
    );
}

#[test]
fn start_with_refused_media_goes_on_and_tells_the_host_what_is_off() {
    let mut page = Page::new();
    let op = acquire_op(&page.command(1, json!({"type": "start", "media": "video"})));
    let actions = page.input(Input::MediaAcquired {
        op,
        mic: Err(HostErrorCode::MicPermissionDenied),
        camera: Some(Err(HostErrorCode::CameraPermissionDenied)),
    });
    assert_eq!(
        sent(&actions),
        vec![
            json!({"resp": {"type": "ok"}, "command": {"type": "media", "source": "mic", "enable": false}}),
            json!({"resp": {"type": "ok"}, "command": {"type": "media", "source": "camera", "enable": false}}),
        ]
    );
    assert!(
        actions
            .iter()
            .any(|a| matches!(a, Action::CreatePeerConnection { .. }))
    );
}

#[test]
fn a_failed_peer_connection_is_retried_once_without_stuns_servers() {
    let mut page = Page::new();
    let servers = json!([{"urls": ["stuns:a:5349"]}, {"urls": "stun:b:3478"}]);
    let op = acquire_op(&page.command(
        1,
        json!({"type": "start", "media": "audio", "iceServers": servers}),
    ));
    let op = create_op(&page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    }));
    let actions = page.input(Input::PeerConnectionFailed { op });
    let Some(Action::CreatePeerConnection { op, config }) = actions.first().cloned() else {
        panic!("no retry: {actions:?}")
    };
    assert_eq!(
        config
            .ice_servers
            .iter()
            .map(|s| s.urls[0].as_str())
            .collect::<Vec<_>>(),
        vec!["stun:b:3478"]
    );
    let actions = page.input(Input::PeerConnectionFailed { op });
    assert_eq!(error_code(&actions), code(HostErrorCode::Unsupported));
    assert!(actions.contains(&Action::EndCall));
}
