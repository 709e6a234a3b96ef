//! A first call drawn once, off the page, before anyone clicks Call or Accept.
//!
//! A browser compiles a page's WebAssembly one function at a time, the first time each one runs.
//! On a freshly opened page the first Call or Accept would also pay for compiling everything that
//! draws a call (`dialtone_core::call::rehearsal` has the figures). Once the page has made its
//! first call ready (`UiState::calls_prepared`), this draws the views a real call passes through
//! — the call machine's own, for a placed audio call and a received video call — into an element
//! that is never in the document: nothing is seen, announced, focused or found by a test id, and
//! its controls reach nothing (`Intents::inert`). It starts when the page is first idle, then
//! draws one view per background task, so a click waits behind one view at most; a real call
//! that starts meanwhile ends the rehearsal at once.

use std::any::Any;
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;

use dialtone_core::call::{CallView, rehearsal};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen::closure::Closure;

use super::focus::Landmarks;
use super::incoming::IncomingCall;
use super::intents::Intents;
use super::stage::{CallStage, StageView};
use crate::controller::UiState;
use crate::js;

/// Rehearses once, when `page` says its first call is ready; the widget passes `has_drawer` false
/// (its stage has no side panel), as the real stage does. The signal turns true once the
/// rehearsal is over and taken down, or was given up for a real call (the page shows it as
/// `data-rehearsed` on the app, for tests).
pub fn rehearse_when_ready(page: UiState, has_drawer: bool) -> RwSignal<bool> {
    let over = RwSignal::new(false);
    if !crate::settings::rehearse_first_call() {
        return over;
    }
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        if !page.calls_prepared.get() {
            return false;
        }
        on_idle(move || start(page, has_drawer, over));
        true
    });
    over
}

/// The views still to draw, the state they are drawn from, and what is mounted (taken down when
/// this is dropped, which then says the rehearsal is over).
struct Rehearsal {
    ui: UiState,
    views: VecDeque<CallView>,
    /// The element the rehearsal is drawn into (never in the document).
    drawn: web_sys::HtmlElement,
    mounted: Option<Box<dyn Any>>,
    over: RwSignal<bool>,
}

impl Drop for Rehearsal {
    fn drop(&mut self) {
        drop(self.mounted.take());
        self.over.try_set(true);
    }
}

fn start(page: UiState, has_drawer: bool, over: RwSignal<bool>) {
    match mount(page, has_drawer) {
        Some((ui, views, drawn, mounted)) => next(page, Rehearsal { ui, views, drawn, mounted: Some(mounted), over }),
        None => {
            over.try_set(true);
        }
    }
}

/// Mounts the rehearsal's stage off the page with the first view; `None` when a real call is
/// already on (or the page has no document).
fn mount(page: UiState, has_drawer: bool) -> Option<(UiState, VecDeque<CallView>, web_sys::HtmlElement, Box<dyn Any>)> {
    if page.call.with_untracked(Option::is_some) {
        return None;
    }
    let mut views: VecDeque<CallView> = rehearsal::first_call_views().into();
    let first = views.pop_front()?;
    let container = web_sys::window()?.document()?.create_element("div").ok()?.dyn_into::<web_sys::HtmlElement>().ok()?;
    let shown = Rc::new(Cell::new(None::<UiState>));
    let drawn = Rc::clone(&shown);
    // Its own state and contexts (a mount is a new root: nothing of the page's is inherited); a
    // call is set before the stage is drawn, so the idle stage is never part of it.
    let drawn_into = container.clone();
    let mounted = leptos::mount::mount_to(container, move || {
        let ui = UiState::new();
        ui.call.set(Some(first));
        provide_context(ui);
        provide_context(Intents::inert());
        Landmarks::provide();
        StageView::provide(has_drawer);
        super::shortcuts::provide_help();
        drawn.set(Some(ui));
        view! { <CallStage/><IncomingCall/> }
    });
    let mounted: Box<dyn Any> = Box::new(mounted);
    Some((shown.get()?, views, drawn_into, mounted))
}

/// Draws the next view in a task of its own; after the last one, takes everything down once the
/// frame it asked for has run (its focus checks read the rehearsal's elements).
fn next(page: UiState, mut rehearsal: Rehearsal) {
    in_background(move || {
        if page.call.with_untracked(Option::is_some) {
            return; // dropped: taken down now
        }
        match rehearsal.views.pop_front() {
            Some(view) => {
                rehearsal.ui.call.set(Some(view));
                next(page, rehearsal);
            }
            None => {
                lay_out_once(&rehearsal.drawn);
                request_animation_frame(move || in_background(move || drop(rehearsal)));
            }
        }
    });
}

/// Lays a copy of the rehearsed call out once in the page, unseen, and removes it in the same
/// task: the browser's style and font caches then meet the call view before the click (a first
/// use of a font face costs 2–8 ms of layout). Nothing of the copy can be found, named or
/// announced: it has no test ids, ids, roles or live regions, and sits hidden, inert and
/// `aria-hidden` behind the page.
fn lay_out_once(drawn: &web_sys::HtmlElement) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Some(body), Ok(host)) = (document.body(), document.create_element("div")) else { return };
    let Some(copy) = drawn.clone_node_with_deep(true).ok().and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { return };
    const NAMING: [&str; 5] = ["data-testid", "id", "role", "aria-live", "aria-describedby"];
    let selector = NAMING.map(|attribute| format!("[{attribute}]")).join(",");
    if let Ok(named) = copy.query_selector_all(&selector) {
        for element in (0..named.length()).filter_map(|i| named.item(i)?.dyn_into::<web_sys::Element>().ok()) {
            for attribute in NAMING {
                let _ = element.remove_attribute(attribute);
            }
        }
    }
    let _ = host.set_attribute("aria-hidden", "true");
    let _ = host.set_attribute("inert", "");
    let _ = host.set_attribute(
        "style",
        "position:fixed;inset:0;visibility:hidden;pointer-events:none;overflow:hidden;z-index:-1",
    );
    let _ = host.append_child(&copy);
    if body.append_child(&host).is_ok() {
        // Reading a size makes the browser resolve styles and lay the copy out now.
        if let Some(host) = host.dyn_ref::<web_sys::HtmlElement>() {
            let _ = host.offset_width();
        }
        host.remove();
    }
}

/// Runs `f` when the browser is idle (`requestIdleCallback`), or in the next frame where it has
/// no such call (Safari).
fn on_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    if js::get(&window, "requestIdleCallback").is_function() {
        let _ = js::call(&window, "requestIdleCallback", &[Closure::once_into_js(f)]);
    } else {
        request_animation_frame(f);
    }
}

/// Runs `f` in a task of its own at background priority (`scheduler.postTask`): after input and
/// rendering, but without waiting for an idle period (one comes at most every 50 ms, too slow
/// for a dozen steps before a first click). Where there is no scheduler, at the next idle moment.
fn in_background(f: impl FnOnce() + 'static) {
    let scheduler = web_sys::window().map(|w| js::get(&w, "scheduler")).unwrap_or(JsValue::UNDEFINED);
    if js::get(&scheduler, "postTask").is_function() {
        let options = js::object(&[("priority", JsValue::from_str("background"))]);
        let _ = js::call(&scheduler, "postTask", &[Closure::once_into_js(f), options]);
    } else {
        on_idle(f);
    }
}
