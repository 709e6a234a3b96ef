//! The live audio stream on screen: in a call, a coloured dot with the status as text (for
//! screen readers too), frames dropped so far, a retry button after `failed` and the per-call
//! switch; in the menu's "Stream call audio" dialog, the sink URL and the channel layout.

use dialtone_core::audio_stream::StreamStatus;
use dialtone_core::errors::ClientError;
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use crate::i18n::{self, t};

/// The stream's status bar in a call; nothing when no sink is configured.
#[component]
pub fn LiveStreamBar() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let stream = move || ui.stream.get();
    let status = move || stream().map(|s| s.view.status).unwrap_or_default();
    let dropped = move || stream().map(|s| s.view.dropped).unwrap_or(0);
    view! {
        <Show when=move || stream().is_some()>
            <div class="live-stream" data-testid="audio-stream" data-status=move || status().as_str()
                data-dropped=move || dropped().to_string()
                data-sent=move || stream().map(|s| s.view.sent).unwrap_or(0).to_string()
                data-attempts=move || stream().map(|s| s.view.attempts).unwrap_or(0).to_string()>
                <span class="stream-dot" data-testid="audio-stream-dot" aria-hidden="true"></span>
                <span class="stream-label" data-testid="audio-stream-status" role="status" aria-live="polite">
                    {move || i18n::lookup(&format!("stream-status-{}", status().as_str()), status().label())}
                    {move || match (status(), stream().map(|s| s.view.attempts).unwrap_or(0)) {
                        (StreamStatus::Reconnecting, n) if n > 0 => t::stream_attempt(n as i64, dialtone_core::audio_stream::MAX_ATTEMPTS as i64),
                        _ => String::new(),
                    }}
                </span>
                <Show when=move || { dropped() > 0 }>
                    <span class="stream-dropped" data-testid="audio-stream-dropped" data-count=move || dropped().to_string()>
                        {move || t::stream_frames_dropped(dropped() as i64, &i18n::decimal1(dropped() as f64 * 0.02))}
                    </span>
                </Show>
                <Show when=move || status() == StreamStatus::Failed>
                    <span class="code" data-testid="audio-stream-error"
                        title=move || i18n::sentence(ClientError::AudioStreamFailed.code(), ClientError::AudioStreamFailed.sentence())>
                        {ClientError::AudioStreamFailed.code()}
                    </span>
                    <button class="pill neutral small" data-testid="audio-stream-retry-button"
                        on:click=move |_| intents.retry_live_stream()>{t::retry}</button>
                </Show>
                <button class="pill neutral small" data-testid="audio-stream-toggle"
                    aria-pressed=move || (status() != StreamStatus::Idle).to_string()
                    on:click=move |_| {
                        let on = status() == StreamStatus::Idle;
                        intents.set_live_stream_on(on);
                    }>
                    {move || if status() == StreamStatus::Idle { t::stream_start() } else { t::stream_stop() }}
                </button>
            </div>
        </Show>
    }
}

/// A link's request to stream calls' audio somewhere: nothing is sent until the person allows it
/// (then it is their saved setting, as if typed in "Stream call audio").
#[component]
pub fn StreamOffer() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    move || {
        ui.stream_offer.get().map(|offer| {
            view! {
                <div class="notice info stream-offer" role="status" data-testid="stream-offer" data-url=offer.sink.url>
                    <span class="notice-text">{t::stream_offer(&offer.host)}</span>
                    <button class="pill accent small" data-testid="stream-offer-allow"
                        on:click=move |_| intents.answer_stream_offer(true)>{t::stream_offer_allow}</button>
                    <button class="notice-close" data-testid="stream-offer-dismiss" aria-label=t::dismiss
                        title=t::dismiss on:click=move |_| intents.answer_stream_offer(false)>"×"</button>
                </div>
            }
        })
    }
}

/// Where calls' live audio goes (applies from the next call); shown in the menu's dialog.
#[component]
pub fn StreamSettingsForm() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let invalid = RwSignal::new(false);
    let url = RwSignal::new(ui.stream_settings.get_untracked().url.unwrap_or_default());
    let channels = move || ui.stream_settings.get().channels;
    let save = move |text: String, channels: u16| {
        let ok = intents.set_stream_settings(&text, channels);
        invalid.set(!ok);
    };
    view! {
        <section class="stream-settings" aria-label=t::stream_settings_title>
            <label class="field">{t::stream_sink_url}
                <input type="url" data-testid="audio-stream-url-input" placeholder="ws://127.0.0.1:8081/audio-sink"
                    prop:value=move || url.get()
                    aria-invalid=move || invalid.get().to_string()
                    on:change=move |event| {
                        let text = event_target_value(&event);
                        url.set(text.clone());
                        save(text, channels());
                    }/>
            </label>
            <Show when=move || invalid.get()>
                <span class="hint error" data-testid="audio-stream-url-error">{t::stream_sink_invalid}</span>
            </Show>
            <label class="field">{t::stream_channels}
                <select data-testid="audio-stream-channels-select"
                    prop:value=move || channels().to_string()
                    on:change=move |event| {
                        let chosen = if event_target_value(&event) == "1" { 1 } else { 2 };
                        save(url.get_untracked(), chosen);
                    }>
                    <option value="2">{t::stream_channels_two}</option>
                    <option value="1">{t::stream_channels_one}</option>
                </select>
            </label>
            <p class="hint">{t::stream_settings_hint}</p>
        </section>
    }
}
