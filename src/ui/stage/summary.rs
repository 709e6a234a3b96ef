//! The ended screen: what happened in words, how long it lasted, the recording to download, and
//! Call again / Done.

use dialtone_core::call::{CallRecord, format_duration};
use dialtone_core::protocol::EndReason;
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
                {move || end_headline(reason, by_peer, &peer)}
            </p>
            {move || ui.recording_file.get().map(|file| view! {
                <a class="pill neutral small recording-download" data-testid="recording-download-link"
                    href=file.url.clone() download=file.name.clone() data-bytes=file.bytes.to_string()>
                    {move || t::summary_download_recording(&i18n::decimal1(file.bytes as f64 / 1_000_000.0))}
                </a>
            })}
            <p class="end-meta">
                <span class="code" data-testid="call-end-code">{record.reason.code()}</span>
                {lasted}
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

/// The ended screen's headline: what happened, in words, with the other person's name where it
/// helps ("Bob hung up." rather than "REMOTE_HUNG_UP"); the stable code stays below it.
fn end_headline(reason: EndReason, by_peer: bool, peer: &str) -> String {
    // A sentence with their name, or the same without one.
    let said = |named: fn(&str) -> String, unnamed: fn() -> String| if peer.is_empty() { unnamed() } else { named(peer) };
    match reason {
        // Their microphone or camera, not ours: the code says what happened, the sentence whose.
        _ if by_peer && reason.is_capture_failure() => said(t::summary_their_media_named, t::summary_their_media_they),
        EndReason::Switched if by_peer => said(t::summary_switched_named, t::summary_switched_they),
        // Their browser could not use what this side sent: not "the other side sent".
        EndReason::BadSdp if by_peer => said(t::summary_their_bad_sdp_named, t::summary_their_bad_sdp_they),
        EndReason::ProtocolError if by_peer => said(t::summary_their_protocol_named, t::summary_their_protocol_they),
        EndReason::RemoteHungUp => said(t::summary_hung_up_named, t::summary_hung_up_they),
        EndReason::HungUp => t::summary_you_ended(),
        EndReason::Rejected => said(t::summary_declined_named, t::summary_declined_they),
        EndReason::NoAnswer => said(t::summary_no_answer_named, t::summary_no_answer_they),
        EndReason::PeerBusy => said(t::summary_busy_named, t::summary_busy_they),
        EndReason::PeerUnavailable => said(t::summary_unavailable_named, t::summary_unavailable_they),
        // Their browser, not them and not the network (their page said so: WEBRTC_UNAVAILABLE).
        EndReason::WebrtcUnavailable => said(t::summary_no_webrtc_named, t::summary_no_webrtc_they),
        other => i18n::end_sentence(other.code(), other.sentence()),
    }
}
