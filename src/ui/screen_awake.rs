//! Keeps a phone's screen on during a call with video: a screen wake lock, asked for, kept and
//! let go as the core's `screen_awake` says. Nothing on screen; a browser without the API, or
//! one that refuses (a battery saver, an iframe not allowed `screen-wake-lock`), simply lets
//! the screen sleep as before.

use std::cell::RefCell;
use std::rc::Rc;

use dialtone_core::screen_awake::{self, LockAction, ScreenAwake};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::app::use_ui;
use crate::js;

/// The holder and the lock it holds (a `WakeLockSentinel`).
struct Holder {
    machine: ScreenAwake,
    sentinel: Option<JsValue>,
}

type Shared = Rc<RefCell<Holder>>;

/// Holds the screen on while the page's call wants it and the tab is visible.
#[component]
pub fn KeepScreenOn() -> impl IntoView {
    let ui = use_ui();
    let holder: Shared = Rc::new(RefCell::new(Holder { machine: ScreenAwake::new(!super::alerts::document_hidden()), sentinel: None }));
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let shared = holder.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || {
            let action = shared.borrow_mut().machine.visible(!super::alerts::document_hidden());
            perform(&shared, action);
        });
        let _ = document.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
        // The page keeps this listener for its whole life, as the holder.
        on_change.forget();
    }
    let wanted = Memo::new(move |_| ui.call.with(|call| screen_awake::wanted(call.as_ref())));
    Effect::new(move |_| {
        let wanted = wanted.get();
        let action = holder.borrow_mut().machine.want(wanted);
        perform(&holder, action);
    });
}

fn perform(holder: &Shared, action: Option<LockAction>) {
    match action {
        Some(LockAction::Request) => request(holder.clone()),
        Some(LockAction::Release) => {
            let sentinel = holder.borrow_mut().sentinel.take();
            if let Some(sentinel) = sentinel {
                release(&sentinel);
            }
        }
        None => {}
    }
}

/// `navigator.wakeLock.request("screen")`; the outcome goes back to the holder.
fn request(holder: Shared) {
    let navigator = web_sys::window().map(|w| JsValue::from(w.navigator())).unwrap_or(JsValue::UNDEFINED);
    let wake_lock = js::get(&navigator, "wakeLock");
    let asked = Some(wake_lock)
        .filter(JsValue::is_object)
        .and_then(|lock| js::call(&lock, "request", &[JsValue::from_str("screen")]).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let Some(asked) = asked else {
        holder.borrow_mut().machine.refused();
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(asked).await {
            Ok(sentinel) => {
                let action = holder.borrow_mut().machine.acquired();
                if action == Some(LockAction::Release) {
                    release(&sentinel);
                    return;
                }
                watch_release(&holder, &sentinel);
                holder.borrow_mut().sentinel = Some(sentinel);
            }
            Err(error) => {
                // Not the person's doing and nothing they can act on: the screen sleeps as before.
                web_sys::console::debug_2(&"screen wake lock refused".into(), &js::get(&error, "name"));
                holder.borrow_mut().machine.refused();
            }
        }
    });
}

/// The browser's own release (the tab hidden, or its reason) reaches the holder as lost.
fn watch_release(holder: &Shared, sentinel: &JsValue) {
    let shared = holder.clone();
    let on_release = Closure::once_into_js(move || {
        let mut held = shared.borrow_mut();
        held.sentinel = None;
        held.machine.lost();
    });
    js::set(sentinel, "onrelease", &on_release);
}

/// Our own release: not reported as lost.
fn release(sentinel: &JsValue) {
    js::set(sentinel, "onrelease", &JsValue::NULL);
    let _ = js::call(sentinel, "release", &[]);
}
