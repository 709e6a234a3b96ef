//! The telephony driver: it owns the core's machines (one shared poller, history, the placement,
//! each call's controls), feeds them the current time and HTTP outcomes, performs the requests
//! they decide on through `net::mediasfu`, and mirrors their state into signals for the views.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::call_history::{CallHistory, HistoryEntry};
use dialtone_core::mediasfu::config_refresh;
use dialtone_core::mediasfu::controls::CallControls;
use dialtone_core::mediasfu::credentials::{
    Credentials, CredentialsProblem, PROXY_BASE_PATH, validate_base_url,
};
use dialtone_core::mediasfu::placement::Placement;
use dialtone_core::mediasfu::poller::{
    DEFAULT_INTERVAL_MS, ListPoller, PollerStatus, poller_should_run,
};
use dialtone_core::mediasfu::records::{CallRecord, SipConfig, parse_call_list};
use dialtone_core::mediasfu::request;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::spawn_local;

use super::storage::{self, StoredSettings};
use crate::net::mediasfu::{TIMEOUT_MS, send};

/// A message with its stable code, for `data-code` and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub code: String,
    pub text: String,
}

impl Message {
    pub fn new(code: &str, text: impl Into<String>) -> Self {
        Message {
            code: code.to_owned(),
            text: text.into(),
        }
    }
}

/// What the views read.
#[derive(Clone, Copy)]
pub struct Signals {
    pub now: RwSignal<u64>,
    pub configured: RwSignal<bool>,
    pub proxy: RwSignal<bool>,
    pub masked_key: RwSignal<String>,
    pub settings_message: RwSignal<Option<Message>>,
    pub configs: RwSignal<Vec<SipConfig>>,
    pub calls: RwSignal<Vec<CallRecord>>,
    pub poller: RwSignal<(String, String)>,
    pub banner: RwSignal<Option<Message>>,
    pub dial_message: RwSignal<Option<Message>>,
    pub placement: RwSignal<String>,
    pub history: RwSignal<Vec<HistoryEntry>>,
    /// Bumped whenever any call's controls change.
    pub controls_version: RwSignal<u64>,
}

pub(super) struct Inner {
    pub(super) settings: Option<StoredSettings>,
    pub(super) credentials: Option<Credentials>,
    pub(super) poller: ListPoller,
    pub(super) history: CallHistory,
    pub(super) placement: Option<Placement>,
    pub(super) controls: HashMap<String, CallControls>,
    pub(super) configs: Vec<SipConfig>,
    /// When SIP configs were last requested (success or not), for the hourly refresh (§6).
    pub(super) configs_fetched_at: Option<u64>,
    pub(super) configs_max_age_ms: u64,
    pub(super) timeout_ms: i32,
}

