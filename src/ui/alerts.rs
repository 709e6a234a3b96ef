//! A call ringing in a tab nobody is looking at: the tab's title says who is calling (and
//! comes back the moment the call is answered, declined or missed, or the tab is shown), and a
//! system notification says it too, if the person allowed notifications (asked only from the
//! menu's "Notify me of incoming calls", never on load). The notification also comes for a
//! visible page whose sound the browser still holds (nobody has used it since it loaded): its
//! dialog rings in silence, and the system's notification makes a sound. What to say is the
//! core's (`attention`).

use dialtone_core::attention::{self, TitleLine};
use dialtone_core::protocol::MediaKind;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::app::use_ui;
use crate::dom::document_hidden;
use crate::i18n::t;

/// Whether the browser may show this site's notifications, as `Notification.permission` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Not asked yet.
    Ask,
    Granted,
    Denied,
    /// No Notification API (or not on this page, e.g. an insecure one).
    Unsupported,
}

thread_local! {
    static PERMISSION: RwSignal<Permission> = RwSignal::new(read_permission());
}

/// The current permission, as a signal the menu and the alerts both read.
pub fn permission() -> RwSignal<Permission> {
    PERMISSION.with(|p| *p)
}

fn notification_class() -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("Notification")).ok()?.dyn_into::<js_sys::Function>().ok()
}

fn read_permission() -> Permission {
    let Some(class) = notification_class() else { return Permission::Unsupported };
    match js_sys::Reflect::get(&class, &JsValue::from_str("permission")).ok().and_then(|p| p.as_string()).as_deref() {
        Some("granted") => Permission::Granted,
        Some("denied") => Permission::Denied,
        Some(_) => Permission::Ask,
        None => Permission::Unsupported,
    }
}

/// Asks the browser for permission to notify (a person's click, so browsers show the prompt).
pub fn request_permission() {
    let Some(class) = notification_class() else { return };
    let request = js_sys::Reflect::get(&class, &JsValue::from_str("requestPermission")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(promise) = request.and_then(|f| f.call0(&class).ok()).and_then(|p| p.dyn_into::<js_sys::Promise>().ok()) else {
        return;
    };
    leptos::task::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        permission().set(read_permission());
    });
}

/// Keeps the title and the notification in step with a ringing call and the tab's visibility.
#[component]
pub fn HiddenTabAlerts() -> impl IntoView {
    let ui = use_ui();
    let hidden = RwSignal::new(document_hidden());
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let on_change = Closure::<dyn FnMut()>::new(move || {
            hidden.set(document_hidden());
            // Permission may have been changed in the browser's settings meanwhile.
            permission().set(read_permission());
        });
        let _ = document.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
        // The page keeps this listener for its whole life.
        on_change.forget();
    }
    // The core says which call rings here: a first one, or a second caller waiting.
    let ringing = Memo::new(move |_| {
        ui.call.with(|c| attention::ringing_call(c.as_ref()).map(|r| (r.call_id, r.peer, r.media)))
    });
    // Untracked: the title and the notification follow the ringing call, not every list update.
    let caller = move |peer: &str| untrack(|| ui.peer_name(peer));
    // The title: only written when it should change, so nothing else's title is fought over.
    Effect::new(move |_| {
        let now = ui.now.get();
        let ring = ringing.get();
        let title = match (attention::title_line(ring.is_some(), hidden.get(), now), ring) {
            (TitleLine::WhoCalls, Some((_, peer, _))) => t::tab_title_calling(&caller(&peer)),
            (TitleLine::WhatCall, Some((_, _, media))) if media.has_video() => t::tab_title_incoming_video(),
            (TitleLine::WhatCall, Some(_)) => t::tab_title_incoming_audio(),
            _ => attention::APP_TITLE.to_owned(),
        };
        if let Some(document) = web_sys::window().and_then(|w| w.document())
            && document.title() != title
        {
            document.set_title(&title);
        }
    });
    // The notification: one per ringing call, closed when it stops ringing or the tab is seen.
    let shown: StoredValue<Option<(String, JsValue)>, LocalStorage> = StoredValue::new_local(None);
    // The last call notified: hiding the tab again while it still rings does not notify twice.
    let notified: StoredValue<Option<String>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let ring = ringing.get();
        // Unheard: nobody sees the tab, or the browser keeps the page silent until it is used.
        let unheard = attention::ring_unheard(hidden.get(), ui.silent_ringing.get());
        let granted = permission().get() == Permission::Granted;
        let current = shown.with_value(|s| s.as_ref().map(|(id, _)| id.clone()));
        let still_wanted = ring.as_ref().is_some_and(|(id, ..)| Some(id) == current.as_ref()) && unheard;
        if !still_wanted && let Some((_, notification)) = shown.try_update_value(Option::take).flatten() {
            close(&notification);
        }
        if let Some((call_id, peer, media)) = ring {
            let already = notified.with_value(|n| n.as_deref() == Some(call_id.as_str()));
            if attention::should_notify(unheard, granted, already)
                && let Some(notification) = notify(localised_notification(&caller(&peer), media))
            {
                notified.set_value(Some(call_id.clone()));
                shown.set_value(Some((call_id, notification)));
            }
        }
    });
    // Nothing on screen: the title and the notification are the browser's.
}

/// The notification's title and body in the reader's language.
fn localised_notification(name: &str, media: MediaKind) -> (String, String) {
    let title = if media.has_video() { t::incoming_video_from(name) } else { t::incoming_audio_from(name) };
    (title, t::notification_body())
}

/// Shows a notification; a click brings this tab forward, where the call's dialog is.
fn notify((title, body): (String, String)) -> Option<JsValue> {
    let class = notification_class()?;
    let options = js_sys::Object::new();
    let set = |key: &str, value: JsValue| js_sys::Reflect::set(&options, &JsValue::from_str(key), &value);
    let _ = set("body", JsValue::from_str(&body));
    let _ = set("tag", JsValue::from_str("dialtone-incoming-call"));
    let _ = set("icon", JsValue::from_str("/public/icon-192.png"));
    let _ = set("requireInteraction", JsValue::TRUE);
    let args = js_sys::Array::of2(&JsValue::from_str(&title), &options);
    let notification = js_sys::Reflect::construct(&class, &args).ok()?;
    let target = notification.clone();
    let on_click = Closure::<dyn FnMut()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        close(&target);
    });
    let _ = js_sys::Reflect::set(&notification, &JsValue::from_str("onclick"), on_click.as_ref());
    // Lives as long as the notification may be clicked; one small closure per incoming call.
    on_click.forget();
    Some(notification)
}

fn close(notification: &JsValue) {
    if let Some(close) = js_sys::Reflect::get(notification, &JsValue::from_str("close")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let _ = close.call0(notification);
    }
}
