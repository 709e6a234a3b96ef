//! Status and direction normalisation (spec §3.1). MediaSFU's raw strings vary in case and
//! vocabulary; every view reads the normalised [`Phase`] so "is it live?" has one answer.

/// How an ended call ended, as far as the raw status tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Declined,
    Busy,
    Cancelled,
    Failed,
}

impl Outcome {
    /// A stable lower-case token (`busy`), for codes the page turns into its own words.
    pub fn token(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Declined => "declined",
            Outcome::Busy => "busy",
            Outcome::Cancelled => "cancelled",
            Outcome::Failed => "failed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Completed => "Completed",
            Outcome::Declined => "Declined",
            Outcome::Busy => "Busy",
            Outcome::Cancelled => "Cancelled",
            Outcome::Failed => "Failed",
        }
    }
}

/// Dialtone's phase of a MediaSFU call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Dialing,
    Ringing,
    Connected,
    OnHold,
    Ended(Outcome),
    /// A value we do not know; it counts as live and shows the raw text.
    Unknown(String),
}

impl Phase {
    pub fn is_live(&self) -> bool {
        !matches!(self, Phase::Ended(_))
    }

    /// The word shown in lists.
    pub fn label(&self) -> String {
        match self {
            Phase::Dialing => "Dialing".into(),
            Phase::Ringing => "Ringing".into(),
            Phase::Connected => "Connected".into(),
            Phase::OnHold => "On hold".into(),
            Phase::Ended(outcome) => format!("Ended ({})", outcome.label()),
            Phase::Unknown(raw) => raw.clone(),
        }
    }

    /// The phase's stable code, outcome included (`connected`, `ended-busy`): what the page
    /// looks its words up by. An unknown raw status has the code `unknown`.
    pub fn code(&self) -> String {
        match self {
            Phase::Ended(outcome) => format!("ended-{}", outcome.token()),
            other => other.token().to_owned(),
        }
    }

    /// A stable lower-case token for test ids and data attributes.
    pub fn token(&self) -> &'static str {
        match self {
            Phase::Dialing => "dialing",
            Phase::Ringing => "ringing",
            Phase::Connected => "connected",
            Phase::OnHold => "on-hold",
            Phase::Ended(_) => "ended",
            Phase::Unknown(_) => "unknown",
        }
    }
}

/// The raw status mapped on its own (no flags). `None` for an empty/absent status.
fn phase_of_status(raw: &str) -> Option<Phase> {
    let s = raw.trim().to_ascii_lowercase();
    if s.is_empty() {
        return None;
    }
    Some(match s.as_str() {
        "initiating" | "initiated" | "calling" | "trying" => Phase::Dialing,
        "ringing" | "progress" | "in-progress" | "in_progress" | "early" | "connecting" => {
            Phase::Ringing
        }
        "connected" | "answered" | "active" | "bridged" | "established" => Phase::Connected,
        "on-hold" | "onhold" | "hold" => Phase::OnHold,
        "ended" | "completed" | "terminated" | "terminating" => Phase::Ended(Outcome::Completed),
        "rejected" | "declined" => Phase::Ended(Outcome::Declined),
        "busy" => Phase::Ended(Outcome::Busy),
        "cancelled" | "canceled" => Phase::Ended(Outcome::Cancelled),
        "failed" => Phase::Ended(Outcome::Failed),
        _ => Phase::Unknown(raw.trim().to_string()),
    })
}

/// The flags of a record that bear on its phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PhaseFlags {
    pub call_ended: Option<bool>,
    pub on_hold: Option<bool>,
    /// `active` or `isActive` set to true.
    pub active: bool,
}

/// Normalise a status with the record's flags (§3.1).
pub fn normalise_phase(status: Option<&str>, flags: PhaseFlags) -> Phase {
    let from_status = status.and_then(phase_of_status);
    let phase = match from_status {
        Some(p) => p,
        None => {
            // Without a status a record is live only when a flag says so.
            if flags.call_ended == Some(false) || flags.active {
                Phase::Unknown(String::new())
            } else {
                Phase::Ended(Outcome::Completed)
            }
        }
    };
    if flags.call_ended == Some(true) {
        // A more specific terminal outcome from the status wins; anything live becomes Completed.
        return match phase {
            Phase::Ended(o) => Phase::Ended(o),
            _ => Phase::Ended(Outcome::Completed),
        };
    }
    if flags.on_hold == Some(true) && phase.is_live() {
        return Phase::OnHold;
    }
    phase
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SipCallDirection {
    Incoming,
    Outgoing,
    Unknown,
}

impl SipCallDirection {
    pub fn parse(raw: &str) -> SipCallDirection {
        match raw.trim().to_ascii_lowercase().as_str() {
            "incoming" | "inbound" => SipCallDirection::Incoming,
            "outgoing" | "outbound" => SipCallDirection::Outgoing,
            _ => SipCallDirection::Unknown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SipCallDirection::Incoming => "Incoming",
            SipCallDirection::Outgoing => "Outgoing",
            SipCallDirection::Unknown => "—",
        }
    }
}

/// Who the caller hears, from `activeMediaSource`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentState {
    Active,
    /// Paused: a human is on the line.
    PausedForHuman,
    Stopped,
}

impl AgentState {
    pub fn from_media_source(raw: &str) -> AgentState {
        match raw.trim().to_ascii_lowercase().as_str() {
            "agent" => AgentState::Active,
            "human" => AgentState::PausedForHuman,
            _ => AgentState::Stopped,
        }
    }

