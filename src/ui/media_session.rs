//! The browser's own call controls (the Media Session API): while a call is on, the
//! picture-in-picture window shows mute, camera and hang-up buttons, and a phone's media
//! notification names the call. They are one more way in to the same intents as the page's
//! buttons and keys, and show the call's confirmed microphone and camera.

use dialtone_core::protocol::MediaSource;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::app::use_ui;
use super::intents::Intents;
use crate::i18n::t;
use crate::js;

/// What the browser's controls show of the call in progress.
#[derive(Clone, PartialEq)]
struct SessionCall {
    title: String,
    video: bool,
    mic: bool,
    camera: bool,
}

/// Sets the controls while a call is in progress and takes them away when it is over. Nothing
/// where the browser has no Media Session.
pub fn install(intents: Intents) {
    let Some(window) = web_sys::window() else { return };
    let session = js::get(&window.navigator(), "mediaSession");
    if session.is_undefined() || session.is_null() {
        return;
    }
    let ui = use_ui();
    let call = Memo::new(move |_| {
        let live = ui.call.with(|c| c.as_ref().filter(|c| c.ended.is_none()).map(|c| (c.media.has_video(), c.mic.enabled, c.camera.enabled)));
        live.map(|(video, mic, camera)| SessionCall { title: t::drawer_call_with(&ui.call_peer_name()), video, mic, camera })
    });
    let handlers = Handlers::new(intents);
    Effect::new(move |shown: Option<Option<SessionCall>>| {
        let now = call.get();
        let was_on = shown.as_ref().is_some_and(Option::is_some);
        match &now {
            Some(now) => {
                // The handlers once per call; a video call's camera button only in a video call.
                if !was_on {
                    handlers.set(&session, now.video);
                }
                show(&session, now);
            }
            None if was_on => handlers.clear(&session),
            None => {}
        }
        now
    });
}

/// Names the call and shows its microphone and camera as confirmed.
fn show(session: &JsValue, call: &SessionCall) {
    let _ = js::call(session, "setMicrophoneActive", &[JsValue::from_bool(call.mic)]);
    if call.video {
        let _ = js::call(session, "setCameraActive", &[JsValue::from_bool(call.camera)]);
    }
    let metadata = web_sys::window()
        .map(|window| js::get(&window, "MediaMetadata"))
        .and_then(|class| class.dyn_into::<js_sys::Function>().ok())
        .and_then(|class| {
            let details = js::object(&[("title", JsValue::from_str(&call.title)), ("artist", JsValue::from_str("Dialtone"))]);
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
