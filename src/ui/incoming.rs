//! The incoming-call dialog: who is calling, with what, and accept or decline.

use dialtone_core::call::{CallState, Direction};
use leptos::prelude::*;

use super::app::{use_controller, use_ui};
use super::avatar::Avatar;
use super::icons;

#[component]
pub fn IncomingCall() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    let ringing = Memo::new(move |_| {
        ui.call.with(|c| {
            c.as_ref()
                .filter(|c| c.direction == Direction::Incoming && c.state == CallState::InvitationReceived)
                .map(|c| (c.peer.clone(), c.media))
        })
    });
    move || {
        ringing.get().map(|(peer, media)| {
            let name = ctl.with_value(|c| c.peer_name(&peer));
            let kind = if media.has_video() { "Video call" } else { "Audio call" };
            let caller = Signal::derive({
                let name = name.clone();
                move || name.clone()
            });
            view! {
                <div class="overlay">
                    <div class="incoming" role="alertdialog" aria-modal="true" aria-labelledby="incoming-title"
                        data-testid="incoming-call" data-media=if media.has_video() { "video" } else { "audio" }>
                        <div class="ring-pulse"><Avatar name=caller size="large"/></div>
                        <h2 id="incoming-title" data-testid="incoming-caller">{name.clone()}</h2>
                        <p class="incoming-kind">{kind} " · calling you"</p>
                        <div class="incoming-actions">
                            <button class="pill decline" data-testid="reject-button"
                                on:click=move |_| ctl.with_value(|c| { let _ = c.reject(); })>
                                {icons::hang_up()} "Decline"
                            </button>
                            <button class="pill accept" data-testid="accept-button"
                                on:click=move |_| ctl.with_value(|c| { let _ = c.accept(); })>
                                {if media.has_video() { icons::video().into_any() } else { icons::phone().into_any() }}
                                "Accept"
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
