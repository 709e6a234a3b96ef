//! The browser's autoplay rule, as the page's audio meets it. By default Chrome and Firefox
//! hold the sound of a page nobody has clicked, tapped or typed on yet: its AudioContext stays
//! suspended, so a call coming in would ring on screen only. This reports what the browser says
//! of the page's audio (the machine reads from it whether the sound is held:
//! `client/silent_ringing.rs`), and lets the audio go on the person's first use of the page,
//! wherever that is.

use dialtone_core::client::{AudioState, AutoplayPolicy};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{AudioContext, AudioContextState, Event};

/// What counts as the person using the page: the events that give it the browser's user
/// activation (a touch gives it on the way up, a mouse on the way down, a key as it goes down).
const USES: [&str; 4] = ["pointerdown", "pointerup", "touchend", "keydown"];

/// Calls `on_change` with the state of `context` and the browser's autoplay policy now and on
/// every change of the state, and resumes the context on each use of the page while it is
/// suspended. For the page's life: the context is the page's one (`AudioGraph`).
pub fn watch(context: &AudioContext, on_change: impl Fn(AudioState, Option<AutoplayPolicy>) + 'static) {
    on_change(state(context), autoplay_policy());
    let watched = context.clone();
    let on_state = Closure::<dyn Fn()>::new(move || on_change(state(&watched), autoplay_policy()));
    context.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
    let Some(window) = web_sys::window() else { return };
    // The page's own handlers may stop an event on its way: this listens before them (capture).
    // It stays for the page's life, so a context suspended again later is let go on the next
    // use too; while it runs this does nothing.
    let held = context.clone();
    let resume = Closure::<dyn Fn(Event)>::new(move |_event: Event| let_go(&held));
    for event in USES {
        let _ = window.add_event_listener_with_callback_and_bool(event, resume.as_ref().unchecked_ref(), true);
    }
    resume.forget();
}

/// Resumes `context` if it is suspended (the person's use of the page lets it start).
pub fn let_go(context: &AudioContext) {
    if context.state() == AudioContextState::Suspended {
        let _ = context.resume();
    }
}

fn state(context: &AudioContext) -> AudioState {
    match context.state() {
        AudioContextState::Running => AudioState::Running,
        AudioContextState::Suspended => AudioState::Suspended,
        _ => AudioState::Other,
    }
}

/// `navigator.getAutoplayPolicy("audiocontext")`; `None` where the browser has no such method
/// (`js::call` refuses a method that is not there).
fn autoplay_policy() -> Option<AutoplayPolicy> {
    let navigator: JsValue = web_sys::window()?.navigator().into();
    let policy = crate::js::call(&navigator, "getAutoplayPolicy", &[JsValue::from_str("audiocontext")]).ok()?;
    match policy.as_string()?.as_str() {
        "allowed" => Some(AutoplayPolicy::Allowed),
        "allowed-muted" => Some(AutoplayPolicy::AllowedMuted),
        "disallowed" => Some(AutoplayPolicy::Disallowed),
        _ => None,
    }
}
