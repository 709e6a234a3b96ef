//! Planning a call before any request (spec §8.4 steps 1–2): the credentials, both numbers, an
//! eligible caller ID, and a room or an agent-capable config. A failure here sends nothing.

use super::credentials::{Credentials, CredentialsProblem};
use super::numbers::{NumberProblem, initiator_name, validate_e164};
use super::records::SipConfig;

/// Local checks (§5): no request is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalError {
    Credentials(CredentialsProblem),
    InvalidNumber(NumberProblem),
    NoCallerId,
    RoomRequired,
    CallNotFound,
    /// One placement at a time (§8.4): the last one is still dialing or ringing.
    Busy,
}

impl LocalError {
    pub fn code(&self) -> &'static str {
        match self {
            LocalError::Credentials(p) => p.code(),
            LocalError::InvalidNumber(_) => "INVALID_NUMBER",
            LocalError::NoCallerId => "NO_CALLER_ID",
            LocalError::RoomRequired => "ROOM_REQUIRED",
            LocalError::CallNotFound => "CALL_NOT_FOUND",
            LocalError::Busy => "BUSY",
        }
    }

    pub fn sentence(&self) -> String {
        match self {
            LocalError::Credentials(p) => p.sentence().into(),
            LocalError::InvalidNumber(p) => p.sentence().into(),
            LocalError::NoCallerId => "Choose a caller ID: no eligible SIP configuration.".into(),
            LocalError::RoomRequired => {
                "Name a room, or pick an agent-capable caller ID: nobody would speak to the callee."
                    .into()
            }
            LocalError::CallNotFound => {
                "The call was sent but never appeared in MediaSFU's list.".into()
            }
            LocalError::Busy => {
                "One call at a time: wait until the call being placed connects or ends.".into()
            }
        }
    }
}

/// What the dialer collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialRequest {
    pub called: String,
    pub caller_id: String,
    pub room: String,
    pub participant_name: String,
    /// Room duration preset in minutes (§4.2), used only when a room is created.
    pub duration_minutes: u32,
}

/// A validated plan: which steps go out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementPlan {
    pub called_did: String,
    pub caller_id_number: String,
    pub initiator_name: String,
    /// `None`: create a room first (agent-first call).
    pub room: Option<String>,
    pub duration_minutes: u32,
}

/// §8.4 step 1–2, before any request. `credentials` is `None` in proxy mode (the server holds them).
pub fn plan_placement(
    credentials: Option<Result<&Credentials, CredentialsProblem>>,
    configs: &[SipConfig],
    dial: &DialRequest,
) -> Result<PlacementPlan, LocalError> {
    if let Some(Err(p)) = credentials {
        return Err(LocalError::Credentials(p));
    }
    let called_did = validate_e164(&dial.called).map_err(LocalError::InvalidNumber)?;
    let caller_id_number = validate_e164(&dial.caller_id).map_err(|_| LocalError::NoCallerId)?;
    let config = configs
        .iter()
        .find(|c| c.is_eligible_for_outgoing() && c.contact_number == caller_id_number)
        .ok_or(LocalError::NoCallerId)?;
    let room = dial.room.trim();
    let room = if room.is_empty() {
        if !config.is_agent_capable() {
            return Err(LocalError::RoomRequired);
        }
        None
    } else {
        Some(room.to_string())
    };
    Ok(PlacementPlan {
        called_did,
        caller_id_number,
        initiator_name: initiator_name(&dial.participant_name),
        room,
        duration_minutes: dial.duration_minutes.clamp(5, 240),
    })
}
