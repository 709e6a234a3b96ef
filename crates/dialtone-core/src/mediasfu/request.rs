//! Request building (spec §2, §4): method, path and body for each endpoint. No I/O. The
//! `Authorization` header is not part of a [`Request`]: the sender adds it from
//! [`super::credentials::Credentials::authorization_header`] at send time (§8.1), or, in proxy
//! mode, the server does.

use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A request ready to send: `base_url + path`, and a JSON body for POSTs.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: Method,
    /// Starts with `/v1/`.
    pub path: String,
    pub body: Option<Value>,
    /// Which control (for the one-in-flight rule); `None` for reads and placement steps.
    pub control: Option<Control>,
}

impl Request {
    pub fn url(&self, base_url: &str) -> String {
        format!("{}{}", base_url.trim_end_matches('/'), self.path)
    }

    /// Headers besides `Authorization`: a JSON content type on every POST (§1).
    pub fn content_type(&self) -> Option<&'static str> {
        (self.method == Method::Post).then_some("application/json")
    }

    pub fn body_text(&self) -> Option<String> {
        self.body.as_ref().map(Value::to_string)
    }
}

/// Percent-encode a path segment (RFC 3986 unreserved characters pass).
pub fn encode_path_segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn list_calls() -> Request {
    Request {
        method: Method::Get,
        path: "/v1/sipcall/list".into(),
        body: None,
        control: None,
    }
}

/// §4.1: one page of 20 for the dialer, 10 for "test connection".
pub fn sip_configs(page_size: u32) -> Request {
    Request {
        method: Method::Get,
        path: format!("/v1/sipconfigs/?action=get&startIndex=0&pageSize={page_size}"),
        body: None,
        control: None,
    }
}

/// §4.2 room creation (duration in minutes).
pub fn create_room(initiator_name: &str, duration_minutes: u32) -> Request {
    Request {
        method: Method::Post,
        path: "/v1/rooms/".into(),
        body: Some(json!({
            "action": "create", "duration": duration_minutes, "capacity": 5, "userName": initiator_name,
            "eventType": "conference", "recordOnly": false, "dataBuffer": true, "bufferType": "all",
            "supportSIP": true, "directionSIP": "both"
        })),
        control: None,
    }
}

/// §4.2 room deletion: a room Dialtone created and no longer needs.
pub fn delete_room(room_name: &str) -> Request {
    Request {
        method: Method::Post,
        path: "/v1/rooms/".into(),
        body: Some(json!({"action": "delete", "meetingID": room_name})),
        control: None,
    }
}

/// The fields of `outgoingCall` (§2.1); numbers already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceCall {
    pub room_name: String,
    pub called_did: String,
    pub caller_id_number: String,
    pub initiator_name: String,
    pub start_with_initiator_audio: bool,
    pub callee_display_name: Option<String>,
}

pub fn place_call(p: &PlaceCall) -> Request {
    let mut body = Map::new();
    body.insert("roomName".into(), json!(p.room_name));
    body.insert("calledDid".into(), json!(p.called_did));
    body.insert("callerIdNumber".into(), json!(p.caller_id_number));
    body.insert("initiatorName".into(), json!(p.initiator_name));
    // Sent only as true (§2.1).
    if p.start_with_initiator_audio {
        body.insert("startWithInitiatorAudio".into(), json!(true));
    }
    if let Some(name) = p.callee_display_name.as_deref().filter(|n| !n.is_empty()) {
        body.insert(
            "calleeDisplayName".into(),
            json!(name.chars().take(320).collect::<String>()),
        );
    }
    Request {
        method: Method::Post,
        path: "/v1/sipcall/outgoingCall".into(),
        body: Some(Value::Object(body)),
        control: None,
    }
}

/// A call control (§2, §8.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    End,
    Reject,
    Hold {
        message: String,
        pause_recording: bool,
    },
    Resume,
    Play {
        source: String,
        looped: bool,
        immediately: bool,
    },
    PlayToAll(bool),
    ToAgent,
    ToHuman {
        human_name: String,
    },
    StartAgent,
    StopAgent,
    Dtmf(String),
}

