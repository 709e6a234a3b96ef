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

/// The settings line after Save or Test: the success, or the error — pointing at the banner when
/// the banner already says it.
pub fn settings_line(result: Result<(usize, usize), &ApiError>) -> Notice {
    match result {
        Ok((all, eligible)) => Notice::new(
            "OK",
            format!(
                "Connected: {all} SIP configuration{}, {eligible} usable for outgoing calls.",
                if all == 1 { "" } else { "s" }
            ),
        ),
        Err(e) if e.stops_polling() => {
            Notice::new(e.code(), "Not connected: see the alert at the top.")
        }
        Err(e) => Notice::new(e.code(), format!("Not connected. {}", e.sentence())),
    }
}

/// The poller's line: `data-state` token and text. `signed_in` is false after sign-out or before
/// any settings, when nothing polls. `wall_offset_ms` turns the poller's clock into wall-clock
/// time for "stale since hh:mm:ss".
pub fn poller_line(
    poller: &ListPoller,
    now_ms: u64,
    signed_in: bool,
    wall_offset_ms: i64,
) -> (&'static str, String) {
    if !signed_in {
        return (
            "off",
            "Not signed in: save your MediaSFU settings to see calls.".into(),
        );
    }
    match poller.status(now_ms) {
        PollerStatus::Idle => ("idle", "Waiting for the first update…".into()),
        PollerStatus::Ok => match poller.last_error() {
            Some(e) => (
                "error",
                format!("{} ({}) Trying again.", e.sentence(), e.code()),
            ),
            None => (
                "ok",
                format!("Live: updated every {} s.", poller.interval_ms() / 1_000),
            ),
        },
        PollerStatus::RateLimited { retry_in_s } => (
            "rate-limited",
            format!("Rate limited, retrying in {retry_in_s} s"),
        ),
        PollerStatus::Stale { since_ms, error } => (
            "stale",
            format!(
                "Stale since {} UTC: {} ({})",
                clock_label(since_ms.saturating_add_signed(wall_offset_ms)),
                error.sentence(),
                error.code()
            ),
        ),
        PollerStatus::Stopped { error } => (
            "stopped",
            format!("Paused ({}): see the alert at the top.", error.code()),
        ),
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
    fn a_401_is_said_once_in_the_banner_and_the_other_lines_point_at_it() {
        let banner = banner_for(&rejected(false), false).expect("banner");
        assert_eq!(banner.notice.code, "CREDENTIALS_REJECTED");
        assert!(banner.notice.text.contains("rejected these credentials"));
        assert!(banner.offer_edit);
        let settings = settings_line(Err(&rejected(false)));
        assert!(
            !settings.text.contains("rejected"),
            "not repeated: {}",
            settings.text
        );
        let mut p = ListPoller::new(6_000);
        p.stop_on(&rejected(false));
        let (state, text) = poller_line(&p, 0, true, 0);
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
        assert_eq!(n.code, "SERVER_ERROR");
        assert_eq!(n.text, "Not connected. MediaSFU had an error (HTTP 500).");
        assert_eq!(
            settings_line(Ok((1, 1))).text,
            "Connected: 1 SIP configuration, 1 usable for outgoing calls."
        );
    }

    #[test]
    fn signed_out_the_poller_line_says_so_rather_than_live() {
        let mut p = ListPoller::new(6_000);
        p.on_poll_sent(0);
        p.on_poll_result(10, Ok(vec![]), 0.5);
        assert_eq!(poller_line(&p, 20, true, 0).0, "ok");
        assert_eq!(poller_line(&p, 20, false, 0).0, "off");
    }
}
