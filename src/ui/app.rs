//! The main page: header, notices, the people list, the call stage and the incoming-call dialog.

use std::rc::Rc;

use dialtone_core::protocol::MediaSource;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::call_stage::CallStage;
use super::header::Header;
use super::incoming::IncomingCall;
use super::notice::NoticeBanner;
use super::server_banner::ServerBanner;
use super::peer_list::PeerList;
use super::side_panel::SidePanel;
use crate::controller::{Controller, UiState};
use crate::settings::Mode;

/// The controller, reachable from every component (it is not `Send`, so it lives in local storage).
pub type Ctl = StoredValue<Rc<Controller>, LocalStorage>;

#[component]
pub fn App() -> impl IntoView {
    let ui = UiState::new();
    let started = Controller::start(ui);
    let embedded = started.mode == Mode::Embed;
    if embedded {
        crate::embed::bridge::start(started.clone());
    }
    let controller: Ctl = StoredValue::new_local(started);
    provide_context(ui);
    provide_context(controller);
    install_shortcuts(controller);
    if embedded {
        return view! { <EmbeddedWidget/> }.into_any();
    }
    let ui_state = use_ui();
    // While a call is on (or its summary shows), the stage owns a phone's screen (see main.css).
    let in_call = Memo::new(move |_| ui_state.call.with(Option::is_some));
    view! {
        <div class="app" data-testid="app" class:in-call=move || in_call.get()>
            <Header/>
            <NoticeBanner/>
            <ServerBanner/>
            <super::no_webrtc::NoWebrtcNotice/>
            <super::share::CallLinkPrompt/>
            <main class="layout">
                <SidePanel/>
                <CallStage/>
            </main>
            <IncomingCall/>
            <super::alerts::HiddenTabAlerts/>
        </div>
    }
    .into_any()
}

/// The compact layout for another site's iframe: the people list, or the call when there is one.
#[component]
fn EmbeddedWidget() -> impl IntoView {
    let ui = use_ui();
    let in_call = Memo::new(move |_| ui.call.with(Option::is_some));
    view! {
        <div class="app embed" data-testid="app" data-mode="embed">
            <Header/>
            <NoticeBanner/>
            <ServerBanner/>
            <main class="widget-body">
                {move || if in_call.get() {
                    view! { <CallStage/> }.into_any()
                } else {
                    view! { <div class="panel"><PeerList/></div> }.into_any()
                }}
            </main>
            <IncomingCall/>
        </div>
    }
}

/// m = mute, v = camera, h = hang up; ignored while typing in a field.
fn install_shortcuts(ctl: Ctl) {
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.repeat() {
            return;
        }
        let typing = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.has_attribute("contenteditable"));
        if typing {
            return;
        }
        match event.key().as_str() {
            "m" | "M" => ctl.with_value(|c| c.toggle_media(MediaSource::Mic)),
            "v" | "V" => ctl.with_value(|c| c.toggle_media(MediaSource::Camera)),
            "s" | "S" => ctl.with_value(|c| c.toggle_media(MediaSource::Screen)),
            "h" | "H" => ctl.with_value(|c| {
                let _ = c.hang_up();
            }),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

pub fn use_ui() -> UiState {
    expect_context::<UiState>()
}

pub fn use_controller() -> Ctl {
    expect_context::<Ctl>()
}
