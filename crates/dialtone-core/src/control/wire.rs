//! The data channel's frames. They read like signaling frames without routing (the channel
//! belongs to one call and one peer), so an event's payload is the very `call-end`, `call-media`
//! or `call-recording` payload the server would relay, `seq` included:
//!
//! ```text
//! {"type":"hello","payload":{"v":1,"id":"<signaling id>","name":"Alice"}}
//! {"type":"call-media","payload":{"callId":"…","source":"mic","enabled":false,"seq":3}}
//! {"type":"call-end","payload":{"callId":"…","reason":"HUNG_UP","seq":4}}
//! {"type":"call-recording","payload":{"callId":"…","recording":true,"seq":5}}
//! {"type":"ack","payload":{"seq":3}}
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::protocol::{CallEnd, CallId, CallMedia, CallRecording, Message, PeerId, Routed};

/// The label of the call's control channel; the caller creates it (in band) before its offer.
pub const CHANNEL_LABEL: &str = "dialtone-control";
/// The channel's sub-protocol: the version of these frames.
pub const CHANNEL_PROTOCOL: &str = "dialtone-control/1";
/// Frames over this size are refused unread (the peer controls them).
pub const MAX_CONTROL_FRAME_BYTES: usize = 16 * 1024;
/// Names longer than this (in characters) are cut.
const MAX_NAME_CHARS: usize = 64;

/// Whether a data channel the peer opened is the call's control channel.
pub fn is_control_channel(label: &str, protocol: &str) -> bool {
    label == CHANNEL_LABEL && (protocol.is_empty() || protocol == CHANNEL_PROTOCOL)
}

/// Who is at the other end of the channel: sent by both sides as soon as it opens (and again when
/// a side's signaling id changes). The first hello received makes the channel usable: it proves a
/// Dialtone peer reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlHello {
    #[serde(rename = "v")]
    pub version: u32,
    /// The sender's current id on the signaling server (changes when a server forgets it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<PeerId>,
    /// The sender's display name: a base server never tells it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One in-call control event, with the sender's number in it.
#[derive(Debug, Clone, PartialEq)]
pub enum ControlEvent {
    End(CallEnd),
    Media(CallMedia),
    Recording(CallRecording),
}

impl ControlEvent {
    pub fn call_id(&self) -> &CallId {
        match self {
            ControlEvent::End(e) => &e.call_id,
            ControlEvent::Media(m) => &m.call_id,
            ControlEvent::Recording(r) => &r.call_id,
        }
    }

    pub fn seq(&self) -> Option<u64> {
        match self {
            ControlEvent::End(e) => e.seq,
            ControlEvent::Media(m) => m.seq,
            ControlEvent::Recording(r) => r.seq,
        }
    }

    pub(crate) fn set_seq(&mut self, seq: u64) {
        match self {
            ControlEvent::End(e) => e.seq = Some(seq),
            ControlEvent::Media(m) => m.seq = Some(seq),
            ControlEvent::Recording(r) => r.seq = Some(seq),
        }
    }

    /// The same event as a signaling message to `to`.
    pub fn to_message(&self, to: PeerId) -> Message {
        match self.clone() {
            ControlEvent::End(e) => Message::CallEnd(Routed::to(to, e)),
            ControlEvent::Media(m) => Message::CallMedia(Routed::to(to, m)),
            ControlEvent::Recording(r) => Message::CallRecording(Routed::to(to, r)),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            ControlEvent::End(_) => "call-end",
            ControlEvent::Media(_) => "call-media",
            ControlEvent::Recording(_) => "call-recording",
        }
    }
}

/// A frame on the control channel.
#[derive(Debug, Clone, PartialEq)]
pub enum ControlFrame {
    Hello(ControlHello),
    Event(ControlEvent),
    /// The receiver got event `seq` (over either path).
    Ack { seq: u64 },
}

/// Why a frame from the peer was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    TooLarge { bytes: usize },
    Malformed(String),
    /// A frame type this version does not know: a newer peer's; skipped.
    Unknown(String),
}

impl FrameError {
    /// A stable code, for logs.
    pub fn code(&self) -> &'static str {
        match self {
            FrameError::TooLarge { .. } => "TOO_LARGE",
            FrameError::Malformed(_) => "MALFORMED",
            FrameError::Unknown(_) => "UNKNOWN_TYPE",
        }
    }
}

#[derive(Deserialize)]
struct RawFrame {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    payload: Value,
}

#[derive(Serialize, Deserialize)]
struct AckPayload {
    seq: u64,
}

