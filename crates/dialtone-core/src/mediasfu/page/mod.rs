//! The telephony page as one sans-IO machine (specs/mediasfu-api.md): it composes the key's
//! traffic (gate and poller), the SIP-config fetch, the placement, the room janitor, each call's
//! controls and DTMF buffer, and the call log. The glue feeds it [`Input`]s with monotonic time
//! and performs the [`Action`]s drained with [`Machine::poll_action`]: requests tagged with a
//! [`RequestId`] whose answer comes back as [`Input::Answer`], storage writes, and view updates.
//! It never reads a clock; [`Machine::next_deadline`] says when to call
//! [`Machine::handle_timeout`] (the gate opening, a poll, a DTMF flush, a placement's wait,
//! or the next second while a countdown or talk time is on screen).
//!
//! Wall-clock time is only for what is stamped or shown as a time of day (the call log, "stale
//! since"): it arrives inside inputs and is kept as an offset from the monotonic clock.
//!
//! Choices where the spec is silent:
//! - The draft of §8.6 is written when `outgoingCall` goes on the wire (a call is being placed),
//!   becomes the call's entry when the placement learns the id (from the answer, or found in its
//!   room), and ends `Ended (Failed)` with 0 s when the placement fails without an id. A draft
//!   still unresolved at sign-out or new credentials ends `Ended (Completed)` with 0 s: nobody
//!   can follow it any more.
//! - Answers to requests sent under earlier credentials only count for spacing.
//! - At sign-out a call still live in the log is frozen at the talk time it reached, marked
//!   estimated and "Not followed (signed out)": nothing will say how it goes on.

mod answers;
mod intents;
mod io;
mod sending;
mod views;

use std::collections::{BTreeMap, HashMap, VecDeque};

pub use io::*;

pub use crate::machine::Ignored;
use crate::machine::Machine;

use super::account::AccountSettings;
use super::call_log::CallLog;
use super::config_refresh::ConfigFetch;
use super::controls::CallControls;
use super::credentials::Credentials;
use super::dtmf::DtmfBuffer;
use super::gate::Ticket;
use super::notices::{Banner, Notice, SettingsLine};
use super::placement::Placement;
use super::records::SipConfig;
use super::rooms::RoomJanitor;
use super::traffic::KeyTraffic;
use sending::{InFlight, Queued};
use views::ViewState;

#[derive(Debug)]
pub struct TelephonyPage {
    config: TelephonyConfig,
    settings: Option<AccountSettings>,
    credentials: Option<Credentials>,
    traffic: KeyTraffic,
    /// Submitted requests, by gate ticket, until the gate lets them out.
    queued: HashMap<Ticket, Queued>,
    /// Requests on the wire, by id, until their answer.
    in_flight: HashMap<RequestId, InFlight>,
    next_request_id: u64,
    log: CallLog,
    placement: Option<Placement>,
    /// The room of the placement's draft in the log, until resolved or ended.
    draft_room: Option<String>,
    rooms: RoomJanitor,
    controls: BTreeMap<String, CallControls>,
    dtmf: BTreeMap<String, DtmfBuffer>,
    /// The name each call we placed went out under ("To human" uses it).
    placed_as: HashMap<String, String>,
    configs: Vec<SipConfig>,
    config_fetch: ConfigFetch,
    hidden: bool,
    /// Wall clock minus the monotonic clock, from the latest input that carried both.
    wall_offset_ms: i64,
    /// The saved key, masked (empty when none is saved).
    masked_key: String,
    settings_line: Option<SettingsLine>,
    settings_saved: u64,
    banner: Option<Banner>,
    dial_message: Option<Notice>,
    shown: ViewState,
    actions: VecDeque<Action>,
}

