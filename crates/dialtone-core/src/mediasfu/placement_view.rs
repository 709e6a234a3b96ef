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
    /// The line in parts, for the page to say in the reader's words ([`PlacementLine::english`]).
    pub line: PlacementLine,
    pub code: Option<&'static str>,
    pub call_id: Option<String>,
    pub tone: Tone,
}

/// The placement line's parts. `to` is the number called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementLine {
    CreatingRoom { to: String },
    Placing { to: String, room: String },
    WaitingToResend { in_s: u64 },
    FindingByRoom { room: String },
    /// Still dialing for long enough that outbound calling may be off for the account.
    DialingLong { to: String },
    /// A call being followed, in any other phase.
    Tracking { to: String, phase: Phase },
    /// `reason`: the failure's sentence (English), its code in [`PlacementView::code`].
    Failed { to: String, reason: String },
}

impl PlacementLine {
    pub fn english(&self) -> String {
        match self {
            PlacementLine::CreatingRoom { to } => format!("Creating a room for the agent's call to {to}…"),
            PlacementLine::Placing { to, room } => format!("Placing the call to {to} (room {room})…"),
            PlacementLine::WaitingToResend { in_s } => {
                format!("MediaSFU is rate-limiting us; sending again in {in_s} s…")
            }
            PlacementLine::FindingByRoom { room } => {
                format!("Sent, but MediaSFU's answer was unclear; looking for the call in room {room}…")
            }
            PlacementLine::DialingLong { to } => {
                format!("Still dialing {to}: outbound calling may not be enabled for this account.")
            }
            PlacementLine::Tracking { to, phase } => match phase {
                Phase::Dialing => format!("Dialing {to}…"),
                Phase::Ringing => format!("Ringing {to}…"),
                Phase::Connected => format!("Connected to {to}."),
                Phase::OnHold => format!("{to} is on hold."),
                Phase::Ended(outcome) => format!("The call to {to} ended: {}.", outcome.label()),
                Phase::Unknown(raw) => format!("Call to {to}: {raw}"),
            },
            PlacementLine::Failed { to, reason } => format!("The call to {to} was not placed. {reason}"),
        }
    }
}

impl Placement {
    /// The placement line at `now_ms`.
    pub fn view(&self, now_ms: u64) -> PlacementView {
        let to = self.plan().called_did.clone();
        let mut code = None;
        let (state, line, tone) = match self.state() {
            PlacementState::CreatingRoom => ("creating-room", PlacementLine::CreatingRoom { to }, Tone::Progress),
            PlacementState::Placing { room } => {
                ("placing", PlacementLine::Placing { to, room: room.clone() }, Tone::Progress)
            }
            PlacementState::WaitingToResend { at_ms, .. } => (
                "waiting",
                PlacementLine::WaitingToResend { in_s: at_ms.saturating_sub(now_ms).div_ceil(1_000) },
                Tone::Warn,
            ),
            PlacementState::FindingByRoom { room, .. } => {
                ("finding", PlacementLine::FindingByRoom { room: room.clone() }, Tone::Progress)
            }
            PlacementState::Tracking { phase, .. } => {
                let long = *phase == Phase::Dialing && self.shows_outbound_hint(now_ms);
                let tone = match phase {
                    Phase::Connected | Phase::OnHold | Phase::Ended(Outcome::Completed) => Tone::Good,
                    Phase::Ended(_) => Tone::Warn,
                    Phase::Dialing if long => Tone::Warn,
                    _ => Tone::Progress,
                };
                let line = if long {
                    PlacementLine::DialingLong { to }
                } else {
                    PlacementLine::Tracking { to, phase: phase.clone() }
                };
                (phase.token(), line, tone)
            }
            PlacementState::Failed(failure) => {
                code = Some(failure.code());
                ("failed", PlacementLine::Failed { to, reason: failure.sentence() }, Tone::Error)
            }
        };
        PlacementView {
            state,
            line,
            code,
            call_id: self.call_id().map(str::to_owned),
            tone,
        }
    }
}
