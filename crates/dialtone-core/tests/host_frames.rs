//! Frame encryption (specs/host-protocol.md §6, §10.4): given key, IV and frame, the exact bytes
//! of the spec's table and of vectors made independently with node's crypto (cross-checked
//! against WebCrypto by tests/vectors/gen_frames.cjs); decryption of both layouts; drops.

use dialtone_core::host::HostErrorCode;
use dialtone_core::host::frame_crypto::*;
use serde::Deserialize;

fn hex(text: &str) -> Vec<u8> {
    let text: String = text.split_whitespace().collect();
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

fn spec_key() -> FrameKey {
    FrameKey::from_bytes(std::array::from_fn(|i| i as u8))
}

const SPEC_IV: [u8; 12] = [
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
];

fn kind(name: &str) -> FrameKind {
    FrameKind::video(name).unwrap_or(FrameKind::Audio)
}

#[derive(Deserialize)]
struct Vectors {
    key: String,
    cases: Vec<Case>,
    reference: Vec<Reference>,
}

#[derive(Deserialize)]
struct Case {
    kind: String,
    iv: String,
    frame: String,
    encrypted: String,
}

#[derive(Deserialize)]
struct Reference {
    kind: String,
    frame: String,
    encrypted: String,
}

fn vectors() -> Vectors {
    serde_json::from_str(include_str!("vectors/frames.json")).expect("frames.json is valid")
}

#[test]
fn the_specs_table_encrypts_to_its_bytes() {
    let iv = "a0a1a2a3a4a5a6a7a8a9aaab";
    let table = [
        (
            FrameKind::VideoKey,
            "1002009d012a8002e001 010203040506",
            "1002009d012a8002e001 e71a7f2940cd87962e2fbba01ea797cfa2f9fc8749db",
        ),
        (
            FrameKind::VideoDelta,
            "310100 68656c6c6f",
            "310100 8e7d10412ab469edeb6fa84bae4731a07dbf70c564",
        ),
        (
            FrameKind::Audio,
            "fc aaaaaaaa",
            "fc 4cb2d687a5c40481c80b9794d18453c1271bafbe",
        ),
        (
            FrameKind::Audio,
            "fc",
            "fc 5c699625af4b93a0f8220a2a6119c5d0",
        ),
    ];
    for (kind, frame, out) in table {
        assert_eq!(
            encrypt_frame(&spec_key(), SPEC_IV, kind, &hex(frame)),
            hex(&format!("{out}{iv}")),
            "{frame}"
        );
    }
}

#[test]
fn every_generated_vector_encrypts_to_its_bytes() {
    let v = vectors();
    assert_eq!(hex(&v.key), spec_key().bytes().to_vec());
    for case in &v.cases {
        let iv: [u8; 12] = hex(&case.iv).try_into().expect("12-byte IV");
        let got = encrypt_frame(&spec_key(), iv, kind(&case.kind), &hex(&case.frame));
        assert_eq!(got, hex(&case.encrypted), "{} {}", case.kind, case.frame);
    }
}

#[test]
fn every_generated_vector_decrypts_to_its_frame() {
    for case in vectors().cases {
        let got = decrypt_frame(&spec_key(), kind(&case.kind), &hex(&case.encrypted));
        assert_eq!(got, Ok(hex(&case.frame)), "{} {}", case.kind, case.frame);
    }
}

#[test]
fn the_vectors_cover_every_prefix_size_and_short_frames() {
    let v = vectors();
    for (name, n) in [("key", 10), ("delta", 3), ("empty", 1), ("audio", 1)] {
        let lengths: Vec<usize> = v
            .cases
            .iter()
            .filter(|c| c.kind == name)
            .map(|c| c.frame.len() / 2)
            .collect();
        for len in [0, n, n + 1, 4000] {
            assert!(lengths.contains(&len), "{name}: no frame of {len} bytes");
        }
    }
}

#[test]
fn the_reference_layout_without_tag_decrypts_to_the_clear_prefix() {
    for case in vectors().reference {
        assert_eq!(
            decrypt_frame(&spec_key(), kind(&case.kind), &hex(&case.encrypted)),
            Ok(hex(&case.frame))
        );
    }
}

#[test]
fn the_prefix_stays_in_clear_and_the_iv_is_at_the_end() {
    let frame = hex("1002009d012a8002e001 ffffffff");
    let out = encrypt_frame(&spec_key(), SPEC_IV, FrameKind::VideoKey, &frame);
    assert_eq!(&out[..10], &frame[..10]);
    assert_eq!(&out[out.len() - 12..], &SPEC_IV);
    assert_eq!(out.len(), frame.len() + 16 + 12);
}

#[test]
fn a_flipped_bit_drops_the_frame() {
    let out = encrypt_frame(
        &spec_key(),
        SPEC_IV,
        FrameKind::VideoDelta,
        &hex("310100 68656c6c6f"),
    );
    for index in 3..out.len() {
        let mut damaged = out.clone();
        damaged[index] ^= 0x01;
        assert_eq!(
            decrypt_frame(&spec_key(), FrameKind::VideoDelta, &damaged),
            Err(FrameDropped::Unauthentic),
            "byte {index}"
        );
    }
}

#[test]
fn another_key_drops_the_frame() {
    let out = encrypt_frame(&spec_key(), SPEC_IV, FrameKind::Audio, &hex("fc aaaaaaaa"));
    let other = FrameKey::from_bytes([7; 32]);
    assert_eq!(
        decrypt_frame(&other, FrameKind::Audio, &out),
        Err(FrameDropped::Unauthentic)
    );
}

#[test]
fn a_frame_shorter_than_an_iv_is_dropped() {
    assert_eq!(
        decrypt_frame(&spec_key(), FrameKind::Audio, &[0; 11]),
        Err(FrameDropped::TooShort)
    );
    assert_eq!(
        decrypt_frame(&spec_key(), FrameKind::Audio, &[]),
        Err(FrameDropped::TooShort)
    );
}

#[test]
fn a_body_shorter_than_a_tag_is_dropped() {
    // Audio: 1 clear byte, 10 body bytes, IV.
    let data = [vec![0xfc], vec![0x55; 10], SPEC_IV.to_vec()].concat();
    assert_eq!(
        decrypt_frame(&spec_key(), FrameKind::Audio, &data),
        Err(FrameDropped::TooShort)
    );
}

#[test]
fn the_spec_example_key_decodes_to_bytes_0_to_31() {
    let key = FrameKey::decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").expect("valid key");
    assert_eq!(key, spec_key());
    assert_eq!(key.encode(), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
}

#[test]
fn an_unpadded_key_is_accepted() {
    assert_eq!(
        FrameKey::decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8").ok(),
        Some(spec_key())
    );
}

#[test]
fn url_safe_characters_decode() {
    let key = FrameKey::from_bytes([0xfb; 32]);
    let text = key.encode();
    assert!(text.contains('-') || text.contains('_'), "{text}");
    assert_eq!(FrameKey::decode(&text).ok(), Some(key));
}

#[test]
fn unusable_keys_are_bad_key() {
    let bad = [
        "",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", // 31 bytes
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==", // 34 bytes
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ", // 34 bytes unpadded
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", // 33 bytes
        "++++++++++++++++++++++++++++++++++++++++++8=", // standard alphabet
        "////////////////////////////////////////////",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8==", // too much padding
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9=",  // non-zero trailing bits
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8 ",
    ];
    for text in bad {
        assert_eq!(
            FrameKey::decode(text).map_err(|e| e.code),
            Err(HostErrorCode::BadKey),
            "{text:?}"
        );
    }
}

#[test]
fn the_key_is_never_in_debug_output() {
    let key = FrameKey::decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").expect("valid key");
    let shown = format!("{key:?}");
    assert!(
        !shown.contains("AAEC") && !shown.contains("0, 1, 2"),
        "{shown}"
    );
}
