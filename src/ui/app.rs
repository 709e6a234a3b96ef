//! The main page: header, notices, the people list, the call stage and the incoming-call dialog.

use leptos::prelude::*;

use super::stage::{CallStage, SideDrawer, StageView};
use super::header::Header;
use super::incoming::IncomingCall;
use super::notice::NoticeBanner;
use super::server_banner::ServerBanner;
use super::peer_list::PeerList;
use super::side_panel::SidePanel;
use super::intents::Intents;
use crate::controller::{Controller, UiState};
use crate::settings::Mode;

#[component]
pub fn App() -> impl IntoView {
    let ui = UiState::new();
    // Read before the controller starts: it remembers the name it makes up.
    let first_visit = crate::settings::first_visit();
    let started = Controller::start(ui);
    let embedded = started.mode == Mode::Embed;
    if embedded {
        crate::embed::bridge::start(started.clone());
    }
    let intents = Intents::new(started);
    provide_context(ui);
    provide_context(intents);
    // Where focus can be sent, and the stage's view (layout, drawer), before what uses them (the
    // shortcuts, the welcome); the widget has no side panel.
    super::focus::Landmarks::provide();
    StageView::provide(!embedded);
    super::shortcuts::install(intents);
    super::leaving::install(ui, intents, !embedded);
    super::media_session::install(intents);
    // The first call's views drawn once, unseen, so the first click does not wait for them.
    let rehearsed = super::rehearsal::rehearse_when_ready(ui, !embedded);
    if embedded {
        return view! { <EmbeddedWidget rehearsed=rehearsed/> }.into_any();
    }
    provide_context(super::first_run::Welcome::new(first_visit));
    let ui_state = use_ui();
    // While a call is on (or its summary shows), the stage owns a phone's screen (see main.css).
    let in_call = Memo::new(move |_| ui_state.call.with(Option::is_some));
    view! {
        <div class="app" data-testid="app" class:in-call=move || in_call.get() data-rehearsed=move || rehearsed.get().to_string()>
            <Header/>
            <NoticeBanner/>
            <super::recording_ready::RecordingReady/>
            <ServerBanner/>
            <super::no_webrtc::NoWebrtcNotice/>
            <super::share::CallLinkPrompt/>
            <super::live_stream::StreamOffer/>
            <super::first_run::FirstRun/>
            <main class="layout">
                <SideDrawer><SidePanel/></SideDrawer>
                <CallStage/>
            </main>
            // Below the lists, not above: it goes on the person's first press, and going from
            // above it would move what they pressed before the click lands.
            <super::silent_ringing::SilentRinging/>
            <IncomingCall/>
            <super::alerts::HiddenTabAlerts/>
            <super::screen_awake::KeepScreenOn/>
            <super::shortcuts::ShortcutHelp/>
        </div>
    }
    .into_any()
}

/// The compact layout for another site's iframe: the people list, or the call when there is one.
#[component]
fn EmbeddedWidget(rehearsed: RwSignal<bool>) -> impl IntoView {
    let ui = use_ui();
    let in_call = Memo::new(move |_| ui.call.with(Option::is_some));
    view! {
        <div class="app embed" data-testid="app" data-mode="embed" data-rehearsed=move || rehearsed.get().to_string()>
            <Header/>
            <NoticeBanner/>
            <super::recording_ready::RecordingReady/>
            <ServerBanner/>
            <main class="widget-body">
                {move || if in_call.get() {
                    view! { <CallStage/> }.into_any()
                } else {
                    view! { <div class="panel"><PeerList/></div> }.into_any()
                }}
            </main>
            <super::silent_ringing::SilentRinging/>
            <IncomingCall/>
            <super::screen_awake::KeepScreenOn/>
        </div>
    }
}

pub fn use_ui() -> UiState {
    expect_context::<UiState>()
}

/// What the user can ask of the page (the controller itself stays out of the components).
pub fn use_intents() -> Intents {
    expect_context::<Intents>()
}
