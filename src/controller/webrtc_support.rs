//! Whether this browser can make calls at all (some, like WebKitGTK builds, have no WebRTC).
//! Found out once at start, so the page can say so and refuse calls up front instead of failing
//! one (with a code that would blame the other side).

use dialtone_core::call::CallRecord;
use dialtone_core::protocol::{EndReason, Hello, Message};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::Controller;

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

impl Controller {
    /// Tells the room this page takes no calls (Dialtone's servers relay it as `calls: false`);
    /// said on every connection, since a server that restarted forgot it. A base server would
    /// not understand the `hello`, so it is not sent there.
    pub(super) fn announce_no_calls(&self, relays_call_control: bool) {
        if self.ui.webrtc_missing.get_untracked() && relays_call_control {
            self.send(&Message::Hello(Hello { calls: Some(false), ..Hello::default() }));
        }
    }

    /// The peer's page turned our call away for want of WebRTC: its row says so from now on
    /// (a base server could not tell us before the call).
    pub(super) fn learn_from_end(&self, record: &CallRecord) {
        if record.reason != EndReason::WebrtcUnavailable {
            return;
        }
        let peers = {
            let mut inner = self.inner.borrow_mut();
            inner.directory.learn_cannot_take_calls(&record.peer).then(|| inner.directory.peers())
        };
        if let Some(peers) = peers {
            self.ui.peers.set(peers);
        }
    }
}
