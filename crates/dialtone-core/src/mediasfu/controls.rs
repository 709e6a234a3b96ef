//! Confirmation-based call controls (spec §8.5, like mute in call-lifecycle.md): a button shows
//! pending until the API answers, and for controls whose effect the record shows (hold, source,
//! agent, end) until a poll shows it. Only one request per control kind per call is in flight.

use std::collections::BTreeMap;

use super::api_error::ApiError;
use super::records::CallRecord;
use super::request::{Control, ControlKind};
use super::status::{AgentState, Phase};

/// Spec silent: a 2xx whose effect no poll shows within this long is reported as unconfirmed.
pub const CONFIRM_WITHIN_MS: u64 = 30_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlState {
    /// Sent, no answer yet.
    Pending {
        control: Control,
        since_ms: u64,
    },
    /// 2xx; waiting for a poll to show the effect.
    AwaitingPoll {
        control: Control,
        since_ms: u64,
    },
    Confirmed {
        control: Control,
    },
    Failed {
        control: Control,
        error: ControlError,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlError {
    Api(ApiError),
    /// The API said yes but the record never showed it.
    NotConfirmed,
}

impl ControlError {
    pub fn code(&self) -> &'static str {
        match self {
            ControlError::Api(e) => e.code(),
            ControlError::NotConfirmed => "NOT_CONFIRMED",
        }
    }

    pub fn sentence(&self) -> String {
        match self {
            ControlError::Api(e) => e.sentence(),
            ControlError::NotConfirmed => {
                "MediaSFU accepted the request but the call did not change.".into()
            }
        }
    }
}

impl ControlState {
    pub fn token(&self) -> &'static str {
        match self {
            ControlState::Pending { .. } | ControlState::AwaitingPoll { .. } => "pending",
            ControlState::Confirmed { .. } => "confirmed",
            ControlState::Failed { .. } => "failed",
        }
    }
}

/// Does this record show the control's effect?
fn record_shows(control: &Control, record: Option<&CallRecord>) -> Option<bool> {
    let phase = record
        .map(CallRecord::phase)
        .unwrap_or(Phase::Ended(super::status::Outcome::Completed));
    let agent = record
        .map(CallRecord::agent_state)
        .unwrap_or(AgentState::Stopped);
    Some(match control {
        Control::End | Control::Reject => !phase.is_live(),
        Control::Hold { .. } => phase == Phase::OnHold,
        Control::Resume => phase != Phase::OnHold,
        Control::ToAgent | Control::StartAgent => agent == AgentState::Active,
        Control::ToHuman { .. } => agent == AgentState::PausedForHuman,
        Control::StopAgent => agent == AgentState::Stopped,
        // Not in the record: the 2xx is the confirmation.
        Control::Play { .. } | Control::PlayToAll(_) | Control::Dtmf(_) => return None,
    })
}

/// The controls of one call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallControls {
    states: BTreeMap<ControlKind, ControlState>,
    /// §8.5: play-to-all is not in the record; the toggle reflects the last 2xx.
    play_to_all: bool,
    /// §8.5: a 404 to the first DTMF hides the keypad for the session.
    dtmf_unsupported: bool,
    dtmf_ever_succeeded: bool,
}

/// §8.5: controls are enabled only with a `sipCallId` on a call that has not ended.
pub fn controls_enabled(record: &CallRecord) -> bool {
    !record.sip_call_id.is_empty() && record.phase().is_live()
}

impl CallControls {
    pub fn state(&self, kind: ControlKind) -> Option<&ControlState> {
        self.states.get(&kind)
    }

    pub fn play_to_all(&self) -> bool {
        self.play_to_all
    }

    pub fn dtmf_hidden(&self) -> bool {
        self.dtmf_unsupported
    }

    /// True when this kind may be sent now (nothing of the kind in flight).
    pub fn can_send(&self, kind: ControlKind) -> bool {
        !matches!(self.states.get(&kind), Some(ControlState::Pending { .. }))
    }

    /// Record a send; `false` (and nothing recorded) when one of the kind is already in flight.
    pub fn on_sent(&mut self, control: Control, now_ms: u64) -> bool {
        if !self.can_send(control.kind()) {
            return false;
        }
        self.states.insert(
            control.kind(),
            ControlState::Pending {
                control,
                since_ms: now_ms,
            },
        );
        true
    }

    /// The API's answer to the pending control of `kind`.
    pub fn on_result(
        &mut self,
        kind: ControlKind,
        now_ms: u64,
        result: Result<(), ApiError>,
        record: Option<&CallRecord>,
    ) {
        let Some(ControlState::Pending { control, .. }) = self.states.get(&kind).cloned() else {
            return;
        };
        let next = match result {
            Err(e) => {
                if kind == ControlKind::Dtmf && e.call_is_gone() && !self.dtmf_ever_succeeded {
                    self.dtmf_unsupported = true;
                }
                ControlState::Failed {
                    control,
                    error: ControlError::Api(e),
                }
            }
            Ok(()) => {
                if let Control::PlayToAll(on) = control {
                    self.play_to_all = on;
                }
                if kind == ControlKind::Dtmf {
                    self.dtmf_ever_succeeded = true;
                }
                match record_shows(&control, record) {
                    None | Some(true) => ControlState::Confirmed { control },
                    Some(false) => ControlState::AwaitingPoll {
                        control,
                        since_ms: now_ms,
                    },
                }
            }
        };
        self.states.insert(kind, next);
    }

    /// Every successful poll: confirm what the record now shows; give up after 30 s.
    pub fn on_poll(&mut self, now_ms: u64, record: Option<&CallRecord>) {
        for state in self.states.values_mut() {
            if let ControlState::AwaitingPoll { control, since_ms } = state {
                if record_shows(control, record) == Some(true) {
                    *state = ControlState::Confirmed {
                        control: control.clone(),
                    };
                } else if now_ms.saturating_sub(*since_ms) >= CONFIRM_WITHIN_MS {
                    *state = ControlState::Failed {
                        control: control.clone(),
                        error: ControlError::NotConfirmed,
                    };
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "controls_tests.rs"]
mod tests;
