//! The few DOM operations the host and telephony pages are drawn with. Each page is built once
//! and then only changed in place, so their bundles carry no Leptos (its reactive runtime and the
//! code it generates per view; docs/ARCHITECTURE.md, "One bundle per page").

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

/// `<tag>` with these attributes and this text.
pub fn text(document: &Document, tag: &str, attributes: &[(&str, &str)], text: &str) -> Option<Element> {
    let element = element(document, tag, attributes)?;
    element.set_text_content(Some(text));
    Some(element)
}

/// An inline icon: one 24×24 path (the app's icon paths).
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

/// A form control's `value` (an input's or a select's).
pub fn value(control: &Element) -> String {
    crate::js::get_string(control, "value").unwrap_or_default()
}

/// Sets a form control's `value` unless it already holds it (a write would move the caret).
pub fn set_value(control: &Element, value: &str) {
    if self::value(control) != value {
        crate::js::set(control, "value", &JsValue::from_str(value));
    }
}

/// Whether a checkbox or radio button is ticked.
pub fn checked(control: &Element) -> bool {
    crate::js::get(control, "checked").as_bool().unwrap_or(false)
}

pub fn set_checked(control: &Element, on: bool) {
    if checked(control) != on {
        crate::js::set(control, "checked", &JsValue::from_bool(on));
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
        // In its parent, not "in the document": a part is drawn before its page is attached.
        if present == self.element.parent_node().is_some() {
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
    on(element, "click", move |_event| handler());
}

/// Runs `handler` on each `event` at `element`, for as long as the page lives.
pub fn on(element: &Element, event: &'static str, handler: impl FnMut(web_sys::Event) + 'static) {
    // The page's own controls never go away: their listeners live as long as the page.
    std::mem::forget(listen(element, event, handler));
}

/// A listener that lasts as long as this value: a part of a page that goes (a telephony call
/// row) drops its listeners with it, so a long shift of calls leaves nothing behind.
pub struct Listener {
    target: Element,
    event: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Runs `handler` on each `event` at `element` until the returned [`Listener`] is dropped.
pub fn listen(element: &Element, event: &'static str, handler: impl FnMut(web_sys::Event) + 'static) -> Listener {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let _ = element.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    Listener { target: element.clone(), event, closure }
}

/// A [`Slot`] that shows an optional value: in the page while there is one, filled again only
/// when it changes (an unchanged alert is not announced again).
pub struct ValueSlot<T> {
    pub slot: Slot,
    drawn: std::cell::RefCell<Option<T>>,
}

impl<T: PartialEq + Clone> ValueSlot<T> {
    pub fn new(document: &Document, parent: &Element, element: Element) -> ValueSlot<T> {
        ValueSlot { slot: Slot::new(document, parent, element), drawn: std::cell::RefCell::new(None) }
    }

    /// Shows `value` (`fill` writes it into the element), or takes the element out for `None`.
    pub fn draw(&self, value: Option<&T>, fill: impl FnOnce(&Element, &T)) {
        if self.drawn.borrow().as_ref() == value {
            return;
        }
        if let Some(value) = value {
            fill(&self.slot.element, value);
        }
        self.slot.set_present(value.is_some());
        *self.drawn.borrow_mut() = value.cloned();
    }
}

/// `<label class="field">words<control/></label>`: a control with its words above it.
pub fn field(document: &Document, words: &str, control: &Element) -> Option<Element> {
    let label = element(document, "label", &[("class", "field")])?;
    append_text(&label, words);
    append(&label, &[control]);
    Some(label)
}

/// `<label class="check"><control/>words</label>`: a checkbox or radio button with its words.
pub fn check(document: &Document, control: &Element, words: &str) -> Option<Element> {
    let label = element(document, "label", &[("class", "check")])?;
    append(&label, &[control]);
    append_text(&label, words);
    Some(label)
}

/// Appends `text` after the element's children (a label's words before its control).
pub fn append_text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

/// Whether the tab is hidden now (alerts and the screen lock follow it).
pub fn document_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}
