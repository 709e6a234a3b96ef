//! A second caller during this call: end this one and take theirs, or turn them away.

use leptos::prelude::*;

use crate::ui::app::{use_intents, use_ui};

#[component]
pub(super) fn WaitingCall() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let waiting = Memo::new(move |_| ui.call.with(|c| c.as_ref().and_then(|c| c.waiting.clone())));
    move || {
        waiting.get().map(|w| {
            // Read once: rebuilding the banner on a list update would take the focus off its buttons.
            let name = untrack(|| ui.peer_name(&w.peer));
            let kind = if w.media.has_video() { "video" } else { "audio" };
            view! {
                <div class="waiting" role="alert" data-testid="waiting-call" data-media=kind>
                    <span class="waiting-text"><b>{name}</b>{move || crate::i18n::t::waiting_calling(kind)}</span>
                    <button class="pill decline small" data-testid="decline-waiting-button"
                        on:click=move |_| intents.reject_waiting()>{crate::i18n::t::decline}</button>
                    <button class="pill accept small" data-testid="switch-call-button"
                        on:click=move |_| intents.switch_to_waiting()>{crate::i18n::t::waiting_switch}</button>
                </div>
            }
        })
    }
}
