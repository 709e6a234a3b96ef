//! Full screen for the call: the page's main area (the stage and, when open, its drawer) fills
//! the screen; Escape or the button brings it back.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::glyphs;
use super::page_api::{call, document};
use super::view::{StageProblem, StageView, use_stage_view};

/// Whether this page may go full screen (not in a browser without the API, nor in an iframe
/// that was not allowed to).
fn supported() -> bool {
    document().is_some_and(|d| d.fullscreen_enabled())
}

fn is_active() -> bool {
    document().and_then(|d| d.fullscreen_element()).is_some()
}

/// Back to the window, if the page is full screen.
pub fn leave() {
    if let Some(document) = document().filter(|_| is_active()) {
        call(&JsValue::from(document), "exitFullscreen", |_| {});
    }
}

fn toggle(stage: StageView) {
    let Some(document) = document() else { return };
    stage.problem.set(None);
    if is_active() {
        call(&JsValue::from(document), "exitFullscreen", |_| {});
        return;
    }
    // The main area rather than the stage alone, so the People & chat drawer still opens.
    let target = crate::ui::focus::on_page(stage.elements.panel)
        .map(|panel| -> web_sys::Element { panel.into() })
        .and_then(|panel| panel.closest("main").ok().flatten().or(Some(panel)));
    if let Some(target) = target {
        call(&JsValue::from(target), "requestFullscreen", move |outcome| {
            if let Err(why) = outcome {
                stage.problem.set(Some(StageProblem::fullscreen_refused(why)));
            }
        });
    }
}

#[component]
pub(super) fn FullscreenButton() -> impl IntoView {
    let stage = use_stage_view();
    if !supported() {
        return ().into_any();
    }
    let active = RwSignal::new(is_active());
    // Also when the browser leaves full screen itself (Escape, F11, the tab going away).
    let handle = window_event_listener_untyped("fullscreenchange", move |_| active.set(is_active()));
    on_cleanup(move || handle.remove());
    view! {
        <button class="round-md" data-testid="fullscreen-button" node_ref=stage.elements.fullscreen_button aria-label=crate::i18n::t::stage_fullscreen_name
            aria-pressed=move || active.get().to_string()
            title=move || if active.get() { crate::i18n::t::stage_leave_fullscreen() } else { crate::i18n::t::stage_fullscreen() }
            on:click=move |_| toggle(stage)>
            {move || if active.get() { glyphs::fullscreen_exit().into_any() } else { glyphs::fullscreen().into_any() }}
        </button>
    }
    .into_any()
}
