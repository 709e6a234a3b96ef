//! End-to-end frame encryption (specs/host-protocol.md §6): the shared key and the byte layout
//! of an encrypted encoded frame, as pure functions. The page's transform worker applies them to
//! each frame (or reproduces them with WebCrypto); either way the bytes are these.
//!
//! ```text
//! encrypted = P || C || T || IV
//! P  = the first min(n, len) bytes, in clear (n by frame kind: VP8 key 10, delta 3, empty 1, audio 1)
//! C || T = AES-256-GCM(key, IV, rest), no additional data, T the 16-byte tag
//! IV = 12 bytes, appended at the end (a fresh random value per frame, given by the caller)
//! ```
//!
//! Choices where the spec leaves room:
//! - The IV is an argument: this crate has no randomness. The page draws it from
//!   `crypto.getRandomValues` for every frame.
//! - Dialtone always writes `C || T`, so an empty rest still carries its 16-byte tag. It reads the
//!   reference page's `P || IV` (no tag when the rest is empty) as the clear prefix alone.
//! - A frame shorter than its prefix (`P` = the whole frame) is written `P || T || IV`. When the
//!   bytes between the prefix and the IV are fewer than a tag, the decoder therefore tries the last
//!   16 of them as the tag of an empty rest before dropping the frame, so such frames survive a
//!   round trip; this cannot be confused with the reference's tagless layout, which is never
//!   longer than `n + 12` bytes.
//! - The key text is base64url with or without `=` padding; `+`, `/`, other lengths and non-zero
//!   trailing bits are `BAD_KEY`. The key never appears in `Debug` output.

use std::fmt;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Nonce};

use super::error::{HostErrorCode, HostError};

pub const KEY_LEN: usize = 32;
pub const IV_LEN: usize = 12;
pub const TAG_LEN: usize = 16;

/// What the encoded frame is, which decides its clear prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// VP8 key frame: frame tag, start code and dimensions stay readable.
    VideoKey,
    /// VP8 interframe: the 3-byte frame tag stays readable.
    VideoDelta,
    VideoEmpty,
    /// An audio frame (no `type`): the Opus TOC byte stays readable.
    Audio,
}

impl FrameKind {
    /// The video frame's `type` as the encoded-transform API names it (`key`, `delta`, `empty`).
    pub fn video(frame_type: &str) -> Option<FrameKind> {
        match frame_type {
            "key" => Some(FrameKind::VideoKey),
            "delta" => Some(FrameKind::VideoDelta),
            "empty" => Some(FrameKind::VideoEmpty),
            _ => None,
        }
    }

    /// `n`: how many leading bytes stay in clear.
    pub fn clear_prefix(self) -> usize {
        match self {
            FrameKind::VideoKey => 10,
            FrameKind::VideoDelta => 3,
            FrameKind::VideoEmpty | FrameKind::Audio => 1,
        }
    }
}

/// The call's AES-256 key.
#[derive(Clone)]
pub struct FrameKey {
    bytes: [u8; KEY_LEN],
}

impl fmt::Debug for FrameKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FrameKey(..)")
    }
}

impl PartialEq for FrameKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl FrameKey {
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        FrameKey { bytes }
    }

    /// Reads an `aesKey` (§6.1).
    pub fn decode(text: &str) -> Result<FrameKey, HostError> {
        let bytes = decode_base64url(text)
            .ok_or_else(|| HostError::new(HostErrorCode::BadKey, "the key is not base64url"))?;
        let bytes: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| HostError::new(HostErrorCode::BadKey, "the key is not 32 bytes"))?;
        Ok(FrameKey { bytes })
    }

    /// The raw key, for the worker that imports it.
    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.bytes
    }

    /// Padded base64url, as the reference writes it.
    pub fn encode(&self) -> String {
        encode_base64url(&self.bytes)
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&self.bytes))
    }
}

/// Why a received frame was dropped (the stream goes on; the page counts these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameDropped {
    /// Too short to hold an IV, or a body too short for a tag.
    TooShort,
    /// The tag check failed: another key, or damaged bytes.
    Unauthentic,
}

/// Encrypts one encoded frame with the given IV.
pub fn encrypt_frame(key: &FrameKey, iv: [u8; IV_LEN], kind: FrameKind, frame: &[u8]) -> Vec<u8> {
    let split = kind.clear_prefix().min(frame.len());
    let (clear, rest) = frame.split_at(split);
    let mut out = Vec::with_capacity(frame.len() + TAG_LEN + IV_LEN);
    out.extend_from_slice(clear);
    // AES-GCM fails only past 64 GiB of plaintext; an encoded frame is far below.
    let sealed = key
        .cipher()
        .encrypt(Nonce::from_slice(&iv), rest)
        .unwrap_or_default();
    out.extend_from_slice(&sealed);
    out.extend_from_slice(&iv);
    out
}

/// Decrypts one received frame, or says why it must be dropped.
pub fn decrypt_frame(
    key: &FrameKey,
    kind: FrameKind,
    data: &[u8],
) -> Result<Vec<u8>, FrameDropped> {
    let end = data
        .len()
        .checked_sub(IV_LEN)
        .ok_or(FrameDropped::TooShort)?;
    let (sealed_part, iv) = data.split_at(end);
    let n = kind.clear_prefix();
    if end <= n {
        // The reference page's layout for an empty rest: `P || IV`, nothing to authenticate.
        return Ok(sealed_part.to_vec());
    }
    let split = if end - n >= TAG_LEN {
        n
    } else {
        end.checked_sub(TAG_LEN).ok_or(FrameDropped::TooShort)?
    };
    let (clear, sealed) = sealed_part.split_at(split);
    let rest = key
        .cipher()
        .decrypt(Nonce::from_slice(iv), sealed)
        .map_err(|_| FrameDropped::Unauthentic)?;
    let mut out = Vec::with_capacity(clear.len() + rest.len());
    out.extend_from_slice(clear);
    out.extend_from_slice(&rest);
    Ok(out)
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode_base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let group = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64URL[((group >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64url with optional `=` padding; `None` for anything else.
fn decode_base64url(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    if padding > 0 && (!text.len().is_multiple_of(4) || padding > 2) {
        return None;
    }
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in body.bytes() {
        let value = BASE64URL.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero, or the text was not written by an encoder.
    (acc == 0).then_some(out)
}
