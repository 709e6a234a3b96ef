//! A finished recording stays until the person saves or discards it. The ended screen offers it
//! first; once that screen is closed ("Done") or replaced by the next call, this bar offers the
//! same file, so no click loses a recording. One file at a time: the page holds it in memory
//! (`RecordingFile`), and a new recording replaces one never saved.

use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use crate::i18n::{self, t};

#[component]
pub fn RecordingReady() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    // The ended screen that shows the file offers it itself.
    let summary_shows_it = move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.ended.is_some()));
    move || {
        let file = ui.recording_file.get().filter(|_| !summary_shows_it())?;
        let megabytes = i18n::megabytes(file.bytes);
        Some(view! {
            <div class="notice info recording-ready" role="status" data-testid="recording-ready">
                <span class="notice-text">{t::recording_ready}</span>
                <a class="pill accent small" data-testid="recording-ready-download" href=file.url.clone()
                    download=file.name.clone() data-bytes=file.bytes.to_string()>
                    {move || t::summary_download_recording(&megabytes)}
                </a>
                <button class="pill neutral-surface small" data-testid="recording-discard-button"
                    on:click=move |_| intents.discard_recording()>{t::recording_discard}</button>
            </div>
        })
    }
}
