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

#[test]
fn offer_while_a_call_exists_is_call_exists() {
    let mut page = Page::offerer();
    assert_eq!(
        error_code(&page.command(9, offer_command(&[]))),
        code(HostErrorCode::CallExists)
    );
}

#[test]
fn offer_with_a_key_on_a_page_that_cannot_encrypt_is_refused_without_a_call() {
    let mut page = Page::with(false);
    let mut command = offer_command(&[]);
    command["aesKey"] = json!(KEY);
    let actions = page.command(1, command);
    assert_eq!(error_code(&actions), code(HostErrorCode::EncryptionUnsupported));
    assert!(!page.page.in_call());
}

#[test]
fn offer_with_unusable_strings_is_bad_sdp_or_bad_candidates() {
    let mut page = Page::with_preview();
    let mut command = offer_command(&[]);
    command["offer"] = json!("!!");
    assert_eq!(
        error_code(&page.command(1, command)),
        code(HostErrorCode::BadSdp)
    );
    let mut command = offer_command(&[]);
    command["offer"] = json!(lz_description(SdpType::Answer, "v=0"));
    assert_eq!(
        error_code(&page.command(2, command)),
        code(HostErrorCode::BadSdp),
        "an answer is not an offer"
    );
    let mut command = offer_command(&[]);
    command["iceCandidates"] = json!(dialtone_core::host::lz::compress_to_base64("{}"));
    assert_eq!(
        error_code(&page.command(3, command)),
        code(HostErrorCode::BadCandidates)
    );
    assert!(!page.page.in_call());
}

#[test]
fn offer_answers_then_adds_the_offers_candidates_and_then_early_ones() {
    let mut page = Page::with_preview();
    assert_eq!(
        error_code(&page.command(
            2,
            json!({"type": "ice", "iceCandidates": lz_candidates(&[candidate(9)])})
        )),
        code(HostErrorCode::EarlyCandidates)
    );
    let actions = page.command(3, offer_command(&[candidate(1)]));
    let op = create_op(&actions);
    let actions = page.input(Input::PeerConnectionCreated { op });
    let op = make_answer_op(&actions);
    let Some(Action::MakeAnswer {
        offer, key: None, ..
    }) = actions
        .iter()
        .find(|a| matches!(a, Action::MakeAnswer { .. }))
    else {
        panic!("no answer")
    };
    assert_eq!(offer.sdp, "v=0\r\nremote\r\n");
    let actions = page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0\r\nmine\r\n".into(),
        old_peer: None,
    });
    assert_eq!(
        actions[0],
        Action::AddRemoteCandidates(vec![candidate(1), candidate(9)])
    );
    let reply = sent(&page.advance(750));
    assert_eq!(reply[0]["resp"]["type"], "answer");
    assert_eq!(
        reply[0]["resp"]["answer"],
        lz_description(SdpType::Answer, "v=0\r\nmine\r\n")
    );
}

#[test]
fn offer_without_a_preview_acquires_media_first() {
    let mut page = Page::new();
    let actions = page.command(1, offer_command(&[]));
    assert!(
        actions
            .iter()
            .any(|a| matches!(a, Action::AcquireMedia { camera: None, .. }))
    );
}

#[test]
fn answer_without_a_call_is_bad_state() {
    let mut page = Page::new();
    let command = json!({"type": "answer", "answer": lz_description(SdpType::Answer, "v=0"), "iceCandidates": lz_candidates(&[])});
    assert_eq!(
        error_code(&page.command(1, command)),
        code(HostErrorCode::BadState)
    );
}

