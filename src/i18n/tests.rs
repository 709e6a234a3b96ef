//! The catalogues are complete and every message formats in every language.

use super::*;

#[test]
fn every_catalogue_has_every_english_key_and_only_english_arguments() {
    // build.rs records a key missing from a translation (it falls back to English), a key
    // English lacks, a variable English does not pass or one a translation never uses, an
    // unsupported construct and a parse error.
    assert!(PROBLEMS.is_empty(), "catalogue problems:\n{}", PROBLEMS.join("\n"));
}

/// Sample arguments for message `index`: numbers across plural forms, a recognisable name.
fn samples(index: usize) -> Vec<Vec<(Arg<'static>, &'static str)>> {
    [0_i64, 1, 2, 5, 21, 1_000_000]
        .into_iter()
        .map(|n| {
            ARGS[index]
                .iter()
                .map(|(_, numeric, shown)| match (numeric, shown) {
                    (true, _) => (Arg::Num(n), ""),
                    (false, true) => (Arg::Text("Zoë Quill"), "Zoë Quill"),
                    // A word that only chooses a variant: each of the English keys in turn.
                    (false, false) => (Arg::Text(if n % 2 == 0 { "video" } else { "audio" }), ""),
                })
                .collect()
        })
        .collect()
}

#[test]
fn every_message_formats_with_its_arguments_in_every_language() {
    for lang in Lang::ALL {
        for (index, id) in IDS.iter().enumerate() {
            for sample in samples(index) {
                let args: Vec<Arg> = sample.iter().map(|(a, _)| *a).collect();
                let text = render_in(lang, ALL[index], &args);
                assert!(!text.trim().is_empty(), "{lang:?} {id} is empty");
                assert!(!text.contains("{$") && !text.contains('{'), "{lang:?} {id} has an unresolved placeable: {text}");
                for (_, shown) in &sample {
                    assert!(shown.is_empty() || text.contains(shown), "{lang:?} {id} drops its text argument: {text}");
                }
            }
        }
    }
}

#[test]
fn plural_categories_follow_cldr() {
    use plural::category;
    for (n, en, es) in [(0, "other", "other"), (1, "one", "one"), (2, "other", "other"), (11, "other", "other"), (1_000_000, "other", "many"), (2_000_000, "other", "many"), (1_000_001, "other", "other")] {
        assert_eq!(category(Lang::En, n), en, "en {n}");
        assert_eq!(category(Lang::De, n), en, "de {n}");
        assert_eq!(category(Lang::Es, n), es, "es {n}");
    }
}

#[test]
fn language_tags_map_to_catalogues_by_primary_subtag() {
    assert_eq!(Lang::from_tag("de-AT"), Some(Lang::De));
    assert_eq!(Lang::from_tag("es_419"), Some(Lang::Es));
    assert_eq!(Lang::from_tag("EN-us"), Some(Lang::En));
    assert_eq!(Lang::from_tag("fr-FR"), None);
    assert_eq!(Lang::from_tag(""), None);
}

#[test]
fn each_language_names_itself() {
    let names: Vec<String> = Lang::ALL.iter().map(|l| l.own_name()).collect();
    assert_eq!(names, ["English", "Deutsch", "Español"]);
}

#[test]
fn codes_localise_with_the_core_sentence_as_fallback() {
    set_test_language(Lang::De);
    assert_eq!(end_sentence("REMOTE_HUNG_UP", "They hung up."), "Die andere Person hat aufgelegt.");
    assert_eq!(ended_label("NO_ANSWER", "No answer"), "Keine Antwort");
    assert_eq!(sentence("SOMETHING_NEW", "A new sentence."), "A new sentence.");
    // A notice's code is a client error first: this browser, not theirs.
    assert!(sentence("WEBRTC_UNAVAILABLE", "").starts_with("Mit diesem Browser"));
    set_test_language(Lang::En);
}

