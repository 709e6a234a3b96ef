//! Commands (host → page) and their shared value types, as serde types with the wire's exact
//! names (specs/host-protocol.md §2). Readers tolerate `null` for optional fields and unknown
//! fields anywhere; writers put `type` first and omit absent optional fields.

use serde::{Deserialize, Deserializer, Serialize};

use super::error::{HostErrorCode, HostError};

/// `iceServers` may list at most this many servers…
pub const MAX_ICE_SERVERS: usize = 16;
/// …each with at most this many URLs (§8.5).
pub const MAX_URLS_PER_SERVER: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CallMediaType {
    Audio,
    Video,
}

impl CallMediaType {
    pub fn has_video(self) -> bool {
        self == CallMediaType::Video
    }
}

/// A local or remote media source; each has a fixed transceiver (its mid, §4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CallMediaSource {
    Mic,
    Camera,
    ScreenAudio,
    ScreenVideo,
}

impl CallMediaSource {
    /// In transceiver order.
    pub const ALL: [CallMediaSource; 4] = [
        CallMediaSource::Mic,
        CallMediaSource::Camera,
        CallMediaSource::ScreenAudio,
        CallMediaSource::ScreenVideo,
    ];

    /// The mid of this source's transceiver, in both directions.
    pub fn mid(self) -> &'static str {
        match self {
            CallMediaSource::Mic => "0",
            CallMediaSource::Camera => "1",
            CallMediaSource::ScreenAudio => "2",
            CallMediaSource::ScreenVideo => "3",
        }
    }

    pub fn from_mid(mid: &str) -> Option<CallMediaSource> {
        CallMediaSource::ALL
            .into_iter()
            .find(|source| source.mid() == mid)
    }

    pub fn is_video(self) -> bool {
        matches!(self, CallMediaSource::Camera | CallMediaSource::ScreenVideo)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CallMediaSource::Mic => "mic",
            CallMediaSource::Camera => "camera",
            CallMediaSource::ScreenAudio => "screenAudio",
            CallMediaSource::ScreenVideo => "screenVideo",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum VideoCamera {
    #[default]
    User,
    Environment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LayoutType {
    #[default]
    Default,
    LocalVideo,
    RemoteVideo,
}

/// One STUN/TURN server. `urls` is read as one string or a list, and written as a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IceServer {
    #[serde(deserialize_with = "one_or_many")]
    pub urls: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

fn one_or_many<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Urls {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Urls::deserialize(deserializer)? {
        Urls::One(url) => vec![url],
        Urls::Many(urls) => urls,
    })
}

/// A command from the host. `offer`, `answer` and `iceCandidates` stay LZ strings here; they are
/// decoded by [`super::signal`] when the command runs, so a bad one is `BAD_SDP` or
/// `BAD_CANDIDATES`, not `MALFORMED`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Command {
    Capabilities {
        media: CallMediaType,
    },
    Start {
        media: CallMediaType,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        aes_key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ice_servers: Option<Vec<IceServer>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        relay: Option<bool>,
    },
    Offer {
        offer: String,
        ice_candidates: String,
        media: CallMediaType,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        aes_key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        ice_servers: Option<Vec<IceServer>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        relay: Option<bool>,
    },
    Answer {
        answer: String,
        ice_candidates: String,
    },
    Ice {
        ice_candidates: String,
    },
    Media {
        source: CallMediaSource,
        enable: bool,
    },
    Camera {
        camera: VideoCamera,
    },
    Description {
        state: String,
        description: String,
    },
    Layout {
        layout: LayoutType,
    },
    Permission {
        title: String,
        chrome: String,
        safari: String,
    },
    End,
}

impl Command {
    /// Every `type` the page understands.
    pub const TYPES: [&'static str; 11] = [
        "capabilities",
        "start",
        "offer",
        "answer",
        "ice",
        "media",
        "camera",
        "description",
        "layout",
        "permission",
        "end",
    ];

    pub fn type_name(&self) -> &'static str {
        match self {
            Command::Capabilities { .. } => "capabilities",
            Command::Start { .. } => "start",
            Command::Offer { .. } => "offer",
            Command::Answer { .. } => "answer",
            Command::Ice { .. } => "ice",
            Command::Media { .. } => "media",
            Command::Camera { .. } => "camera",
            Command::Description { .. } => "description",
            Command::Layout { .. } => "layout",
            Command::Permission { .. } => "permission",
            Command::End => "end",
        }
    }

    /// Bounds that serde cannot express (§8.5).
    pub fn check_bounds(&self) -> Result<(), HostError> {
        let servers = match self {
            Command::Start { ice_servers, .. } | Command::Offer { ice_servers, .. } => ice_servers,
            _ => return Ok(()),
        };
        let Some(servers) = servers else {
            return Ok(());
        };
        if servers.len() > MAX_ICE_SERVERS {
            return Err(HostError::new(
                HostErrorCode::Malformed,
                "iceServers lists more than 16 servers",
            ));
        }
        if servers
            .iter()
            .any(|server| server.urls.len() > MAX_URLS_PER_SERVER)
        {
            return Err(HostError::new(
                HostErrorCode::Malformed,
                "an ICE server lists more than 16 URLs",
            ));
        }
        Ok(())
    }
}
