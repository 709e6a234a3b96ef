//! Picture-in-picture of their video: a small always-on-top window, so the call stays in view
//! while another tab or app is used. The browser's own control can close it too; the button
//! follows (leavepictureinpicture).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::glyphs;
use super::page_api::{call, document, element, flag};
use super::view::{StageProblem, StageView, use_stage_view};

fn supported() -> bool {
    document().is_some_and(|d| flag(&d, "pictureInPictureEnabled"))
}

fn is_active() -> bool {
    document().is_some_and(|d| element(&d, "pictureInPictureElement").is_some())
}

/// Closes the floating window, if this page has one.
pub fn leave() {
    if let Some(document) = document().filter(|_| is_active()) {
        call(&JsValue::from(document), "exitPictureInPicture", |_| {});
    }
}

fn toggle(stage: StageView) {
    let Some(document) = document() else { return };
    stage.problem.set(None);
    if is_active() {
        call(&JsValue::from(document), "exitPictureInPicture", |_| {});
        return;
    }
    let Some(video) = crate::ui::focus::on_page(stage.elements.remote_video) else { return };
    call(&JsValue::from(video), "requestPictureInPicture", move |outcome| {
        if let Err(why) = outcome {
            stage.problem.set(Some(StageProblem::pip_refused(why)));
        }
    });
}

#[component]
pub(super) fn PipButton() -> impl IntoView {
    let stage = use_stage_view();
    if !supported() {
        return ().into_any();
    }
    let active = RwSignal::new(is_active());
    // Both events bubble from the video to the window; one listener each follows every way in
    // and out, the browser's own close button included.
    let entered = window_event_listener_untyped("enterpictureinpicture", move |_| active.set(is_active()));
    let left = window_event_listener_untyped("leavepictureinpicture", move |_| active.set(is_active()));
    on_cleanup(move || {
        entered.remove();
        left.remove();
    });
    view! {
        <button class="round-md" data-testid="pip-button" node_ref=stage.elements.pip_button aria-label=crate::i18n::t::stage_pip_name
            aria-pressed=move || active.get().to_string()
            title=move || if active.get() { crate::i18n::t::stage_leave_pip() } else { crate::i18n::t::stage_pip() }
            on:click=move |_| toggle(stage)>
            {glyphs::picture_in_picture()}
        </button>
    }
    .into_any()
}
