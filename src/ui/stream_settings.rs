//! "Stream call audio": the live-stream sink (an operator's setting, out of the everyday Devices
//! tab) in a small dialog opened from the menu. Focus moves in and stays; Escape or Done closes
//! it and gives focus back to the menu button.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::live_stream::StreamSettingsForm;
use crate::i18n::t;

#[component]
pub fn StreamAudioDialog(open: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<Div>::new();
    let focus_menu_button = super::menu::focus_menu_button();
    let close = move || {
        open.set(false);
        focus_menu_button();
    };
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            super::focus::focus_first(&dialog, "input");
        }
    });
    let on_keydown = move |event: web_sys::KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            close();
        }
        "Tab" => {
            if let Some(dialog) = dialog.get_untracked() {
                keep_tab_inside(&dialog, &event);
            }
        }
        _ => {}
    };
    view! {
        <Show when=move || open.get()>
            <div class="overlay" on:click=move |event| {
                // A click on the dimmed backdrop (not inside the dialog) closes it.
                if event.target() == event.current_target() { close(); }
            }>
                <div class="stream-dialog" role="dialog" aria-modal="true" aria-labelledby="stream-dialog-title"
                    data-testid="stream-audio-dialog" node_ref=dialog on:keydown=on_keydown>
                    <h2 id="stream-dialog-title" class="stream-dialog-title">{move || t::stream_dialog_title()}</h2>
                    <p class="hint">{move || t::stream_dialog_hint()}</p>
                    <StreamSettingsForm/>
                    <div class="stream-dialog-actions">
                        <button class="pill accent" data-testid="stream-audio-done" on:click=move |_| close()>{move || t::summary_done()}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// Tab and Shift+Tab cycle through the dialog's fields and buttons.
fn keep_tab_inside(dialog: &web_sys::HtmlElement, event: &web_sys::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all("input, select, button:not([disabled])") else { return };
    let items: Vec<web_sys::HtmlElement> = (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let at = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>());
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    let to = match (event.shift_key(), inside) {
        (_, false) => Some(first),
        (true, true) if at(first) => Some(last),
        (false, true) if at(last) => Some(first),
        _ => None,
    };
    if let Some(to) = to {
        event.prevent_default();
        let _ = to.focus();
    }
}
