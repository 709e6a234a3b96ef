//! Placing a call and following it (spec §8.4): a small machine, one placement at a time. The plan
//! ([`super::dial_plan`]) is checked before any request; then a room is created (agent first) or
//! the named one is used, `outgoingCall` goes out, and the call is tracked through the shared
//! poller. Every step waits its turn in the gate like any request; the driver tells the machine
//! when a step went out ([`Placement::on_dispatched`]) and hands it the raw answer.
//!
//! An `outgoingCall` whose answer was lost or garbled (timeout, dropped connection, 5xx, a 2xx
//! without a usable `sipCallId`) may still have placed the call, so the machine looks for a new
//! call in its room for 60 s before declaring `CALL_NOT_FOUND`, and never posts again. A step
//! refused with 429 did nothing and is re-sent once, per step. A room the machine created is
//! handed to [`super::rooms::RoomJanitor`] when the placement is over ([`Placement::room_release`]).

use std::collections::BTreeSet;

use super::api_error::ApiError;
use super::records::{SipCall, parse_placed_call_id, parse_room_name};
use super::request::{self, PlaceCall, Request};
use super::rooms::RoomRelease;
use super::status::{Phase, shows_outbound_hint};

pub use super::dial_plan::{DialRequest, LocalError, PlacementPlan, plan_placement};

/// §8.4 step 3: how long to look for a call placed without a usable answer.
pub const FIND_BY_ROOM_MS: u64 = 60_000;
/// §8.2: a place-call step that got 429 is re-sent once after max(Retry-After, 5 s).
pub const MIN_RESEND_AFTER_429_MS: u64 = 5_000;

/// The two requests of a placement; each may be re-sent once after a 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    CreateRoom,
    PlaceCall,
}

/// Where a placement stands; [`Placement::next_request`] says what to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementState {
    CreatingRoom,
    Placing {
        room: String,
    },
    /// Waiting out a 429 before the step's one re-send.
    WaitingToResend {
        step: Step,
        room: Option<String>,
        at_ms: u64,
    },
    /// Sent, but the answer did not say which call: look for a new one in the room.
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

