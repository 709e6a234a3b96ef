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
    let choose = move |kind: DeviceKind| move |event: leptos::ev::Event| {
        let id = event_target_value(&event);
        ctl.with_value(|c| c.choose_device(kind, id));
    };
    let options = |devices: Vec<Device>| {
        devices
            .into_iter()
            .map(|d| view! { <option value=d.id.clone()>{d.label.clone()}</option> })
            .collect_view()
    };
    let output_shown = move || ui.devices.with(|d| d.output_pending.clone().unwrap_or_else(|| d.output.clone()));
    view! {
        <section class="devices" aria-label="Devices">
            <h2 class="panel-title">"Devices"</h2>
            <label class="field">"Microphone"
                <select data-testid="mic-select" on:change=choose(DeviceKind::Microphone)
                    prop:value=move || ui.devices.with(|d| d.microphone.clone().unwrap_or_default())>
                    <option value="">"System default"</option>
                    {move || options(ui.devices.with(|d| d.microphones.clone()))}
                </select>
            </label>
            <label class="field">"Camera"
                <select data-testid="camera-select" on:change=choose(DeviceKind::Camera)
                    prop:value=move || ui.devices.with(|d| d.camera.clone().unwrap_or_default())>
                    <option value="">"System default"</option>
                    {move || options(ui.devices.with(|d| d.cameras.clone()))}
                </select>
            </label>
            <label class="field">"Speaker"
                <select data-testid="output-select" on:change=choose(DeviceKind::Speaker)
                    data-confirmed=move || ui.devices.with(|d| d.output.clone())
                    data-pending=move || ui.devices.with(|d| d.output_pending.is_some()).to_string()
                    prop:value=output_shown>
                    <option value="">"System default"</option>
                    {move || options(ui.devices.with(|d| d.speakers.clone()))}
                </select>
                <Show when=move || ui.devices.with(|d| d.output_pending.is_some())>
                    <span class="hint">"Switching…"</span>
                </Show>
                {move || ui.devices.with(|d| d.output_error).map(|code| view! {
                    <span class="hint error" data-testid="output-error">{format!("Could not switch ({code})")}</span>
                })}
            </label>
            <p class="hint">"Changes apply to a call in progress straight away."</p>
        </section>
    }
}
