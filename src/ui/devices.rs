//! Device settings: microphone, camera and audio output. Changes apply to a call in progress.
//! The output shows what audio really plays to, with a marker while a switch is pending.

use dialtone_core::devices::{Device, DeviceKind};
use leptos::prelude::*;

use super::app::{use_controller, use_ui};

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
            <p class="hint">"Changes apply to a call in progress straight away."</p>
        </section>
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