#[test]
fn english_catalogue_says_what_the_core_says() {
    use dialtone_core::errors::ClientError;
    use dialtone_core::protocol::EndReason;
    set_test_language(Lang::En);
    for error in [ClientError::SignalingLost, ClientError::SignalingLostInCall, ClientError::AudioStreamFailed, ClientError::BaseServer, ClientError::PrivateChatUnavailable, ClientError::ChatOffline, ClientError::ChatTooLong, ClientError::ChatRecipientLeft, ClientError::ScreenCaptureFailed, ClientError::RecordingNoticeUndeliverable, ClientError::MicLost, ClientError::MicReopened, ClientError::CameraLost, ClientError::CameraReopened, ClientError::RoomFull, ClientError::FullscreenRefused, ClientError::PipRefused] {
        assert_eq!(sentence(error.code(), ""), error.sentence(), "{}", error.code());
    }
    // The machine's notices about devices are catalogue sentences, so they translate whole.
    use dialtone_core::client::{CAMERA_SWITCH_FAILED, MICROPHONE_SWITCH_FAILED, PROCESSING_FAILED};
    assert_eq!(t::notice_camera_busy(), CAMERA_SWITCH_FAILED);
    assert_eq!(t::notice_microphone_busy(), MICROPHONE_SWITCH_FAILED);
    assert_eq!(t::processing_failed(), PROCESSING_FAILED);
    for reason in [EndReason::RemoteHungUp, EndReason::NoAnswer, EndReason::DeviceInUse, EndReason::BadSdp] {
        assert_eq!(end_sentence(reason.code(), ""), reason.sentence(), "{}", reason.code());
        assert_eq!(ended_label(reason.code(), ""), reason.short_label(), "{}", reason.code());
    }
}

#[test]
fn notices_translate_by_their_english_sentence_then_by_code() {
    let english = dialtone_core::errors::ClientError::SignalingLost.sentence();
    set_test_language(Lang::Es);
    assert!(notice_text("SIGNALING_LOST", english).starts_with("Se perdió la conexión"));
    // A more specific English sentence under a known code: the code's sentence stands in.
    assert!(notice_text("DEVICE_IN_USE", "Could not switch to that gadget.").starts_with("Tu micrófono o tu cámara"));
    assert_eq!(notice_text("UNKNOWN_TYPE", "The server said no"), "The server said no");
    set_test_language(Lang::En);
    assert_eq!(notice_text("DEVICE_IN_USE", "Could not switch to that gadget."), "Could not switch to that gadget.");
}

#[test]
fn durations_read_aloud_with_plurals() {
    set_test_language(Lang::En);
    assert_eq!(spoken_duration(1_000), "1 second");
    assert_eq!(spoken_duration(65_000), "1 minute 5 seconds");
    assert_eq!(spoken_duration(2 * 3_600_000 + 121_000), "2 hours 2 minutes 1 second");
    set_test_language(Lang::De);
    assert_eq!(spoken_duration(61_000), "1 Minute 1 Sekunde");
    assert_eq!(spoken_duration(3_000), "3 Sekunden");
    set_test_language(Lang::Es);
    assert_eq!(spoken_duration(3_600_000 + 2_000), "1 hora 2 segundos");
    set_test_language(Lang::En);
}

#[test]
fn plurals_choose_their_form_by_count() {
    set_test_language(Lang::En);
    assert_eq!(t::people_online_count(1), "1 person online");
    assert_eq!(t::people_online_count(3), "3 people online");
    set_test_language(Lang::De);
    assert_eq!(t::people_online_count(1), "1 Person online");
    assert_eq!(t::people_online_count(0), "0 Personen online");
    set_test_language(Lang::En);
}

#[test]
fn core_labels_translate_by_their_english_and_unknown_ones_stay() {
    use dialtone_core::call::{CallState, Direction};
    use dialtone_core::protocol::MediaKind;
    set_test_language(Lang::De);
    for state in [CallState::WaitCapabilities, CallState::InvitationSent, CallState::InvitationReceived, CallState::Negotiated, CallState::Connected, CallState::Ended] {
        for media in [MediaKind::Audio, MediaKind::Video] {
            let english = state.label(Direction::Outgoing, media);
            assert_ne!(translate(english), english, "{state:?} {media:?} has no German");
        }
    }
    assert_eq!(translate("Something the catalogue lacks"), "Something the catalogue lacks");
    set_test_language(Lang::En);
}

