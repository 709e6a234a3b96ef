//! The notice about the signaling server: on a base server, once, what works and what does not.
//! Apart from the error banner, so a connection problem never hides it (or it them).

use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use crate::i18n::{self, t};

#[component]
pub fn ServerBanner() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    move || {
        ui.server_notice.get().map(|notice| {
            let (code, message) = (notice.code.clone(), notice.message.clone());
            view! {
                <div class="notice info" role="status" data-testid="server-banner" data-code=notice.code.clone()>
                    <span class="notice-text" data-testid="server-banner-message">{move || i18n::notice_text(&code, &message)}</span>
                    <span class="notice-code" data-testid="server-banner-code">{notice.code.clone()}</span>
                    <button class="notice-close" data-testid="dismiss-server-banner-button" aria-label=t::dismiss
                        on:click=move |_| intents.dismiss_server_notice()>"×"</button>
                </div>
            }
        })
    }
}
