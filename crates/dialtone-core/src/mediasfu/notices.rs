//! Where an error is said, and how (spec §5, §8.1, §8.3): each sentence once, with its stable code.
//! A 401/403 stops all traffic and is the page's banner (with "Edit credentials" only when the
//! browser holds credentials: in proxy mode the server's operator must act); the settings line and
//! the poller line then point at it instead of repeating it. Other errors stay where they happened.

use super::api_error::ApiError;
use super::poller::{ListPoller, PollerStatus};
use super::time::clock_label;

/// A line of text with its stable code (`data-code`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub code: String,
    pub text: String,
}

impl Notice {
    pub fn new(code: &str, text: impl Into<String>) -> Self {
        Notice {
            code: code.to_owned(),
            text: text.into(),
        }
    }
}

/// The banner of a traffic-stopping error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub notice: Notice,
    /// Offer "Edit credentials": only when the browser holds credentials.
    pub offer_edit: bool,
}

/// §8.1: 401/403 become the banner; anything else does not.
pub fn banner_for(error: &ApiError, proxy: bool) -> Option<Banner> {
    error.stops_polling().then(|| Banner {
        notice: Notice::new(error.code(), error.sentence()),
        offer_edit: !proxy,
    })
}

/// The settings line, in parts (as [`PollerLine`]): the page says it in its own words,
/// [`SettingsLine::english`] is the English and [`SettingsLine::code`] its `data-code`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsLine {
    /// Save, Test or Retry asked MediaSFU for the SIP configurations.
    Checking,
    /// MediaSFU answered: this many SIP configurations, `usable` of them for outgoing calls.
    Connected { configs: usize, usable: usize },
    /// A 401/403 stopped all traffic: the banner says why.
    SeeBanner { code: String },
    /// MediaSFU (or the way to it) failed; `error` says how.
    NotConnected { error: Notice },
    /// The settings were refused before anything was sent; `reason` says why.
    Refused { reason: Notice },
    SignedOut,
}

impl SettingsLine {
    pub fn code(&self) -> &str {
        match self {
            SettingsLine::Checking => "PENDING",
            SettingsLine::Connected { .. } => "OK",
            SettingsLine::SeeBanner { code } => code,
            SettingsLine::NotConnected { error } => &error.code,
            SettingsLine::Refused { reason } => &reason.code,
            SettingsLine::SignedOut => "SIGNED_OUT",
        }
    }

    pub fn english(&self) -> String {
        match self {
            SettingsLine::Checking => "Checking with MediaSFU…".into(),
            SettingsLine::Connected { configs, usable } => format!(
                "Connected: {configs} SIP configuration{}, {usable} usable for outgoing calls.",
                if *configs == 1 { "" } else { "s" }
            ),
            SettingsLine::SeeBanner { .. } => "Not connected: see the alert at the top.".into(),
            SettingsLine::NotConnected { error } => format!("Not connected. {}", error.text),
            SettingsLine::Refused { reason } => reason.text.clone(),
            SettingsLine::SignedOut => "Signed out: nothing is stored in this browser.".into(),
        }
    }
}

/// The settings line after Save or Test: the success, or the error — pointing at the banner when
/// the banner already says it.
pub fn settings_line(result: Result<(usize, usize), &ApiError>) -> SettingsLine {
    match result {
        Ok((configs, usable)) => SettingsLine::Connected { configs, usable },
        Err(e) if e.stops_polling() => SettingsLine::SeeBanner { code: e.code().to_owned() },
        Err(e) => SettingsLine::NotConnected { error: Notice::new(e.code(), e.sentence()) },
    }
}

/// The poller's line, in parts: the page says it in its own words ([`PollerLine::english`] is
/// the English), and [`PollerLine::state`] is its `data-state` token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollerLine {
    /// Signed out, or no settings yet: nothing polls.
    Off,
    Idle,
    Live { every_s: u64 },
    /// The last poll failed; the next one is on its way.
    Retrying { error: Notice },
    RateLimited { retry_in_s: u64 },
    /// Polls keep failing; `since` is the wall-clock time (`hh:mm:ss`, UTC) of the last good one.
    Stale { since: String, error: Notice },
    /// A 401/403 stopped all traffic: the banner says why.
    Stopped { code: String },
}

impl PollerLine {
    /// Whether an empty list may be shown as "no live calls": while updates arrive, or the last
    /// good one is still shown (stale); not before the first, nor while a poll is retried, held
    /// back, signed out or stopped (the line then says why nothing is sure).
    pub fn knows_the_list(&self) -> bool {
        matches!(self, PollerLine::Live { .. } | PollerLine::Stale { .. })
    }

    pub fn state(&self) -> &'static str {
        match self {
            PollerLine::Off => "off",
            PollerLine::Idle => "idle",
            PollerLine::Live { .. } => "ok",
            PollerLine::Retrying { .. } => "error",
            PollerLine::RateLimited { .. } => "rate-limited",
            PollerLine::Stale { .. } => "stale",
            PollerLine::Stopped { .. } => "stopped",
        }
    }

    pub fn english(&self) -> String {
        match self {
            PollerLine::Off => "Not signed in: save your MediaSFU settings to see calls.".into(),
            PollerLine::Idle => "Waiting for the first update…".into(),
            PollerLine::Live { every_s } => format!("Live: updated every {every_s} s."),
            PollerLine::Retrying { error } => format!("{} ({}) Trying again.", error.text, error.code),
            PollerLine::RateLimited { retry_in_s } => format!("Rate limited, retrying in {retry_in_s} s"),
            PollerLine::Stale { since, error } => format!("Stale since {since} UTC: {} ({})", error.text, error.code),
            PollerLine::Stopped { code } => format!("Paused ({code}): see the alert at the top."),
        }
    }
}

