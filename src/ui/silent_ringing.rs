//! Says that a call coming in would ring silently, while the browser holds the page's sound
//! (the core's `ShowSilentRinging`), with a button that lets it sound. Any click, tap or key on
//! the page does the same (`media/autoplay.rs`); the notice goes once the sound really can play.

use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use crate::i18n::t;

#[component]
pub fn SilentRinging() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    move || {
        ui.silent_ringing.get().then(|| {
            view! {
                <div class="notice info silent-ringing" role="status" data-testid="silent-ringing">
                    <span class="notice-text">{t::silent_ringing}</span>
                    <button class="pill accent small" data-testid="allow-sound-button"
                        on:click=move |_| intents.allow_sound()>{t::silent_ringing_allow}</button>
                </div>
            }
        })
    }
}
