//! Placing a call and following it (spec §8.4): a small machine, one placement at a time. Local
//! checks happen before any request; the call is then tracked only through the shared poller.

use super::api_error::ApiError;
use super::credentials::{Credentials, CredentialsProblem};
use super::numbers::{NumberProblem, initiator_name, validate_e164};
use super::records::{CallRecord, SipConfig};
use super::request::{self, PlaceCall, Request};
use super::status::{Phase, shows_outbound_hint};

/// §8.4 step 3: how long to look for a call placed without a `sipCallId`.
pub const FIND_BY_ROOM_MS: u64 = 60_000;
/// §8.2: a place-call step that got 429 is re-sent once after max(Retry-After, 5 s).
pub const MIN_RESEND_AFTER_429_MS: u64 = 5_000;

/// Local checks (§5): no request is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalError {
    Credentials(CredentialsProblem),
    InvalidNumber(NumberProblem),
    NoCallerId,
    RoomRequired,
    CallNotFound,
}

impl LocalError {
    pub fn code(&self) -> &'static str {
        match self {
            LocalError::Credentials(p) => p.code(),
            LocalError::InvalidNumber(_) => "INVALID_NUMBER",
            LocalError::NoCallerId => "NO_CALLER_ID",
            LocalError::RoomRequired => "ROOM_REQUIRED",
            LocalError::CallNotFound => "CALL_NOT_FOUND",
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

/// Where a placement stands; [`Placement::next_request`] says what to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementState {
    CreatingRoom,
    Placing {
        room: String,
    },
    /// Waiting out a 429 before the one re-send.
    WaitingToResend {
        room: Option<String>,
        at_ms: u64,
    },
    /// Sent, no `sipCallId`: look for the room in the poller's list.
    FindingByRoom {
        room: String,
        until_ms: u64,
    },
    Tracking {
        sip_call_id: String,
        room: String,
        phase: Phase,
        dialing_since_ms: u64,
    },
    Failed(PlacementFailure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementFailure {
    Local(LocalError),
    Api(ApiError),
}

#[derive(Debug, Clone)]
pub struct Placement {
    plan: PlacementPlan,
    state: PlacementState,
    resent_after_429: bool,
    in_flight: bool,
}

impl Placement {
    pub fn new(plan: PlacementPlan) -> Self {
        let state = match &plan.room {
            Some(room) => PlacementState::Placing { room: room.clone() },
            None => PlacementState::CreatingRoom,
        };
        Placement {
            plan,
            state,
            resent_after_429: false,
            in_flight: false,
        }
    }

    pub fn state(&self) -> &PlacementState {
        &self.state
    }

    pub fn plan(&self) -> &PlacementPlan {
        &self.plan
    }

    /// The request due now, if any. The caller sends it and reports with `on_response`.
    pub fn next_request(&mut self, now_ms: u64) -> Option<Request> {
        if self.in_flight {
            return None;
        }
        if let PlacementState::WaitingToResend { room, at_ms } = &self.state {
            if now_ms < *at_ms {
                return None;
            }
            self.state = match room {
                Some(r) => PlacementState::Placing { room: r.clone() },
                None => PlacementState::CreatingRoom,
            };
        }
        let req = match &self.state {
            PlacementState::CreatingRoom => {
                request::create_room(&self.plan.initiator_name, self.plan.duration_minutes)
            }
            PlacementState::Placing { room } => request::place_call(&PlaceCall {
                room_name: room.clone(),
                called_did: self.plan.called_did.clone(),
                caller_id_number: self.plan.caller_id_number.clone(),
                initiator_name: self.plan.initiator_name.clone(),
                start_with_initiator_audio: false,
                callee_display_name: None,
            }),
            _ => return None,
        };
        self.in_flight = true;
        Some(req)
    }

    fn step_room(&self) -> Option<String> {
        match &self.state {
            PlacementState::Placing { room } => Some(room.clone()),
            _ => None,
        }
    }

    /// A room-creation answer: `Ok(room name)` or the error.
    pub fn on_room_created(&mut self, now_ms: u64, result: Result<String, ApiError>) {
        self.in_flight = false;
        match result {
            Ok(room) => self.state = PlacementState::Placing { room },
            Err(e) => self.on_error(now_ms, None, e),
        }
    }

    /// The `outgoingCall` answer: `Ok(Some(id))`, `Ok(None)` (no id in the body), or the error.
    pub fn on_call_placed(&mut self, now_ms: u64, result: Result<Option<String>, ApiError>) {
        self.in_flight = false;
        let Some(room) = self.step_room() else { return };
        match result {
            Ok(Some(id)) => {
                self.state = PlacementState::Tracking {
                    sip_call_id: id,
                    room,
                    phase: Phase::Dialing,
                    dialing_since_ms: now_ms,
                }
            }
            // A timed-out POST's outcome is unknown: look for the call, never post again.
            Ok(None) | Err(ApiError::Timeout) => {
                self.state = PlacementState::FindingByRoom {
                    room,
                    until_ms: now_ms + FIND_BY_ROOM_MS,
                }
            }
            Err(e) => self.on_error(now_ms, Some(room), e),
        }
    }

    fn on_error(&mut self, now_ms: u64, room: Option<String>, e: ApiError) {
        if let ApiError::RateLimited { retry_after_s } = e
            && !self.resent_after_429
        {
            self.resent_after_429 = true;
            let wait = retry_after_s
                .map_or(0, |s| s.saturating_mul(1000))
                .max(MIN_RESEND_AFTER_429_MS);
            self.state = PlacementState::WaitingToResend {
                room,
                at_ms: now_ms + wait,
            };
            return;
        }
        self.state = PlacementState::Failed(PlacementFailure::Api(e));
    }

    /// Every successful unfiltered poll goes through here.
    pub fn on_poll(&mut self, now_ms: u64, calls: &[CallRecord]) {
        match &mut self.state {
            PlacementState::FindingByRoom { room, until_ms } => {
                if let Some(c) = calls.iter().find(|c| c.room_name == *room) {
                    self.state = PlacementState::Tracking {
                        sip_call_id: c.sip_call_id.clone(),
                        room: room.clone(),
                        phase: c.phase(),
                        dialing_since_ms: now_ms,
                    };
                } else if now_ms >= *until_ms {
                    self.state =
                        PlacementState::Failed(PlacementFailure::Local(LocalError::CallNotFound));
                }
            }
            PlacementState::Tracking {
                sip_call_id,
                phase,
                dialing_since_ms,
                ..
            } => {
                match calls.iter().find(|c| c.sip_call_id == *sip_call_id) {
                    Some(c) => {
                        let p = c.phase();
                        if p != Phase::Dialing && *phase == Phase::Dialing {
                            *dialing_since_ms = now_ms;
                        }
                        *phase = p;
                    }
                    // A tracked call that vanished from a successful list has ended (§8.6).
                    None if phase.is_live() => {
                        *phase = Phase::Ended(super::status::Outcome::Completed)
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }

    /// Time passing without polls still ends the room search.
    pub fn on_tick(&mut self, now_ms: u64) {
        if let PlacementState::FindingByRoom { until_ms, .. } = self.state
            && now_ms >= until_ms
        {
            self.state = PlacementState::Failed(PlacementFailure::Local(LocalError::CallNotFound));
        }
    }

    /// §3.1: the 45 s "outbound calling may not be enabled" hint.
    pub fn shows_outbound_hint(&self, now_ms: u64) -> bool {
        match &self.state {
            PlacementState::Tracking {
                phase,
                dialing_since_ms,
                ..
            } => shows_outbound_hint(phase, *dialing_since_ms, now_ms),
            _ => false,
        }
    }

    /// Finished: ended or failed; the dialer may place another call.
    pub fn is_finished(&self) -> bool {
        match &self.state {
            PlacementState::Failed(_) => true,
            PlacementState::Tracking { phase, .. } => !phase.is_live(),
            _ => false,
        }
    }
}

#[cfg(test)]
#[path = "placement_tests.rs"]
mod tests;
