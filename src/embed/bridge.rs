//! The postMessage bridge: commands from the host page to the controller, replies and events back.
//!
//! Strict in both directions: a message counts only when it comes from our parent window *and* from
//! the parent's origin *and* that origin is on the server's embed list; replies and events go only
//! to that origin. Everything about what a message means and which events a change produces is
//! decided by `dialtone_core::embed`.

use std::cell::RefCell;
use std::rc::Rc;

use dialtone_core::call::Ignored;
use dialtone_core::embed::{self, Command, CommandError, EventTracker, Incoming};
use leptos::prelude::*;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Window};

use crate::controller::{Controller, Notice};
use crate::settings::apply_theme;

struct Host {
    window: Window,
    origin: String,
}

impl Host {
    fn post(&self, message: &Value) {
        match js_sys::JSON::parse(&message.to_string()) {
            Ok(value) => {
                let _ = self.window.post_message(&value, &self.origin);
            }
            Err(_) => web_sys::console::error_1(&"could not encode a message for the host".into()),
        }
    }
}

/// The embedding page's origin, as the browser reports it.
fn parent_origin(window: &Window) -> Option<String> {
    // location.ancestorOrigins (Chromium, Safari) is not in web-sys: read it by name.
    let ancestors = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into())
        .ok()
        .and_then(|list| list.dyn_into::<web_sys::DomStringList>().ok());
    if let Some(origin) = ancestors.and_then(|list| list.item(0)) {
        return Some(origin);
    }
    let referrer = window.document()?.referrer();
    web_sys::Url::new(&referrer).ok().map(|url| url.origin())
}

/// Starts the bridge when the page runs inside an allowed host's iframe.
pub fn start(ctl: Rc<Controller>) {
    // Effects made after the decision still belong to the app's reactive owner.
    let owner = Owner::current();
    let Some(window) = web_sys::window() else { return };
    let parent = match window.parent() {
        Ok(Some(parent)) if !js_sys::Object::is(&parent, &window) => parent,
        _ => {
            web_sys::console::info_1(&"embed mode without a parent window: no host to talk to".into());
            return;
        }
    };
    let own_origin = window.location().origin().unwrap_or_default();
    // Which site may drive the widget is the server's list's and the core's to say
    // (`embed::access_check`); until then no command is taken.
    super::access::check(own_origin, parent_origin(&window), move |decision| {
        let origin = match decision {
            Ok(origin) => origin,
            Err(refusal) => {
                ctl.report(Notice::from_client_error(refusal));
                return;
            }
        };
        let host = Rc::new(Host { window: parent, origin });
        listen_for_commands(ctl.clone(), host.clone());
        match owner {
            Some(owner) => owner.with(|| forward_events(ctl, host)),
            None => forward_events(ctl, host),
        }
    });
}

