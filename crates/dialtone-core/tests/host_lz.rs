//! LZ-string compatibility (specs/host-protocol.md §4.4, §10.3): the Rust codec reproduces every
//! output of the npm library byte for byte and decodes every one; corrupt input fails cleanly.
//! Vectors: tests/vectors/lz.json, written by tests/vectors/gen_lz.cjs with lz-string 1.5.0.

use dialtone_core::host::HostErrorCode;
use dialtone_core::host::lz::{self, LzError};
use dialtone_core::host::signal::{self, IceCandidateInit, SdpType, SessionDescription};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    library: String,
    cases: Vec<Case>,
    units: Vec<UnitCase>,
    json: Vec<JsonCase>,
}

#[derive(Deserialize)]
struct Case {
    input: String,
    output: String,
}

#[derive(Deserialize)]
struct UnitCase {
    units: Vec<u16>,
    output: String,
}

#[derive(Deserialize)]
struct JsonCase {
    kind: String,
    value: serde_json::Value,
    json: String,
    output: String,
}

const NO_LIMIT: usize = usize::MAX;

fn vectors() -> Vectors {
    let text = include_str!("vectors/lz.json");
    serde_json::from_str(text).expect("lz.json is valid")
}

#[test]
fn the_vectors_come_from_lz_string_1_5_0_and_cover_the_spec() {
    let v = vectors();
    assert_eq!(v.library, "lz-string@1.5.0");
    assert!(v.cases.len() > 1000);
    assert!(
        v.cases
            .iter()
            .any(|c| c.input.encode_utf16().count() > 65_536)
    );
    assert!(
        v.cases
            .iter()
            .any(|c| c.input.chars().any(|ch| ch as u32 > 0xffff))
    );
}

#[test]
fn the_specs_table_compresses_as_written() {
    assert_eq!(lz::compress_to_base64(""), "Q===");
    assert_eq!(lz::compress_to_base64("[]"), "NoXSA===");
    assert_eq!(
        lz::compress_to_base64(
            "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\n\"}"
        ),
        "N4IgLgngDgpiBcID2AzFMBOIA0IDOAJlAiAG4C8ADADobUB2S5AtAAQCMrATKwJIByfAAoAWDlwDsAOkoyp7WgzwtF9MFVY069EAF8gA"
    );
}

#[test]
fn compression_matches_the_library_for_every_vector() {
    let mut wrong = Vec::new();
    for case in vectors().cases {
        if lz::compress_to_base64(&case.input) != case.output {
            wrong.push(case.input.chars().take(40).collect::<String>());
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differ, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(5)]
    );
}

#[test]
fn decompression_recovers_every_vector() {
    for case in vectors().cases {
        assert_eq!(
            lz::decompress_from_base64(&case.output, NO_LIMIT).as_deref(),
            Ok(case.input.as_str())
        );
    }
}

#[test]
fn lone_surrogates_compress_like_the_library_and_are_not_utf16() {
    for case in vectors().units {
        assert_eq!(lz::compress_units(&case.units), case.output);
        assert_eq!(
            lz::decompress_units(&case.output, NO_LIMIT),
            Ok(case.units.clone())
        );
        assert_eq!(
            lz::decompress_from_base64(&case.output, NO_LIMIT),
            Err(LzError::NotUtf16)
        );
    }
}

#[test]
fn the_phrase_proto_is_never_matched_like_the_library() {
    // Without the quirk, the dictionary would match `__proto__` here and the output would differ.
    let input = "__proto__".repeat(60);
    let case = vectors()
        .cases
        .into_iter()
        .find(|c| c.input == input)
        .expect("vector present");
    assert_eq!(lz::compress_to_base64(&input), case.output);
}

#[test]
fn serde_json_writes_what_json_stringify_wrote() {
    for case in vectors().json {
        let written = match case.kind.as_str() {
            "description" => {
                let value: SessionDescription =
                    serde_json::from_value(case.value).expect("a description");
                assert_eq!(signal::encode_description(&value), case.output);
                serde_json::to_string(&value)
            }
            _ => {
                let value: Vec<IceCandidateInit> =
                    serde_json::from_value(case.value).expect("candidates");
                assert_eq!(signal::encode_candidates(&value), case.output);
                serde_json::to_string(&value)
            }
        };
        assert_eq!(written.expect("writes"), case.json);
    }
}

