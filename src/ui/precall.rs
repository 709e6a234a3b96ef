//! The pre-call check: the device pickers, a preview of the camera, the microphone's level, a
//! speaker test and the microphone's processing switches, on one screen. Camera and microphone
//! open only when the person presses the button, and close when the check goes away.

use dialtone_core::client::CheckDevice;
use dialtone_core::devices::speaker_test::{SPEAKER_TEST_FAILED, SpeakerTestInput, SpeakerTestNote, SpeakerTestState};
use dialtone_core::devices::{DeviceKind, ProcessingKind};
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use super::devices::DeviceSelect;
use crate::controller::MicCheckView;
use crate::i18n::{self, t};

#[component]
pub fn PreCallCheck() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    on_cleanup(move || intents.release_check(true));
    let camera = move || ui.camera_check.get();
    let on = move || camera() != CheckDevice::Off && matches!(ui.mic_check.get(), MicCheckView::Starting | MicCheckView::Level(_));
    let in_call = move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.ended.is_none()));
    let level = Signal::derive(move || match ui.mic_check.get() { MicCheckView::Level(rms) if on() => rms, _ => 0.0 });
    let heard = Signal::derive(move || level.get() >= dialtone_core::speaking::SPEAKING_RMS);
    let list = move |kind: DeviceKind| {
        Signal::derive(move || {
            ui.devices.with(|d| match kind {
                DeviceKind::Microphone => d.microphones.clone(),
                DeviceKind::Camera => d.cameras.clone(),
                DeviceKind::Speaker => d.speakers.clone(),
            })
        })
    };
    let video = NodeRef::<leptos::html::Video>::new();
    // The preview shows the check's stream once the camera is live.
    Effect::new(move |_| {
        let live = camera() == CheckDevice::Live;
        if let Some(element) = video.get() {
            ui.streams.with(|streams| element.set_src_object(streams.check.as_ref().filter(|_| live)));
        }
    });
    view! {
        <div class="precall" data-testid="precall" data-state=move || if on() { "on" } else { "off" }>
            <div class="precall-preview">
                <video class="precall-video" data-testid="precall-video" node_ref=video autoplay=true
                    muted=true playsinline=true aria-label=t::precall_camera_label
                    class:live=move || camera() == CheckDevice::Live></video>
                <Show when=move || camera() != CheckDevice::Live>
                    <p class="precall-placeholder" data-testid="precall-camera-state"
                        data-state=move || match camera() {
                            CheckDevice::Off => "off", CheckDevice::Starting => "starting",
                            CheckDevice::Live => "live", CheckDevice::Failed(_) => "failed" }>
                        {move || match camera() {
                            CheckDevice::Starting => t::precall_camera_starting(),
                            CheckDevice::Failed(reason) => failure(reason),
                            _ => t::precall_camera_off(),
                        }}
                    </p>
                </Show>
            </div>
            <div class="precall-controls">
                <button class="pill accent" data-testid="precall-start-button" aria-pressed=move || on().to_string()
                    disabled=in_call
                    on:click=move |_| if on() { intents.stop_mic_check() } else { intents.start_device_check() }>
                    {move || if on() { t::precall_stop() } else { t::precall_start() }}
                </button>
                <div class="precall-level">
                    <span class="precall-label">{move || t::precall_level_label()}</span>
                    <super::stage::LevelBar testid="precall-level" label=Signal::derive(t::precall_level_label) level=level speaking=heard/>
                    <span class="hint" role="status">{move || match ui.mic_check.get() {
                        MicCheckView::Failed(reason) => failure(reason),
                        _ if !on() => String::new(),
                        _ if heard.get() => t::mic_check_heard(),
                        _ => t::mic_check_say_something(),
                    }}</span>
                </div>
                <DeviceSelect label=t::device_camera testid="precall-camera-select" kind=DeviceKind::Camera
                    devices=list(DeviceKind::Camera)
                    selected=Signal::derive(move || ui.devices.with(|d| d.camera.clone().unwrap_or_default()))/>
                <DeviceSelect label=t::device_microphone testid="precall-mic-select" kind=DeviceKind::Microphone
                    devices=list(DeviceKind::Microphone)
                    selected=Signal::derive(move || ui.devices.with(|d| d.microphone.clone().unwrap_or_default()))/>
                <DeviceSelect label=t::device_speaker testid="precall-output-select" kind=DeviceKind::Speaker
                    devices=list(DeviceKind::Speaker)
                    selected=Signal::derive(move || ui.devices.with(|d| d.output_pending.clone().unwrap_or_else(|| d.output.clone())))/>
                <SpeakerTest/>
                <ProcessingSwitches/>
            </div>
        </div>
    }
}

