//! The call stage: idle hint, or the current call with its video, state, timer and controls,
//! or the summary of the call that just ended. Around it, how this page shows the call: the
//! layout for video calls, your movable preview, full screen, picture-in-picture and the
//! People & chat drawer that stands in for the side panel while a call is on.

mod controls;
mod drawer;
mod fullscreen;
mod glyphs;
mod head;
mod level;
mod media;
mod page_api;
mod pip;
mod preview;
mod summary;
mod view;
mod view_tools;
mod waiting;

use dialtone_core::call::{CallRecord, CallState, RemoteMedia};
use dialtone_core::client::LinkStatus;
use leptos::html::{Button, Video};
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use super::icons;
use crate::i18n::t;

pub use drawer::SideDrawer;
pub use glyphs::keyboard as keyboard_glyph;
pub use level::LevelBar;
pub use view::{StageView, use_stage_view};

#[component]
pub fn CallStage() -> impl IntoView {
    let ui = use_ui();
    let landmarks = super::focus::use_landmarks();
    // Re-render the stage only when the call itself changes, not on every state update.
    let call_id = Memo::new(move |_| ui.call.with(|c| c.as_ref().map(|c| c.call_id.clone())));
    // While the server is out of reach no call can start or come in: the idle stage says so
    // rather than "Ready for calls" under the offline notice.
    let offline = Memo::new(move |_| ui.link.get().is_lost());
    // Refused by a full room: the server is there, the room has no place yet.
    let room_full = Memo::new(move |_| matches!(ui.link.get(), LinkStatus::Reconnecting { room_full: true, .. }));
    move || match call_id.get() {
        None => view! {
            <section class="stage idle" data-testid="call-idle" data-offline=move || offline.get().to_string() data-room-full=move || room_full.get().to_string()>
                <div class="idle-art" aria-hidden="true">{icons::phone()}</div>
                // Focus lands here after a call's summary is closed (never on the page body).
                <h2 id="stage-idle-title" tabindex="-1" node_ref=landmarks.idle_title>
                    {move || match (room_full.get(), offline.get()) {
                        (true, _) => t::stage_room_full(),
                        (_, true) => t::stage_offline(),
                        _ => t::stage_ready(),
                    }}
                </h2>
                <p>{move || match (room_full.get(), offline.get()) {
                    (true, _) => t::stage_room_full_hint(),
                    (_, true) => t::stage_offline_hint(),
                    _ => t::stage_idle_hint(),
                }}</p>
                <super::shortcuts::ShortcutsLink/>
            </section>
        }
        .into_any(),
        Some(_) => view! { <CallPanel/> }.into_any(),
    }
}

/// What the parts of the stage read about the call, each recomputed only when it changes.
#[derive(Clone, Copy)]
struct CallFacts {
    state: Memo<CallState>,
    is_video: Memo<bool>,
    peer_name: Memo<String>,
    ended: Memo<Option<CallRecord>>,
    remote: Memo<RemoteMedia>,
    /// This side records the call (and it has not ended).
    recording: Memo<bool>,
}

impl CallFacts {
    fn new() -> CallFacts {
        let ui = use_ui();
        let peer_name = Memo::new(move |_| ui.call_peer_name());
        CallFacts {
            state: Memo::new(move |_| ui.call.with(|c| c.as_ref().map(|c| c.state).unwrap_or(CallState::Ended))),
            is_video: Memo::new(move |_| ui.call.with(|c| c.as_ref().is_some_and(|c| c.media.has_video()))),
            peer_name,
            ended: Memo::new(move |_| ui.call.with(|c| c.as_ref().and_then(|c| c.ended.clone()))),
            remote: Memo::new(move |_| {
                ui.call.with(|c| c.as_ref().map(|c| c.remote)).unwrap_or(RemoteMedia { mic: true, mic_lost: false, camera: true, screen: false, recording: false })
            }),
            recording: Memo::new(move |_| ui.call.with(|c| c.as_ref().is_some_and(|c| c.recording && c.ended.is_none()))),
        }
    }

    fn live(self) -> bool {
        self.ended.with(Option::is_none)
    }
}

