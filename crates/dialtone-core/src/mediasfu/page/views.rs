//! What the views show, derived from the parts after every input and sent as [`Shown`] updates
//! only when a value changed. While something on screen counts (talk time, "retrying in N s",
//! "try again in N s"), the page wakes once a second to update it; otherwise it sleeps until
//! the next request or input.

use std::collections::BTreeMap;

use super::super::call_log::CallLogEntry;
use super::super::config_refresh::CallerIdNotice;
use super::super::controls::CallControls;
use super::super::notices::{Banner, Notice, PollerLine, SettingsLine, poller_line};
use super::super::placement::PlacementState;
use super::super::placement_view::PlacementView;
use super::super::poller::PollerStatus;
use super::super::records::{SipCall, SipConfig};
use super::{Action, Shown, TelephonyPage};

/// The last value sent for each view.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ViewState {
    /// The monotonic time of the last refresh.
    pub(super) at_ms: u64,
    configured: bool,
    proxy: bool,
    masked_key: String,
    settings_line: Option<SettingsLine>,
    settings_saved: u64,
    configs: Vec<SipConfig>,
    caller_id_notice: Option<CallerIdNotice>,
    live_calls: Vec<SipCall>,
    poller_line: Option<PollerLine>,
    banner: Option<Banner>,
    dial_message: Option<Notice>,
    placement: Option<PlacementView>,
    call_log: Vec<CallLogEntry>,
    user_wait_s: u64,
    controls: BTreeMap<String, CallControls>,
    dtmf_pending: BTreeMap<String, String>,
    wall_clock_s: u64,
}

/// Sends `value` as `shown(value)` when it differs from what `last` holds.
fn update<T: PartialEq + Clone>(
    actions: &mut std::collections::VecDeque<Action>,
    last: &mut T,
    value: T,
    shown: impl FnOnce(T) -> Shown,
) {
    if *last != value {
        *last = value.clone();
        actions.push_back(Action::Show(shown(value)));
    }
}

impl TelephonyPage {
    pub(super) fn refresh_views(&mut self, now: u64) {
        let signed_in = self.settings.is_some();
        let eligible = self
            .configs
            .iter()
            .filter(|c| c.is_eligible_for_outgoing())
            .count();
        let poller = poller_line(self.traffic.poller(), now, signed_in, self.wall_offset_ms);
        let user_wait_s = self.traffic.user_wait_ms(now).div_ceil(1_000);
        let wall = self.wall(now);
        let dtmf: BTreeMap<String, String> = self
            .dtmf
            .iter()
            .map(|(id, b)| (id.clone(), b.pending().to_owned()))
            .collect();
        let (a, v) = (&mut self.actions, &mut self.shown);
        v.at_ms = now;
        update(a, &mut v.configured, signed_in, Shown::Configured);
        let proxy = self.settings.as_ref().is_some_and(|s| s.proxy);
        update(a, &mut v.proxy, proxy, Shown::Proxy);
        update(a, &mut v.masked_key, self.masked_key.clone(), Shown::MaskedKey);
        update(a, &mut v.settings_line, self.settings_line.clone(), Shown::SettingsLine);
        update(a, &mut v.settings_saved, self.settings_saved, Shown::SettingsSaved);
        update(a, &mut v.configs, self.configs.clone(), Shown::Configs);
        let notice = self.config_fetch.caller_id_notice(now, eligible);
        update(a, &mut v.caller_id_notice, notice, Shown::CallerIdNotice);
        // Sorted once, here: newest first (§8.3).
        let live: Vec<SipCall> = self
            .traffic
            .poller()
            .live_calls()
            .into_iter()
            .cloned()
            .collect();
        update(a, &mut v.live_calls, live, Shown::LiveCalls);
        // `None` before the first refresh, so the first line is always shown.
        update(a, &mut v.poller_line, Some(poller), |line| {
            Shown::PollerLine(line.unwrap_or(PollerLine::Off))
        });
        update(a, &mut v.banner, self.banner.clone(), Shown::Banner);
        update(a, &mut v.dial_message, self.dial_message.clone(), Shown::DialMessage);
        let placement = self.placement.as_ref().map(|p| p.view(now));
        update(a, &mut v.placement, placement, Shown::Placement);
        update(a, &mut v.call_log, self.log.entries.clone(), Shown::CallLog);
        update(a, &mut v.user_wait_s, user_wait_s, |s| {
            Shown::UserWaitMs(s * 1_000)
        });
        update(a, &mut v.controls, self.controls.clone(), Shown::Controls);
        update(a, &mut v.dtmf_pending, dtmf, Shown::DtmfPending);
        update(a, &mut v.wall_clock_s, wall / 1_000, |s| {
            Shown::WallClock(s * 1_000)
        });
    }

    /// The next whole second while a count is on screen.
    pub(super) fn views_deadline(&self) -> Option<u64> {
        let now = self.shown.at_ms;
        let talking = self.log.entries.iter().any(|e| e.live && e.talking);
        let poller_counting = matches!(
            self.traffic.poller().status(now),
            PollerStatus::RateLimited { .. }
        );
        let caller_ids_counting = self
            .shown
            .caller_id_notice
            .as_ref()
            .is_some_and(|n| matches!(n, CallerIdNotice::Retrying { .. }));
        let placement_counting = self
            .placement
            .as_ref()
            .is_some_and(|p| matches!(p.state(), PlacementState::WaitingToResend { .. }));
        // "You can try again in N s" under a control refused with 429.
        let control_counting = self.shown.user_wait_s > 0
            && self
                .controls
                .values()
                .any(|c| c.failure(0).is_some_and(|f| f.code == "RATE_LIMITED"));
        let counting = self.settings.is_some()
            && (poller_counting || caller_ids_counting || placement_counting || control_counting)
            || talking;
        counting.then(|| {
            let wall = self.wall(now);
            now + (1_000 - wall % 1_000)
        })
    }
}
