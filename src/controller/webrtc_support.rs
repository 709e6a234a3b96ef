//! Whether this browser can make calls at all (some, like WebKitGTK builds, have no WebRTC).
//! Found out once at start, so the page can say so and refuse calls up front instead of failing
//! one (with a code that would blame the other side).

use wasm_bindgen::JsValue;

/// No `RTCPeerConnection`, or (on a secure page) no `navigator.mediaDevices.getUserMedia`. An
/// insecure page has no `mediaDevices` either, but that is INSECURE_CONTEXT, said when a call
/// starts, and not this browser's fault.
pub(super) fn webrtc_missing() -> bool {
    let Some(window) = web_sys::window() else { return true };
    let has = |target: &JsValue, name: &str| {
        js_sys::Reflect::get(target, &JsValue::from_str(name)).is_ok_and(|v| !v.is_undefined() && !v.is_null())
    };
    if !has(&window, "RTCPeerConnection") {
        return true;
    }
    if !window.is_secure_context() {
        return false;
    }
    let media = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("mediaDevices")).unwrap_or(JsValue::UNDEFINED);
    media.is_undefined() || media.is_null() || !has(&media, "getUserMedia")
}

/// Whether this browser can share a screen (`navigator.mediaDevices.getDisplayMedia`). Phones'
/// browsers have none: there the call offers no screen button, rather than one that can only fail.
pub(super) fn screen_share_supported() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let media = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("mediaDevices")).unwrap_or(JsValue::UNDEFINED);
    !media.is_undefined()
        && !media.is_null()
        && js_sys::Reflect::get(&media, &JsValue::from_str("getDisplayMedia")).is_ok_and(|f| f.is_function())
}