    /// §8.5: Start when stopped, Stop when active or paused.
    pub fn offers_start(self) -> bool {
        self == AgentState::Stopped
    }
}

/// §3.1: a call still dialing after this long shows the "outbound may be disabled" hint.
pub const DIALING_HINT_AFTER_MS: u64 = 45_000;

pub fn shows_outbound_hint(phase: &Phase, dialing_since_ms: u64, now_ms: u64) -> bool {
    *phase == Phase::Dialing && now_ms.saturating_sub(dialing_since_ms) >= DIALING_HINT_AFTER_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Phase {
        normalise_phase(Some(s), PhaseFlags::default())
    }

    #[test]
    fn status_is_trimmed_and_compared_in_lower_case() {
        assert_eq!(plain("  CONNECTED "), Phase::Connected);
        assert_eq!(plain("Ringing"), Phase::Ringing);
    }

    #[test]
    fn every_raw_value_of_the_table_maps_to_its_phase() {
        for s in ["initiating", "initiated", "calling", "trying"] {
            assert_eq!(plain(s), Phase::Dialing, "{s}");
        }
        for s in [
            "ringing",
            "progress",
            "in-progress",
            "in_progress",
            "early",
            "connecting",
        ] {
            assert_eq!(plain(s), Phase::Ringing, "{s}");
        }
        for s in ["connected", "answered", "active", "bridged", "established"] {
            assert_eq!(plain(s), Phase::Connected, "{s}");
        }
        for s in ["on-hold", "onhold", "hold"] {
            assert_eq!(plain(s), Phase::OnHold, "{s}");
        }
        for s in ["ended", "completed", "terminated", "terminating"] {
            assert_eq!(plain(s), Phase::Ended(Outcome::Completed), "{s}");
        }
        assert_eq!(plain("rejected"), Phase::Ended(Outcome::Declined));
        assert_eq!(plain("declined"), Phase::Ended(Outcome::Declined));
        assert_eq!(plain("busy"), Phase::Ended(Outcome::Busy));
        assert_eq!(plain("canceled"), Phase::Ended(Outcome::Cancelled));
        assert_eq!(plain("cancelled"), Phase::Ended(Outcome::Cancelled));
        assert_eq!(plain("failed"), Phase::Ended(Outcome::Failed));
    }

    #[test]
    fn unknown_status_counts_as_live_and_keeps_the_raw_text() {
        let p = plain(" Parked ");
        assert_eq!(p, Phase::Unknown("Parked".into()));
        assert!(p.is_live());
        assert_eq!(p.label(), "Parked");
    }

    #[test]
    fn call_ended_true_overrides_to_completed_unless_status_is_more_specific() {
        let f = PhaseFlags {
            call_ended: Some(true),
            ..Default::default()
        };
        assert_eq!(
            normalise_phase(Some("connected"), f),
            Phase::Ended(Outcome::Completed)
        );
        assert_eq!(
            normalise_phase(Some("busy"), f),
            Phase::Ended(Outcome::Busy)
        );
    }

    #[test]
    fn missing_status_is_live_only_when_a_flag_says_so() {
        assert_eq!(
            normalise_phase(None, PhaseFlags::default()),
            Phase::Ended(Outcome::Completed)
        );
        assert!(
            normalise_phase(
                Some(""),
                PhaseFlags {
                    call_ended: Some(false),
                    ..Default::default()
                }
            )
            .is_live()
        );
        assert!(
            normalise_phase(
                None,
                PhaseFlags {
                    active: true,
                    ..Default::default()
                }
            )
            .is_live()
        );
    }

    #[test]
    fn on_hold_flag_makes_any_live_status_on_hold() {
        let f = PhaseFlags {
            on_hold: Some(true),
            ..Default::default()
        };
        assert_eq!(normalise_phase(Some("connected"), f), Phase::OnHold);
        assert_eq!(
            normalise_phase(Some("failed"), f),
            Phase::Ended(Outcome::Failed)
        );
    }

    #[test]
    fn direction_accepts_both_vocabularies_and_shows_a_dash_otherwise() {
        assert_eq!(SipCallDirection::parse("Inbound"), SipCallDirection::Incoming);
        assert_eq!(SipCallDirection::parse("incoming"), SipCallDirection::Incoming);
        assert_eq!(SipCallDirection::parse("OUTGOING"), SipCallDirection::Outgoing);
        assert_eq!(SipCallDirection::parse("outbound"), SipCallDirection::Outgoing);
        assert_eq!(SipCallDirection::parse("sideways").label(), "—");
    }

    #[test]
    fn agent_state_follows_active_media_source_case_insensitively() {
        assert_eq!(AgentState::from_media_source("Agent"), AgentState::Active);
        assert_eq!(
            AgentState::from_media_source("HUMAN"),
            AgentState::PausedForHuman
        );
        assert_eq!(AgentState::from_media_source("none"), AgentState::Stopped);
        assert_eq!(AgentState::from_media_source(""), AgentState::Stopped);
        assert!(AgentState::Stopped.offers_start());
        assert!(!AgentState::PausedForHuman.offers_start());
    }

    #[test]
    fn a_call_dialing_for_45_s_shows_the_outbound_hint() {
        assert!(!shows_outbound_hint(&Phase::Dialing, 1_000, 45_999));
        assert!(shows_outbound_hint(&Phase::Dialing, 1_000, 46_000));
        assert!(!shows_outbound_hint(&Phase::Ringing, 1_000, 99_000));
    }
}
