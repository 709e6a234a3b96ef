//! The reference host's decoder, as strict as it is (§1.3, §10.2).

use serde::Deserialize;

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Message {
    #[serde(rename = "corrId")]
    corr_id: Option<i32>,
    pub resp: Resp,
    command: Option<Cmd>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Caps {
    encryption: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub enum Source {
    Mic,
    Camera,
    ScreenAudio,
    ScreenVideo,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub enum Media {
    Audio,
    Video,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub enum CandidateType {
    Host,
    Srflx,
    Prflx,
    Relay,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Candidate {
    candidate_type: CandidateType,
    protocol: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct Info {
    local_candidate: Option<Candidate>,
    remote_candidate: Option<Candidate>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub struct States {
    connection_state: String,
    ice_connection_state: String,
    ice_gathering_state: String,
    signaling_state: String,
}

#[derive(Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[allow(dead_code)]
pub enum Resp {
    Capabilities {
        capabilities: Caps,
    },
    Offer {
        offer: String,
        ice_candidates: String,
        capabilities: Caps,
    },
    Answer {
        answer: String,
        ice_candidates: String,
    },
    Ok,
    Error {
        message: String,
    },
    Ice {
        ice_candidates: String,
    },
    Connection {
        state: States,
    },
    Connected {
        connection_info: Info,
    },
    PeerMedia {
        source: Source,
        enabled: bool,
    },
    End,
    Ended,
}

impl Resp {
    pub fn name(&self) -> &'static str {
        match self {
            Resp::Capabilities { .. } => "capabilities",
            Resp::Offer { .. } => "offer",
            Resp::Answer { .. } => "answer",
            Resp::Ok => "ok",
            Resp::Error { .. } => "error",
            Resp::Ice { .. } => "ice",
            Resp::Connection { .. } => "connection",
            Resp::Connected { .. } => "connected",
            Resp::PeerMedia { .. } => "peerMedia",
            Resp::End => "end",
            Resp::Ended => "ended",
        }
    }
}

#[derive(Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[allow(dead_code)]
pub enum Cmd {
    Capabilities {
        media: Media,
    },
    Start {
        media: Media,
        aes_key: Option<String>,
        relay: Option<bool>,
    },
    Offer {
        offer: String,
        ice_candidates: String,
        media: Media,
        aes_key: Option<String>,
    },
    Answer {
        answer: String,
        ice_candidates: String,
    },
    Ice {
        ice_candidates: String,
    },
    Media {
        source: Source,
        enable: bool,
    },
    Camera {
        camera: String,
    },
    Description {
        state: String,
        description: String,
    },
    Layout {
        layout: String,
    },
    Permission {
        title: String,
        chrome: String,
        safari: String,
    },
    End,
}

pub fn decode(text: &str) -> Result<Message, serde_json::Error> {
    serde_json::from_str(text)
}

#[test]
fn the_model_is_strict_where_the_reference_host_is() {
    assert!(
        decode(r#"{"resp":{"type":"ok"},"extra":1}"#).is_ok(),
        "unknown keys are ignored"
    );
    assert!(
        decode(r#"{"resp":{"type":"pong"}}"#).is_err(),
        "unknown resp type"
    );
    assert!(
        decode(r#"{"resp":{"type":"ok"},"command":{"type":"zoom"}}"#).is_err(),
        "unknown echoed type"
    );
    assert!(
        decode(r#"{"resp":{"type":"peerMedia","source":"unknown","enabled":true}}"#).is_err(),
        "source outside its set"
    );
    assert!(
        decode(r#"{"resp":{"type":"error"}}"#).is_err(),
        "missing required field"
    );
    let connected = r#"{"resp":{"type":"connected","connectionInfo":{"localCandidate":{"candidateType":"mdns"}}}}"#;
    assert!(decode(connected).is_err(), "candidate type outside its set");
}
