//! The telephony driver: it owns the core's machines (the key's traffic — gate and poller —, the
//! history, the placement, the room janitor, each call's controls, the SIP-config fetch), feeds
//! them the current time and HTTP outcomes, performs the requests they decide on, and mirrors
//! their state into signals for the views. Requests go out only through `requests.rs`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::call_log::{CallLog, CallLogEntry};
use dialtone_core::mediasfu::config_refresh::{self, CallerIdNotice, ConfigFetch};
use dialtone_core::mediasfu::controls::CallControls;
use dialtone_core::mediasfu::credentials::{
    Credentials, CredentialsProblem, PROXY_BASE_PATH, validate_base_url,
};
use dialtone_core::mediasfu::notices::{self, Banner, Notice};
use dialtone_core::mediasfu::placement::Placement;
use dialtone_core::mediasfu::placement_view::PlacementView;
use dialtone_core::mediasfu::poller::DEFAULT_INTERVAL_MS;
use dialtone_core::mediasfu::records::{SipCall, SipConfig};
use dialtone_core::mediasfu::rooms::RoomJanitor;
use dialtone_core::mediasfu::traffic::KeyTraffic;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::requests::Pending;
use super::storage::{self, StoredSettings};
use crate::net::mediasfu::TIMEOUT_MS;

/// What the views read.
#[derive(Clone, Copy)]
pub struct Signals {
    pub now: RwSignal<u64>,
    pub configured: RwSignal<bool>,
    pub proxy: RwSignal<bool>,
    pub masked_key: RwSignal<String>,
    pub settings_message: RwSignal<Option<Notice>>,
    pub configs: RwSignal<Vec<SipConfig>>,
    pub caller_id_notice: RwSignal<Option<CallerIdNotice>>,
    pub calls: RwSignal<Vec<SipCall>>,
    /// `data-state` token and text of the poller line.
    pub poller: RwSignal<(String, String)>,
    pub banner: RwSignal<Option<Banner>>,
    pub dial_message: RwSignal<Option<Notice>>,
    pub placement: RwSignal<Option<PlacementView>>,
    pub history: RwSignal<Vec<CallLogEntry>>,
    /// The dialer's "Your name": the name calls are placed under, and "To human"'s fallback.
    pub participant_name: RwSignal<String>,
    /// The gate's wait for a user request now, in ms (for "try again in N s").
    pub user_wait_ms: RwSignal<u64>,
    /// Bumped whenever any call's controls change.
    pub controls_version: RwSignal<u64>,
}

pub(super) struct Inner {
    pub(super) settings: Option<StoredSettings>,
    pub(super) credentials: Option<Credentials>,
    pub(super) traffic: KeyTraffic,
    /// Submitted requests, by ticket, until the gate lets them out.
    pub(super) pending: HashMap<dialtone_core::mediasfu::gate::Ticket, Pending>,
    /// Bumped by sign-out and new credentials: answers to older requests only count for spacing.
    pub(super) generation: u64,
    pub(super) history: CallLog,
    pub(super) placement: Option<Placement>,
    pub(super) rooms: RoomJanitor,
    pub(super) controls: HashMap<String, CallControls>,
    /// The name each call we placed went out under ("To human" uses it).
    pub(super) placed_as: HashMap<String, String>,
    pub(super) configs: Vec<SipConfig>,
    pub(super) config_fetch: ConfigFetch,
    pub(super) timeout_ms: i32,
}

pub struct Session {
    pub(super) inner: RefCell<Inner>,
    pub signals: Signals,
    this: RefCell<Weak<Session>>,
    _ticker: RefCell<Option<Closure<dyn FnMut()>>>,
    /// The one-shot timer at the machines' next deadline (the gate opening, mostly).
    pub(super) wake: RefCell<Option<WakeTimer>>,
}

/// A browser timeout's handle and the callback it holds on to.
pub(super) type WakeTimer = (i32, Closure<dyn FnMut()>);

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn query_number(name: &str) -> Option<u64> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)?
        .parse()
        .ok()
}