#[test]
fn run_time_ids_resolve_for_every_value_the_core_has() {
    use dialtone_core::audio_stream::StreamStatus;
    use dialtone_core::mediasfu::status::{Phase, SipCallDirection};
    set_test_language(Lang::De);
    for status in [StreamStatus::Idle, StreamStatus::Connecting, StreamStatus::Active, StreamStatus::Reconnecting, StreamStatus::Failed] {
        let id = format!("stream-status-{}", status.as_str());
        assert_ne!(lookup(&id, "missing"), "missing", "{id}");
    }
    use dialtone_core::mediasfu::call_log::NOT_FOLLOWED_CODE;
    use dialtone_core::mediasfu::status::Outcome;
    let outcomes = [Outcome::Completed, Outcome::Declined, Outcome::Busy, Outcome::Cancelled, Outcome::Failed];
    let phases = [Phase::Dialing, Phase::Ringing, Phase::Connected, Phase::OnHold].into_iter().chain(outcomes.map(Phase::Ended));
    for code in phases.map(|p| p.code()).chain([NOT_FOLLOWED_CODE.to_owned()]) {
        let id = format!("tel-phase-{code}");
        assert_ne!(lookup(&id, "missing"), "missing", "{id}");
    }
    for outcome in outcomes {
        let id = format!("tel-outcome-{}", outcome.token());
        assert_ne!(lookup(&id, "missing"), "missing", "{id}");
    }
    assert_eq!(lookup("tel-outcome-busy", "Busy"), "besetzt");
    for direction in [SipCallDirection::Incoming, SipCallDirection::Outgoing] {
        let id = format!("tel-direction-{}", direction.label().to_lowercase());
        assert_ne!(lookup(&id, "missing"), "missing", "{id}");
    }
    assert_eq!(lookup("stream-status-unheard-of", "fallback"), "fallback");
    set_test_language(Lang::En);
}

#[test]
fn decimals_use_the_language_s_mark() {
    set_test_language(Lang::En);
    assert_eq!(decimal1(0.44), "0.4");
    set_test_language(Lang::De);
    assert_eq!(decimal1(2.0), "2,0");
    assert_eq!(megabytes(1_260_000), "1,3");
    assert_eq!(megabytes(24_000), "< 0,1", "a second of audio is not an empty file");
    set_test_language(Lang::En);
    assert_eq!(megabytes(49_999), "< 0.1");
    assert_eq!(megabytes(50_000), "0.1");
}

#[test]
fn notices_already_in_the_reader_s_language_stay_and_server_refusals_keep_their_detail() {
    set_test_language(Lang::De);
    let german = t::notice_camera_busy();
    assert_eq!(notice_text("DEVICE_IN_USE", &german), german);
    assert_eq!(notice_text("DEVICE_IN_USE", "Could not switch to that camera: it may be in use by another application."), german);
    assert_eq!(notice_text("RATE_LIMITED", "The server refused a message: slow down"), "Der Server hat eine Nachricht abgelehnt: slow down");
    set_test_language(Lang::En);
}

#[test]
fn an_end_from_their_side_says_whose_it_was() {
    use dialtone_core::protocol::EndReason;
    set_test_language(Lang::En);
    let denied = EndReason::MicPermissionDenied;
    assert_eq!(ended::headline(denied, true, "Bob"), "Bob's microphone or camera could not start, so the call ended.");
    assert!(ended::headline(denied, false, "Bob").contains("your microphone"), "ours reads as ours");
    assert_eq!(ended::label(denied, true), "Their mic or camera failed");
    assert_eq!(ended::label(denied, false), "Permission denied");
    assert_eq!(ended::label(EndReason::Switched, true), "They took another call");
    assert_eq!(ended::label(EndReason::Switched, false), "Switched");
    // Reasons with no side to tell keep their one label either way.
    assert_eq!(ended::label(EndReason::Rejected, true), ended::label(EndReason::Rejected, false));
    set_test_language(Lang::De);
    assert_eq!(ended::label(denied, true), "Gerät der anderen Person fehlgeschlagen");
    set_test_language(Lang::En);
}

#[test]
fn someone_without_a_name_is_named_in_the_reader_s_language() {
    use dialtone_core::presence::PeerSummary;
    let unnamed = PeerSummary { id: "0a15b3c9d2".into(), name: None, busy: false, takes_calls: true };
    let named = PeerSummary { name: Some("Ana".into()), ..unnamed.clone() };
    set_test_language(Lang::De);
    assert_eq!(names::listed(&unnamed), "Teilnehmer 0a15b3");
    assert_eq!(names::listed(&named), "Ana");
    set_test_language(Lang::Es);
    assert_eq!(names::person(None, "0a15b3c9d2"), "Participante 0a15b3");
    set_test_language(Lang::En);
    assert_eq!(names::person(None, "0a15b3c9d2"), "Peer 0a15b3");
}
