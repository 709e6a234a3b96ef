//! The ended screen: what happened in words, how long it lasted, the recording to download, and
//! Call again / Done.

use dialtone_core::call::{CallRecord, format_duration};
use leptos::html::Button;
use leptos::prelude::*;

use super::CallFacts;
use crate::ui::app::{use_intents, use_ui};
use crate::i18n::{self, t};
use crate::ui::focus::{focus_first_visible, on_page, use_landmarks};
use crate::ui::icons;

#[component]
pub(super) fn CallSummary(facts: CallFacts, record: CallRecord, call_again_ref: NodeRef<Button>) -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let landmarks = use_landmarks();
    let call_again = move |_| {
        let again = ui.call.with_untracked(|c| c.as_ref().map(|c| (c.peer.clone(), c.media)));
        if let Some((peer, media)) = again {
            intents.call_again(peer, media);
        }
    };
    let done = move |_| {
        intents.dismiss_ended();
        // The idle stage's title, or where a phone shows nothing there, the people tab.
        focus_first_visible(move || [on_page(landmarks.idle_title), on_page(landmarks.people_tab)]);
    };
    let lasted = {
        let (connected, ms) = (record.connected_at.is_some(), record.duration_ms());
        move || if connected { t::summary_lasted(&format_duration(ms)) } else { String::new() }
    };
    let (reason, by_peer, peer) = (record.reason, record.by_peer, facts.peer_name.get_untracked());
    view! {
        <div class="call-summary" data-testid="call-ended" role="status">
            <p class="end-reason" data-testid="call-end-reason" data-code=record.reason.code()
                class:error=record.reason.is_error()>
                {move || i18n::ended::headline(reason, by_peer, &peer)}
            </p>
            {move || ui.recording_file.get().map(|file| view! {
                <a class="pill neutral small recording-download" data-testid="recording-download-link"
                    href=file.url.clone() download=file.name.clone() data-bytes=file.bytes.to_string()>
                    {move || t::summary_download_recording(&i18n::megabytes(file.bytes))}
                </a>
            })}
            <p class="end-meta">
                // The stable code is for a failure, to quote when asking for help; an ordinary
                // ending (hung up, declined, no answer) says all it needs in words.
                {record.reason.is_error().then(|| view! {
                    <span class="code" data-testid="call-end-code">{record.reason.code()}</span>
                })}
                <span class="lasted">{lasted}</span>
            </p>
            <div class="summary-actions">
                <button class="pill accept" data-testid="call-again-button" node_ref=call_again_ref on:click=call_again>
                    {if facts.is_video.get_untracked() { icons::video().into_any() } else { icons::phone().into_any() }}
                    {t::summary_call_again}
                </button>
                <button class="pill neutral" data-testid="dismiss-call-button" on:click=done>{t::summary_done}</button>
            </div>
        </div>
    }
}
