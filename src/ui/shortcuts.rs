//! Keyboard shortcuts: single keys for the call's controls, ignored while typing in a field, and
//! `?` for the list of them (a small dialog, also opened from a visible button).

use dialtone_core::protocol::MediaSource;
use leptos::html::{Button, Div};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::focus::on_page;
use super::intents::Intents;
use crate::i18n::t;

/// Each key and what it does, in the order the list shows them.
const SHORTCUTS: &[(&str, fn() -> String)] = &[
    ("m", t::shortcuts_mute),
    ("v", t::shortcuts_camera),
    ("s", t::shortcuts_screen),
    ("h", t::shortcuts_hang_up),
    ("c", t::shortcuts_drawer),
    ("f", t::shortcuts_fullscreen),
    ("p", t::shortcuts_pip),
    ("l", t::shortcuts_layout),
    ("?", t::shortcuts_help),
    ("Esc", t::shortcuts_escape),
];

/// Whether the shortcut list is showing.
#[derive(Clone, Copy)]
struct HelpOpen(RwSignal<bool>);

fn use_help() -> RwSignal<bool> {
    expect_context::<HelpOpen>().0
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Presses the stage's button for this shortcut, if it is there now: the key then does exactly
/// what the button does (and nothing where the button is not offered, e.g. no full screen API).
fn press(button: NodeRef<Button>) {
    if let Some(button) = on_page(button) {
        button.click();
    }
}

/// Listens for the shortcuts on this page.
/// Whether the shortcut list shows, for the views under this owner (closed at first).
pub fn provide_help() -> RwSignal<bool> {
    let help = RwSignal::new(false);
    provide_context(HelpOpen(help));
    help
}

pub fn install(intents: Intents) {
    let stage = super::stage::use_stage_view().elements;
    let screen_share = super::app::use_ui().screen_share_supported;
    let help = provide_help();
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.repeat() || event.default_prevented() {
            return;
        }
        let typing = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable"));
        // The list is a modal dialog: keys behind it wait until it is closed.
        if typing || help.get_untracked() {
            return;
        }
        match event.key().as_str() {
            "m" | "M" => intents.toggle_media(MediaSource::Mic),
            "v" | "V" => intents.toggle_media(MediaSource::Camera),
            // Like the button: none where the browser cannot capture a screen (a phone's).
            "s" | "S" if screen_share => intents.toggle_media(MediaSource::Screen),
            "h" | "H" => intents.hang_up(),
            "c" | "C" => press(stage.drawer_button),
            "f" | "F" => press(stage.fullscreen_button),
            "p" | "P" => press(stage.pip_button),
            "l" | "L" => press(stage.layout_button),
            "?" => {
                event.prevent_default();
                help.set(true);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

/// The list's button among the call's tools.
#[component]
pub fn ShortcutsButton() -> impl IntoView {
    let help = use_help();
    view! {
        <button class="round-md shortcuts-button" data-testid="shortcuts-button" aria-label=t::shortcuts_open
            aria-haspopup="dialog" title=t::shortcuts_open_title on:click=move |_| help.set(true)>
            {super::stage::keyboard_glyph()}
        </button>
    }
}

/// The list's link on the idle stage.
#[component]
pub fn ShortcutsLink() -> impl IntoView {
    let help = use_help();
    view! {
        <button class="shortcuts-link" data-testid="shortcuts-link" aria-haspopup="dialog"
            on:click=move |_| help.set(true)>
            {super::stage::keyboard_glyph()} {t::shortcuts_link}
        </button>
    }
}

/// The list: a modal dialog that takes focus, keeps Tab inside, closes on Escape or Close, and
/// gives focus back to what had it.
#[component]
pub fn ShortcutHelp() -> impl IntoView {
    let help = use_help();
    let screen_share = super::app::use_ui().screen_share_supported;
    let landmarks = super::focus::use_landmarks();
    let dialog = NodeRef::<Div>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        if !help.get() {
            return;
        }
        opener.set_value(
            document()
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
        );
        // Once the dialog is on the page.
        request_animation_frame(move || {
            if let Some(dialog) = on_page(dialog) {
                super::focus::focus_first(&dialog, "button");
            }
        });
    });
    let close = move || {
        help.set(false);
        let back = opener.with_value(|o| o.clone()).filter(|e| e.is_connected() && e.offset_parent().is_some());
        request_animation_frame(move || match back {
            Some(element) => {
                let _ = element.focus();
            }
            None => super::focus::focus_first_visible(move || {
                [on_page(landmarks.hang_up), on_page(landmarks.idle_title), on_page(landmarks.people_tab)]
            }),
        });
    };
    let on_key = move |event: web_sys::KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            event.stop_propagation();
            close();
        }
        "Tab" => {
            if let Some(dialog) = event.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                super::focus::trap_tab(&dialog, &event);
            }
        }
        _ => {}
    };
    view! {
        <Show when=move || help.get()>
            <div class="overlay" on:click=move |event: web_sys::MouseEvent| {
                // A click on the dimmed page around the dialog closes it, as Escape does.
                if event.target() == event.current_target() {
                    close();
                }
            }>
                <div class="shortcut-help" role="dialog" aria-modal="true" aria-labelledby="shortcut-help-title"
                    data-testid="shortcut-help" node_ref=dialog on:keydown=on_key>
                    <h2 id="shortcut-help-title">{t::shortcuts_title}</h2>
                    <dl class="shortcut-list" data-testid="shortcut-list">
                        {SHORTCUTS.iter().filter(|(key, _)| *key != "s" || screen_share).map(|(key, what)| view! {
                            <div class="shortcut" data-key=*key>
                                <dt><kbd>{*key}</kbd></dt>
                                <dd>{*what}</dd>
                            </div>
                        }).collect_view()}
                    </dl>
                    <p class="shortcut-note">{t::shortcuts_note}</p>
                    <button class="pill" data-testid="shortcut-help-close" on:click=move |_| close()>{t::shortcuts_close}</button>
                </div>
            </div>
        </Show>
    }
}
