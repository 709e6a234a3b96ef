//! Keyboard focus, kept where a person expects it: moved into a dialog and kept there, and moved
//! on when the element that had it leaves the page (never left on the body).

use leptos::html::{Button, ElementType, H2};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Elements that focus is sent to from other parts of the page (when what had it goes away).
/// Each component that shows one binds it with `node_ref`; made once per page.
#[derive(Clone, Copy)]
pub struct Landmarks {
    /// The idle stage's title.
    pub idle_title: NodeRef<H2>,
    /// The side panel's People tab.
    pub people_tab: NodeRef<Button>,
    /// The call's Hang up button.
    pub hang_up: NodeRef<Button>,
    /// The header's menu button.
    pub menu_button: NodeRef<Button>,
}

impl Landmarks {
    pub fn provide() {
        provide_context(Landmarks {
            idle_title: NodeRef::new(),
            people_tab: NodeRef::new(),
            hang_up: NodeRef::new(),
            menu_button: NodeRef::new(),
        });
    }
}

pub fn use_landmarks() -> Landmarks {
    expect_context::<Landmarks>()
}

/// The element a `NodeRef` holds, while it is on the page: a ref keeps the last element bound
/// to it after that element left, and a detached element must not be focused or clicked.
pub fn on_page<E>(node: NodeRef<E>) -> Option<HtmlElement>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    node.try_get_untracked()
        .flatten()
        .and_then(|element| element.dyn_into::<HtmlElement>().ok())
        .filter(|element| element.is_connected())
}

/// Whether keyboard focus has nowhere to be (on the body, or on an element that left the page).
pub fn focus_is_lost() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    match document.active_element() {
        None => true,
        Some(active) => document.body().is_some_and(|body| { let body: &web_sys::Element = body.as_ref(); active == *body }) || !active.is_connected(),
    }
}

/// Focuses the element `node` holds, at once, if it is on the page.
pub fn focus_now<E>(node: NodeRef<E>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    if let Some(element) = on_page(node) {
        let _ = element.focus();
    }
}

/// Focuses the first of `candidates` that can take it, once the view has changed (e.g. swapped
/// the summary for the idle stage): they are read then, not now.
pub fn focus_first_visible<I>(candidates: impl FnOnce() -> I + 'static)
where
    I: IntoIterator<Item = Option<HtmlElement>>,
{
    request_animation_frame(move || {
        // A hidden element (display: none) has no offset parent and cannot take focus.
        if let Some(element) = candidates().into_iter().flatten().find(|e| e.offset_parent().is_some()) {
            let _ = element.focus();
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
