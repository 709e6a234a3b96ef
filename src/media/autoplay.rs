//! The browser's autoplay rule, as the page's audio meets it. By default Chrome and Firefox
//! hold the sound of a page nobody has clicked, tapped or typed on yet: its AudioContext stays
//! suspended, so a call coming in would ring on screen only. This reports whether the page's
//! sound may play, and lets it go on the person's first use of the page, wherever that is.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AudioContext, AudioContextState, Event};

/// What counts as the person using the page: the events that give it the browser's user
/// activation (a touch gives it on the way up, a mouse on the way down, a key as it goes down).
const USES: [&str; 4] = ["pointerdown", "pointerup", "touchend", "keydown"];

/// Calls `on_change` with whether `context` may sound now (running) and on every change, and
/// resumes the context on each use of the page while it is held. For the page's life: the
/// context is the page's one (`AudioGraph`).
pub fn watch(context: &AudioContext, on_change: impl Fn(bool) + 'static) {
    on_change(may_sound(context));
    let watched = context.clone();
    let on_state = Closure::<dyn Fn()>::new(move || on_change(may_sound(&watched)));
    context.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
    let Some(window) = web_sys::window() else { return };
    // The page's own handlers may stop an event on its way: this listens before them (capture).
    // It stays for the page's life, so a context held again later (a system that took the
    // audio away) is let go on the next use too; while it runs this does nothing.
    let held = context.clone();
    let resume = Closure::<dyn Fn(Event)>::new(move |_event: Event| {
        if held.state() != AudioContextState::Running {
            let _ = held.resume();
        }
    });
    for event in USES {
        let _ = window.add_event_listener_with_callback_and_bool(event, resume.as_ref().unchecked_ref(), true);
    }
    resume.forget();
}

/// The context runs, or the browser says a context may start: Firefox makes every context
/// suspended and starts an allowed one a moment later (most of a second on some systems), so
/// its state alone would say "held" for that moment. Chrome has no `getAutoplayPolicy`, and its
/// context runs from the start when it may.
fn may_sound(context: &AudioContext) -> bool {
    context.state() == AudioContextState::Running || autoplay_policy().as_deref() == Some("allowed")
}

/// `navigator.getAutoplayPolicy("audiocontext")`: "allowed", "allowed-muted" or "disallowed";
/// `None` where the browser has no such method.
fn autoplay_policy() -> Option<String> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    if !crate::js::get(&navigator, "getAutoplayPolicy").is_function() {
        return None;
    }
    crate::js::call(&navigator, "getAutoplayPolicy", &[JsValue::from_str("audiocontext")])
        .ok()?
        .as_string()
}