impl TelephonyPage {
    pub fn new(config: TelephonyConfig) -> Self {
        TelephonyPage {
            config,
            settings: None,
            credentials: None,
            traffic: KeyTraffic::new(config.poll_interval_ms),
            queued: HashMap::new(),
            in_flight: HashMap::new(),
            next_request_id: 0,
            log: CallLog::default(),
            placement: None,
            draft_room: None,
            rooms: RoomJanitor::default(),
            controls: BTreeMap::new(),
            dtmf: BTreeMap::new(),
            placed_as: HashMap::new(),
            configs: Vec::new(),
            config_fetch: ConfigFetch::new(config.configs_max_age_ms),
            hidden: false,
            wall_offset_ms: 0,
            masked_key: String::new(),
            settings_line: None,
            settings_saved: 0,
            banner: None,
            dial_message: None,
            shown: ViewState::default(),
            actions: VecDeque::new(),
        }
    }

    /// The log's entries, newest first (for tests and diagnostics).
    pub fn call_log(&self) -> &CallLog {
        &self.log
    }

    fn learn_wall_clock(&mut self, now: u64, wall_ms: u64) {
        self.wall_offset_ms = wall_ms as i64 - now as i64;
    }

    /// Wall-clock time at `now`.
    fn wall(&self, now: u64) -> u64 {
        now.saturating_add_signed(self.wall_offset_ms)
    }

    fn store_log(&mut self) {
        self.actions
            .push_back(Action::StoreCallLog(self.log.to_json()));
    }

    /// Validate and take the settings (or only test them); then fetch SIP configs through the
    /// gate. New credentials start the key's traffic afresh.
    fn apply_settings(
        &mut self,
        now: u64,
        settings: AccountSettings,
        test_only: bool,
        store: bool,
    ) -> Result<(), Notice> {
        let mut settings = settings;
        // The form never shows a saved key back: an empty key field keeps the one in use.
        if !settings.proxy
            && settings.key.trim().is_empty()
            && let Some(current) = &self.settings
        {
            settings.key = current.key.clone();
        }
        let credentials = settings
            .credentials()
            .map_err(|p| Notice::new(p.code(), p.sentence()))?;
        let same = self
            .settings
            .as_ref()
            .is_some_and(|old| old.same_account(&settings));
        if !same {
            self.forget_traffic(now);
        }
        self.credentials = credentials.clone();
        if !test_only {
            if store {
                self.actions
                    .push_back(Action::StoreSettings(settings.clone()));
            }
            self.settings_saved += 1;
            self.masked_key = credentials
                .as_ref()
                .map(Credentials::masked_key)
                .unwrap_or_default();
        }
        self.settings = Some(settings);
        self.traffic.poller_mut().retry();
        self.banner = None;
        self.fetch_configs_now(if test_only { 10 } else { 20 });
        Ok(())
    }

    /// Drop everything that belonged to the previous key: waiting requests, the list, controls,
    /// the placement and the rooms it would clean up. Answers still on their way only count for
    /// spacing.
    fn forget_traffic(&mut self, now: u64) {
        for request in self.in_flight.values_mut() {
            request.current = false;
        }
        self.traffic.reset(now);
        self.queued.clear();
        self.placement = None;
        if let Some(room) = self.draft_room.take() {
            // Nobody can follow this call any more (see the module's choices).
            let wall = self.wall(now);
            if self
                .log
                .end_draft(&room, wall, super::status::Outcome::Completed)
            {
                self.store_log();
            }
        }
        self.rooms.forget();
        self.controls.clear();
        self.dtmf.clear();
        self.configs.clear();
        self.config_fetch.reset();
        self.dial_message = None;
    }

    /// "Sign out": both stored copies go, nothing more is sent, and the page says so.
    fn sign_out(&mut self, now: u64) {
        self.actions.push_back(Action::ForgetSettings);
        self.forget_traffic(now);
        // Nothing follows the calls now: a live one keeps the talk time it reached.
        let wall = self.wall(now);
        if self.log.stop_following(wall) {
            self.store_log();
        }
        self.settings = None;
        self.credentials = None;
        self.masked_key.clear();
        self.banner = None;
        self.settings_line = Some(SettingsLine::SignedOut);
    }

