//! The browser's full-screen and picture-in-picture methods, called by name: web-sys marks
//! picture-in-picture unstable, and both return promises whose refusals must be caught (an
//! uncaught one would only reach the console, and the button would never say what happened).

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

pub fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// A boolean property of `target` (false when missing: the feature is not there).
pub fn flag(target: &JsValue, name: &str) -> bool {
    Reflect::get(target, &JsValue::from_str(name)).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// An element-valued property of `target` (`document.pictureInPictureElement`), if set.
pub fn element(target: &JsValue, name: &str) -> Option<web_sys::Element> {
    Reflect::get(target, &JsValue::from_str(name)).ok()?.dyn_into::<web_sys::Element>().ok()
}

/// Calls `target[name]()` now (inside the click or key press, which is what lets the browser
/// allow it) and hands its outcome to `done` once known: `Err` carries the browser's reason
/// (a DOMException name such as `NotAllowedError`).
pub fn call(target: &JsValue, name: &str, done: impl FnOnce(Result<(), String>) + 'static) {
    let started = Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| "NotSupportedError".to_owned())
        .and_then(|f| f.call0(target).map_err(reason));
    match started {
        Err(why) => done(Err(why)),
        Ok(value) => match value.dyn_into::<Promise>() {
            Ok(promise) => wasm_bindgen_futures::spawn_local(async move {
                done(wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(reason));
            }),
            // An older browser's method that returns nothing: done at once.
            Err(_) => done(Ok(())),
        },
    }
}

fn reason(error: JsValue) -> String {
    error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.name())))
        .unwrap_or_else(|| "Error".to_owned())
}
