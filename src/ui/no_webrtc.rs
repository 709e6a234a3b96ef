//! The notice of a browser without WebRTC: said once, up front, on this page (it cannot make or
//! take calls; chat still works), with its stable code. It stays: it is true for as long as the
//! page is open.

use dialtone_core::errors::ClientError;
use leptos::prelude::*;

use super::app::use_ui;

#[component]
pub fn NoWebrtcNotice() -> impl IntoView {
    let ui = use_ui();
    let error = ClientError::WebrtcUnavailable;
    view! {
        <Show when=move || ui.webrtc_missing.get()>
            <div class="notice no-webrtc" role="alert" data-testid="webrtc-unavailable" data-code=error.code()>
                <span class="notice-text">{move || crate::i18n::sentence(error.code(), error.sentence())}</span>
                <span class="notice-code">{error.code()}</span>
            </div>
        </Show>
    }
}
