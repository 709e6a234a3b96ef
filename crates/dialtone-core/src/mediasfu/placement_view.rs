//! What the dialer's placement line says (spec §8.4, §3.1): one sentence per state, a stable token
//! for `data-state`, the error code when it failed, and a tone so a failure never looks like a
//! note. The page only renders it.

use super::placement::{Placement, PlacementState};
use super::status::{Outcome, Phase};

/// How the line should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Work under way.
    Progress,
    /// The call is up.
    Good,
    /// Something to notice but not a failure (a 429 being waited out, a call that ended busy).
    Warn,
    Error,
}

impl Tone {
    pub fn token(self) -> &'static str {
        match self {
            Tone::Progress => "progress",
            Tone::Good => "good",
            Tone::Warn => "warn",
            Tone::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacementView {
    /// `creating-room`, `placing`, `waiting`, `finding`, a phase token, or `failed`.
    pub state: &'static str,
    pub text: String,
    pub code: Option<&'static str>,
    pub call_id: Option<String>,
    pub tone: Tone,
}

impl Placement {
    /// The placement line at `now_ms`.
    pub fn view(&self, now_ms: u64) -> PlacementView {
        let to = &self.plan().called_did;
        let mut code = None;
        let (state, text, tone) = match self.state() {
            PlacementState::CreatingRoom => (
                "creating-room",
                format!("Creating a room for the agent's call to {to}…"),
                Tone::Progress,
            ),
            PlacementState::Placing { room } => (
                "placing",
                format!("Placing the call to {to} (room {room})…"),
                Tone::Progress,
            ),
            PlacementState::WaitingToResend { at_ms, .. } => (
                "waiting",
                format!(
                    "MediaSFU is rate-limiting us; sending again in {} s…",
                    at_ms.saturating_sub(now_ms).div_ceil(1_000)
                ),
                Tone::Warn,
            ),
            PlacementState::FindingByRoom { room, .. } => (
                "finding",
                format!("Sent, but MediaSFU's answer was unclear; looking for the call in room {room}…"),
                Tone::Progress,
            ),
            PlacementState::Tracking { phase, .. } => {
                let text = match phase {
                    Phase::Dialing if self.shows_outbound_hint(now_ms) => format!(
                        "Still dialing {to}: outbound calling may not be enabled for this account."
                    ),
                    Phase::Dialing => format!("Dialing {to}…"),
                    Phase::Ringing => format!("Ringing {to}…"),
                    Phase::Connected => format!("Connected to {to}."),
                    Phase::OnHold => format!("{to} is on hold."),
                    Phase::Ended(outcome) => format!("The call to {to} ended: {}.", outcome.label()),
                    Phase::Unknown(raw) => format!("Call to {to}: {raw}"),
                };
                let tone = match phase {
                    Phase::Connected | Phase::OnHold | Phase::Ended(Outcome::Completed) => Tone::Good,
                    Phase::Ended(_) => Tone::Warn,
                    Phase::Dialing if self.shows_outbound_hint(now_ms) => Tone::Warn,
                    _ => Tone::Progress,
                };
                (phase.token(), text, tone)
            }
            PlacementState::Failed(failure) => {
                code = Some(failure.code());
                (
                    "failed",
                    format!("The call to {to} was not placed. {}", failure.sentence()),
                    Tone::Error,
                )
            }
        };
        PlacementView {
            state,
            text,
            code,
            call_id: self.call_id().map(str::to_owned),
            tone,
        }
    }
}