    /// "Retry" after a stop or a stale list; also asks again for SIP configs that never arrived.
    fn retry(&mut self) {
        self.traffic.poller_mut().retry();
        self.banner = None;
        if self.settings.is_some() && self.configs.is_empty() {
            self.fetch_configs_now(20);
        }
    }
}

impl Machine for TelephonyPage {
    type Input = Input;
    type Action = Action;

    /// Applies one input at `now` (monotonic ms), then sends what is due and updates the views.
    fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        let verdict = match input {
            Input::Loaded {
                settings,
                call_log_json,
                wall_ms,
            } => {
                self.learn_wall_clock(now, wall_ms);
                if let Some(json) = call_log_json {
                    self.log = CallLog::from_json(&json);
                }
                if let Some(saved) = settings {
                    // Stored settings were valid when saved; if they no longer are, the page
                    // simply starts signed out.
                    let _ = self.apply_settings(now, saved, false, false);
                }
                Ok(())
            }
            Input::SaveSettings {
                settings,
                test_only,
            } => {
                if let Err(reason) = self.apply_settings(now, settings, test_only, true) {
                    self.settings_line = Some(SettingsLine::Refused { reason });
                }
                Ok(())
            }
            Input::ForgetRemembered => {
                self.actions.push_back(Action::ForgetRememberedSettings);
                if let Some(s) = self.settings.as_mut() {
                    s.remember = false;
                }
                Ok(())
            }
            Input::SignOut => {
                self.sign_out(now);
                Ok(())
            }
            Input::Retry => {
                self.retry();
                Ok(())
            }
            Input::ClearCallLog => {
                self.log.clear();
                self.draft_room = None;
                self.store_log();
                Ok(())
            }
            Input::PlaceCall(dial) => {
                self.place_call(now, dial);
                Ok(())
            }
            Input::Control { call_id, control } => {
                self.control(now, call_id, control);
                Ok(())
            }
            Input::Play {
                call_id,
                source,
                is_url,
            } => {
                self.play(now, call_id, &source, is_url);
                Ok(())
            }
            Input::SwitchToHuman { call_id, our_name } => {
                self.switch_to_human(now, call_id, &our_name);
                Ok(())
            }
            Input::DtmfKey { call_id, key } => self.dtmf_key(now, call_id, key),
            Input::DismissControlFailure { call_id } => {
                if let Some(c) = self.controls.get_mut(&call_id) {
                    c.dismiss_failure();
                }
                Ok(())
            }
            Input::Visibility { hidden } => {
                self.hidden = hidden;
                Ok(())
            }
            Input::Answer {
                id,
                transport,
                wall_ms,
                jitter,
            } => {
                self.learn_wall_clock(now, wall_ms);
                self.on_answer(now, id, transport, jitter)
            }
        };
        self.pump(now);
        self.refresh_views(now);
        verdict
    }

    /// The deadline from [`Machine::next_deadline`] has passed.
    fn handle_timeout(&mut self, now: u64) {
        for controls in self.controls.values_mut() {
            controls.give_up_overdue(now);
        }
        self.pump(now);
        self.refresh_views(now);
    }

    /// The next action to perform, in the order decided.
    fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// When [`Machine::handle_timeout`] is due next, if ever.
    fn next_deadline(&self) -> Option<u64> {
        let now = self.shown.at_ms;
        let mut deadlines = vec![self.views_deadline()];
        if self.settings.is_some() {
            deadlines.push(self.traffic.next_deadline(self.polling()));
            deadlines.push(self.config_fetch.next_deadline());
            deadlines.push(self.placement.as_ref().and_then(|p| p.next_deadline(now)));
            deadlines.extend(self.dtmf.values().map(DtmfBuffer::flush_at));
            deadlines.extend(self.controls.values().map(CallControls::confirm_deadline));
        }
        deadlines.into_iter().flatten().min()
    }
}

#[cfg(test)]
mod tests;