impl Session {
    pub fn start() -> Rc<Session> {
        let history = storage::load_history();
        let signals = Signals {
            now: RwSignal::new(now_ms()),
            configured: RwSignal::new(false),
            proxy: RwSignal::new(false),
            masked_key: RwSignal::new(String::new()),
            settings_message: RwSignal::new(None),
            configs: RwSignal::new(Vec::new()),
            caller_id_notice: RwSignal::new(None),
            calls: RwSignal::new(Vec::new()),
            poller: RwSignal::new(("off".into(), String::new())),
            banner: RwSignal::new(None),
            dial_message: RwSignal::new(None),
            placement: RwSignal::new(None),
            history: RwSignal::new(history.entries.clone()),
            participant_name: RwSignal::new("operator".into()),
            user_wait_ms: RwSignal::new(0),
            controls_version: RwSignal::new(0),
        };
        // The poll interval is clamped by the core to 6–60 s; tests may only lengthen it.
        let interval = query_number("mediasfuPollMs").unwrap_or(DEFAULT_INTERVAL_MS);
        // Tests shorten the 15 s request timeout to keep the suite fast (never below 1 s).
        let timeout_ms =
            query_number("mediasfuTimeoutMs").map_or(TIMEOUT_MS, |t| t.clamp(1_000, 15_000) as i32);
        // Tests shorten the 1 h SIP-config refresh age to see it happen (never below 5 s).
        let configs_max_age_ms = query_number("mediasfuConfigMaxAgeMs")
            .map_or(config_refresh::MAX_AGE_MS, |t| t.clamp(5_000, config_refresh::MAX_AGE_MS));
        let session = Rc::new(Session {
            inner: RefCell::new(Inner {
                settings: None,
                credentials: None,
                traffic: KeyTraffic::new(interval),
                pending: HashMap::new(),
                generation: 0,
                history,
                placement: None,
                rooms: RoomJanitor::default(),
                controls: HashMap::new(),
                placed_as: HashMap::new(),
                configs: Vec::new(),
                config_fetch: ConfigFetch::new(configs_max_age_ms),
                timeout_ms,
            }),
            signals,
            this: RefCell::new(Weak::new()),
            _ticker: RefCell::new(None),
            wake: RefCell::new(None),
        });
        *session.this.borrow_mut() = Rc::downgrade(&session);
        session.start_ticker();
        if let Some(saved) = storage::load_settings() {
            let _ = session.apply_settings(saved, false);
        }
        session.refresh_views(now_ms());
        session
    }

    pub(super) fn weak(&self) -> Weak<Session> {
        self.this.borrow().clone()
    }

