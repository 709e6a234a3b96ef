//! Frame encryption in the browser (§6.2, §6.3): `RTCRtpScriptTransform` with the worker
//! `public/host-frame-crypto.js`, attached to every sender and receiver of a call with a key.
//! Only this path is implemented, so the capability is true exactly when it is available (the
//! `createEncodedStreams` fallback is not, and is not claimed).

use dialtone_core::host::frame_crypto::FrameKey;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::js;

const WORKER_URL: &str = "/public/host-frame-crypto.js";

/// Frame transforms can be attached here: the API, a Worker, and WebCrypto (secure context).
pub fn can_encrypt() -> bool {
    let global = js_sys::global();
    let defined = |name| js::get(&global, name).is_function();
    let secure = js::get(&global, "isSecureContext")
        .as_bool()
        .unwrap_or(false);
    defined("RTCRtpScriptTransform") && defined("Worker") && secure
}

/// Frames counted by the worker, shown for tests and diagnostics.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct FrameCounters {
    pub encrypted: u64,
    pub decrypted: u64,
    pub dropped: u64,
}

/// The worker of one call.
pub struct FrameCrypto {
    /// A `Worker` (untyped: web-sys' Worker feature is not enabled for this one use).
    worker: JsValue,
    _on_message: Closure<dyn FnMut(JsValue)>,
}

impl FrameCrypto {
    pub fn new(on_counters: impl Fn(FrameCounters) + 'static) -> Result<FrameCrypto, String> {
        let constructor: js_sys::Function = js::get(&js_sys::global(), "Worker")
            .dyn_into()
            .map_err(|_| "Worker is missing".to_owned())?;
        let args: js_sys::Array = [JsValue::from_str(WORKER_URL)].iter().collect();
        let worker =
            js_sys::Reflect::construct(&constructor, &args).map_err(|e| js::error_text(&e))?;
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let counters = js::get(&js::get(&event, "data"), "counters");
            let read = |key| js::get(&counters, key).as_f64().unwrap_or(0.0) as u64;
            if !counters.is_undefined() {
                on_counters(FrameCounters {
                    encrypted: read("encrypted"),
                    decrypted: read("decrypted"),
                    dropped: read("dropped"),
                });
            }
        });
        js::set(&worker, "onmessage", on_message.as_ref());
        Ok(FrameCrypto {
            worker,
            _on_message: on_message,
        })
    }

    /// Encrypts what `sender` sends and decrypts what `receiver` gets, with `key`.
    pub fn attach(&self, transceivers: &[JsValue], key: &FrameKey) -> Result<(), String> {
        let constructor: js_sys::Function = js::get(&js_sys::global(), "RTCRtpScriptTransform")
            .dyn_into()
            .map_err(|_| "RTCRtpScriptTransform is missing".to_owned())?;
        let raw = js_sys::Uint8Array::from(&key.bytes()[..]);
        for transceiver in transceivers {
            for (end, operation) in [("sender", "encrypt"), ("receiver", "decrypt")] {
                let options =
                    js::object(&[("operation", operation.into()), ("key", raw.clone().into())]);
                let args: js_sys::Array = [self.worker.clone(), options].iter().collect();
                let transform = js_sys::Reflect::construct(&constructor, &args)
                    .map_err(|e| js::error_text(&e))?;
                js_sys::Reflect::set(&js::get(transceiver, end), &"transform".into(), &transform)
                    .map_err(|e| js::error_text(&e))?;
            }
        }
        Ok(())
    }
}

impl Drop for FrameCrypto {
    fn drop(&mut self) {
        js::set(&self.worker, "onmessage", &JsValue::NULL);
        let _ = js::call(&self.worker, "terminate", &[]);
    }
}