/// Controls that share a pending slot: one in flight per kind per call (§8.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ControlKind {
    End,
    Hold,
    Play,
    PlayToAll,
    Source,
    Agent,
    Dtmf,
}

impl Control {
    /// The button's name, for status and error lines ("Resume: …", not the kind's "Hold").
    pub fn label(&self) -> &'static str {
        match self {
            Control::End => "End call",
            Control::Reject => "Reject",
            Control::Hold { .. } => "Hold",
            Control::Resume => "Resume",
            Control::Play { .. } => "Play",
            Control::PlayToAll(_) => "Play to all",
            Control::ToAgent => "To agent",
            Control::ToHuman { .. } => "To human",
            Control::StartAgent => "Start agent",
            Control::StopAgent => "Stop agent",
            Control::Dtmf(_) => "Keypad tones",
        }
    }

    pub fn kind(&self) -> ControlKind {
        match self {
            Control::End | Control::Reject => ControlKind::End,
            Control::Hold { .. } | Control::Resume => ControlKind::Hold,
            Control::Play { .. } => ControlKind::Play,
            Control::PlayToAll(_) => ControlKind::PlayToAll,
            Control::ToAgent | Control::ToHuman { .. } => ControlKind::Source,
            Control::StartAgent | Control::StopAgent => ControlKind::Agent,
            Control::Dtmf(_) => ControlKind::Dtmf,
        }
    }

    fn action_and_body(&self) -> (&'static str, Value) {
        match self {
            Control::End => ("end", json!({"reason": "hangup"})),
            Control::Reject => ("end", json!({"reason": "rejected"})),
            Control::Hold {
                message,
                pause_recording,
            } => {
                let mut b = Map::new();
                if !message.trim().is_empty() {
                    b.insert("withMessage".into(), json!(message.trim()));
                }
                b.insert("pauseRecording".into(), json!(pause_recording));
                ("hold", Value::Object(b))
            }
            Control::Resume => ("unhold", json!({})),
            Control::Play {
                source,
                looped,
                immediately,
            } => (
                "play",
                json!({"sourceValue": source, "loop": looped, "immediately": immediately}),
            ),
            Control::PlayToAll(on) => ("update-play-to-all", json!({"playToAll": on})),
            Control::ToAgent => ("switch-source", json!({"targetType": "agent"})),
            Control::ToHuman { human_name } => (
                "switch-source",
                json!({"targetType": "human", "humanName": human_name}),
            ),
            Control::StartAgent => ("start-agent", json!({})),
            Control::StopAgent => ("stop-agent", json!({})),
            Control::Dtmf(digits) => ("send-dtmf", json!({"digits": digits})),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaySourceProblem {
    Empty,
    TooLong,
    UrlNotHttps,
}

impl PlaySourceProblem {
    /// Local checks send nothing; one code for all three, the sentence says which.
    pub fn code(self) -> &'static str {
        "INVALID_SOURCE"
    }

    pub fn sentence(self) -> &'static str {
        match self {
            PlaySourceProblem::Empty => "Type the text to speak, or an https:// URL to play.",
            PlaySourceProblem::TooLong => "At most 2048 characters can be played.",
            PlaySourceProblem::UrlNotHttps => "A URL to play must start with https://.",
        }
    }
}

/// §2/§8.5: at most 2048 chars; a URL must be `https://`. TTS text is anything else.
pub fn validate_play_source(raw: &str, is_url: bool) -> Result<String, PlaySourceProblem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(PlaySourceProblem::Empty);
    }
    if s.chars().count() > 2048 {
        return Err(PlaySourceProblem::TooLong);
    }
    if is_url && !s.starts_with("https://") {
        return Err(PlaySourceProblem::UrlNotHttps);
    }
    Ok(s.to_string())
}

pub fn control(sip_call_id: &str, control: &Control) -> Request {
    let (action, body) = control.action_and_body();
    Request {
        method: Method::Post,
        path: format!("/v1/sipcall/{}/{action}", encode_path_segment(sip_call_id)),
        body: Some(body),
        control: Some(control.clone()),
    }
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
