//! The notice about the signaling server: on a base server, once, what works and what does not.
//! Apart from the error banner, so a connection problem never hides it (or it them).

use leptos::prelude::*;

use super::app::{use_controller, use_ui};

#[component]
pub fn ServerBanner() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    move || {
        ui.server_notice.get().map(|notice| {
            view! {
                <div class="notice info" role="status" data-testid="server-banner" data-code=notice.code.clone()>
                    <span class="notice-code" data-testid="server-banner-code">{notice.code.clone()}</span>
                    <span class="notice-text" data-testid="server-banner-message">{notice.message.clone()}</span>
                    <button class="notice-close" data-testid="dismiss-server-banner-button" aria-label="Dismiss"
                        on:click=move |_| ctl.with_value(|c| c.dismiss_server_notice())>"×"</button>
                </div>
            }
        })
    }
}