#[test]
fn descriptions_and_candidates_decode_from_library_output() {
    for case in vectors().json {
        match case.kind.as_str() {
            "description" => {
                let expected: SessionDescription =
                    serde_json::from_value(case.value).expect("a description");
                assert_eq!(
                    signal::decode_description(&case.output, expected.sdp_type),
                    Ok(expected)
                );
            }
            _ => {
                let expected: Vec<IceCandidateInit> =
                    serde_json::from_value(case.value).expect("candidates");
                assert_eq!(signal::decode_candidates(&case.output), Ok(expected));
            }
        }
    }
}

#[test]
fn a_description_of_the_wrong_type_is_bad_sdp() {
    let offer = signal::encode_description(&SessionDescription::new(SdpType::Offer, "v=0\r\n"));
    assert_eq!(
        signal::decode_description(&offer, SdpType::Answer).map_err(|e| e.code),
        Err(HostErrorCode::BadSdp)
    );
}

#[test]
fn a_description_ignores_extra_fields() {
    let text = lz::compress_to_base64(r#"{"type":"answer","sdp":"v=0","x":[1]}"#);
    assert_eq!(
        signal::decode_description(&text, SdpType::Answer),
        Ok(SessionDescription::new(SdpType::Answer, "v=0"))
    );
}

#[test]
fn candidates_from_native_peers_with_extra_and_missing_fields_are_read() {
    let text = lz::compress_to_base64(
        r#"[{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMLineIndex":1,"candidateType":"host","protocol":"udp"},{"candidate":"c","sdpMid":null}]"#,
    );
    let candidates = signal::decode_candidates(&text).expect("reads");
    assert_eq!(candidates[0].sdp_m_line_index, Some(1));
    assert_eq!(candidates[0].sdp_mid, None);
    assert_eq!(candidates[1].username_fragment, None);
}

#[test]
fn more_than_256_candidates_are_bad_candidates() {
    let one = IceCandidateInit {
        candidate: "c".into(),
        sdp_mid: None,
        sdp_m_line_index: None,
        username_fragment: None,
    };
    assert_eq!(
        signal::decode_candidates(&signal::encode_candidates(&vec![one.clone(); 256]))
            .map(|c| c.len()),
        Ok(256)
    );
    let refused = signal::decode_candidates(&signal::encode_candidates(&vec![one; 257]));
    assert_eq!(refused.map_err(|e| e.code), Err(HostErrorCode::BadCandidates));
}

#[test]
fn output_over_the_limit_is_refused() {
    let text = lz::compress_to_base64(&"ab".repeat(1000));
    assert_eq!(
        lz::decompress_from_base64(&text, 2000).map(|s| s.len()),
        Ok(2000)
    );
    assert_eq!(
        lz::decompress_from_base64(&text, 1999),
        Err(LzError::TooLong)
    );
}

#[test]
fn a_character_outside_the_alphabet_is_refused() {
    assert_eq!(
        lz::decompress_from_base64("NoX-A===", NO_LIMIT),
        Err(LzError::BadCharacter)
    );
    assert_eq!(
        lz::decompress_from_base64("No XSA==", NO_LIMIT),
        Err(LzError::BadCharacter)
    );
}

#[test]
fn empty_and_truncated_streams_are_corrupt() {
    assert_eq!(
        lz::decompress_from_base64("", NO_LIMIT),
        Err(LzError::Corrupt)
    );
    let full =
        lz::compress_to_base64("a fairly long string, long enough to need several characters");
    assert_eq!(
        lz::decompress_from_base64(&full[..full.len() / 2], NO_LIMIT),
        Err(LzError::Corrupt)
    );
}

#[test]
fn json_that_is_not_a_candidate_list_is_bad_candidates() {
    for json in ["{}", "[1]", r#"[{"sdpMid":"0"}]"#, "not json"] {
        let code = signal::decode_candidates(&lz::compress_to_base64(json)).map_err(|e| e.code);
        assert_eq!(code, Err(HostErrorCode::BadCandidates), "{json}");
    }
}

#[test]
fn arbitrary_input_never_panics() {
    // Every short string over the alphabet: an error or a string, never a panic or a hang.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
    for a in alphabet {
        for b in alphabet {
            for c in [b'A', b'g', b'/', b'='] {
                let text = String::from_utf8(vec![*a, *b, c, b'Q']).expect("ascii");
                let _ = lz::decompress_from_base64(&text, 1024);
            }
        }
    }
}