/// The poller's line. `signed_in` is false after sign-out or before any settings, when nothing
/// polls. `wall_offset_ms` turns the poller's clock into wall-clock time for "stale since
/// hh:mm:ss".
pub fn poller_line(poller: &ListPoller, now_ms: u64, signed_in: bool, wall_offset_ms: i64) -> PollerLine {
    if !signed_in {
        return PollerLine::Off;
    }
    match poller.status(now_ms) {
        PollerStatus::Idle => PollerLine::Idle,
        PollerStatus::Ok => match poller.last_error() {
            Some(e) => PollerLine::Retrying { error: Notice::new(e.code(), e.sentence()) },
            None => PollerLine::Live { every_s: poller.interval_ms() / 1_000 },
        },
        PollerStatus::RateLimited { retry_in_s } => PollerLine::RateLimited { retry_in_s },
        PollerStatus::Stale { since_ms, error } => PollerLine::Stale {
            since: clock_label(since_ms.saturating_add_signed(wall_offset_ms)),
            error: Notice::new(error.code(), error.sentence()),
        },
        PollerStatus::Stopped { error } => PollerLine::Stopped { code: error.code().to_owned() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(via_proxy: bool) -> ApiError {
        ApiError::CredentialsRejected {
            disposable: false,
            via_proxy,
        }
    }

    #[test]
    fn an_empty_list_is_no_calls_only_once_an_update_said_so() {
        assert!(!PollerLine::Off.knows_the_list());
        assert!(!PollerLine::Idle.knows_the_list());
        assert!(!PollerLine::Stopped { code: "CREDENTIALS_REJECTED".into() }.knows_the_list());
        assert!(!PollerLine::RateLimited { retry_in_s: 3 }.knows_the_list(), "maybe before any update");
        assert!(PollerLine::Live { every_s: 6 }.knows_the_list());
    }

    #[test]
    fn a_401_is_said_once_in_the_banner_and_the_other_lines_point_at_it() {
        let banner = banner_for(&rejected(false), false).expect("banner");
        assert_eq!(banner.notice.code, "CREDENTIALS_REJECTED");
        assert!(banner.notice.text.contains("rejected these credentials"));
        assert!(banner.offer_edit);
        let settings = settings_line(Err(&rejected(false)));
        assert_eq!(settings.code(), "CREDENTIALS_REJECTED");
        assert!(
            !settings.english().contains("rejected"),
            "not repeated: {}",
            settings.english()
        );
        let mut p = ListPoller::new(6_000);
        p.stop_on(&rejected(false));
        let line = poller_line(&p, 0, true, 0);
        let (state, text) = (line.state(), line.english());
        assert_eq!(state, "stopped");
        assert!(text.contains("CREDENTIALS_REJECTED") && !text.contains("rejected these"));
    }

    #[test]
    fn in_proxy_mode_the_banner_offers_no_credentials_to_edit() {
        let banner = banner_for(&rejected(true), true).expect("banner");
        assert!(!banner.offer_edit);
        assert!(banner.notice.text.contains("server's operator"));
        assert_eq!(banner_for(&ApiError::Timeout, false), None);
    }

    #[test]
    fn other_errors_keep_their_sentence_and_code_where_they_happened() {
        let n = settings_line(Err(&ApiError::ServerError { status: 500 }));
        assert_eq!(n.code(), "SERVER_ERROR");
        assert_eq!(n.english(), "Not connected. MediaSFU had an error (HTTP 500).");
        let one = settings_line(Ok((1, 1)));
        assert_eq!((one.code(), one.english().as_str()), ("OK", "Connected: 1 SIP configuration, 1 usable for outgoing calls."));
        assert_eq!(
            settings_line(Ok((3, 0))).english(),
            "Connected: 3 SIP configurations, 0 usable for outgoing calls."
        );
    }

    #[test]
    fn every_settings_line_keeps_the_code_and_english_the_page_had() {
        let refused = Notice::new("CREDENTIALS_INVALID", "Enter your MediaSFU API key.");
        for (line, code, english) in [
            (SettingsLine::Checking, "PENDING", "Checking with MediaSFU…"),
            (SettingsLine::SignedOut, "SIGNED_OUT", "Signed out: nothing is stored in this browser."),
            (SettingsLine::Refused { reason: refused }, "CREDENTIALS_INVALID", "Enter your MediaSFU API key."),
            (SettingsLine::SeeBanner { code: "ACCESS_DENIED".into() }, "ACCESS_DENIED", "Not connected: see the alert at the top."),
        ] {
            assert_eq!((line.code(), line.english().as_str()), (code, english));
        }
    }

    #[test]
    fn signed_out_the_poller_line_says_so_rather_than_live() {
        let mut p = ListPoller::new(6_000);
        p.on_poll_sent(0);
        p.on_poll_result(10, Ok(vec![]), 0.5);
        assert_eq!(poller_line(&p, 20, true, 0), PollerLine::Live { every_s: 6 });
        assert_eq!(poller_line(&p, 20, true, 0).english(), "Live: updated every 6 s.");
        assert_eq!(poller_line(&p, 20, false, 0).state(), "off");
    }
}
