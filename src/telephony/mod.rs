//! Runs the core's telephony page machine ([`TelephonyPage`]) on the one driver
//! ([`crate::driver`]): it performs each request through `net::mediasfu` and feeds the answer
//! back tagged with its request id, writes storage when told, and mirrors what the machine shows
//! into [`Signals`]. The views (`ui::telephony`) read those signals and hand intents to
//! [`Telephony::send`]; nothing here decides.

mod signals;
pub mod storage;

use std::rc::Rc;

use dialtone_core::mediasfu::page::{Action, Input, TelephonyConfig, TelephonyPage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::spawn_local;

pub use signals::Signals;

use crate::driver::{Driver, Perform};
use crate::net::mediasfu::send;

/// The browser side of the machine: the signals it shows into.
pub struct Performer {
    signals: Signals,
}

type Shared = Rc<Driver<TelephonyPage, Performer>>;

impl Perform<TelephonyPage> for Performer {
    fn perform(&mut self, driver: &Shared, action: Action) {
        match action {
            Action::Send {
                id,
                request,
                base_url,
                credentials,
                timeout_ms,
            } => {
                let driver = Rc::downgrade(driver);
                let timeout = timeout_ms.min(i32::MAX as u64) as i32;
                spawn_local(async move {
                    let transport = send(&base_url, &request, credentials.as_ref(), timeout).await;
                    if let Some(driver) = driver.upgrade() {
                        driver.feed(Input::Answer {
                            id,
                            transport,
                            wall_ms: js_sys::Date::now() as u64,
                            jitter: js_sys::Math::random(),
                        });
                    }
                });
            }
            Action::StoreSettings(settings) => storage::store_settings(&settings),
            Action::ForgetRememberedSettings => storage::forget_persistent_copy(),
            Action::ForgetSettings => storage::forget_settings(),
            Action::StoreCallLog(json) => storage::store_call_log(&json),
            Action::Show(shown) => self.signals.show(shown),
        }
    }
}

/// The page's handle for the views: its signals, and where intents go.
#[derive(Clone, Copy)]
pub struct Telephony {
    pub signals: Signals,
    driver: StoredValue<Shared, LocalStorage>,
}

impl Telephony {
    /// Hands one intent to the machine.
    pub fn send(&self, input: Input) {
        let driver = self.driver.get_value();
        driver.feed(input);
    }
}

fn query_number(name: &str) -> Option<u64> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)?
        .parse()
        .ok()
}

fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Starts the machine with what storage holds, and follows the tab's visibility (§8.3).
pub fn start() -> Telephony {
    // Tests may stretch the poll interval, shorten the request timeout and the SIP-config age;
    // the core bounds each so no test makes the page break the spec.
    let config = TelephonyConfig::with_overrides(
        query_number("mediasfuPollMs"),
        query_number("mediasfuTimeoutMs"),
        query_number("mediasfuConfigMaxAgeMs"),
    );
    let signals = Signals::new();
    let driver = Driver::new(TelephonyPage::new(config), Performer { signals });
    driver.feed(Input::Visibility {
        hidden: tab_hidden(),
    });
    driver.feed(Input::Loaded {
        settings: storage::load_settings(),
        call_log_json: storage::load_call_log(),
        wall_ms: js_sys::Date::now() as u64,
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let weak = Rc::downgrade(&driver);
        let on_change = Closure::<dyn FnMut()>::new(move || {
            if let Some(driver) = weak.upgrade() {
                driver.feed(Input::Visibility {
                    hidden: tab_hidden(),
                });
            }
        });
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_change.as_ref().unchecked_ref(),
        );
        // The listener lives as long as the page.
        on_change.forget();
    }
    Telephony {
        signals,
        driver: StoredValue::new_local(driver),
    }
}
