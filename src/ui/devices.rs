//! Device settings: microphone, camera and audio output. Changes apply to a call in progress.
//! The output shows what audio really plays to, with a marker while a switch is pending.
//!
//! The microphone comes first, with what belongs to it under it (its check, its sound
//! processing): an audio call needs nothing else. The page's language is not a device: it is in
//! the ⋯ menu only.

use dialtone_core::devices::{Device, DeviceKind};
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use crate::controller::MicCheckView;
use crate::i18n::{self, t};

#[component]
pub fn DevicesPanel() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    intents.refresh_devices();
    let list = move |kind: DeviceKind| {
        Signal::derive(move || {
            ui.devices.with(|d| match kind {
                DeviceKind::Microphone => d.microphones.clone(),
                DeviceKind::Camera => d.cameras.clone(),
                DeviceKind::Speaker => d.speakers.clone(),
            })
        })
    };
    let output_pending = Signal::derive(move || ui.devices.with(|d| d.output_pending.is_some()));
    view! {
        <section class="devices" aria-label=t::devices_title>
            <h2 class="panel-title">{t::devices_title}</h2>
            <DeviceSelect label=t::device_microphone testid="mic-select" kind=DeviceKind::Microphone
                devices=list(DeviceKind::Microphone)
                selected=Signal::derive(move || ui.devices.with(|d| d.microphone.clone().unwrap_or_default()))/>
            <MicCheck/>
            <super::precall::ProcessingSwitches/>
            <DeviceSelect label=t::device_camera testid="camera-select" kind=DeviceKind::Camera
                devices=list(DeviceKind::Camera)
                selected=Signal::derive(move || ui.devices.with(|d| d.camera.clone().unwrap_or_default()))/>
            <DeviceSelect label=t::device_speaker testid="output-select" kind=DeviceKind::Speaker
                devices=list(DeviceKind::Speaker)
                // Shows the pending choice while it switches; data-confirmed says what really plays.
                selected=Signal::derive(move || ui.devices.with(|d| d.output_pending.clone().unwrap_or_else(|| d.output.clone())))
                confirmed=Signal::derive(move || ui.devices.with(|d| d.output.clone()))
                pending=output_pending>
                <Show when=move || output_pending.get()>
                    <span class="hint">{t::device_switching}</span>
                </Show>
                {move || ui.devices.with(|d| d.output_error).map(|code| view! {
                    <span class="hint error" data-testid="output-error">{move || t::device_switch_failed(code)}</span>
                })}
            </DeviceSelect>
            <p class="hint">{t::devices_apply_hint}</p>
            {use_context::<super::first_run::Welcome>().map(|welcome| view! {
                <button class="pill neutral small precall-open" data-testid="precall-open-button" node_ref=welcome.open_button
                    on:click=move |_| welcome.open_check()>{t::precall_open}</button>
            })}
        </section>
    }
}

/// The mic check: the chosen microphone's level before a call. It lets go of the microphone
/// when stopped, when these settings close, and when a call starts.
#[component]
fn MicCheck() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    on_cleanup(move || intents.release_check(false));
    let check = move || ui.mic_check.get();
    let on = move || matches!(check(), MicCheckView::Starting | MicCheckView::Level(_));
    let in_call = move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.ended.is_none()));
    let level = Signal::derive(move || match check() { MicCheckView::Level(rms) => rms, _ => 0.0 });
    let heard = Signal::derive(move || level.get() >= dialtone_core::speaking::SPEAKING_RMS);
    view! {
        <div class="mic-check" data-testid="mic-check" data-state=move || match check() {
            MicCheckView::Off => "off", MicCheckView::Starting => "starting",
            MicCheckView::Level(_) => "on", MicCheckView::Failed(_) => "failed" }>
            <button class="pill neutral small" data-testid="mic-check-button"
                aria-pressed=move || on().to_string() disabled=in_call
                on:click=move |_| if on() { intents.stop_mic_check() } else { intents.start_mic_check() }>
                {move || if on() { t::mic_check_stop() } else { t::mic_check_start() }}
            </button>
            <Show when=move || matches!(check(), MicCheckView::Starting | MicCheckView::Level(_))>
                <super::stage::LevelBar testid="mic-check-level" label=Signal::derive(t::precall_level_label) level=level speaking=heard/>
                <span class="hint" role="status">{move || if heard.get() { t::mic_check_heard() } else { t::mic_check_say_something() }}</span>
            </Show>
            {move || match check() {
                MicCheckView::Failed(reason) => Some(view! {
                    <span class="hint error" data-testid="mic-check-error" data-code=reason.code()>
                        {move || t::mic_check_failed(&i18n::end_sentence(reason.code(), reason.sentence()), reason.code())}
                    </span>
                }),
                _ => None,
            }}
        </div>
    }
}

/// One device choice: "System default" plus the listed devices of a kind.
#[component]
pub(super) fn DeviceSelect(
    /// The label, in the current language.
    label: fn() -> String,
    testid: &'static str,
    kind: DeviceKind,
    devices: Signal<Vec<Device>>,
    selected: Signal<String>,
    #[prop(optional, into)] confirmed: Option<Signal<String>>,
    #[prop(optional, into)] pending: Option<Signal<bool>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let intents = use_intents();
    view! {
        <label class="field">{label}
            <select data-testid=testid
                data-confirmed=move || confirmed.map(|c| c.get())
                data-pending=move || pending.map(|p| p.get().to_string())
                on:change=move |event| {
                    let id = event_target_value(&event);
                    intents.choose_device(kind, id);
                }
                prop:value=move || selected.get()>
                <option value="">{t::device_system_default}</option>
                {move || devices.get().into_iter()
                    .map(|d| view! { <option value=d.id.clone()>{d.label.clone()}</option> })
                    .collect_view()}
            </select>
            {children.map(|children| children())}
        </label>
    }
}
