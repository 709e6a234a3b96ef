//! The few DOM operations the host page is drawn with. The page is small and fixed (§7), so it is
//! built once and then only changed in place; this is what keeps Leptos (about 30 KB gzip) out of
//! the host page's bundle (docs/ARCHITECTURE.md, "One bundle per page").

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

const SVG: &str = "http://www.w3.org/2000/svg";

/// `<tag>` with these attributes (`data-testid`, `class`, …); `None` if the document refused it.
pub fn element(document: &Document, tag: &str, attributes: &[(&str, &str)]) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    for (name, value) in attributes {
        let _ = element.set_attribute(name, value);
    }
    Some(element)
}

/// An inline icon: one 24×24 path (the app's icons, `crate::ui::icons`).
pub fn icon(document: &Document, path: &str) -> Option<Element> {
    let svg = document.create_element_ns(Some(SVG), "svg").ok()?;
    for (name, value) in [("class", "icon"), ("viewBox", "0 0 24 24"), ("width", "20"), ("height", "20"), ("aria-hidden", "true")] {
        let _ = svg.set_attribute(name, value);
    }
    if let Ok(shape) = document.create_element_ns(Some(SVG), "path") {
        let _ = shape.set_attribute("d", path);
        let _ = shape.set_attribute("fill", "currentColor");
        let _ = svg.append_child(&shape);
    }
    Some(svg)
}

pub fn append(parent: &Element, children: &[&Element]) {
    for child in children {
        let _ = parent.append_child(child);
    }
}

/// Sets an attribute only when it changes (no mutation for a value already there).
pub fn set_attribute(element: &Element, name: &str, value: &str) {
    if element.get_attribute(name).as_deref() != Some(value) {
        let _ = element.set_attribute(name, value);
    }
}

/// Adds or removes a boolean attribute (`disabled`).
pub fn set_flag(element: &Element, name: &str, on: bool) {
    if element.has_attribute(name) != on {
        let _ = if on { element.set_attribute(name, "") } else { element.remove_attribute(name) };
    }
}

pub fn set_class(element: &Element, class: &str, on: bool) {
    let _ = element.class_list().toggle_with_force(class, on);
}

pub fn set_text(element: &Element, text: &str) {
    if element.text_content().as_deref() != Some(text) {
        element.set_text_content(Some(text));
    }
}

/// Replaces the element's children with `child` unless it already shows it.
pub fn show_only(element: &Element, child: &Element) {
    if !element.first_element_child().is_some_and(|first| first == *child) {
        element.set_text_content(None);
        let _ = element.append_child(child);
    }
}

/// An element that is in the page only while it is wanted (tests and assistive technology see it
/// leave, not only hide), at a fixed place: just before its anchor, an empty comment.
pub struct Slot {
    pub element: Element,
    anchor: web_sys::Comment,
}

impl Slot {
    /// `element`, to appear in `parent` at the current end.
    pub fn new(document: &Document, parent: &Element, element: Element) -> Slot {
        let anchor = document.create_comment("");
        let _ = parent.append_child(&anchor);
        Slot { element, anchor }
    }

    pub fn set_present(&self, present: bool) {
        if present == self.element.is_connected() {
            return;
        }
        if present {
            let _ = self.anchor.before_with_node_1(&self.element);
        } else {
            self.element.remove();
        }
    }
}

/// Runs `handler` on each `click` of `element`, for as long as the page lives.
pub fn on_click(element: &Element, handler: impl FnMut() + 'static) {
    let mut handler = handler;
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| handler());
    let _ = element.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    // The page's controls never go away: their listeners live as long as the page.
    listener.forget();
}