pub struct Session {
    pub(super) inner: RefCell<Inner>,
    pub signals: Signals,
    this: RefCell<Weak<Session>>,
    _ticker: RefCell<Option<Closure<dyn FnMut()>>>,
}

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
            calls: RwSignal::new(Vec::new()),
            poller: RwSignal::new(("idle".into(), String::new())),
            banner: RwSignal::new(None),
            dial_message: RwSignal::new(None),
            placement: RwSignal::new(String::new()),
            history: RwSignal::new(history.entries.clone()),
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
                poller: ListPoller::new(interval),
                history,
                placement: None,
                controls: HashMap::new(),
                configs: Vec::new(),
                configs_fetched_at: None,
                configs_max_age_ms,
                timeout_ms,
            }),
            signals,
            this: RefCell::new(Weak::new()),
            _ticker: RefCell::new(None),
        });
        *session.this.borrow_mut() = Rc::downgrade(&session);
        session.start_ticker();
        if let Some(saved) = storage::load_settings() {
            let _ = session.apply_settings(saved, false);
        }
        session
    }

    fn weak(&self) -> Weak<Session> {
        self.this.borrow().clone()
    }

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

    fn base_url(&self) -> String {
        let inner = self.inner.borrow();
        match &inner.settings {
            Some(s) if s.proxy => PROXY_BASE_PATH.to_owned(),
            Some(s) => s.base_url.clone(),
            None => String::new(),
        }
    }

    fn classify(
        &self,
        t: dialtone_core::mediasfu::api_error::Transport,
    ) -> Result<String, ApiError> {
        let inner = self.inner.borrow();
        let disposable = inner
            .credentials
            .as_ref()
            .is_some_and(|c| c.key_kind().is_disposable());
        let proxy = inner.settings.as_ref().is_some_and(|s| s.proxy);
        ApiError::classify(t, disposable, proxy)
    }

    /// Sends a core-built request and hands the classified body to `then`.
    pub(super) fn perform(
        &self,
        req: request::Request,
        then: impl FnOnce(&Session, Result<String, ApiError>) + 'static,
    ) {
        let base = self.base_url();
        let (creds, timeout) = {
            let inner = self.inner.borrow();
            (inner.credentials.clone(), inner.timeout_ms)
        };
        let weak = self.weak();
        spawn_local(async move {
            let outcome = send(&base, &req, creds.as_ref(), timeout).await;
            if let Some(s) = weak.upgrade() {
                let result = s.classify(outcome);
                then(&s, result);
            }
        });
    }

    /// Validate and save the settings; then fetch SIP configs (or only test the connection).
    pub fn apply_settings(&self, settings: StoredSettings, test_only: bool) -> Result<(), Message> {
        let problem = |p: CredentialsProblem| Message::new(p.code(), p.sentence());
        if !settings.proxy {
            validate_base_url(&settings.base_url).map_err(problem)?;
        }
        // The mode decides which keys are acceptable (a disposable one in disposable mode).
        let credentials = settings
            .mode()
            .credentials(&settings.username, &settings.key)
            .map_err(problem)?;
        if !test_only {
            storage::save_settings(&settings);
            self.signals.masked_key.set(
                credentials
                    .as_ref()
                    .map(Credentials::masked_key)
                    .unwrap_or_default(),
            );
            self.signals.proxy.set(settings.proxy);
            let mut inner = self.inner.borrow_mut();
            inner.settings = Some(settings.clone());
            inner.credentials = credentials.clone();
            inner.poller.retry();
        } else {
            let mut inner = self.inner.borrow_mut();
            inner.settings = Some(settings.clone());
            inner.credentials = credentials.clone();
        }
        self.signals.banner.set(None);
        self.signals.configured.set(true);
        self.fetch_configs(if test_only { 10 } else { 20 });
        Ok(())
    }

    pub fn sign_out(&self) {
        storage::forget_settings();
        let mut inner = self.inner.borrow_mut();
        inner.settings = None;
        inner.credentials = None;
        self.signals.configured.set(false);
        self.signals.masked_key.set(String::new());
        self.signals.configs.set(Vec::new());
    }

    pub(super) fn show_error(&self, e: &ApiError, in_settings: bool) {
        let msg = Message::new(e.code(), e.sentence());
        if e.stops_polling() {
            self.inner.borrow_mut().poller.stop_on(e);
            self.signals.banner.set(Some(msg.clone()));
        }
        if in_settings {
            self.signals.settings_message.set(Some(msg));
        }
    }

    fn tick(&self) {
        let now = now_ms();
        self.signals.now.set(now);
        let configured = self.inner.borrow().settings.is_some();
        if !configured {
            return;
        }
        // §8.3: while the tab is hidden, poll only if a call is live.
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        let any_live = self
            .signals
            .calls
            .with_untracked(|c| c.iter().any(|c| c.phase().is_live()));
        let due =
            poller_should_run(true, any_live, hidden) && self.inner.borrow().poller.poll_due(now);
        // A due tick goes to the SIP configs instead when they are over an hour old (§6).
        if due && !self.refresh_configs_if_stale(now) {
            self.poll(now);
        }
        self.drive_placement(now);
        self.refresh_poller_status(now);
    }

    fn poll(&self, now: u64) {
        self.inner.borrow_mut().poller.on_poll_sent(now);
        self.perform(request::list_calls(), |s, result| {
            let result =
                result.and_then(|b| parse_call_list(&b).map_err(|_| ApiError::BadResponse));
            s.on_poll_result(result);
        });
    }

    fn on_poll_result(&self, result: Result<Vec<CallRecord>, ApiError>) {
        let now = now_ms();
        let random = js_sys::Math::random();
        if let Err(e) = &result
            && e.stops_polling()
        {
            self.show_error(e, false);
        }
        let mut inner = self.inner.borrow_mut();
        inner.poller.on_poll_result(now, result.clone(), random);
        if let Ok(calls) = result {
            let interval = inner.poller.interval_ms();
            inner.history.merge(&calls, false, now, interval);
            storage::save_history(&inner.history);
            if let Some(p) = inner.placement.as_mut() {
                p.on_poll(now, &calls);
            }
            for (id, controls) in inner.controls.iter_mut() {
                controls.on_poll(now, calls.iter().find(|c| &c.sip_call_id == id));
            }
            self.signals.history.set(inner.history.entries.clone());
            self.signals.calls.set(calls);
            self.signals.controls_version.update(|v| *v += 1);
        }
        drop(inner);
        self.refresh_placement_label();
    }

    fn refresh_poller_status(&self, now: u64) {
        let inner = self.inner.borrow();
        let (kind, text) = match inner.poller.status(now) {
            PollerStatus::Idle => ("idle", "Waiting for the first update…".to_owned()),
            PollerStatus::Ok => match inner.poller.last_error() {
                Some(e) => ("error", format!("{} Retrying.", e.sentence())),
                None => ("ok", "Live".to_owned()),
            },
            PollerStatus::RateLimited { retry_in_s } => (
                "rate-limited",
                format!("Rate limited, retrying in {retry_in_s} s"),
            ),
            PollerStatus::Stale { since_label, error } => (
                "stale",
                format!("Stale since {since_label} UTC: {}", error.sentence()),
            ),
            PollerStatus::Stopped { error } => ("stopped", error.sentence()),
        };
        let next = (kind.to_owned(), text);
        if self.signals.poller.with_untracked(|p| *p != next) {
            self.signals.poller.set(next);
        }
    }

    /// "Retry" after a stop or stale list.
    pub fn retry_polling(&self) {
        self.inner.borrow_mut().poller.retry();
        self.signals.banner.set(None);
    }

    pub fn clear_history(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.history.clear();
        storage::save_history(&inner.history);
        self.signals.history.set(Vec::new());
    }
}
