//! The error banner: a stable code and a sentence a person understands.

use dialtone_core::client::NoticeKind;
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use crate::i18n::{self, t};

#[component]
pub fn NoticeBanner() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    move || {
        ui.notice.get().map(|notice| {
            let (code, message) = (notice.code.clone(), notice.message.clone());
            // A wait (a full room) is told calmly: a status, in the accent's colour.
            let kind = notice.kind();
            let wait = kind == NoticeKind::Wait;
            view! {
                <div class="notice" class:info=wait role=if wait { "status" } else { "alert" } data-testid="error-banner"
                    data-code=notice.code.clone() data-kind=kind.as_str()>
                    <span class="notice-text" data-testid="error-message">{move || i18n::notice_text(&code, &message)}</span>
                    <span class="notice-code" data-testid="error-code">{notice.code.clone()}</span>
                    <button class="notice-close" data-testid="dismiss-error-button" aria-label=t::dismiss
                        on:click=move |_| intents.dismiss_notice()>"×"</button>
                </div>
            }
        })
    }
}
