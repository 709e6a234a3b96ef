//! The incoming-call dialog: who is calling, with what, and accept or decline. A modal dialog in
//! the full sense: it takes the focus when it opens (Accept), keeps Tab and Shift+Tab inside,
//! Escape declines, and its accessible name says what it is ("Incoming video call from Bob").

use dialtone_core::call::{CallState, Direction};
use leptos::html::{Button, Div};
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use super::avatar::Avatar;
use super::icons;
use crate::i18n::t;

#[component]
pub fn IncomingCall() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let ringing = Memo::new(move |_| {
        ui.call.with(|c| {
            c.as_ref()
                .filter(|c| c.direction == Direction::Incoming && c.state == CallState::InvitationReceived)
                .map(|c| (c.peer.clone(), c.media))
        })
    });
    move || {
        ringing.get().map(|(peer, media)| {
            // Read once: the dialog is not rebuilt when the list changes (that would move the focus).
            let name = untrack(|| ui.peer_name(&peer));
            let video = media.has_video();
            let kind = move || if video { t::incoming_video_call() } else { t::incoming_audio_call() };
            let accessible_name = {
                let name = name.clone();
                move || if video { t::incoming_video_from(&name) } else { t::incoming_audio_from(&name) }
            };
            let caller = Signal::derive({
                let name = name.clone();
                move || name.clone()
            });
            let dialog = NodeRef::<Div>::new();
            let accept = NodeRef::<Button>::new();
            // Focus moves into the dialog in the frame that first shows it. Focusing in the task
            // that builds it would make the browser lay the page out there and then (26 ms on a
            // freshly loaded page), ahead of the call's own work; an Accept clicked before that
            // frame has closed the dialog, and nothing is focused.
            Effect::new(move |_| {
                if accept.get().is_some() {
                    request_animation_frame(move || {
                        if let Some(accept) = super::focus::on_page(accept) {
                            let _ = accept.focus();
                        }
                    });
                }
            });
            let on_keydown = move |event: web_sys::KeyboardEvent| match event.key().as_str() {
                "Escape" => {
                    event.prevent_default();
                    intents.reject();
                }
                "Tab" => {
                    if let Some(dialog) = dialog.get_untracked() {
                        super::focus::trap_tab(&dialog, &event);
                    }
                }
                _ => {}
            };
            view! {
                <div class="overlay">
                    <div class="incoming" role="alertdialog" aria-modal="true" aria-label=accessible_name
                        aria-describedby="incoming-kind" node_ref=dialog on:keydown=on_keydown
                        data-testid="incoming-call" data-media=if media.has_video() { "video" } else { "audio" }>
                        <div class="ring-pulse"><Avatar name=caller size="large"/></div>
                        <h2 id="incoming-title" data-testid="incoming-caller">{name.clone()}</h2>
                        <p class="incoming-kind" id="incoming-kind">{kind} {t::incoming_calling_you}</p>
                        <div class="incoming-actions">
                            <button class="pill decline" data-testid="reject-button"
                                on:click=move |_| intents.reject()>
                                {icons::hang_up()} {t::decline}
                            </button>
                            <button class="pill accept" data-testid="accept-button" node_ref=accept
                                on:click=move |_| intents.accept()>
                                {if media.has_video() { icons::video().into_any() } else { icons::phone().into_any() }}
                                {t::accept}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
