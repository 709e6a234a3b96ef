//! While a call is on, the side panel (people, recent calls, chat, devices) steps aside so the
//! call gets the width; the People & chat button in the controls opens it as a drawer (on a
//! phone, a full-height sheet). Focus moves into it when it opens and back to the button when it
//! closes (its close button or Escape); chat that arrives while it is closed badges the button.

use leptos::html::Div;
use leptos::prelude::*;

use super::glyphs;
use crate::i18n::t;
use crate::ui::app::use_ui;
use super::view::{StageView, use_stage_view};

const DRAWER_ID: &str = "call-drawer";

fn focus_drawer_button(stage: StageView) {
    // At once: the button stays on the page while the drawer closes, so focus never sits on the
    // hidden drawer in between.
    if let Some(button) = crate::ui::focus::on_page(stage.elements.drawer_button) {
        let _ = button.focus();
    }
}

/// Wraps the side panel. Outside a call it changes nothing; during one it is the drawer.
#[component]
pub fn SideDrawer(children: Children) -> impl IntoView {
    let stage = use_stage_view();
    let in_drawer = move || stage.drawer_mode.get();
    let open = move || stage.drawer_open.get();
    let drawer = NodeRef::<Div>::new();
    // Opening moves focus to the tab that shows (where the arrow keys then work).
    Effect::new(move |was_open: Option<bool>| {
        let now = open();
        if now && was_open == Some(false) {
            request_animation_frame(move || {
                if let Some(drawer) = drawer.get_untracked() {
                    crate::ui::focus::focus_first(&drawer, "[role=\"tab\"][aria-selected=\"true\"]");
                }
            });
        }
        now
    });
    let close = move || {
        stage.drawer_open.set(false);
        focus_drawer_button(stage);
    };
    view! {
        <div class="side-drawer" id=DRAWER_ID data-testid="call-drawer" node_ref=drawer
            class:in-drawer=in_drawer class:open=open
            data-open=move || (in_drawer() && open()).to_string()
            role=move || in_drawer().then_some("region")
            aria-labelledby=move || in_drawer().then_some("call-drawer-title")
            on:keydown=move |event: web_sys::KeyboardEvent| {
                if in_drawer() && open() && event.key() == "Escape" {
                    event.prevent_default();
                    event.stop_propagation();
                    close();
                }
            }>
            <div class="drawer-head">
                <CallBar close=close/>
                <h2 class="drawer-title" id="call-drawer-title">{t::drawer_title}</h2>
                <button class="drawer-close" data-testid="drawer-close-button" aria-label=t::drawer_close
                    title=t::drawer_close_title on:click=move |_| close()>
                    {glyphs::close()}
                </button>
            </div>
            {children()}
        </div>
    }
}

/// Where the drawer covers the call (a phone's sheet), the call is still live: a bar says with
/// whom and for how long, and takes the person back to it (as the close button does).
#[component]
fn CallBar(close: impl Fn() + Copy + 'static) -> impl IntoView {
    let ui = use_ui();
    let name = Memo::new(move |_| ui.call_peer_name());
    view! {
        // Its name is with whom, then what it does, for screen readers; the talk time is left out
        // of it (a name that changes every second is read out again and again).
        <button class="drawer-call" data-testid="drawer-call-button" on:click=move |_| close()
            data-reconnecting=move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.reconnecting)).to_string()>
            <span class="state-dot" aria-hidden="true"></span>
            <span class="drawer-call-name">{move || t::drawer_call_with(&name.get())}</span>
            <span class="drawer-call-time" data-testid="drawer-call-time" aria-hidden="true">{move || super::head::talk_time(ui)}</span>
            <span class="sr-only">{t::drawer_back_to_call}</span>
        </button>
    }
}

/// The controls' People & chat button: opens and closes the drawer; one name, its state in
/// aria-expanded, unread chat as a badge (and in its description).
#[component]
pub(super) fn DrawerButton() -> impl IntoView {
    let stage = use_stage_view();
    if !stage.has_drawer {
        return ().into_any();
    }
    let open = move || stage.drawer_open.get();
    let unread = move || if open() { 0 } else { stage.unread() };
    view! {
        // The badge sits over the button's corner but outside it: the button's name stays
        // "People & chat", and the count is its description, in words.
        <span class="drawer-toggle">
            <button class="round-lg drawer-button" data-testid="drawer-button" node_ref=stage.elements.drawer_button aria-label=t::drawer_title
                title=t::drawer_button_title aria-controls=DRAWER_ID
                aria-expanded=move || open().to_string() class:active=open
                aria-describedby=move || (unread() > 0).then_some("drawer-unread-text")
                data-unread=move || unread().to_string()
                on:click=move |_| stage.drawer_open.update(|o| *o = !*o)>
                {glyphs::people()}
            </button>
            <Show when=move || { unread() > 0 }>
                <span class="badge drawer-badge" data-testid="drawer-unread" aria-hidden="true">{unread}</span>
                <span class="sr-only" id="drawer-unread-text">{unread}{move || t::drawer_unread(unread() as i64)}</span>
            </Show>
        </span>
    }
    .into_any()
}
