//! What goes into the telephony page and what comes out: user intents, HTTP answers tagged with
//! the [`RequestId`] of the request they answer, storage loaded at start; requests to send,
//! storage to write, and what the views show.

use std::collections::BTreeMap;

use super::super::account::AccountSettings;
use super::super::api_error::Transport;
use super::super::call_log::CallLogEntry;
use super::super::config_refresh::{self, CallerIdNotice};
use super::super::controls::CallControls;
use super::super::credentials::Credentials;
use super::super::notices::{Banner, Notice, PollerLine, SettingsLine};
use super::super::placement::DialRequest;
use super::super::placement_view::PlacementView;
use super::super::poller::DEFAULT_INTERVAL_MS;
use super::super::records::{SipCall, SipConfig};
use super::super::request::{Control, Request};

/// The request an answer belongs to. Handed out with [`Action::Send`]; an answer whose id is not
/// awaited (answered twice, or made up) is refused and changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestId(pub u64);

/// Numbers tests may stretch (read from the page's query by the glue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TelephonyConfig {
    /// The `/list` interval; the poller clamps it to 6–60 s.
    pub poll_interval_ms: u64,
    /// Per-request timeout (§8.2: 15 s).
    pub request_timeout_ms: u64,
    /// Age after which SIP configs are fetched again (§6: 1 h).
    pub configs_max_age_ms: u64,
}

/// §8.2: every request times out after 15 s.
pub const REQUEST_TIMEOUT_MS: u64 = 15_000;

impl Default for TelephonyConfig {
    fn default() -> Self {
        TelephonyConfig {
            poll_interval_ms: DEFAULT_INTERVAL_MS,
            request_timeout_ms: REQUEST_TIMEOUT_MS,
            configs_max_age_ms: config_refresh::MAX_AGE_MS,
        }
    }
}

impl TelephonyConfig {
    /// Test overrides, bounded so no test can make the page break the spec: the request timeout
    /// stays 1–15 s and the SIP-config age 5 s–1 h (the poller bounds its own interval).
    pub fn with_overrides(
        poll_interval_ms: Option<u64>,
        request_timeout_ms: Option<u64>,
        configs_max_age_ms: Option<u64>,
    ) -> Self {
        let d = TelephonyConfig::default();
        TelephonyConfig {
            poll_interval_ms: poll_interval_ms.unwrap_or(d.poll_interval_ms),
            request_timeout_ms: request_timeout_ms
                .map_or(d.request_timeout_ms, |t| t.clamp(1_000, REQUEST_TIMEOUT_MS)),
            configs_max_age_ms: configs_max_age_ms
                .map_or(d.configs_max_age_ms, |t| t.clamp(5_000, config_refresh::MAX_AGE_MS)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// What storage held when the page opened, and the wall-clock time then.
    Loaded {
        settings: Option<AccountSettings>,
        call_log_json: Option<String>,
        wall_ms: u64,
    },
    /// Save (or only Test) the settings form.
    SaveSettings {
        settings: AccountSettings,
        test_only: bool,
    },
    /// "Remember on this device" unticked: the persistent copy goes at once (§8.1).
    ForgetRemembered,
    SignOut,
    /// Retry on the banner or the stale list.
    Retry,
    ClearCallLog,
    PlaceCall(DialRequest),
    Control { call_id: String, control: Control },
    /// "Play" (§8.5): text to speak, or a URL when `is_url`; checked here, sent with `loop`
    /// off and `immediately` on.
    Play {
        call_id: String,
        source: String,
        is_url: bool,
    },
    /// "To human": the page picks the name (§8.5); `our_name` is the dialer's current name.
    SwitchToHuman { call_id: String, our_name: String },
    /// A keypad press; digits go out together after 1.5 s of quiet (§8.5).
    DtmfKey { call_id: String, key: char },
    DismissControlFailure { call_id: String },
    /// The tab was hidden or shown (§8.3: hidden pauses polling unless a call is live).
    Visibility { hidden: bool },
    /// What the transport saw for request `id`. `wall_ms` is the wall clock when it arrived;
    /// `jitter` in [0, 1) spreads back-off waits.
    Answer {
        id: RequestId,
        transport: Transport,
        wall_ms: u64,
        jitter: f64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Perform one HTTP request and answer with [`Input::Answer`] carrying `id`. The glue adds
    /// the `Authorization` header from `credentials` at send time (none in proxy mode).
    Send {
        id: RequestId,
        request: Request,
        base_url: String,
        credentials: Option<Credentials>,
        timeout_ms: u64,
    },
    /// Session copy always; the persistent copy only when `remember`, deleted otherwise.
    StoreSettings(AccountSettings),
    /// Delete the persistent copy only.
    ForgetRememberedSettings,
    /// Delete both copies.
    ForgetSettings,
    /// The call log as JSON, for `dialtone.mediasfu.history.v1`.
    StoreCallLog(String),
    /// A view changed.
    Show(Shown),
}

/// One view's new value. Each is sent only when it changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Settings are saved (or being tested): the page is signed in.
    Configured(bool),
    Proxy(bool),
    /// The saved key, masked, for the key field's placeholder.
    MaskedKey(String),
    SettingsLine(Option<SettingsLine>),
    /// Bumped at each successful Save: the form empties its key field.
    SettingsSaved(u64),
    Configs(Vec<SipConfig>),
    CallerIdNotice(Option<CallerIdNotice>),
    /// Live calls, newest first (§8.3).
    LiveCalls(Vec<SipCall>),
    /// The poller's `data-state` token and its line.
    PollerLine(PollerLine),
    Banner(Option<Banner>),
    DialMessage(Option<Notice>),
    Placement(Option<PlacementView>),
    CallLog(Vec<CallLogEntry>),
    /// How long a user request would wait for the gate now (whole seconds change it).
    UserWaitMs(u64),
    Controls(BTreeMap<String, CallControls>),
    /// Keypad digits waiting to go out, per call.
    DtmfPending(BTreeMap<String, String>),
    /// Wall-clock time, for talk time counting up and countdowns; sent each second while one is
    /// on screen.
    WallClock(u64),
}
