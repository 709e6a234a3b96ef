//! Keyboard focus, kept where a person expects it: moved into a dialog and kept there, and moved
//! on when the element that had it leaves the page (never left on the body).

use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;

/// Whether keyboard focus has nowhere to be (on the body, or on an element that left the page).
pub fn focus_is_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| { let body: &web_sys::Element = body.as_ref(); active == *body }) || !active.is_connected(),
    }
}

pub fn focus_first_visible(selectors: &'static [&'static str]) {
    // After the view has swapped the summary for the idle stage.
    request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        for selector in selectors {
            let element = document
                .query_selector(selector)
                .ok()
                .flatten()
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
            // A hidden element (display: none) has no offset parent and cannot take focus.
            if let Some(element) = element.filter(|e| e.offset_parent().is_some()) {
                let _ = element.focus();
                return;
            }
        }
    });
}

pub fn focus_first(container: &web_sys::HtmlElement, selector: &str) {
    if let Ok(Some(element)) = container.query_selector(selector)
        && let Ok(element) = element.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = element.focus();
    }
}

/// Keeps Tab inside `dialog`: from the last button to the first, and Shift+Tab the other way.
pub fn trap_tab(dialog: &web_sys::HtmlElement, event: &web_sys::KeyboardEvent) {
    let Ok(buttons) = dialog.query_selector_all("button:not([disabled])") else { return };
    let count = buttons.length();
    if count == 0 {
        return;
    }
    let first = buttons.item(0).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
    let last = buttons.item(count - 1).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    let (from, to) = if event.shift_key() { (first, last) } else { (last, first) };
    let at_edge = active.as_ref().zip(from.as_ref()).is_some_and(|(a, f)| a == f.unchecked_ref::<web_sys::Element>());
    if let Some(to) = to.filter(|_| at_edge || !inside) {
        event.prevent_default();
        let _ = to.focus();
    }
}
