//! Runs the core's telephony page machine ([`TelephonyPage`]) on the one driver
//! ([`crate::driver`]): it performs each request through `net::mediasfu` and feeds the answer
//! back tagged with its request id, writes storage when told, and keeps what the machine shows in
//! a [`Screen`], which the page's view (`ui::telephony`) draws once each input is settled. The
//! view hands intents to [`Telephony::send`]; nothing here decides.

mod screen;
pub mod storage;

use std::cell::{OnceCell, Ref, RefCell};
use std::rc::{Rc, Weak};

use dialtone_core::mediasfu::page::{Action, Input, TelephonyConfig, TelephonyPage};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::spawn_local;

pub use screen::Screen;

use crate::driver::{Driver, Perform};
use crate::net::mediasfu::send;

/// What draws the page from its [`Screen`] (the page's view, once it is built).
pub trait Draw {
    fn draw(&self, screen: &Screen);
}

/// The browser side of the machine: the screen it shows into, and the view that draws it.
pub struct Performer {
    screen: Rc<RefCell<Screen>>,
    view: Rc<OnceCell<Box<dyn Draw>>>,
    /// Something was shown since the last draw.
    changed: bool,
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
            Action::Show(shown) => {
                self.screen.borrow_mut().show(shown);
                self.changed = true;
            }
        }
    }

    /// One draw per input, however many views it changed.
    fn settled(&mut self, _machine: &TelephonyPage) {
        if std::mem::take(&mut self.changed)
            && let Some(view) = self.view.get()
        {
            view.draw(&self.screen.borrow());
        }
    }
}

/// The page's handle for its view: what it shows, and where intents go.
#[derive(Clone)]
pub struct Telephony {
    screen: Rc<RefCell<Screen>>,
    driver: Weak<Driver<TelephonyPage, Performer>>,
    view: Rc<OnceCell<Box<dyn Draw>>>,
}

impl Telephony {
    /// Hands one intent to the machine (the page is drawn once it is handled).
    pub fn send(&self, input: Input) {
        if let Some(driver) = self.driver.upgrade() {
            driver.feed(input);
        }
    }

    /// What the page shows now. Never held across [`Telephony::send`].
    pub fn screen(&self) -> Ref<'_, Screen> {
        self.screen.borrow()
    }

    /// Hands the built view its page and draws what the machine already showed.
    pub fn set_view(&self, view: Box<dyn Draw>) {
        view.draw(&self.screen.borrow());
        let _ = self.view.set(view);
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

/// Starts the machine with what storage holds, and follows the tab's visibility (§8.3). The
/// driver lives as long as the page.
pub fn start() -> Telephony {
    // Tests may stretch the poll interval, shorten the request timeout and the SIP-config age;
    // the core bounds each so no test makes the page break the spec.
    let config = TelephonyConfig::with_overrides(
        query_number("mediasfuPollMs"),
        query_number("mediasfuTimeoutMs"),
        query_number("mediasfuConfigMaxAgeMs"),
    );
    let screen = Rc::new(RefCell::new(Screen::new(js_sys::Date::now() as u64)));
    let view = Rc::new(OnceCell::new());
    let performer = Performer { screen: screen.clone(), view: view.clone(), changed: false };
    let driver = Driver::new(TelephonyPage::new(config), performer);
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
    let telephony = Telephony { screen, driver: Rc::downgrade(&driver), view };
    std::mem::forget(driver);
    telephony
}
