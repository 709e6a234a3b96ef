//! The opaque signalling strings of host mode (specs/host-protocol.md §4.4): a session
//! description or a candidate list as `compressToBase64(JSON.stringify(value))`.
//!
//! serde_json's compact output equals `JSON.stringify`'s for these shapes (same escapes: the short
//! forms for `\b \f \n \r \t`, `\u00XX` in lowercase for other controls, nothing else escaped); the
//! vectors in tests/vectors/lz.json check it, control characters and U+2028 included. Decoding
//! is bounded: at most [`MAX_DECODED_UNITS`] UTF-16 units and [`MAX_CANDIDATES`] candidates.

use serde::{Deserialize, Serialize};

use super::error::{HostErrorCode, HostError};
use super::lz;

/// Longest decompressed text accepted (UTF-16 units).
pub const MAX_DECODED_UNITS: usize = 262_144;
/// Most candidates accepted in one string.
pub const MAX_CANDIDATES: usize = 256;

/// `RTCSessionDescriptionInit`, `type` first: the signaling protocol's description, whose
/// Dialtone-only fields are absent here (and skipped when written).
pub use crate::protocol::{SdpType, SessionDescription};

/// `RTCIceCandidate.toJSON()`, in its key order. Native peers add fields; they are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IceCandidateInit {
    pub candidate: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdp_mid: Option<String>,
    #[serde(
        rename = "sdpMLineIndex",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sdp_m_line_index: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_fragment: Option<String>,
}

/// The LZ string of a description.
pub fn encode_description(description: &SessionDescription) -> String {
    lz::compress_to_base64(&serde_json::to_string(description).unwrap_or_default())
}

/// Reads a description, which must be of type `expected` (`BAD_SDP` otherwise).
pub fn decode_description(text: &str, expected: SdpType) -> Result<SessionDescription, HostError> {
    let json = lz::decompress_from_base64(text, MAX_DECODED_UNITS).map_err(|e| {
        HostError::new(
            HostErrorCode::BadSdp,
            format!("cannot decompress the description: {e}"),
        )
    })?;
    let description: SessionDescription = serde_json::from_str(&json).map_err(|e| {
        HostError::new(
            HostErrorCode::BadSdp,
            format!("the description is not valid: {e}"),
        )
    })?;
    if description.sdp_type != expected {
        let wanted = if expected == SdpType::Offer {
            "an offer"
        } else {
            "an answer"
        };
        return Err(HostError::new(
            HostErrorCode::BadSdp,
            format!("the description is not {wanted}"),
        ));
    }
    Ok(description)
}

/// The LZ string of a candidate list (possibly empty).
pub fn encode_candidates(candidates: &[IceCandidateInit]) -> String {
    lz::compress_to_base64(&serde_json::to_string(candidates).unwrap_or_default())
}

/// Reads a candidate list (`BAD_CANDIDATES` when unusable or longer than [`MAX_CANDIDATES`]).
pub fn decode_candidates(text: &str) -> Result<Vec<IceCandidateInit>, HostError> {
    let json = lz::decompress_from_base64(text, MAX_DECODED_UNITS).map_err(|e| {
        HostError::new(
            HostErrorCode::BadCandidates,
            format!("cannot decompress the candidates: {e}"),
        )
    })?;
    let candidates: Vec<IceCandidateInit> = serde_json::from_str(&json).map_err(|e| {
        HostError::new(
            HostErrorCode::BadCandidates,
            format!("the candidates are not valid: {e}"),
        )
    })?;
    if candidates.len() > MAX_CANDIDATES {
        return Err(HostError::new(
            HostErrorCode::BadCandidates,
            "more than 256 candidates",
        ));
    }
    Ok(candidates)
}
