//! The tools at the top of a live call that change how it is shown: the layout of a video call,
//! picture-in-picture, full screen and the keyboard-shortcut list. Each button keeps one name and
//! says its state with aria-pressed.

use dialtone_core::stage::StageLayout;
use leptos::prelude::*;

use super::fullscreen::FullscreenButton;
use super::glyphs;
use super::pip::PipButton;
use super::view::use_stage_view;

#[component]
pub(super) fn ViewTools(is_video: Memo<bool>) -> impl IntoView {
    view! {
        <div class="view-tools" role="group" aria-label=crate::i18n::t::view_tools>
            <Show when=move || is_video.get()>
                <LayoutToggle/>
                <PipButton/>
            </Show>
            <FullscreenButton/>
            <crate::ui::shortcuts::ShortcutsButton/>
        </div>
    }
}

/// Focus (their video large, yours small) or Side by side (equal tiles); remembered.
#[component]
fn LayoutToggle() -> impl IntoView {
    let stage = use_stage_view();
    let side_by_side = move || stage.layout.get() == StageLayout::SideBySide;
    view! {
        <button class="round-md" data-testid="layout-button" node_ref=stage.elements.layout_button aria-label=crate::i18n::t::layout_side_by_side
            data-layout=move || stage.layout.get().as_str()
            aria-pressed=move || side_by_side().to_string()
            title=move || if side_by_side() { crate::i18n::t::layout_focus_title() } else { crate::i18n::t::layout_side_by_side_title() }
            on:click=move |_| stage.choose_layout(stage.layout.get_untracked().toggled())>
            {glyphs::side_by_side()}
        </button>
    }
}

/// What the browser refused (full screen, picture-in-picture), said once under the header.
#[component]
pub(super) fn ViewError() -> impl IntoView {
    let stage = use_stage_view();
    move || {
        stage.problem.get().map(|problem| {
            view! {
                <div class="view-error" role="status" data-testid="stage-view-error"
                    data-code=problem.error.code() data-reason=problem.reason.clone()>
                    <span class="code">{problem.error.code()}</span>
                    <span class="view-error-text">{move || crate::i18n::sentence(problem.error.code(), problem.error.sentence())}</span>
                    <button class="view-error-close" data-testid="dismiss-stage-view-error" aria-label=crate::i18n::t::dismiss
                        on:click=move |_| stage.problem.set(None)>{glyphs::close()}</button>
                </div>
            }
        })
    }
}
