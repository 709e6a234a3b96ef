//! The top bar: who you are, whether the server is reachable, and the way to the Telephony page.

use dialtone_core::presence::short_id;
use dialtone_core::embed::Theme;
use leptos::prelude::*;

use super::app::use_ui;
use super::avatar::Avatar;
use crate::controller::{LinkStatus, now_ms};

#[component]
pub fn Header() -> impl IntoView {
    let ui = use_ui();
    let name = Signal::derive(move || ui.me.with(|me| me.as_ref().map(|m| m.name.clone()).unwrap_or_default()));
    let id = move || {
        ui.me.with(|me| {
            me.as_ref()
                .and_then(|m| m.id.as_deref())
                .map(|id| format!("id {}", short_id(id)))
                .unwrap_or_else(|| "no id yet".to_owned())
        })
    };
    let link_text = move || match ui.link.get() {
        LinkStatus::Connecting => "Connecting…".to_owned(),
        LinkStatus::Online => "Online".to_owned(),
        LinkStatus::Reconnecting { retry_at } => {
            let seconds = retry_at.saturating_sub(ui.now.get().max(now_ms())).div_ceil(1_000);
            if seconds > 0 { format!("Offline · retrying in {seconds} s") } else { "Reconnecting…".to_owned() }
        }
    };
    view! {
        <header class="topbar">
            <h1 class="brand"><span class="brand-mark" aria-hidden="true"></span>"Dialtone"</h1>
            <div class="me" data-testid="self-identity">
                <Avatar name=name/>
                <div class="me-text">
                    <div class="me-name" data-testid="self-name">{move || name.get()}</div>
                    <div class="me-id" data-testid="self-id"
                        data-peer-id=move || ui.me.with(|m| m.as_ref().and_then(|m| m.id.clone()).unwrap_or_default())>
                        {id}
                    </div>
                </div>
            </div>
            // The telephony page is a separate page (its own mount), so a plain link is enough.
            <a class="nav-link" href="/telephony" data-testid="telephony-link">"Telephony"</a>
            <ThemeToggle/>
            <div class="link-status" data-testid="connection-status" role="status"
                data-status=move || ui.link.get().as_str()>
                <span class="dot" aria-hidden="true"></span>
                {link_text}
            </div>
        </header>
    }
}

/// Switches between light and dark, remembered on this device.
#[component]
fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(crate::settings::looks_dark());
    // Under "auto", follow the system when it switches.
    if let Some(query) = web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten()) {
        let follow = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || dark.set(crate::settings::looks_dark()));
        let _ = query.add_event_listener_with_callback("change", wasm_bindgen::JsCast::unchecked_ref(follow.as_ref()));
        follow.forget();
    }
    let label = move || if dark.get() { "Switch to light theme" } else { "Switch to dark theme" };
    view! {
        <button class="theme-toggle" data-testid="theme-toggle" aria-label=label title=label
            data-theme=move || if dark.get() { "dark" } else { "light" }
            on:click=move |_| {
                let next = if dark.get_untracked() { Theme::Light } else { Theme::Dark };
                crate::settings::choose_theme(next);
                dark.set(next == Theme::Dark);
            }>
            {move || if dark.get() { "☀" } else { "☾" }}
        </button>
    }
}
