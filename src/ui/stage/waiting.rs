//! A second caller during this call: end this one and take theirs, or turn them away.

use leptos::prelude::*;

use crate::ui::app::{use_controller, use_ui};

#[component]
pub(super) fn WaitingCall() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    let waiting = Memo::new(move |_| ui.call.with(|c| c.as_ref().and_then(|c| c.waiting.clone())));
    move || {
        waiting.get().map(|w| {
            let name = ctl.with_value(|c| c.peer_name(&w.peer));
            let kind = if w.media.has_video() { "video" } else { "audio" };
            view! {
                <div class="waiting" role="alert" data-testid="waiting-call" data-media=kind>
                    <span class="waiting-text"><b>{name}</b>{move || crate::i18n::t::waiting_calling(kind)}</span>
                    <button class="pill decline small" data-testid="decline-waiting-button"
                        on:click=move |_| ctl.with_value(|c| { let _ = c.reject_waiting(); })>{crate::i18n::t::decline}</button>
                    <button class="pill accept small" data-testid="switch-call-button"
                        on:click=move |_| ctl.with_value(|c| { let _ = c.switch_to_waiting(); })>{crate::i18n::t::waiting_switch}</button>
                </div>
            }
        })
    }
}
