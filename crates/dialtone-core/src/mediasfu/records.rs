//! The API's response bodies (spec §2–§4) as tolerant serde records: unknown fields are ignored,
//! absent ones take the spec's defaults, and a few unverified alternative shapes are accepted.

use serde::Deserialize;
use serde_json::Value;

use super::sip_uri::{SipParty, parse_sip_party};
use super::status::{AgentState, SipCallDirection, Phase, PhaseFlags, normalise_phase};
use super::time::parse_time_ms;

fn yes() -> bool {
    true
}

/// One element of `/v1/sipcall/list` (§3).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SipCall {
    #[serde(alias = "id", default)]
    pub sip_call_id: String,
    /// `None` when the field is absent: that matters for the live/ended rule.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub direction: String,
    #[serde(
        default,
        rename = "startTimeISO",
        deserialize_with = "string_or_number"
    )]
    pub start_time_iso: String,
    #[serde(
        default,
        rename = "endTimeISO",
        deserialize_with = "opt_string_or_number"
    )]
    pub end_time_iso: Option<String>,
    #[serde(default)]
    pub duration_seconds: Option<u64>,
    #[serde(default)]
    pub room_name: String,
    #[serde(default)]
    pub caller_id_raw: String,
    #[serde(default)]
    pub called_uri: String,
    #[serde(default = "yes")]
    pub audio_only: bool,
    #[serde(default)]
    pub active_media_source: String,
    #[serde(default)]
    pub human_participant_name: Option<String>,
    #[serde(default)]
    pub active_speaker: Option<String>,
    #[serde(default)]
    pub playing_music: bool,
    #[serde(default)]
    pub playing_prompt: bool,
    #[serde(default)]
    pub current_prompt_type: Option<String>,
    #[serde(default)]
    pub pending_human_intervention: bool,
    #[serde(default)]
    pub on_hold: Option<bool>,
    #[serde(default)]
    pub call_ended: Option<bool>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub is_active: Option<bool>,
    #[serde(default)]
    pub callback_state: Option<String>,
    #[serde(default)]
    pub needs_callback: bool,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_string_or_number(d)?.unwrap_or_default())
}

fn opt_string_or_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

impl SipCall {
    pub fn phase(&self) -> Phase {
        let flags = PhaseFlags {
            call_ended: self.call_ended,
            on_hold: self.on_hold,
            active: self.active == Some(true) || self.is_active == Some(true),
        };
        normalise_phase(self.status.as_deref(), flags)
    }

    pub fn direction(&self) -> SipCallDirection {
        SipCallDirection::parse(&self.direction)
    }

    pub fn agent_state(&self) -> AgentState {
        AgentState::from_media_source(&self.active_media_source)
    }

    pub fn caller(&self) -> SipParty {
        parse_sip_party(&self.caller_id_raw)
    }

    pub fn callee(&self) -> SipParty {
        parse_sip_party(&self.called_uri)
    }

    pub fn start_ms(&self) -> Option<u64> {
        parse_time_ms(&self.start_time_iso)
    }

    pub fn end_ms(&self) -> Option<u64> {
        self.end_time_iso.as_deref().and_then(parse_time_ms)
    }
}

/// Why a 2xx body could not be used: `BAD_RESPONSE` (§5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadResponse(pub String);

/// `{"data":[…]}`, `{"calls":[…]}` or a bare array (§2.2). Elements that are not records are
/// skipped rather than failing the whole list; a body of another shape is a bad response.
pub fn parse_call_list(body: &str) -> Result<Vec<SipCall>, BadResponse> {
    let v: Value = serde_json::from_str(body).map_err(|_| BadResponse("not JSON".into()))?;
    let items = match &v {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("data").or_else(|| o.get("calls")) {
            Some(Value::Array(a)) => a,
            _ => return Err(BadResponse("no call list".into())),
        },
        _ => return Err(BadResponse("no call list".into())),
    };
    Ok(items
        .iter()
        .filter_map(|item| SipCall::deserialize(item).ok())
        .filter(|r| !r.sip_call_id.is_empty())
        .collect())
}

/// `autoAgent` of a SIP config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoAgent {
    #[serde(default)]
    pub enabled: Option<bool>,
    #[serde(default, rename = "type")]
    pub agent_type: Option<String>,
    #[serde(default)]
    pub outgoing_type: Option<String>,
}

/// One SIP configuration (§4.1).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SipConfig {
    #[serde(default)]
    pub contact_number: String,
    #[serde(default)]
    pub provider: String,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub id: Option<String>,
    #[serde(default)]
    pub subusername: Option<String>,
    #[serde(default = "yes")]
    pub support_sip_active: bool,
    #[serde(default = "yes")]
    pub allow_outgoing: bool,
    #[serde(default)]
    pub auto_agent: AutoAgent,
    #[serde(default = "yes")]
    pub audio_only: bool,
    #[serde(default)]
    pub sip_only: bool,
    #[serde(default)]
    pub auto_record_sip: bool,
}

impl SipConfig {
    /// §4.1: eligible for outgoing calls only when neither flag is false.
    pub fn is_eligible_for_outgoing(&self) -> bool {
        self.support_sip_active && self.allow_outgoing && !self.contact_number.is_empty()
    }

    /// §2.1: enabled, a known type, and outgoingType AI.
    pub fn is_agent_capable(&self) -> bool {
        let a = &self.auto_agent;
        let known = matches!(a.agent_type.as_deref(), Some("AI" | "IVR" | "PLAYBACK"));
        a.enabled == Some(true) && known && a.outgoing_type.as_deref() == Some("AI")
    }
}

/// `{"sipConfigs":[…]}`; a missing list is empty (§4.1).
pub fn parse_sip_configs(body: &str) -> Result<Vec<SipConfig>, BadResponse> {
    let v: Value = serde_json::from_str(body).map_err(|_| BadResponse("not JSON".into()))?;
    let Value::Object(o) = v else {
        return Err(BadResponse("not an object".into()));
    };
    Ok(match o.get("sipConfigs") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|c| SipConfig::deserialize(c).ok())
            .collect(),
        _ => Vec::new(),
    })
}

/// The first eligible config, selected by default in the dialer.
pub fn default_caller_config(configs: &[SipConfig]) -> Option<&SipConfig> {
    configs.iter().find(|c| c.is_eligible_for_outgoing())
}

/// `outgoingCall`'s answer: only `sipCallId` is relied on, and it may be missing (§2.1).
pub fn parse_placed_call_id(body: &str) -> Result<Option<String>, BadResponse> {
    let v: Value = serde_json::from_str(body).map_err(|_| BadResponse("not JSON".into()))?;
    let id = v
        .get("sipCallId")
        .or_else(|| v.get("data").and_then(|d| d.get("sipCallId")))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    Ok(id)
}

/// The room name from a `/v1/rooms/` answer: `roomName`, then `meetingID`, then `data.roomName`.
pub fn parse_room_name(body: &str) -> Result<String, BadResponse> {
    let v: Value = serde_json::from_str(body).map_err(|_| BadResponse("not JSON".into()))?;
    v.get("roomName")
        .or_else(|| v.get("meetingID"))
        .or_else(|| v.get("data").and_then(|d| d.get("roomName")))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .ok_or_else(|| BadResponse("no room name".into()))
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod tests;
