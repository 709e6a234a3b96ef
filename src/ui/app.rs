//! The main page: header, notices, the people list, the call stage and the incoming-call dialog.

use std::rc::Rc;

use leptos::prelude::*;

use super::call_stage::CallStage;
use super::header::Header;
use super::incoming::IncomingCall;
use super::notice::NoticeBanner;
use super::peer_list::PeerList;
use crate::controller::{Controller, UiState};

/// The controller, reachable from every component (it is not `Send`, so it lives in local storage).
pub type Ctl = StoredValue<Rc<Controller>, LocalStorage>;

#[component]
pub fn App() -> impl IntoView {
    let ui = UiState::new();
    let controller: Ctl = StoredValue::new_local(Controller::start(ui));
    provide_context(ui);
    provide_context(controller);
    view! {
        <div class="app" data-testid="app">
            <Header/>
            <NoticeBanner/>
            <main class="layout">
                <PeerList/>
                <CallStage/>
            </main>
            <IncomingCall/>
        </div>
    }
}

pub fn use_ui() -> UiState {
    expect_context::<UiState>()
}

pub fn use_controller() -> Ctl {
    expect_context::<Ctl>()
}
