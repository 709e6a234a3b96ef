//! Untyped access to browser APIs that web-sys does not expose with the enabled features
//! (transceivers, stats, codec preferences): property reads and method calls by name; and the
//! one way to read a rejected promise's message.

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn get_string(target: &JsValue, key: &str) -> Option<String> {
    get(target, key).as_string()
}

pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// `target[method](...args)`; an error when it is not a function or throws.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = get(target, method)
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("{method} is not supported")))?;
    let list: Array = args.iter().collect();
    Reflect::apply(&function, target, &list)
}

/// Calls a method returning a promise and awaits it.
pub async fn call_async(
    target: &JsValue,
    method: &str,
    args: &[JsValue],
) -> Result<JsValue, JsValue> {
    let promise: Promise = call(target, method, args)?
        .dyn_into()
        .map_err(|_| JsValue::from_str(&format!("{method} returned no promise")))?;
    JsFuture::from(promise).await
}

/// A plain object from key/value pairs.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in entries {
        set(&object, key, value);
    }
    object.into()
}

/// The items of an array-like or iterable value (`getTransceivers()`, a stats map's values).
pub fn items(value: &JsValue) -> Vec<JsValue> {
    if let Some(array) = value.dyn_ref::<Array>() {
        return array.iter().collect();
    }
    js_sys::try_iter(value)
        .ok()
        .flatten()
        .map(|iter| iter.filter_map(Result::ok).collect())
        .unwrap_or_default()
}

/// A readable message from a rejected promise or a thrown value.
pub fn error_text(error: &JsValue) -> String {
    get_string(error, "message")
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown browser error".to_owned())
}
