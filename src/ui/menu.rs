//! The header's "More" menu: sharing links, incoming-call notifications, and the operator
//! features that stay out of the everyday screens (live audio streaming, the Telephony page).
//!
//! A disclosure done properly: the button says whether the panel is open (`aria-expanded`) and
//! which it is (`aria-controls`); opening moves focus to the first item, the arrow keys (and
//! Home/End) move between items, Escape closes and gives focus back to the button, and a click
//! or focus anywhere outside closes it.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::alerts::{self, Permission};
use super::app::use_ui;
use super::share;
use super::stream_settings::StreamAudioDialog;
use crate::i18n::t;

/// What the arrow keys move between.
const ITEMS: &str = ".menu-item:not([disabled]), .menu-panel select";

#[component]
pub fn MoreMenu() -> impl IntoView {
    let ui = use_ui();
    let open = RwSignal::new(false);
    let stream_dialog = RwSignal::new(false);
    let root = NodeRef::<Div>::new();
    let panel = NodeRef::<Div>::new();
    let focus_menu_button = focus_menu_button();
    let menu_button = super::focus::use_landmarks().menu_button;
    let close_to_button = move || {
        open.set(false);
        focus_menu_button();
    };
    // Opening puts the focus on the first item.
    Effect::new(move |_| {
        if open.get()
            && let Some(panel) = panel.get()
        {
            super::focus::focus_first(&panel, ITEMS);
        }
    });
    // A call that starts (one coming in brings a modal dialog) takes the screen: an open menu
    // gets out of its way rather than float over the dialog.
    Effect::new(move |had_call: Option<bool>| {
        let has_call = ui.call.with(Option::is_some);
        if has_call && had_call == Some(false) {
            open.set(false);
        }
        has_call
    });
    // A press anywhere outside the menu closes it (the press itself goes on to what it hit).
    let outside = window_event_listener(leptos::ev::pointerdown, move |event| {
        if !open.get_untracked() {
            return;
        }
        let target = event.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let inside = root.get_untracked().zip(target).is_some_and(|(root, target)| root.contains(Some(&target)));
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let key = event.key();
        if key == "Escape" && open.get_untracked() {
            event.prevent_default();
            close_to_button();
            return;
        }
        if let Some(panel) = panel.get_untracked().filter(|_| open.get_untracked()) {
            move_focus(&panel, &event);
        }
    };
    // Focus leaving the menu (Tab past its last item) closes it.
    let on_focusout = move |event: web_sys::FocusEvent| {
        let next = event.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let still_inside = root.get_untracked().zip(next).is_some_and(|(root, next)| root.contains(Some(&next)));
        if !still_inside && event.related_target().is_some() {
            open.set(false);
        }
    };
    let then_close = move |action: fn()| {
        move |_| {
            action();
            close_to_button();
        }
    };
    let permission = alerts::permission();
    view! {
        <div class="menu" node_ref=root on:keydown=on_keydown on:focusout=on_focusout>
            <button class="menu-button" data-testid="menu-button" node_ref=menu_button aria-label=move || t::menu_more() title=move || t::menu_more()
                aria-haspopup="true" aria-controls="more-menu" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                <span aria-hidden="true" class="menu-dots">"⋯"</span>
            </button>
            <div class="menu-panel" id="more-menu" data-testid="menu" node_ref=panel hidden=move || !open.get()>
                <p class="menu-heading">{move || t::menu_share_heading()}</p>
                <button class="menu-item" data-testid="menu-copy-room-link" on:click=then_close(share::copy_room_link)>
                    {share::link_icon()} {move || t::menu_copy_room_link()}
                </button>
                <button class="menu-item" data-testid="menu-copy-call-me-link"
                    on:click=move |_| {
                        let me = ui.me.with_untracked(|m| m.as_ref().map(|m| m.name.clone()).unwrap_or_default());
                        share::copy_call_link(&me, t::copy_what_call_me());
                        close_to_button();
                    }>
                    {share::link_icon()} {move || t::menu_copy_call_me_link()}
                </button>
                <Show when=move || permission.get() != Permission::Unsupported>
                    <p class="menu-heading">{move || t::menu_calls_heading()}</p>
                    <button class="menu-item" data-testid="menu-notify"
                        data-permission=move || match permission.get() {
                            Permission::Ask => "ask", Permission::Granted => "granted",
                            Permission::Denied => "denied", Permission::Unsupported => "unsupported" }
                        disabled=move || permission.get() != Permission::Ask
                        on:click=move |_| alerts::request_permission()>
                        {move || if permission.get() == Permission::Granted {
                            view! { <span class="menu-mark" aria-hidden="true">"✓"</span> }.into_any()
                        } else {
                            bell_icon().into_any()
                        }}
                        {move || match permission.get() {
                            Permission::Granted => t::menu_notify_on(),
                            Permission::Denied => t::menu_notify_blocked(),
                            _ => t::menu_notify_ask(),
                        }}
                    </button>
                </Show>
                <p class="menu-heading">{move || t::menu_operators_heading()}</p>
                <button class="menu-item" data-testid="menu-stream-audio"
                    on:click=move |_| { open.set(false); stream_dialog.set(true); }>
                    {super::icons::stream()} {move || t::menu_stream_audio()}
                </button>
                // The telephony page is a separate page (its own mount), so a plain link is enough.
                <a class="menu-item" href="/telephony" data-testid="telephony-link">
                    {super::icons::phone()} {move || t::menu_telephony()}
                </a>
                // The language picker (ui/language.rs), only while the menu is open.
                <Show when=move || open.get()>
                    <div class="menu-language"><super::language::LanguagePicker/></div>
                </Show>
            </div>
        </div>
        <StreamAudioDialog open=stream_dialog/>
        <share::CopyToast/>
    }
}

/// Puts the focus back on the menu's button, at once: the item that had it was just hidden,
/// and a focus left there would fall to the page body. Made where a component is built (an
/// event handler has no context to look the button up in).
pub fn focus_menu_button() -> impl Fn() + Copy + 'static {
    let button = super::focus::use_landmarks().menu_button;
    move || super::focus::focus_now(button)
}

fn bell_icon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path fill="currentColor" d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5a6 6 0 0 0-5-5.9V4a1 1 0 0 0-2 0v1.1A6 6 0 0 0 6 11v5l-2 2v1h16v-1z"/>
        </svg>
    }
}

/// ArrowDown/ArrowUp (wrapping), Home and End between the panel's items.
fn move_focus(panel: &web_sys::HtmlElement, event: &web_sys::KeyboardEvent) {
    let key = event.key();
    if !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
        return;
    }
    // A select uses the arrow keys itself.
    let in_select = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.tag_name() == "SELECT");
    if in_select && matches!(key.as_str(), "ArrowDown" | "ArrowUp") {
        return;
    }
    let Ok(list) = panel.query_selector_all(ITEMS) else { return };
    let items: Vec<web_sys::HtmlElement> = (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect();
    if items.is_empty() {
        return;
    }
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = items.iter().position(|i| active.as_ref().is_some_and(|a| a == i.unchecked_ref::<web_sys::Element>()));
    let last = items.len() - 1;
    let next = match (key.as_str(), at) {
        ("Home", _) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(at)) if at < last => at + 1,
        ("ArrowDown", _) => 0,
        ("ArrowUp", Some(at)) if at > 0 => at - 1,
        ("ArrowUp", _) => last,
        _ => return,
    };
    event.prevent_default();
    let _ = items[next].focus();
}