#[test]
fn answer_is_applied_with_its_candidates_then_ok_and_only_once() {
    let mut page = Page::offerer();
    let command = json!({"type": "answer", "answer": lz_description(SdpType::Answer, "v=0\r\nA"), "iceCandidates": lz_candidates(&[candidate(4)])});
    let actions = page.command(7, command.clone());
    let Some(Action::ApplyAnswer { op, answer }) = actions.first().cloned() else {
        panic!("{actions:?}")
    };
    assert_eq!(answer.sdp, "v=0\r\nA");
    assert_eq!(
        sent(&actions),
        Vec::<Value>::new(),
        "ok waits for the description"
    );
    let actions = page.input(Input::RemoteDescriptionApplied { op, old_peer: None });
    assert_eq!(actions[0], Action::AddRemoteCandidates(vec![candidate(4)]));
    assert_eq!(
        sent(&actions),
        vec![json!({"corrId": 7, "resp": {"type": "ok"}, "command": command.clone()})]
    );
    assert_eq!(
        error_code(&page.command(8, command)),
        code(HostErrorCode::BadState)
    );
}

#[test]
fn ice_before_the_answer_is_kept_and_applied_after_it() {
    let mut page = Page::offerer();
    let actions = page.command(
        2,
        json!({"type": "ice", "iceCandidates": lz_candidates(&[candidate(5)])}),
    );
    assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::AddRemoteCandidates(_)))
    );
    let command = json!({"type": "answer", "answer": lz_description(SdpType::Answer, "v=0"), "iceCandidates": lz_candidates(&[candidate(4)])});
    let Some(Action::ApplyAnswer { op, .. }) = page.command(3, command).first().cloned() else {
        panic!("no answer")
    };
    let actions = page.input(Input::RemoteDescriptionApplied { op, old_peer: None });
    assert_eq!(
        actions[0],
        Action::AddRemoteCandidates(vec![candidate(4), candidate(5)])
    );
}

#[test]
fn ice_during_a_negotiated_call_is_added_at_once() {
    let mut page = Page::answerer();
    let actions = page.command(
        4,
        json!({"type": "ice", "iceCandidates": lz_candidates(&[candidate(6)])}),
    );
    assert_eq!(actions[0], Action::AddRemoteCandidates(vec![candidate(6)]));
    assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
}

#[test]
fn unusable_ice_is_bad_candidates() {
    let mut page = Page::answerer();
    assert_eq!(
        error_code(&page.command(4, json!({"type": "ice", "iceCandidates": "%%"}))),
        code(HostErrorCode::BadCandidates)
    );
}

#[test]
fn early_candidates_are_cleared_by_capabilities() {
    let mut page = Page::new();
    page.command(
        1,
        json!({"type": "ice", "iceCandidates": lz_candidates(&[candidate(9)])}),
    );
    let op = acquire_op(&page.command(2, json!({"type": "capabilities", "media": "audio"})));
    page.input(Input::MediaAcquired {
        op,
        mic: Ok(()),
        camera: None,
    });
    let op = create_op(&page.command(3, offer_command(&[])));
    let op = make_answer_op(&page.input(Input::PeerConnectionCreated { op }));
    let actions = page.input(Input::LocalDescriptionSet {
        op,
        sdp: "v=0".into(),
        old_peer: None,
    });
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::AddRemoteCandidates(_))),
        "{actions:?}"
    );
}

#[test]
fn a_failed_description_ends_the_new_call_with_the_error() {
    let mut page = Page::with_preview();
    let op = create_op(&page.command(2, offer_command(&[])));
    let op = make_answer_op(&page.input(Input::PeerConnectionCreated { op }));
    let error =
        dialtone_core::host::HostError::new(HostErrorCode::BadSdp, "setRemoteDescription failed");
    let actions = page.input(Input::NegotiationFailed { op, error });
    assert_eq!(
        sent(&actions)[0]["resp"]["message"],
        "offer: BAD_SDP setRemoteDescription failed"
    );
    assert!(actions.contains(&Action::EndCall));
    assert!(!page.page.in_call());
}

#[test]
fn capabilities_ends_a_running_call_silently() {
    let mut page = Page::answerer();
    let actions = page.command(9, json!({"type": "capabilities", "media": "audio"}));
    assert!(actions.contains(&Action::EndCall));
    assert_eq!(sent(&actions), Vec::<Value>::new(), "no ended event");
    assert!(!page.page.in_call());
}
