//! A strict model of the reference host's decoder (specs/host-protocol.md §1.3, §10.2): an unknown
//! `resp.type` or echoed `command.type` fails, an enumerated value outside its set fails, a missing
//! required field fails, unknown keys are ignored. Every kind of message the page emits, driven
//! through a whole caller and callee session, must pass it.


mod model;

use std::collections::BTreeSet;

use dialtone_core::host::page::*;
use dialtone_core::host::{
    CallMediaSource, CandidatePairInfo, CandidateStats, ConnectionInfo, ConnectionStates,
    HostErrorCode, HostError, IceCandidateInit, SdpType, SessionDescription, signal,
};
use serde_json::json;

use model::decode;

/// Runs a caller and a callee through everything that makes the page speak; returns every frame.
fn every_message_the_page_sends() -> Vec<String> {
    let mut frames = Vec::new();
    let mut now = 1_000;
    let mut page = HostPage::new(PageConfig {
        can_encrypt: true,
        default_ice_servers: vec![],
        browser: PermissionBrowser::ChromeLike,
    });
    let mut step = |page: &mut HostPage, now: u64, input: Input| -> Vec<Action> {
        let _ = page.handle(now, input);
        let actions: Vec<Action> = std::iter::from_fn(|| page.poll_action()).collect();
        frames.extend(actions.iter().filter_map(|a| {
            if let Action::Send(t) = a {
                Some(t.clone())
            } else {
                None
            }
        }));
        actions
    };
    let frame = |corr: u32, command: serde_json::Value| {
        Input::Frame(json!({"corrId": corr, "command": command}).to_string())
    };
    let op_of = |actions: &[Action]| {
        actions
            .iter()
            .find_map(|a| match a {
                Action::AcquireMedia { op, .. }
                | Action::CreatePeerConnection { op, .. }
                | Action::MakeOffer { op, .. }
                | Action::MakeAnswer { op, .. }
                | Action::ApplyAnswer { op, .. }
                | Action::SetMedia { op, .. }
                | Action::CheckConnection { op }
                | Action::CollectStats { op } => Some(*op),
                _ => None,
            })
            .expect("an op")
    };
    let candidate = IceCandidateInit {
        candidate: "candidate:1 1 udp 1 10.0.0.1 5000 typ host".into(),
        sdp_mid: Some("0".into()),
        sdp_m_line_index: Some(0),
        username_fragment: None,
    };

    // Caller: capabilities (camera fails), an unknown command, bad JSON, early ice, offer.
    let a = step(
        &mut page,
        now,
        frame(1, json!({"type": "capabilities", "media": "video"})),
    );
    step(
        &mut page,
        now,
        Input::MediaAcquired {
            op: op_of(&a),
            mic: Ok(()),
            camera: Some(Err(HostErrorCode::DeviceNotFound)),
        },
    );
    step(&mut page, now, frame(2, json!({"type": "zoom"})));
    step(&mut page, now, Input::Frame("{".into()));
    step(
        &mut page,
        now,
        frame(
            3,
            json!({"type": "ice", "iceCandidates": signal::encode_candidates(std::slice::from_ref(&candidate))}),
        ),
    );
    let offer = signal::encode_description(&SessionDescription::new(SdpType::Offer, "v=0\r\n"));
    let a = step(
        &mut page,
        now,
        frame(
            4,
            json!({"type": "offer", "offer": offer, "iceCandidates": "NoXSA===", "media": "video", "aesKey": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}),
        ),
    );
    let a = step(
        &mut page,
        now,
        Input::PeerConnectionCreated { op: op_of(&a) },
    );
    step(&mut page, now, Input::LocalCandidate(candidate.clone()));
    step(
        &mut page,
        now,
        Input::LocalDescriptionSet {
            op: op_of(&a),
            sdp: "v=0\r\n".into(),
            old_peer: None,
        },
    );
    now += 750;
    step(&mut page, now, Input::Tick);
    step(&mut page, now, Input::LocalCandidate(candidate.clone()));
    now += 1_500;
    step(&mut page, now, Input::Tick);
    step(
        &mut page,
        now,
        Input::ConnectionStateChanged(ConnectionStates::new(
            "connected",
            "connected",
            "complete",
            "stable",
        )),
    );
    now += 500;
    let a = step(&mut page, now, Input::Tick);
    let pair = CandidatePairInfo {
        id: "P".into(),
        state: "succeeded".into(),
        nominated: true,
        local_candidate_id: "L".into(),
        remote_candidate_id: "R".into(),
    };
    let candidates = [
        CandidateStats {
            id: "L".into(),
            candidate_type: "relay".into(),
            protocol: "udp".into(),
            relay_protocol: Some("tls".into()),
        },
        CandidateStats {
            id: "R".into(),
            candidate_type: "mdns".into(),
            protocol: "udp".into(),
            relay_protocol: None,
        },
    ];
    step(
        &mut page,
        now,
        Input::Stats {
            op: op_of(&a),
            info: ConnectionInfo::from_stats(Some("P"), &[pair], &candidates),
        },
    );
    step(
        &mut page,
        now,
        Input::InboundBytes(vec![(CallMediaSource::Mic, 100)]),
    );
    let a = step(
        &mut page,
        now,
        frame(
            5,
            json!({"type": "media", "source": "mic", "enable": false}),
        ),
    );
    step(&mut page, now, Input::MediaApplied { op: op_of(&a) });
    let a = step(
        &mut page,
        now,
        Input::MediaButton {
            source: CallMediaSource::Camera,
            enable: true,
        },
    );
    step(
        &mut page,
        now,
        Input::MediaFailed {
            op: op_of(&a),
            error: HostError::of(HostErrorCode::CameraPermissionDenied),
        },
    );
    step(
        &mut page,
        now,
        frame(
            6,
            json!({"type": "description", "state": "connected", "description": "call"}),
        ),
    );
    step(&mut page, now, Input::EndPressed);
    step(&mut page, now, frame(7, json!({"type": "end"})));

    // Callee: start, then a connection that drops.
    let a = step(
        &mut page,
        now,
        frame(8, json!({"type": "start", "media": "audio", "relay": true})),
    );
    let a = step(
        &mut page,
        now,
        Input::MediaAcquired {
            op: op_of(&a),
            mic: Err(HostErrorCode::MicPermissionDenied),
            camera: None,
        },
    );
    let a = step(
        &mut page,
        now,
        Input::PeerConnectionCreated { op: op_of(&a) },
    );
    step(&mut page, now, Input::GatheringComplete);
    step(
        &mut page,
        now,
        Input::LocalDescriptionSet {
            op: op_of(&a),
            sdp: "v=0\r\n".into(),
            old_peer: None,
        },
    );
    step(
        &mut page,
        now,
        Input::ConnectionStateChanged(ConnectionStates::new(
            "disconnected",
            "disconnected",
            "complete",
            "stable",
        )),
    );
    step(&mut page, now, Input::BinaryFrame { len: 3 });
    frames
}

#[test]
fn every_message_the_page_sends_decodes_in_the_reference_host() {
    let frames = every_message_the_page_sends();
    let mut seen = BTreeSet::new();
    for text in &frames {
        match decode(text) {
            Ok(message) => {
                seen.insert(message.resp.name());
            }
            // The one exception, by design: the reply to an unknown type echoes it (§8.6), and only
            // the host that sent that type gets it; the reference host never sends one.
            Err(_) if text.contains("UNKNOWN_COMMAND") => {}
            Err(e) => panic!("the reference host cannot decode {text}: {e}"),
        }
    }
    let all: BTreeSet<&str> = [
        "capabilities",
        "offer",
        "answer",
        "ok",
        "error",
        "ice",
        "connection",
        "connected",
        "peerMedia",
        "end",
        "ended",
    ]
    .into();
    // The callee's offer reply and the caller's answer reply both came out; so did every event.
    assert_eq!(seen, all, "frames: {frames:#?}");
}

#[test]
fn no_message_is_larger_than_a_frame_may_be() {
    for text in every_message_the_page_sends() {
        assert!(text.len() <= dialtone_core::host::MAX_HOST_FRAME_BYTES);
    }
}
