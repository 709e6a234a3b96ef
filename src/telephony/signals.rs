//! What the telephony views read: one signal per view the page machine shows, set from its
//! `Shown` updates and nothing else (the dialer's own name field aside).

use std::collections::BTreeMap;

use dialtone_core::mediasfu::call_log::CallLogEntry;
use dialtone_core::mediasfu::config_refresh::CallerIdNotice;
use dialtone_core::mediasfu::controls::CallControls;
use dialtone_core::mediasfu::notices::{Banner, Notice, PollerLine, SettingsLine};
use dialtone_core::mediasfu::page::Shown;
use dialtone_core::mediasfu::placement_view::PlacementView;
use dialtone_core::mediasfu::records::{SipCall, SipConfig};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Signals {
    /// Wall-clock ms, updated each second while a count is on screen.
    pub wall_clock: RwSignal<u64>,
    pub configured: RwSignal<bool>,
    pub proxy: RwSignal<bool>,
    pub masked_key: RwSignal<String>,
    pub settings_message: RwSignal<Option<SettingsLine>>,
    /// Bumped at each successful Save.
    pub settings_saved: RwSignal<u64>,
    pub configs: RwSignal<Vec<SipConfig>>,
    pub caller_id_notice: RwSignal<Option<CallerIdNotice>>,
    /// Live calls, newest first, as the core sorted them.
    pub live_calls: RwSignal<Vec<SipCall>>,
    /// The poller line (its `data-state` token and its parts).
    pub poller: RwSignal<PollerLine>,
    pub banner: RwSignal<Option<Banner>>,
    pub dial_message: RwSignal<Option<Notice>>,
    pub placement: RwSignal<Option<PlacementView>>,
    pub call_log: RwSignal<Vec<CallLogEntry>>,
    /// The dialer's "Your name": the name calls are placed under, and "To human"'s fallback.
    pub participant_name: RwSignal<String>,
    /// The gate's wait for a user request now, in ms (for "try again in N s").
    pub user_wait_ms: RwSignal<u64>,
    pub controls: RwSignal<BTreeMap<String, CallControls>>,
    pub dtmf_pending: RwSignal<BTreeMap<String, String>>,
}

impl Signals {
    pub fn new() -> Self {
        Signals {
            wall_clock: RwSignal::new(js_sys::Date::now() as u64),
            configured: RwSignal::new(false),
            proxy: RwSignal::new(false),
            masked_key: RwSignal::new(String::new()),
            settings_message: RwSignal::new(None),
            settings_saved: RwSignal::new(0),
            configs: RwSignal::new(Vec::new()),
            caller_id_notice: RwSignal::new(None),
            live_calls: RwSignal::new(Vec::new()),
            poller: RwSignal::new(PollerLine::Off),
            banner: RwSignal::new(None),
            dial_message: RwSignal::new(None),
            placement: RwSignal::new(None),
            call_log: RwSignal::new(Vec::new()),
            participant_name: RwSignal::new("operator".into()),
            user_wait_ms: RwSignal::new(0),
            controls: RwSignal::new(BTreeMap::new()),
            dtmf_pending: RwSignal::new(BTreeMap::new()),
        }
    }

    pub fn show(&self, shown: Shown) {
        match shown {
            Shown::Configured(v) => self.configured.set(v),
            Shown::Proxy(v) => self.proxy.set(v),
            Shown::MaskedKey(v) => self.masked_key.set(v),
            Shown::SettingsLine(v) => self.settings_message.set(v),
            Shown::SettingsSaved(v) => self.settings_saved.set(v),
            Shown::Configs(v) => self.configs.set(v),
            Shown::CallerIdNotice(v) => self.caller_id_notice.set(v),
            Shown::LiveCalls(v) => self.live_calls.set(v),
            Shown::PollerLine(line) => self.poller.set(line),
            Shown::Banner(v) => self.banner.set(v),
            Shown::DialMessage(v) => self.dial_message.set(v),
            Shown::Placement(v) => self.placement.set(v),
            Shown::CallLog(v) => self.call_log.set(v),
            Shown::UserWaitMs(v) => self.user_wait_ms.set(v),
            Shown::Controls(v) => self.controls.set(v),
            Shown::DtmfPending(v) => self.dtmf_pending.set(v),
            Shown::WallClock(v) => self.wall_clock.set(v),
        }
    }
}