    /// A 250 ms tick for what the views count (durations, "in N s") and the machines' own clocks
    /// (DTMF quiet time, the room search); requests go out at the precise wake timer.
    fn start_ticker(&self) {
        let weak = self.weak();
        let tick = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak.upgrade() {
                s.tick();
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                250,
            );
        }
        *self._ticker.borrow_mut() = Some(tick);
    }

    pub(super) fn base_url(&self) -> String {
        let inner = self.inner.borrow();
        match &inner.settings {
            Some(s) if s.proxy => PROXY_BASE_PATH.to_owned(),
            Some(s) => s.base_url.clone(),
            None => String::new(),
        }
    }

    pub(super) fn proxy(&self) -> bool {
        self.inner
            .borrow()
            .settings
            .as_ref()
            .is_some_and(|s| s.proxy)
    }

    /// Validate and save the settings (or only test them); then fetch SIP configs through the
    /// gate. New credentials start the key's traffic afresh.
    pub fn apply_settings(&self, settings: StoredSettings, test_only: bool) -> Result<(), Notice> {
        let problem = |p: CredentialsProblem| Notice::new(p.code(), p.sentence());
        if !settings.proxy {
            validate_base_url(&settings.base_url).map_err(problem)?;
        }
        // The mode decides which keys are acceptable (a disposable one in disposable mode).
        let credentials = settings
            .mode()
            .credentials(&settings.username, &settings.key)
            .map_err(problem)?;
        let now = now_ms();
        {
            let mut inner = self.inner.borrow_mut();
            let same_key = inner.settings.as_ref().is_some_and(|old| {
                old.proxy == settings.proxy
                    && old.base_url == settings.base_url
                    && old.username == settings.username
                    && old.key == settings.key
            });
            if !same_key {
                self.forget_traffic(&mut inner, now);
            }
            inner.settings = Some(settings.clone());
            inner.credentials = credentials.clone();
            inner.traffic.poller_mut().retry();
        }
        if !test_only {
            storage::save_settings(&settings);
            self.signals.masked_key.set(
                credentials
                    .as_ref()
                    .map(Credentials::masked_key)
                    .unwrap_or_default(),
            );
        }
        self.signals.proxy.set(settings.proxy);
        self.signals.banner.set(None);
        self.signals.configured.set(true);
        self.fetch_configs_now(if test_only { 10 } else { 20 });
        Ok(())
    }

    /// Drop everything that belonged to the previous key: waiting requests, the list, controls,
    /// the placement and the rooms it would clean up. Answers still on their way only count for
    /// spacing.
    fn forget_traffic(&self, inner: &mut Inner, now: u64) {
        inner.generation += 1;
        inner.traffic.reset(now);
        inner.pending.clear();
        inner.placement = None;
        inner.rooms.forget();
        inner.controls.clear();
        inner.configs.clear();
        inner.config_fetch.reset();
        self.signals.calls.set(Vec::new());
        self.signals.configs.set(Vec::new());
        self.signals.placement.set(None);
        self.signals.dial_message.set(None);
    }

    /// "Sign out": both stored copies go, nothing more is sent, and the page says so.
    pub fn sign_out(&self) {
        storage::forget_settings();
        {
            let mut inner = self.inner.borrow_mut();
            self.forget_traffic(&mut inner, now_ms());
            inner.settings = None;
            inner.credentials = None;
        }
        self.signals.configured.set(false);
        self.signals.masked_key.set(String::new());
        self.signals.banner.set(None);
        self.signals
            .settings_message
            .set(Some(Notice::new("SIGNED_OUT", "Signed out: nothing is stored in this browser.")));
        self.refresh_views(now_ms());
    }

    /// "Remember on this device" unticked: the persistent copy goes at once (§8.1), not at Save.
    pub fn forget_remembered(&self) {
        storage::forget_persistent_copy();
        if let Some(s) = self.inner.borrow_mut().settings.as_mut() {
            s.remember = false;
        }
    }

    /// An error that stops all traffic becomes the banner (once); the lines point at it.
    pub(super) fn raise_banner(&self, e: &ApiError) {
        if let Some(banner) = notices::banner_for(e, self.proxy()) {
            self.signals.banner.set(Some(banner));
        }
    }

    fn tick(&self) {
        let now = now_ms();
        self.signals.now.set(now);
        if self.inner.borrow().settings.is_none() {
            return;
        }
        self.pump();
    }

    /// "Retry" after a stop or a stale list; also retries SIP configs that never arrived.
    pub fn retry_polling(&self) {
        let refetch = {
            let mut inner = self.inner.borrow_mut();
            inner.traffic.poller_mut().retry();
            inner.configs.is_empty()
        };
        self.signals.banner.set(None);
        if refetch {
            self.fetch_configs_now(20);
        } else {
            self.pump();
        }
    }

    pub fn clear_history(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.history.clear();
        storage::save_history(&inner.history);
        self.signals.history.set(Vec::new());
    }

    /// Mirror the machines into the signals that change with time alone.
    pub(super) fn refresh_views(&self, now: u64) {
        let inner = self.inner.borrow();
        let signed_in = inner.settings.is_some();
        let line = notices::poller_line(inner.traffic.poller(), now, signed_in);
        let next = (line.0.to_owned(), line.1);
        if self.signals.poller.with_untracked(|p| *p != next) {
            self.signals.poller.set(next);
        }
        let view = inner.placement.as_ref().map(|p| p.view(now));
        if self.signals.placement.with_untracked(|v| *v != view) {
            self.signals.placement.set(view);
        }
        let eligible = inner
            .configs
            .iter()
            .filter(|c| c.is_eligible_for_outgoing())
            .count();
        let notice = inner.config_fetch.caller_id_notice(now, eligible);
        if self.signals.caller_id_notice.with_untracked(|n| *n != notice) {
            self.signals.caller_id_notice.set(notice);
        }
        let wait = inner.traffic.user_wait_ms(now);
        // Whole seconds are all anyone reads; fewer updates, fewer redraws.
        if self.signals.user_wait_ms.get_untracked().div_ceil(1_000) != wait.div_ceil(1_000) {
            self.signals.user_wait_ms.set(wait);
        }
    }
}
