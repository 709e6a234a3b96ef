//! Confirmation-based call controls (spec §8.5, like mute in call-lifecycle.md): a button shows
//! pending while its request waits for the gate or for the API, and for controls whose effect the
//! record shows (hold, source, agent, end) until a poll shows it. Only one request per control
//! kind per call is waiting or in flight. One failure is shown at a time, the latest: a new
//! request or a dismissal clears it, so errors never pile up.

use std::collections::BTreeMap;

use super::api_error::ApiError;
use super::numbers::initiator_name;
use super::records::SipCall;
use super::request::{Control, ControlKind};
use super::status::{AgentState, Phase};

/// Spec silent: a 2xx whose effect no poll shows within this long is reported as unconfirmed.
pub const CONFIRM_WITHIN_MS: u64 = 30_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlState {
    /// Requested, no answer yet: waiting for the gate (`sent: false`) or on the wire.
    Pending {
        control: Control,
        since_ms: u64,
        sent: bool,
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
    /// A local check refused it; nothing was sent (§5).
    Local {
        code: &'static str,
        sentence: &'static str,
    },
}

impl ControlError {
    pub fn code(&self) -> &'static str {
        match self {
            ControlError::Api(e) => e.code(),
            ControlError::NotConfirmed => "NOT_CONFIRMED",
            ControlError::Local { code, .. } => code,
        }
    }

    pub fn sentence(&self) -> String {
        match self {
            ControlError::Api(e) => e.sentence(),
            ControlError::NotConfirmed => {
                "MediaSFU accepted the request but the call did not change.".into()
            }
            ControlError::Local { sentence, .. } => (*sentence).into(),
        }
    }
}

/// The one failure a call row shows: which control (and its button's name), its stable code, and
/// the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureNotice {
    pub kind: ControlKind,
    pub label: &'static str,
    pub code: &'static str,
    /// In English; the page may say it in the reader's words by the code (and `retry_in_s`).
    pub text: String,
    /// A rate limit's whole seconds until it may be tried again (0: now); `None` otherwise.
    pub retry_in_s: Option<u64>,
}

/// How far the newest request under way has got: waiting for MediaSFU's window, sent, or
/// accepted and waiting for a list to show its effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Queued,
    Sent,
    Accepted,
}

/// The newest request under way: its button's name and its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub label: &'static str,
    pub stage: Stage,
}

impl Progress {
    /// The line in English.
    pub fn line(&self) -> String {
        let label = self.label;
        match self.stage {
            Stage::Queued => format!("{label}: queued; MediaSFU takes one request per 5 s."),
            Stage::Sent => format!("{label}: sent, waiting for MediaSFU…"),
            Stage::Accepted => format!("{label}: accepted; waiting for the call to show it…"),
        }
    }
}

/// §8.2: a control that got 429 says when it may be tried again (the gate's wait for a user
/// request now), whether or not MediaSFU sent `Retry-After`.
pub fn rate_limited_sentence(retry_in_s: u64) -> String {
    match retry_in_s {
        0 => "MediaSFU was rate-limiting us; you can try again now.".into(),
        s => format!("MediaSFU is rate-limiting us; you can try again in {s} s."),
    }
}

