//! The browser's own call controls (the Media Session API): while a call is on, the
//! picture-in-picture window shows mute, camera and hang-up buttons, and a phone's media
//! notification names the call. They are one more way in to the same intents as the page's
//! buttons and keys, and show the call's confirmed microphone and camera. Which controls a call
//! has is the core's (`media_session::wanted`); this performs it.

use dialtone_core::media_session::{self, CallControls};
use dialtone_core::protocol::{CallId, MediaSource};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::app::use_ui;
use super::intents::Intents;
use crate::i18n::t;
use crate::js;

/// Sets the controls as the core's `media_session::wanted` says (anew for each call) and takes
/// them away when it says none. Nothing where the browser has no Media Session.
pub fn install(intents: Intents) {
    let Some(window) = web_sys::window() else { return };
    let session = js::get(&window.navigator(), "mediaSession");
    if session.is_undefined() || session.is_null() {
        return;
    }
    let ui = use_ui();
    let wanted = Memo::new(move |_| ui.call.with(|c| media_session::wanted(c.as_ref())));
    let title = Memo::new(move |_| wanted.with(|w| w.is_some()).then(|| t::drawer_call_with(&ui.call_peer_name())));
    let handlers = Handlers::new(intents);
    Effect::new(move |set_for: Option<Option<(CallId, bool)>>| {
        let now = wanted.get();
        let call = now.as_ref().map(|c| (c.call_id.clone(), c.camera));
        // A new call (one may follow another at once: call waiting) or its camera button
        // changing: the old handlers go first, so a camera button never outlives its call.
        if set_for.flatten() != call {
            handlers.clear(&session);
            if let Some(controls) = &now {
                handlers.set(&session, controls.camera);
            }
        }
        if let Some(controls) = &now {
            show(&session, controls, &title.get().unwrap_or_default());
        }
        call
    });
}

/// Names the call and shows its microphone and camera as confirmed.
fn show(session: &JsValue, controls: &CallControls, title: &str) {
    let _ = js::call(session, "setMicrophoneActive", &[JsValue::from_bool(controls.mic_on)]);
    if controls.camera {
        let _ = js::call(session, "setCameraActive", &[JsValue::from_bool(controls.camera_on)]);
    }
    let metadata = web_sys::window()
        .map(|window| js::get(&window, "MediaMetadata"))
        .and_then(|class| class.dyn_into::<js_sys::Function>().ok())
        .and_then(|class| {
            let details = js::object(&[("title", JsValue::from_str(title)), ("artist", JsValue::from_str("Dialtone"))]);
            js_sys::Reflect::construct(&class, &js_sys::Array::of1(&details)).ok()
        });
    if let Some(metadata) = metadata {
        js::set(session, "metadata", &metadata);
    }
}

/// The three handlers, made once for the page.
#[derive(Clone, Copy)]
struct Handlers {
    functions: StoredValue<Vec<(&'static str, js_sys::Function)>, LocalStorage>,
}

impl Handlers {
    fn new(intents: Intents) -> Handlers {
        let handler = |action: &'static str, run: Box<dyn Fn()>| {
            let closure = Closure::<dyn Fn()>::new(run);
            let function: js_sys::Function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
            // For the page's life: the same three are set again for each call.
            closure.forget();
            (action, function)
        };
        let functions = vec![
            handler("hangup", Box::new(move || intents.hang_up())),
            handler("togglemicrophone", Box::new(move || intents.toggle_media(MediaSource::Mic))),
            handler("togglecamera", Box::new(move || intents.toggle_media(MediaSource::Camera))),
        ];
        Handlers { functions: StoredValue::new_local(functions) }
    }

    /// Browsers that do not know an action refuse it (a TypeError): that one is left out.
    fn set(self, session: &JsValue, video: bool) {
        self.functions.with_value(|functions| {
            for (action, function) in functions {
                if *action != "togglecamera" || video {
                    let _ = js::call(session, "setActionHandler", &[JsValue::from_str(action), function.into()]);
                }
            }
        });
    }

    fn clear(self, session: &JsValue) {
        self.functions.with_value(|functions| {
            for (action, _) in functions {
                let _ = js::call(session, "setActionHandler", &[JsValue::from_str(action), JsValue::NULL]);
            }
        });
        js::set(session, "metadata", &JsValue::NULL);
    }
}
