//! What the telephony page shows: the latest of each view the page machine shows, set from its
//! `Shown` updates and nothing else. The page is drawn from it after each input (`ui::telephony`).

use std::collections::BTreeMap;

use dialtone_core::mediasfu::call_log::CallLogEntry;
use dialtone_core::mediasfu::config_refresh::CallerIdNotice;
use dialtone_core::mediasfu::controls::CallControls;
use dialtone_core::mediasfu::notices::{Banner, Notice, PollerLine, SettingsLine};
use dialtone_core::mediasfu::page::Shown;
use dialtone_core::mediasfu::placement_view::PlacementView;
use dialtone_core::mediasfu::records::{SipCall, SipConfig};

pub struct Screen {
    /// Wall-clock ms, updated each second while a count is on screen.
    pub wall_clock: u64,
    pub configured: bool,
    pub masked_key: String,
    pub settings_line: Option<SettingsLine>,
    /// Bumped at each successful Save.
    pub settings_saved: u64,
    pub configs: Vec<SipConfig>,
    pub caller_id_notice: Option<CallerIdNotice>,
    /// Live calls, newest first, as the core sorted them.
    pub live_calls: Vec<SipCall>,
    pub poller: PollerLine,
    pub banner: Option<Banner>,
    pub dial_message: Option<Notice>,
    pub placement: Option<PlacementView>,
    pub call_log: Vec<CallLogEntry>,
    /// The gate's wait for a user request now, in ms (for "try again in N s").
    pub user_wait_ms: u64,
    pub controls: BTreeMap<String, CallControls>,
    pub dtmf_pending: BTreeMap<String, String>,
}

impl Screen {
    pub fn new(wall_clock: u64) -> Self {
        Screen {
            wall_clock,
            configured: false,
            masked_key: String::new(),
            settings_line: None,
            settings_saved: 0,
            configs: Vec::new(),
            caller_id_notice: None,
            live_calls: Vec::new(),
            poller: PollerLine::Off,
            banner: None,
            dial_message: None,
            placement: None,
            call_log: Vec::new(),
            user_wait_ms: 0,
            controls: BTreeMap::new(),
            dtmf_pending: BTreeMap::new(),
        }
    }

    pub fn show(&mut self, shown: Shown) {
        match shown {
            Shown::Configured(v) => self.configured = v,
            // The form's mode buttons are its own fields: nothing on the page draws this.
            Shown::Proxy(_) => {}
            Shown::MaskedKey(v) => self.masked_key = v,
            Shown::SettingsLine(v) => self.settings_line = v,
            Shown::SettingsSaved(v) => self.settings_saved = v,
            Shown::Configs(v) => self.configs = v,
            Shown::CallerIdNotice(v) => self.caller_id_notice = v,
            Shown::LiveCalls(v) => self.live_calls = v,
            Shown::PollerLine(line) => self.poller = line,
            Shown::Banner(v) => self.banner = v,
            Shown::DialMessage(v) => self.dial_message = v,
            Shown::Placement(v) => self.placement = v,
            Shown::CallLog(v) => self.call_log = v,
            Shown::UserWaitMs(v) => self.user_wait_ms = v,
            Shown::Controls(v) => self.controls = v,
            Shown::DtmfPending(v) => self.dtmf_pending = v,
            Shown::WallClock(v) => self.wall_clock = v,
        }
    }
}