/// §8.5: "To human" names the participant the record names, else the name the call was placed
/// under by us (or, for a call we did not place, the name in the dialer) — never a made-up one.
pub fn human_name_for(record: Option<&SipCall>, our_name: &str) -> String {
    record
        .and_then(|r| r.human_participant_name.as_deref())
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .unwrap_or_else(|| initiator_name(our_name))
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
fn record_shows(control: &Control, record: Option<&SipCall>) -> Option<bool> {
    let phase = record
        .map(SipCall::phase)
        .unwrap_or(Phase::Ended(super::status::Outcome::Completed));
    let agent = record
        .map(SipCall::agent_state)
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
pub fn controls_enabled(record: &SipCall) -> bool {
    !record.sip_call_id.is_empty() && record.phase().is_live()
}

/// §8.5: an incoming call not yet connected is rejected (`reason: rejected`), any other ended.
pub fn offers_reject(record: &SipCall) -> bool {
    record.direction() == super::status::SipCallDirection::Incoming
        && matches!(record.phase(), Phase::Dialing | Phase::Ringing)
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

    /// Record a request (queued in the gate); `false` (and nothing recorded) when one of the kind
    /// is already waiting or in flight. The user has moved on: any shown failure is cleared.
    pub fn on_sent(&mut self, control: Control, now_ms: u64) -> bool {
        if !self.can_send(control.kind()) {
            return false;
        }
        self.dismiss_failure();
        self.states.insert(
            control.kind(),
            ControlState::Pending {
                control,
                since_ms: now_ms,
                sent: false,
            },
        );
        true
    }

    /// A local check refused `control` before anything was sent: it becomes the one failure
    /// shown, unless a request of its kind is under way (that one's outcome matters more).
    pub fn on_refused_locally(&mut self, control: Control, code: &'static str, sentence: &'static str) {
        if !self.can_send(control.kind()) {
            return;
        }
        self.dismiss_failure();
        self.states.insert(
            control.kind(),
            ControlState::Failed {
                control,
                error: ControlError::Local { code, sentence },
            },
        );
    }

    /// The gate let the request of `kind` out.
    pub fn on_dispatched(&mut self, kind: ControlKind) {
        if let Some(ControlState::Pending { sent, .. }) = self.states.get_mut(&kind) {
            *sent = true;
        }
    }

    /// Clears the failure shown (its button returns to idle).
    pub fn dismiss_failure(&mut self) {
        self.states
            .retain(|_, s| !matches!(s, ControlState::Failed { .. }));
    }

    /// The failure to show, if any (there is at most one). `user_wait_ms` is the gate's current
    /// wait for a user request, for a rate limit's "try again in N s".
    pub fn failure(&self, user_wait_ms: u64) -> Option<FailureNotice> {
        self.states.iter().find_map(|(kind, s)| match s {
            ControlState::Failed { error, control } => {
                let retry_in_s = matches!(error, ControlError::Api(ApiError::RateLimited { .. }))
                    .then(|| user_wait_ms.div_ceil(1_000));
                Some(FailureNotice {
                    kind: *kind,
                    label: control.label(),
                    code: error.code(),
                    text: retry_in_s.map_or_else(|| error.sentence(), rate_limited_sentence),
                    retry_in_s,
                })
            }
            _ => None,
        })
    }

    /// The newest request still under way, for the page to say in its own words; visibly queued
    /// rather than ignored while it waits for MediaSFU's window.
    pub fn progress(&self) -> Option<Progress> {
        self.states
            .values()
            .filter_map(|s| {
                let (control, since_ms, stage) = match s {
                    ControlState::Pending { control, since_ms, sent: false } => (control, since_ms, Stage::Queued),
                    ControlState::Pending { control, since_ms, .. } => (control, since_ms, Stage::Sent),
                    ControlState::AwaitingPoll { control, since_ms } => (control, since_ms, Stage::Accepted),
                    _ => return None,
                };
                Some((*since_ms, Progress { label: control.label(), stage }))
            })
            .max_by_key(|(since, _)| *since)
            .map(|(_, progress)| progress)
    }

    /// The API's answer to the pending control of `kind`.
    pub fn on_result(
        &mut self,
        kind: ControlKind,
        now_ms: u64,
        result: Result<(), ApiError>,
        record: Option<&SipCall>,
    ) {
        let Some(ControlState::Pending { control, .. }) = self.states.get(&kind).cloned() else {
            return;
        };
        let next = match result {
            Err(e) => {
                if kind == ControlKind::Dtmf && e.call_is_gone() && !self.dtmf_ever_succeeded {
                    self.dtmf_unsupported = true;
                }
                // The latest failure replaces any earlier one.
                self.dismiss_failure();
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

    /// Every successful poll: confirm what the record now shows; give up after 30 s. A control
    /// given up on becomes the one failure shown.
    pub fn on_poll(&mut self, now_ms: u64, record: Option<&SipCall>) {
        for state in self.states.values_mut() {
            if let ControlState::AwaitingPoll { control, .. } = state {
                if record_shows(control, record) == Some(true) {
                    *state = ControlState::Confirmed {
                        control: control.clone(),
                    };
                }
            }
        }
        self.give_up_overdue(now_ms);
    }

    /// When a control still waiting for a poll to show it is given up on, if one is waiting:
    /// the 30 s run from its 2xx, whether or not a poll comes (polls pause, or fail, meanwhile).
    pub fn confirm_deadline(&self) -> Option<u64> {
        self.states
            .values()
            .filter_map(|state| match state {
                ControlState::AwaitingPoll { since_ms, .. } => Some(since_ms + CONFIRM_WITHIN_MS),
                _ => None,
            })
            .min()
    }

    /// The 30 s of a control not yet shown ran out: it is the failure shown (one at a time; the
    /// next one overdue is due at once).
    pub fn give_up_overdue(&mut self, now_ms: u64) {
        let mut given_up = None;
        for (kind, state) in self.states.iter() {
            if let ControlState::AwaitingPoll { control, since_ms } = state {
                if now_ms.saturating_sub(*since_ms) >= CONFIRM_WITHIN_MS {
                    given_up = Some((*kind, control.clone()));
                }
            }
        }
        if let Some((kind, control)) = given_up {
            self.dismiss_failure();
            self.states.insert(
                kind,
                ControlState::Failed {
                    control,
                    error: ControlError::NotConfirmed,
                },
            );
        }
    }
}

#[cfg(test)]
#[path = "controls_tests.rs"]
mod tests;
