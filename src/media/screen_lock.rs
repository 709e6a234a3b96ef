//! The screen wake lock, held as the core's [`ScreenAwake`] says: asked for, kept and let go,
//! and asked for again when the tab is shown. The call page and the host page each hold one and
//! tell it, through [`ScreenLock::want`], whether their call wants the screen on; the rule is each
//! page's machine's (`screen_awake::wanted`, `HostPage::keeps_screen_on`). Nothing on screen: a
//! browser without the API, or one that refuses (a battery saver, an iframe not allowed
//! `screen-wake-lock`), simply lets the screen sleep as before.

use std::cell::RefCell;
use std::rc::Rc;

use dialtone_core::screen_awake::{LockAction, ScreenAwake};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::dom::document_hidden;
use crate::js;

/// The machine and the lock it holds (a `WakeLockSentinel`).
struct Holder {
    machine: ScreenAwake,
    sentinel: Option<JsValue>,
}

/// One page's screen lock. Clones share it.
#[derive(Clone)]
pub struct ScreenLock(Rc<RefCell<Holder>>);

impl ScreenLock {
    /// Starts following the tab's visibility for the page's whole life.
    pub fn new() -> ScreenLock {
        let lock = ScreenLock(Rc::new(RefCell::new(Holder { machine: ScreenAwake::new(!document_hidden()), sentinel: None })));
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let shared = lock.clone();
            let on_change = Closure::<dyn FnMut()>::new(move || {
                let action = shared.0.borrow_mut().machine.visible(!document_hidden());
                shared.perform(action);
            });
            let _ = document.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
            // The page keeps this listener for its whole life, as the lock.
            on_change.forget();
        }
        lock
    }

    /// The page's call wants the screen on, or no longer does.
    pub fn want(&self, wanted: bool) {
        let action = self.0.borrow_mut().machine.want(wanted);
        self.perform(action);
    }

    fn perform(&self, action: Option<LockAction>) {
        match action {
            Some(LockAction::Request) => self.request(),
            Some(LockAction::Release) => {
                let sentinel = self.0.borrow_mut().sentinel.take();
                if let Some(sentinel) = sentinel {
                    release(&sentinel);
                }
            }
            None => {}
        }
    }

    /// `navigator.wakeLock.request("screen")`; the outcome goes back to the machine.
    fn request(&self) {
        let navigator = web_sys::window().map(|w| JsValue::from(w.navigator())).unwrap_or(JsValue::UNDEFINED);
        let asked = Some(js::get(&navigator, "wakeLock"))
            .filter(JsValue::is_object)
            .and_then(|lock| js::call(&lock, "request", &[JsValue::from_str("screen")]).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
        let Some(asked) = asked else {
            self.0.borrow_mut().machine.refused();
            return;
        };
        let lock = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match JsFuture::from(asked).await {
                Ok(sentinel) => {
                    let action = lock.0.borrow_mut().machine.acquired();
                    if action == Some(LockAction::Release) {
                        release(&sentinel);
                        return;
                    }
                    lock.watch_release(&sentinel);
                    lock.0.borrow_mut().sentinel = Some(sentinel);
                }
                Err(error) => {
                    // Not the person's doing and nothing they can act on: the screen sleeps as before.
                    web_sys::console::debug_2(&"screen wake lock refused".into(), &js::get(&error, "name"));
                    lock.0.borrow_mut().machine.refused();
                }
            }
        });
    }

    /// The browser's own release (the tab hidden, or its reason) reaches the machine as lost.
    fn watch_release(&self, sentinel: &JsValue) {
        let lock = self.clone();
        let on_release = Closure::once_into_js(move || {
            let mut held = lock.0.borrow_mut();
            held.sentinel = None;
            held.machine.lost();
        });
        js::set(sentinel, "onrelease", &on_release);
    }
}

/// Our own release: not reported as lost.
fn release(sentinel: &JsValue) {
    js::set(sentinel, "onrelease", &JsValue::NULL);
    let _ = js::call(sentinel, "release", &[]);
}