#[component]
fn CallPanel() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let facts = CallFacts::new();
    let elements = view::use_stage_view().elements;
    let remote_ref = elements.remote_video;
    let local_ref = NodeRef::<Video>::new();
    let screen_ref = NodeRef::<Video>::new();
    Effect::new(move |_| {
        // A copy (handles to the same streams): no signal stays borrowed while the controller runs.
        let streams = ui.streams.get();
        if let Some(video) = remote_ref.get() {
            show_stream(&video, streams.remote.as_ref());
            intents.call_element_shown(video.into());
        }
        if let Some(video) = local_ref.get() {
            show_stream(&video, streams.local.as_ref());
        }
        if let Some(video) = screen_ref.get() {
            show_stream(&video, streams.screen.as_ref());
        }
    });
    // Their video in a floating window would freeze on its last frame once the call is over.
    Effect::new(move |_| {
        if !facts.live() {
            pip::leave();
        }
    });
    // Full screen belongs to this call: the next screen (idle, or the next call) starts windowed.
    on_cleanup(fullscreen::leave);

    let hang_up_ref = super::focus::use_landmarks().hang_up;
    let call_again_ref = NodeRef::<Button>::new();
    // Keyboard users never lose their place: when the button they pressed goes away (a call
    // button greyed out, Accept in the closed dialog, Hang up on the ended screen), focus moves
    // to what now matters — Hang up during the call, Call again once it ended.
    Effect::new(move |_| {
        let state = facts.state.get();
        let ended_now = !facts.live();
        if state == CallState::InvitationReceived {
            return;
        }
        // After the view has applied this change (the old button gone, the new one in place).
        // By then the panel may be gone too (a call that ended at once, or one drawn off the
        // page, `ui/rehearsal.rs`): only a button still on the page is focused.
        request_animation_frame(move || {
            if !super::focus::focus_is_lost() {
                return;
            }
            if ended_now {
                super::focus::focus_now(call_again_ref);
            } else {
                super::focus::focus_now(hang_up_ref);
            }
        });
    });

    view! {
        <section class="stage call" data-testid="call-panel" node_ref=elements.panel
            data-state=move || facts.state.get().as_str()
            data-call-id=move || ui.call.with(|c| c.as_ref().map(|c| c.call_id.clone()).unwrap_or_default())
            class:video=move || facts.is_video.get()>
            <head::CallHead facts=facts/>
            <crate::ui::stage_reconnecting::ReconnectingBanner/>
            <Announcer facts=facts/>
            <view_tools::ViewError/>
            <waiting::WaitingCall/>
            <Show when=move || facts.live()>
                <super::live_stream::LiveStreamBar/>
            </Show>
            <media::CallMedia facts=facts remote_ref=remote_ref local_ref=local_ref screen_ref=screen_ref/>
            {move || match facts.ended.get() {
                Some(record) => view! { <summary::CallSummary facts=facts record=record call_again_ref=call_again_ref/> }.into_any(),
                None => view! { <controls::CallControls facts=facts hang_up_ref=hang_up_ref/> }.into_any(),
            }}
        </section>
    }
}

/// Shows `stream` in `video` unless it already does: setting `srcObject` runs the element's whole
/// load algorithm even for the same value (up to 5 ms for the still empty elements of a call that
/// has just begun, in one trace of a fresh page).
fn show_stream(video: &web_sys::HtmlVideoElement, stream: Option<&web_sys::MediaStream>) {
    if video.src_object().as_ref() != stream {
        video.set_src_object(stream);
    }
}

/// Said aloud by screen readers when it changes: who is muted now.
#[component]
fn Announcer(facts: CallFacts) -> impl IntoView {
    let ui = use_ui();
    view! {
        <div class="sr-only" role="status" aria-live="polite" data-testid="call-announcer">
            {move || {
                if !facts.live() {
                    return String::new();
                }
                let mine = ui.call.with(|c| c.as_ref().is_some_and(|c| !c.mic.enabled));
                let remote = facts.remote.get();
                let peer = facts.peer_name.get();
                match (mine, !remote.mic, remote.mic_lost) {
                    (true, true, true) => t::stage_muted_their_mic_lost(&peer),
                    (false, true, true) => t::stage_their_mic_lost(&peer),
                    (true, true, false) => t::stage_both_muted(&peer),
                    (true, false, _) => t::stage_you_muted(),
                    (false, true, false) => t::stage_they_muted(&peer),
                    (false, false, _) => String::new(),
                }
            }}
            {crate::ui::stage_quality::spoken()}{crate::ui::stage_reconnecting::spoken()}
        </div>
    }
}