/// Why a device could not be opened, in the reader's language, with its stable code.
fn failure(reason: dialtone_core::protocol::EndReason) -> String {
    t::mic_check_failed(&i18n::end_sentence(reason.code(), reason.sentence()), reason.code())
}

/// Plays a chime through the chosen speaker and asks whether it was heard. The call page's
/// machine runs the test (`devices::speaker_test`); this draws what it says.
#[component]
fn SpeakerTest() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let audio = NodeRef::<leptos::html::Audio>::new();
    Effect::new(move |_| {
        let element = audio.get().map(|element| -> web_sys::HtmlMediaElement { element.into() });
        intents.speaker_test_element(element);
    });
    on_cleanup(move || intents.speaker_test_element(None));
    let state = move || ui.speaker_test.with(|test| test.state);
    let answer = move |heard: bool| intents.speaker_test(SpeakerTestInput::Answer { heard });
    let note = move || {
        ui.speaker_test.with(|test| match &test.note {
            Some(SpeakerTestNote::OutputFailed(failure)) => Some((t::speaker_test_output_failed(failure.code()), failure.code(), String::new())),
            Some(SpeakerTestNote::Failed { reason }) => Some((t::speaker_test_failed(SPEAKER_TEST_FAILED), SPEAKER_TEST_FAILED, reason.clone())),
            None => None,
        })
    };
    view! {
        <div class="speaker-test" data-testid="speaker-test" data-state=move || state().as_str()>
            <audio data-testid="speaker-test-audio" node_ref=audio></audio>
            <button class="pill neutral small" data-testid="speaker-test-button"
                disabled=move || state() == SpeakerTestState::Playing
                on:click=move |_| intents.speaker_test(SpeakerTestInput::Play)>
                {move || match state() {
                    SpeakerTestState::Playing => t::speaker_test_playing(),
                    SpeakerTestState::Idle => t::speaker_test_play(),
                    _ => t::speaker_test_again(),
                }}
            </button>
            <span class="hint" role="status">{move || match state() {
                SpeakerTestState::Asking => t::speaker_test_question(),
                SpeakerTestState::Heard => t::speaker_test_heard(),
                SpeakerTestState::NotHeard => t::speaker_test_not_heard(),
                _ => String::new(),
            }}</span>
            <Show when=move || state() == SpeakerTestState::Asking>
                <span class="speaker-answer">
                    <button class="pill neutral small" data-testid="speaker-heard-yes" on:click=move |_| answer(true)>{move || t::speaker_test_yes()}</button>
                    <button class="pill neutral small" data-testid="speaker-heard-no" on:click=move |_| answer(false)>{move || t::speaker_test_no()}</button>
                </span>
            </Show>
            {move || note().map(|(text, code, reason)| view! {
                <span class="hint error" data-testid="speaker-test-note" data-code=code data-reason=reason>{text}</span>
            })}
        </div>
    }
}

/// Noise suppression, echo cancellation and automatic gain: each switch shows what the live
/// microphone really does (read back from the track), with a marker while a change applies.
#[component]
pub fn ProcessingSwitches() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let switch = move |kind: ProcessingKind, label: fn() -> String| {
        let confirmed = move || ui.devices.with(|d| d.processing.get(kind));
        let pending = move || ui.devices.with(|d| d.processing_pending.is_some_and(|p| p.get(kind) != d.processing.get(kind)));
        let refused = move || ui.devices.with(|d| d.processing_refused.contains(&kind));
        view! {
            <li class="processing-row">
                <button type="button" role="switch" class="switch" data-testid=format!("processing-{}", kind.id())
                    aria-checked=move || confirmed().to_string()
                    data-pending=move || pending().to_string()
                    on:click=move |_| intents.toggle_processing(kind)>
                    <span class="switch-track" aria-hidden="true"><span class="switch-thumb"></span></span>
                    <span class="switch-label">{move || label()}</span>
                </button>
                <Show when=pending>
                    <span class="hint">{move || t::processing_applying()}</span>
                </Show>
                <Show when=refused>
                    <span class="hint" data-testid=format!("processing-{}-kept", kind.id())>
                        {move || if confirmed() { t::processing_kept_on() } else { t::processing_kept_off() }}
                    </span>
                </Show>
            </li>
        }
    };
    view! {
        <fieldset class="processing" data-testid="processing-switches">
            <legend class="precall-label">{move || t::processing_title()}</legend>
            <ul class="processing-list">
                {switch(ProcessingKind::NoiseSuppression, t::processing_noise_suppression)}
                {switch(ProcessingKind::EchoCancellation, t::processing_echo_cancellation)}
                {switch(ProcessingKind::AutoGain, t::processing_auto_gain)}
            </ul>
        </fieldset>
    }
}
