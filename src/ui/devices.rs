//! Device settings: microphone, camera and audio output. Changes apply to a call in progress.
//! The output shows what audio really plays to, with a marker while a switch is pending.

use dialtone_core::devices::{Device, DeviceKind};
use leptos::prelude::*;

use super::app::{use_controller, use_ui};
use crate::controller::MicCheckView;

#[component]
pub fn DevicesPanel() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    ctl.with_value(|c| c.refresh_devices());
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
        <section class="devices" aria-label="Devices">
            <h2 class="panel-title">"Devices"</h2>
            <DeviceSelect label="Microphone" testid="mic-select" kind=DeviceKind::Microphone
                devices=list(DeviceKind::Microphone)
                selected=Signal::derive(move || ui.devices.with(|d| d.microphone.clone().unwrap_or_default()))/>
            <DeviceSelect label="Camera" testid="camera-select" kind=DeviceKind::Camera
                devices=list(DeviceKind::Camera)
                selected=Signal::derive(move || ui.devices.with(|d| d.camera.clone().unwrap_or_default()))/>
            <DeviceSelect label="Speaker" testid="output-select" kind=DeviceKind::Speaker
                devices=list(DeviceKind::Speaker)
                // Shows the pending choice while it switches; data-confirmed says what really plays.
                selected=Signal::derive(move || ui.devices.with(|d| d.output_pending.clone().unwrap_or_else(|| d.output.clone())))
                confirmed=Signal::derive(move || ui.devices.with(|d| d.output.clone()))
                pending=output_pending>
                <Show when=move || output_pending.get()>
                    <span class="hint">"Switching…"</span>
                </Show>
                {move || ui.devices.with(|d| d.output_error).map(|code| view! {
                    <span class="hint error" data-testid="output-error">{format!("Could not switch ({code})")}</span>
                })}
            </DeviceSelect>
            <MicCheck/>
            <p class="hint">"Changes apply to a call in progress straight away."</p>
        </section>
        <super::live_stream::StreamSettingsForm/>
    }
}

/// The mic check: the chosen microphone's level before a call. It lets go of the microphone
/// when stopped, when these settings close, and when a call starts.
#[component]
fn MicCheck() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    on_cleanup(move || ctl.with_value(|c| c.stop_mic_check()));
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
                on:click=move |_| ctl.with_value(|c| if on() { c.stop_mic_check() } else { c.start_mic_check() })>
                {move || if on() { "Stop mic check" } else { "Check microphone" }}
            </button>
            <Show when=move || matches!(check(), MicCheckView::Starting | MicCheckView::Level(_))>
                <super::call_stage::LevelBar testid="mic-check-level" level=level speaking=heard/>
                <span class="hint" role="status">{move || if heard.get() { "We hear you." } else { "Say something…" }}</span>
            </Show>
            {move || match check() {
                MicCheckView::Failed(reason) => Some(view! {
                    <span class="hint error" data-testid="mic-check-error" data-code=reason.code()>
                        {format!("{} ({})", reason.sentence(), reason.code())}
                    </span>
                }),
                _ => None,
            }}
        </div>
    }
}

/// One device choice: "System default" plus the listed devices of a kind.
#[component]
fn DeviceSelect(
    label: &'static str,
    testid: &'static str,
    kind: DeviceKind,
    devices: Signal<Vec<Device>>,
    selected: Signal<String>,
    #[prop(optional, into)] confirmed: Option<Signal<String>>,
    #[prop(optional, into)] pending: Option<Signal<bool>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let ctl = use_controller();
    view! {
        <label class="field">{label}
            <select data-testid=testid
                data-confirmed=move || confirmed.map(|c| c.get())
                data-pending=move || pending.map(|p| p.get().to_string())
                on:change=move |event| {
                    let id = event_target_value(&event);
                    ctl.with_value(|c| c.choose_device(kind, id));
                }
                prop:value=move || selected.get()>
                <option value="">"System default"</option>
                {move || devices.get().into_iter()
                    .map(|d| view! { <option value=d.id.clone()>{d.label.clone()}</option> })
                    .collect_view()}
            </select>
            {children.map(|children| children())}
        </label>
    }
}
