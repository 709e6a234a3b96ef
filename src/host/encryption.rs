//! Frame encryption in the browser (§6.2, §6.3) with the worker `public/host-frame-crypto.js`:
//! `RTCRtpScriptTransform` where it exists, otherwise `createEncodedStreams()` with the stream
//! pair transferred to the same worker. Attached to every sender and receiver of a call with a
//! key; the capability is true exactly when one of the two paths exists.

use dialtone_core::host::frame_crypto::FrameKey;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::js;

const WORKER_URL: &str = "/public/host-frame-crypto.js";

/// The encoded-transform API this browser offers (§6.3, in order of preference).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Api {
    ScriptTransform,
    EncodedStreams,
}

fn api() -> Option<Api> {
    let global = js_sys::global();
    let defined = |name| js::get(&global, name).is_function();
    let prototype_has = |class, method| {
        js::get(&js::get(&js::get(&global, class), "prototype"), method).is_function()
    };
    // WebCrypto (the worker's AES-GCM) needs a secure context; loopback pages are one.
    let secure = js::get(&global, "isSecureContext")
        .as_bool()
        .unwrap_or(false);
    if !secure || !defined("Worker") {
        return None;
    }
    if defined("RTCRtpScriptTransform") {
        Some(Api::ScriptTransform)
    } else if prototype_has("RTCRtpSender", "createEncodedStreams")
        && prototype_has("RTCRtpReceiver", "createEncodedStreams")
    {
        Some(Api::EncodedStreams)
    } else {
        None
    }
}

/// Frame transforms can be attached here (reported as `encryption`).
pub fn can_encrypt() -> bool {
    api().is_some()
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

    /// Encrypts what each transceiver's sender sends and decrypts what its receiver gets.
    pub fn attach(&self, transceivers: &[JsValue], key: &FrameKey) -> Result<(), String> {
        let api = api().ok_or_else(|| "no encoded-transform API".to_owned())?;
        let raw = js_sys::Uint8Array::from(&key.bytes()[..]);
        for transceiver in transceivers {
            for (end, operation) in [("sender", "encrypt"), ("receiver", "decrypt")] {
                let end = js::get(transceiver, end);
                let options =
                    js::object(&[("operation", operation.into()), ("key", raw.clone().into())]);
                match api {
                    Api::ScriptTransform => self.script_transform(&end, options)?,
                    Api::EncodedStreams => self.encoded_streams(&end, options)?,
                }
            }
        }
        Ok(())
    }

    fn script_transform(&self, end: &JsValue, options: JsValue) -> Result<(), String> {
        let constructor: js_sys::Function = js::get(&js_sys::global(), "RTCRtpScriptTransform")
            .dyn_into()
            .map_err(|_| "RTCRtpScriptTransform is missing".to_owned())?;
        let args: js_sys::Array = [self.worker.clone(), options].iter().collect();
        let transform =
            js_sys::Reflect::construct(&constructor, &args).map_err(|e| js::error_text(&e))?;
        js_sys::Reflect::set(end, &"transform".into(), &transform)
            .map_err(|e| js::error_text(&e))?;
        Ok(())
    }

    /// The stream pair goes to the worker (transferred, not copied), which pipes it through the
    /// same transform as the script path.
    fn encoded_streams(&self, end: &JsValue, options: JsValue) -> Result<(), String> {
        let pair = js::call(end, "createEncodedStreams", &[]).map_err(|e| js::error_text(&e))?;
        let (readable, writable) = (js::get(&pair, "readable"), js::get(&pair, "writable"));
        js::set(&options, "readable", &readable);
        js::set(&options, "writable", &writable);
        let transfer: js_sys::Array = [readable, writable].iter().collect();
        js::call(&self.worker, "postMessage", &[options, transfer.into()])
            .map_err(|e| js::error_text(&e))?;
        Ok(())
    }
}

impl Drop for FrameCrypto {
    fn drop(&mut self) {
        js::set(&self.worker, "onmessage", &JsValue::NULL);
        let _ = js::call(&self.worker, "terminate", &[]);
    }
}
