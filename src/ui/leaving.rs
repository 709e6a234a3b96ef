//! The page going away (its tab closed, reloaded, navigated from) during a call.
//!
//! `pagehide` is the last moment the page runs: the machine hangs up or cancels the call there
//! (`call::Input::Leave` says which), and the frames it sends go out before the socket closes,
//! so the other side reads who ended the call at once. Without this they waited ~30 s for the
//! media path to time out, and then read that the connection was lost.
//!
//! On the page itself (not the embedded widget, whose host page owns its own leaving), a
//! connected call makes the browser ask first (`beforeunload`): a tap on Back or a reload by
//! mistake should not cut a call. The core says which calls are worth asking for.

use leptos::prelude::*;

use super::intents::Intents;
use crate::controller::UiState;

pub fn install(ui: UiState, intents: Intents, ask_first: bool) {
    let hide = window_event_listener(leptos::ev::pagehide, move |_| intents.leave());
    // The page lives as long as the tab: the listeners are never taken down.
    std::mem::forget(hide);
    if !ask_first {
        return;
    }
    let ask = window_event_listener(leptos::ev::beforeunload, move |event: web_sys::BeforeUnloadEvent| {
        if ui.call.with_untracked(|call| call.as_ref().is_some_and(|c| c.guards_leaving())) {
            event.prevent_default();
            // Older browsers ask only when a return value is set; the words shown are the browser's.
            event.set_return_value("leave");
        }
    });
    std::mem::forget(ask);
}