impl PlacementFailure {
    pub fn code(&self) -> &'static str {
        match self {
            PlacementFailure::Local(e) => e.code(),
            PlacementFailure::Api(e) => e.code(),
        }
    }

    pub fn sentence(&self) -> String {
        match self {
            PlacementFailure::Local(e) => e.sentence(),
            PlacementFailure::Api(e) => e.sentence(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Placement {
    plan: PlacementPlan,
    state: PlacementState,
    resent: BTreeSet<Step>,
    /// A step was requested and has no answer yet (it may still wait in the gate).
    awaiting_answer: bool,
    /// The gate let the current step out.
    dispatched: bool,
    /// Calls already in the named room before `outgoingCall` went out: never "found".
    known_in_room: BTreeSet<String>,
    created_room: Option<String>,
    started_ms: u64,
}

impl Placement {
    /// `calls` is the list on screen now, so an older call in a named room is never taken for
    /// the new one.
    pub fn new(plan: PlacementPlan, calls: &[SipCall], now_ms: u64) -> Self {
        let state = match &plan.room {
            Some(room) => PlacementState::Placing { room: room.clone() },
            None => PlacementState::CreatingRoom,
        };
        let mut p = Placement {
            plan,
            state,
            resent: BTreeSet::new(),
            awaiting_answer: false,
            dispatched: false,
            known_in_room: BTreeSet::new(),
            created_room: None,
            started_ms: now_ms,
        };
        p.learn_known(calls);
        p
    }

    pub fn state(&self) -> &PlacementState {
        &self.state
    }

    pub fn plan(&self) -> &PlacementPlan {
        &self.plan
    }

    pub fn started_ms(&self) -> u64 {
        self.started_ms
    }

    /// The call this placement follows, once known.
    pub fn call_id(&self) -> Option<&str> {
        match &self.state {
            PlacementState::Tracking { sip_call_id, .. } => Some(sip_call_id),
            _ => None,
        }
    }

    /// The request due now, if any. The caller queues it in the gate, reports when it went out
    /// with `on_dispatched`, and hands the answer to `on_room_created` or `on_call_placed`.
    pub fn next_request(&mut self, now_ms: u64) -> Option<Request> {
        if self.awaiting_answer {
            return None;
        }
        if let PlacementState::WaitingToResend { step, room, at_ms } = &self.state {
            if now_ms < *at_ms {
                return None;
            }
            self.state = match (step, room) {
                (Step::PlaceCall, Some(r)) => PlacementState::Placing { room: r.clone() },
                _ => PlacementState::CreatingRoom,
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
        self.awaiting_answer = true;
        self.dispatched = false;
        Some(req)
    }

    /// The gate let the current step out: polls answered from now on may show its call.
    pub fn on_dispatched(&mut self) {
        self.dispatched = true;
    }

    /// The answer to whichever step awaits one. Returns true when the call may now be in the
    /// list (placed, or possibly placed), so the driver asks for a poll as soon as the gate allows.
    pub fn on_answer(&mut self, now_ms: u64, result: Result<String, ApiError>) -> bool {
        match self.state {
            PlacementState::CreatingRoom => {
                self.on_room_created(now_ms, result);
                false
            }
            PlacementState::Placing { .. } => {
                self.on_call_placed(now_ms, result);
                matches!(
                    self.state,
                    PlacementState::Tracking { .. } | PlacementState::FindingByRoom { .. }
                )
            }
            _ => false,
        }
    }

    /// The answer to room creation: the raw body of a 2xx, or the error.
    pub fn on_room_created(&mut self, now_ms: u64, result: Result<String, ApiError>) {
        if !matches!(self.state, PlacementState::CreatingRoom) {
            return;
        }
        self.awaiting_answer = false;
        let room = result.and_then(|body| parse_room_name(&body).map_err(|_| ApiError::BadResponse));
        match room {
            Ok(room) => {
                self.created_room = Some(room.clone());
                self.state = PlacementState::Placing { room };
            }
            // The room may exist, but without its name there is nothing to place it into.
            Err(e) => self.on_refused(now_ms, Step::CreateRoom, None, e),
        }
    }

    /// The answer to `outgoingCall`: the raw body of a 2xx, or the error.
    pub fn on_call_placed(&mut self, now_ms: u64, result: Result<String, ApiError>) {
        let PlacementState::Placing { room } = &self.state else {
            return;
        };
        let room = room.clone();
        self.awaiting_answer = false;
        let id = result.map(|body| parse_placed_call_id(&body).ok().flatten());
        match id {
            Ok(Some(id)) => {
                self.state = PlacementState::Tracking {
                    sip_call_id: id,
                    room,
                    phase: Phase::Dialing,
                    dialing_since_ms: now_ms,
                }
            }
            // The call may exist: a 2xx without a usable id, or an answer lost on the way.
            Ok(None) | Err(ApiError::Timeout | ApiError::Network | ApiError::ServerError { .. }) => {
                self.state = PlacementState::FindingByRoom {
                    room,
                    until_ms: now_ms + FIND_BY_ROOM_MS,
                }
            }
            Err(e) => self.on_refused(now_ms, Step::PlaceCall, Some(room), e),
        }
    }

    fn on_refused(&mut self, now_ms: u64, step: Step, room: Option<String>, e: ApiError) {
        if let ApiError::RateLimited { retry_after_s } = e
            && self.resent.insert(step)
        {
            let wait = retry_after_s
                .map_or(0, |s| s.saturating_mul(1000))
                .max(MIN_RESEND_AFTER_429_MS);
            self.state = PlacementState::WaitingToResend {
                step,
                room,
                at_ms: now_ms + wait,
            };
            return;
        }
        self.state = PlacementState::Failed(PlacementFailure::Api(e));
    }

    fn learn_known(&mut self, calls: &[SipCall]) {
        if let Some(room) = &self.plan.room {
            self.known_in_room.extend(
                calls
                    .iter()
                    .filter(|c| c.room_name == *room)
                    .map(|c| c.sip_call_id.clone()),
            );
        }
    }

    /// Every successful unfiltered poll goes through here.
    pub fn on_poll(&mut self, now_ms: u64, calls: &[SipCall]) {
        // One request is on the wire at a time, so a poll answered before `outgoingCall` went
        // out cannot show the new call: whatever it shows in the room is older.
        let before_placing = match self.state {
            PlacementState::Placing { .. } => !self.dispatched,
            PlacementState::CreatingRoom | PlacementState::WaitingToResend { .. } => true,
            _ => false,
        };
        if before_placing {
            self.learn_known(calls);
        }
        match &mut self.state {
            PlacementState::FindingByRoom { room, until_ms } => {
                let found = calls.iter().find(|c| {
                    c.room_name == *room && !self.known_in_room.contains(&c.sip_call_id)
                });
                if let Some(c) = found {
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
            } => match calls.iter().find(|c| c.sip_call_id == *sip_call_id) {
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
            },
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

    /// When time alone changes this placement: a 429's wait ends or the room search gives up
    /// (both acted on by the next pump), or the 45 s hint appears (only while still ahead of
    /// `now_ms`, so a shown hint never wakes the page again).
    pub fn next_deadline(&self, now_ms: u64) -> Option<u64> {
        match &self.state {
            PlacementState::WaitingToResend { at_ms, .. } => Some(*at_ms),
            PlacementState::FindingByRoom { until_ms, .. } => Some(*until_ms),
            PlacementState::Tracking { phase: Phase::Dialing, dialing_since_ms, .. } => {
                Some(dialing_since_ms + super::status::DIALING_HINT_AFTER_MS).filter(|at| *at > now_ms)
            }
            _ => None,
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

    /// The placing is over and the dialer may place another call: it failed, or its call was
    /// answered (it goes on in the live list) or ended. A call still dialing or ringing is not.
    pub fn is_finished(&self) -> bool {
        match &self.state {
            PlacementState::Failed(_) => true,
            PlacementState::Tracking { phase, .. } => {
                !matches!(phase, Phase::Dialing | Phase::Ringing)
            }
            _ => false,
        }
    }

    /// Once finished: the room this placement created, to delete when it has no further use.
    /// Not for a 401/403 (nothing can be sent until the user acts) nor for a named room (it is
    /// not ours).
    pub fn room_release(&self) -> Option<RoomRelease> {
        let room = self.created_room.clone()?;
        match &self.state {
            PlacementState::Failed(PlacementFailure::Api(e)) if e.stops_polling() => None,
            PlacementState::Failed(_) => Some(RoomRelease {
                room,
                call_id: None,
            }),
            PlacementState::Tracking { sip_call_id, .. } if self.is_finished() => {
                Some(RoomRelease {
                    room,
                    call_id: Some(sip_call_id.clone()),
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "placement_tests.rs"]
mod tests;
