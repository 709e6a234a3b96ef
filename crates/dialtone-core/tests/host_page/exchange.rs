//! The exchange after `start`: `offer`, `answer` and `ice` (§4.2–4.5), and their errors.

use dialtone_core::host::page::*;
use dialtone_core::host::signal::SdpType;
use dialtone_core::host::HostErrorCode;
use serde_json::json;

use super::*;

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
fn a_call_adds_at_most_its_bound_of_remote_candidates_and_says_so() {
    // A peer has a few dozen candidates; a hostile one must not have this browser check any
    // number of addresses.
    let mut page = Page::answerer();
    let batch = |from: u32| -> Vec<IceCandidateInit> { (from..from + 256).map(candidate).collect() };
    let mut added = 0;
    for (n, from) in [0, 256].into_iter().enumerate() {
        let actions = page.command(4 + n as u64, json!({"type": "ice", "iceCandidates": lz_candidates(&batch(from))}));
        assert_eq!(sent(&actions)[0]["resp"], json!({"type": "ok"}));
        for action in &actions {
            if let Action::AddRemoteCandidates(candidates) = action {
                added += candidates.len();
            }
        }
    }
    assert_eq!(added, MAX_REMOTE_CANDIDATES);
    let actions = page.command(6, json!({"type": "ice", "iceCandidates": lz_candidates(&batch(512))}));
    assert!(!actions.iter().any(|a| matches!(a, Action::AddRemoteCandidates(_))), "none past the bound");
    assert_eq!(error_code(&actions), code(HostErrorCode::BadCandidates));
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
