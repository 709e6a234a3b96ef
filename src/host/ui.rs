//! The desktop host page (§7): remote video full window, local preview top right, the host's
//! state and description as plain text, a spinner until described while connected, the
//! permission screen, the control bar (screen, mic, end, speaker, camera) and the end screen.

use dialtone_core::host::page::Input;
use dialtone_core::host::{CallMediaSource, LayoutType};
use leptos::prelude::*;

use super::driver::{Shared, feed};
use super::state::{HostUi, MediaSlot};
use crate::i18n::t;
use crate::ui::icons;

type ShellRef = StoredValue<Shared, LocalStorage>;

#[component]
pub fn HostPage(ui: HostUi, shell: Shared) -> impl IntoView {
    let shell: ShellRef = StoredValue::new_local(shell);
    let input = move |input: Input| {
        shell.with_value(|s| feed(s, input));
    };
    let local = move |f: fn(&dialtone_core::host::page::LocalMedia) -> bool| {
        ui.local.with(|l| l.as_ref().is_some_and(f))
    };
    let connected = move || ui.connection.with(|c| c == "connected");
    let permission = move || ui.permission.with(Option::is_some);
    let any_video = move || {
        local(|l| l.camera || l.screen_video)
            || ui.remote_on(CallMediaSource::Camera)
            || ui.remote_on(CallMediaSource::ScreenVideo)
    };
    let remote_screen = move || ui.remote_on(CallMediaSource::ScreenVideo);
    let speaker_on = move || ui.speaker_on.get() && ui.remote_on(CallMediaSource::Mic);
    let toggle = move |source: CallMediaSource, on: bool| {
        input(Input::MediaButton {
            source,
            enable: !on,
        })
    };
    let layout = move || match ui.layout.get() {
        LayoutType::Default => "default",
        LayoutType::LocalVideo => "local-video",
        LayoutType::RemoteVideo => "remote-video",
    };
    let set_speaker = move |_| {
        let on = !ui.speaker_on.get_untracked();
        ui.speaker_on.set(on);
        // Local only: the host is not told (§7).
        if let Some(audio) = ui.media.get(MediaSlot::RemoteAudio) {
            audio.set_muted(!on);
        }
    };
    view! {
        <div class="host-page" data-testid="host-page" data-layout=layout
            data-connection=move || ui.connection.get() data-ended=move || ui.ended.get().to_string()
            data-encryption=move || ui.encryption.get().to_string()
            data-frames-encrypted=move || ui.frames.get().encrypted.to_string()
            data-frames-decrypted=move || ui.frames.get().decrypted.to_string()
            data-frames-dropped=move || ui.frames.get().dropped.to_string()
            data-fill=move || ui.remote_fill.get().to_string()>
            <video id="host-remote-video" node_ref=ui.media.remote_video class="host-remote" data-testid="host-remote-video" autoplay playsinline muted
                class:shown=move || ui.remote_on(CallMediaSource::Camera)
                class:small=remote_screen
                on:click=move |_| ui.remote_fill.update(|f| *f = !*f)></video>
            <video id="host-remote-screen" node_ref=ui.media.remote_screen class="host-remote screen" data-testid="host-remote-screen" autoplay playsinline muted
                class:shown=remote_screen on:click=move |_| ui.remote_fill.update(|f| *f = !*f)></video>
            <audio id="host-remote-audio" node_ref=ui.media.remote_audio data-testid="host-remote-audio" autoplay></audio>
            <video id="host-local-video" node_ref=ui.media.local_video class="host-local" data-testid="host-local-video" autoplay playsinline muted
                class:shown=move || local(|l| l.camera || l.screen_video)></video>
            <Show when=move || connected() && !any_video() && !ui.ended.get()>
                <div class="host-phone" data-testid="host-audio-only">{icons::phone()}</div>
            </Show>
            <Show when=move || !permission() && !ui.ended.get()>
                <div class="host-info" data-testid="host-info">
                    <div class="host-state" data-testid="host-description-state">{move || ui.state_text.get()}</div>
                    <div class="host-description" data-testid="host-description-text">{move || ui.description.get()}</div>
                    <Show when=move || ui.controls.get() && !ui.described_connected.get()>
                        <div class="host-spinner" data-testid="host-spinner" role="progressbar" aria-label=t::host_connecting></div>
                    </Show>
                </div>
            </Show>
            <Show when=move || permission() && !ui.ended.get()>
                <div class="host-permission" data-testid="host-permission" role="alert">
                    <h1 data-testid="host-permission-title">{move || ui.permission.with(|p| p.as_ref().map(|p| p.0.clone()).unwrap_or_default())}</h1>
                    <p data-testid="host-permission-text">{move || ui.permission.with(|p| p.as_ref().map(|p| p.1.clone()).unwrap_or_default())}</p>
                </div>
            </Show>
            <Show when=move || ui.controls.get() && !ui.ended.get()>
                <div class="host-controls" data-testid="host-controls">
                    <Show when=move || !permission()>
                        <button class="host-round" data-testid="host-screen-button" title=t::stage_share_screen
                            data-on=move || local(|l| l.screen_video).to_string() disabled=move || !connected()
                            on:click=move |_| toggle(CallMediaSource::ScreenVideo, local(|l| l.screen_video))>{icons::screen()}</button>
                        <button class="host-round mutable" data-testid="host-mute-button" title=t::host_microphone
                            data-on=move || local(|l| l.mic).to_string()
                            on:click=move |_| toggle(CallMediaSource::Mic, local(|l| l.mic))>
                            {move || if local(|l| l.mic) { icons::mic().into_any() } else { icons::mic_off().into_any() }}
                        </button>
                    </Show>
                    <button class="host-round end" data-testid="host-hangup-button" title=t::host_end_call
                        on:click=move |_| input(Input::EndPressed)>{icons::hang_up()}</button>
                    <Show when=move || !permission()>
                        <button class="host-round mutable" data-testid="host-speaker-button" title=t::device_speaker
                            data-on=move || speaker_on().to_string() on:click=set_speaker>
                            {move || if speaker_on() { speaker_icon().into_any() } else { speaker_off_icon().into_any() }}
                        </button>
                        <button class="host-round mutable" data-testid="host-camera-button" title=t::device_camera
                            data-on=move || local(|l| l.camera).to_string()
                            on:click=move |_| toggle(CallMediaSource::Camera, local(|l| l.camera))>
                            {move || if local(|l| l.camera) { icons::video().into_any() } else { icons::video_off().into_any() }}
                        </button>
                    </Show>
                </div>
            </Show>
            <Show when=move || ui.ended.get()>
                <div class="host-ended" data-testid="host-ended" role="status">
                    <h1>{t::stage_call_ended}</h1>
                    <p>{t::host_close_tab}</p>
                </div>
            </Show>
            <details class="host-log">
                <summary>{t::host_events}</summary>
                <ol data-testid="host-event-log">
                    <For each=move || ui.log.get().into_iter().enumerate() key=|(i, line)| (*i, line.clone()) let((_, line))>
                        <li>{line}</li>
                    </For>
                </ol>
            </details>
        </div>
    }
}

fn svg(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d=path fill="currentColor"/>
        </svg>
    }
}

fn speaker_icon() -> impl IntoView {
    svg(
        "M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z",
    )
}

fn speaker_off_icon() -> impl IntoView {
    svg(
        "M16.5 12A4.5 4.5 0 0 0 14 8v2.2l2.45 2.45c.03-.2.05-.42.05-.65zM19 12c0 .94-.2 1.82-.54 2.64l1.51 1.51A8.8 8.8 0 0 0 21 12a9 9 0 0 0-7-8.8v2.1A7 7 0 0 1 19 12zM4.27 3 3 4.27 7.73 9H3v6h4l5 5v-6.73l4.25 4.25c-.67.52-1.42.93-2.25 1.18v2.1a9 9 0 0 0 3.69-1.81L19.73 21 21 19.73l-9-9zM12 4 9.91 6.09 12 8.18z",
    )
}
