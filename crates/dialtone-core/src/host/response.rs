//! Replies and events (page → host), specs/host-protocol.md §3. Every value here is one the
//! reference host can decode: no new `type`s, and enumerated values only from their sets
//! (a candidate of another type is left out of `connected` rather than sent).

use serde::{Deserialize, Serialize};

use super::wire::CallMediaSource;

/// `capabilities` object of the `capabilities` and `offer` replies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub encryption: bool,
}

/// The `resp` of a message envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Response {
    Capabilities {
        capabilities: Capabilities,
    },
    Offer {
        offer: String,
        ice_candidates: String,
        capabilities: Capabilities,
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
        state: ConnectionStates,
    },
    Connected {
        connection_info: ConnectionInfo,
    },
    PeerMedia {
        source: CallMediaSource,
        enabled: bool,
    },
    End,
    Ended,
}

/// The four peer-connection states, as the browser reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStates {
    pub connection_state: String,
    pub ice_connection_state: String,
    pub ice_gathering_state: String,
    pub signaling_state: String,
}

impl ConnectionStates {
    pub fn new(
        connection: &str,
        ice_connection: &str,
        ice_gathering: &str,
        signaling: &str,
    ) -> Self {
        ConnectionStates {
            connection_state: connection.to_owned(),
            ice_connection_state: ice_connection.to_owned(),
            ice_gathering_state: ice_gathering.to_owned(),
            signaling_state: signaling.to_owned(),
        }
    }
}

/// The only candidate types the reference host can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CandidateType {
    Host,
    Srflx,
    Prflx,
    Relay,
}

impl CandidateType {
    pub fn parse(name: &str) -> Option<CandidateType> {
        match name {
            "host" => Some(CandidateType::Host),
            "srflx" => Some(CandidateType::Srflx),
            "prflx" => Some(CandidateType::Prflx),
            "relay" => Some(CandidateType::Relay),
            _ => None,
        }
    }
}

/// A `candidate-pair` stats entry, as much as `connected` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidatePairInfo {
    pub id: String,
    pub state: String,
    pub nominated: bool,
    pub local_candidate_id: String,
    pub remote_candidate_id: String,
}

/// A `local-candidate` / `remote-candidate` stats entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CandidateInfo {
    pub id: String,
    pub candidate_type: CandidateType,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_protocol: Option<String>,
}

/// `connectionInfo` of the `connected` event. A candidate whose type is outside the set is left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ice_candidate_pair: Option<CandidatePairInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_candidate: Option<CandidateInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_candidate: Option<CandidateInfo>,
}

/// A candidate stats entry as the browser gives it (its type not yet checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateStats {
    pub id: String,
    pub candidate_type: String,
    pub protocol: String,
    pub relay_protocol: Option<String>,
}

impl ConnectionInfo {
    /// Builds the info from a `getStats()` report: the transport's selected pair when it names
    /// one, otherwise the first pair in state `succeeded` (§3).
    pub fn from_stats(
        selected_pair_id: Option<&str>,
        pairs: &[CandidatePairInfo],
        candidates: &[CandidateStats],
    ) -> ConnectionInfo {
        let pair = selected_pair_id
            .and_then(|id| pairs.iter().find(|pair| pair.id == id))
            .or_else(|| pairs.iter().find(|pair| pair.state == "succeeded"));
        let candidate = |id: &str| {
            let stats = candidates.iter().find(|c| c.id == id)?;
            Some(CandidateInfo {
                id: stats.id.clone(),
                candidate_type: CandidateType::parse(&stats.candidate_type)?,
                protocol: stats.protocol.clone(),
                relay_protocol: stats.relay_protocol.clone(),
            })
        };
        ConnectionInfo {
            local_candidate: pair.and_then(|p| candidate(&p.local_candidate_id)),
            remote_candidate: pair.and_then(|p| candidate(&p.remote_candidate_id)),
            ice_candidate_pair: pair.cloned(),
        }
    }
}