impl ControlFrame {
    /// Parses one text frame from the peer.
    pub fn parse(text: &str) -> Result<ControlFrame, FrameError> {
        if text.len() > MAX_CONTROL_FRAME_BYTES {
            return Err(FrameError::TooLarge { bytes: text.len() });
        }
        let raw: RawFrame = serde_json::from_str(text).map_err(|e| FrameError::Malformed(e.to_string()))?;
        fn typed<T: serde::de::DeserializeOwned>(payload: Value) -> Result<T, FrameError> {
            T::deserialize(payload).map_err(|e| FrameError::Malformed(e.to_string()))
        }
        Ok(match raw.kind.as_str() {
            "hello" => {
                let mut hello: ControlHello = typed(raw.payload)?;
                hello.name = hello.name.as_deref().and_then(clean_name);
                ControlFrame::Hello(hello)
            }
            "call-end" => ControlFrame::Event(ControlEvent::End(typed(raw.payload)?)),
            "call-media" => ControlFrame::Event(ControlEvent::Media(typed(raw.payload)?)),
            "call-recording" => ControlFrame::Event(ControlEvent::Recording(typed(raw.payload)?)),
            "ack" => ControlFrame::Ack { seq: typed::<AckPayload>(raw.payload)?.seq },
            other => return Err(FrameError::Unknown(other.chars().take(40).collect())),
        })
    }

    pub fn to_json(&self) -> String {
        let (kind, payload) = match self {
            ControlFrame::Hello(hello) => ("hello", serde_json::to_value(hello)),
            ControlFrame::Event(event) => (
                event.kind(),
                match event {
                    ControlEvent::End(e) => serde_json::to_value(e),
                    ControlEvent::Media(m) => serde_json::to_value(m),
                    ControlEvent::Recording(r) => serde_json::to_value(r),
                },
            ),
            ControlFrame::Ack { seq } => ("ack", serde_json::to_value(AckPayload { seq: *seq })),
        };
        // Plain structs of strings, numbers and enums always serialize.
        serde_json::json!({ "type": kind, "payload": payload.unwrap_or(Value::Null) }).to_string()
    }
}

/// A name a peer gave itself, as the page may show it: no control, bidi or zero-width characters
/// (they could disguise who calls), trimmed, bounded; `None` when nothing is left.
pub fn clean_name(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .take(MAX_NAME_CHARS)
        .collect();
    let trimmed = cleaned.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{EndReason, MediaSource};

    #[test]
    fn every_frame_reads_back_as_written() {
        let frames = [
            ControlFrame::Hello(ControlHello { version: 1, id: Some("p1".into()), name: Some("Alice".into()) }),
            ControlFrame::Event(ControlEvent::End(CallEnd { call_id: "c".into(), reason: EndReason::HungUp, seq: Some(4) })),
            ControlFrame::Event(ControlEvent::Media(CallMedia {
                call_id: "c".into(),
                source: MediaSource::Camera,
                enabled: false,
                lost: true,
                seq: Some(2),
            })),
            ControlFrame::Event(ControlEvent::Recording(CallRecording { call_id: "c".into(), recording: true, seq: Some(9) })),
            ControlFrame::Ack { seq: 3 },
        ];
        for frame in frames {
            assert_eq!(ControlFrame::parse(&frame.to_json()), Ok(frame));
        }
    }

    #[test]
    fn an_event_payload_is_the_signaling_payload() {
        let event = ControlEvent::Media(CallMedia { call_id: "c".into(), source: MediaSource::Mic, enabled: false, lost: false, seq: Some(3) });
        assert_eq!(
            ControlFrame::Event(event.clone()).to_json(),
            r#"{"type":"call-media","payload":{"callId":"c","source":"mic","enabled":false,"seq":3}}"#
        );
        assert_eq!(
            event.to_message("p2".into()).to_json(),
            r#"{"type":"call-media","to":"p2","payload":{"callId":"c","source":"mic","enabled":false,"seq":3}}"#
        );
    }

    #[test]
    fn bad_frames_are_refused_with_a_code() {
        assert_eq!(ControlFrame::parse("not json").map_err(|e| e.code()), Err("MALFORMED"));
        assert_eq!(ControlFrame::parse(r#"{"type":"call-end","payload":{"callId":1}}"#).map_err(|e| e.code()), Err("MALFORMED"));
        assert_eq!(ControlFrame::parse(r#"{"type":"renegotiate","payload":{}}"#).map_err(|e| e.code()), Err("UNKNOWN_TYPE"));
        let huge = format!(r#"{{"type":"hello","payload":{{"v":1,"name":"{}"}}}}"#, "x".repeat(MAX_CONTROL_FRAME_BYTES));
        assert_eq!(ControlFrame::parse(&huge).map_err(|e| e.code()), Err("TOO_LARGE"));
    }

    #[test]
    fn a_name_from_the_peer_loses_invisible_characters_and_is_bounded() {
        let frame = ControlFrame::parse(r#"{"type":"hello","payload":{"v":1,"name":" Al\u202Eice\u200B\n "}}"#);
        assert!(matches!(frame, Ok(ControlFrame::Hello(ControlHello { name: Some(ref n), .. })) if n == "Alice"));
        assert_eq!(clean_name(&"é".repeat(100)).map(|n| n.chars().count()), Some(MAX_NAME_CHARS));
        assert_eq!(clean_name("\u{200B} "), None);
    }

    #[test]
    fn only_our_label_is_the_control_channel() {
        assert!(is_control_channel(CHANNEL_LABEL, CHANNEL_PROTOCOL));
        assert!(!is_control_channel("chat", ""));
        assert!(!is_control_channel(CHANNEL_LABEL, "dialtone-control/9"));
    }
}