fn listen_for_commands(ctl: Rc<Controller>, host: Rc<Host>) {
    let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // From our parent window, from the allowed origin: anything else is not the host.
        let from_parent = event.source().is_some_and(|s| js_sys::Object::is(&s, &host.window));
        if !from_parent || event.origin() != host.origin {
            return;
        }
        let data = event.data();
        let Ok(json) = js_sys::JSON::stringify(&data) else { return };
        // Too long in UTF-16 units is too long in bytes: answered from its id alone, neither
        // copied into the widget's memory nor parsed (the bound is there to spare that work).
        let incoming = if json.length() as usize > embed::MAX_COMMAND_BYTES {
            oversized(&data)
        } else {
            let text = json.as_string().unwrap_or_default();
            let message: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            embed::parse_incoming(&message, text.len())
        };
        match incoming {
            Incoming::NotOurs => {}
            Incoming::Invalid { id: Some(id), error } => host.post(&embed::reply_error(id, &error)),
            Incoming::Invalid { id: None, error } => {
                web_sys::console::warn_1(&format!("ignored host message: {}", error.message).into());
            }
            Incoming::Command { id, command } => {
                let reply = match perform(&ctl, command) {
                    Ok(result) => embed::reply_ok(id, result),
                    Err(error) => embed::reply_error(id, &error),
                };
                host.post(&reply);
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    listener.forget();
}

/// A message over the bound: ours only if it says so, and its id read as `parse_incoming` would.
fn oversized(data: &JsValue) -> Incoming {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
    if !data.is_object() || field("dialtone").is_none() {
        return Incoming::NotOurs;
    }
    let id = field("id").and_then(|v| v.as_f64()).filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n < 9.007e15).map(|n| n as u64);
    embed::too_large(id)
}

fn refused(ignored: Ignored) -> CommandError {
    CommandError::new("NOT_ALLOWED", ignored.reason)
}

fn perform(ctl: &Controller, command: Command) -> Result<Value, CommandError> {
    match command {
        Command::Call { peer, media } => ctl.place_call(peer, media).map(|id| json!({ "callId": id })).map_err(refused),
        Command::Answer => ctl.accept().map(|()| json!({})).map_err(refused),
        Command::Reject => ctl.reject().map(|()| json!({})).map_err(refused),
        Command::HangUp => ctl.hang_up().map(|()| json!({})).map_err(refused),
        // The reply says the intent was taken; the `media-state` event says when it is real.
        Command::SetMuted { source, muted } => ctl.set_media(source, !muted).map(|()| json!({})).map_err(refused),
        Command::SendChat { text } => {
            let blank = text.trim().is_empty();
            if ctl.send_chat(text) {
                Ok(json!({}))
            } else {
                let refusal = ctl.ui.chat_refusal.get_untracked();
                Err(embed::chat_refused(refusal.as_ref().map(|notice| notice.code.as_str()), blank))
            }
        }
        Command::SetTheme { theme } => {
            apply_theme(theme);
            ctl.ui.theme.set(theme);
            Ok(json!({ "theme": theme.as_str() }))
        }
        Command::GetState => Ok(embed::state_of(&ctl.snapshot())),
        Command::SetOutputDevice { device_id } => ctl
            .choose_device(dialtone_core::devices::DeviceKind::Speaker, device_id.clone())
            .map(|()| json!({ "deviceId": device_id }))
            .map_err(|code| CommandError::new(code, format!("no audio output \"{device_id}\""))),
    }
}

fn forward_events(ctl: Rc<Controller>, host: Rc<Host>) {
    let ui = ctl.ui;
    // One numbering for every event the host gets (chat and errors included).
    let tracker = Rc::new(RefCell::new(EventTracker::default()));
    let chat_ids = tracker.clone();
    let error_ids = tracker.clone();
    let ctl_events = ctl.clone();
    let host_events = host.clone();
    Effect::new(move |_| {
        // Re-run whenever anything the host can see changes.
        ui.call.track();
        ui.peers.track();
        ui.me.track();
        ui.silent_ringing.track();
        let snapshot = ctl_events.snapshot();
        let mut tracker = tracker.borrow_mut();
        for (name, args) in tracker.events_for(&snapshot) {
            let id = tracker.next_event_id();
            host_events.post(&embed::event(id, &name, args));
        }
    });
    let seen = RefCell::new(0u64);
    let host_errors = host.clone();
    Effect::new(move |_| {
        let total = ui.chat_total.get();
        let mut seen = seen.borrow_mut();
        let fresh = total.saturating_sub(*seen) as usize;
        *seen = total;
        let lines = ui.chat.get_untracked();
        for line in lines.iter().skip(lines.len().saturating_sub(fresh)) {
            let args = json!({ "from": line.from, "name": line.name, "text": line.text, "direct": line.direct });
            let id = chat_ids.borrow_mut().next_event_id();
            host.post(&embed::event(id, "chat", args));
        }
    });
    Effect::new(move |_| {
        if let Some(notice) = ui.notice.get() {
            let id = error_ids.borrow_mut().next_event_id();
            host_errors.post(&embed::event(id, "error", json!({ "code": notice.code, "message": notice.message })));
        }
    });
}
