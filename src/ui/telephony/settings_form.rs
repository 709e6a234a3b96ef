//! Settings: API username and key (validated, session-only unless remembered, never shown back in
//! full), base URL, the server-proxy option, save (fetches SIP configs) and "test connection".

use leptos::prelude::*;

use super::storage::StoredSettings;
use super::use_session;

#[component]
pub fn SettingsForm() -> impl IntoView {
    let session = use_session();
    let signals = session.with_value(|s| s.signals);
    let saved = super::storage::load_settings().unwrap_or_default();
    let username = RwSignal::new(saved.username.clone());
    // The key field starts empty: a saved key is never shown back; leaving it empty keeps it.
    let key = RwSignal::new(String::new());
    let base_url = RwSignal::new(if saved.base_url.is_empty() { "https://mediasfu.com".to_owned() } else { saved.base_url.clone() });
    let proxy = RwSignal::new(saved.proxy);
    let remember = RwSignal::new(saved.remember);
    let collect = move || {
        let typed = key.get_untracked();
        let key = if typed.trim().is_empty() { super::storage::load_settings().map(|s| s.key).unwrap_or_default() } else { typed };
        StoredSettings {
            username: username.get_untracked().trim().to_owned(),
            key: if proxy.get_untracked() { String::new() } else { key.trim().to_owned() },
            base_url: base_url.get_untracked().trim().to_owned(),
            proxy: proxy.get_untracked(),
            remember: remember.get_untracked(),
        }
    };
    let submit = move |test_only: bool| {
        let settings = collect();
        if let Err(m) = session.with_value(|s| s.apply_settings(settings, test_only)) {
            signals.settings_message.set(Some(m));
        } else if !test_only {
            key.set(String::new());
        }
    };
    view! {
        <section class="panel tel-panel" aria-label="MediaSFU settings" data-testid="tel-settings">
            <h2 class="panel-title">"MediaSFU account"</h2>
            <label class="check">
                <input type="checkbox" data-testid="tel-proxy-toggle" prop:checked=move || proxy.get()
                    on:change=move |ev| proxy.set(event_target_checked(&ev))/>
                " Use this server as a proxy (the key stays on the server)"
            </label>
            <Show when=move || !proxy.get()>
                <label class="field">"API username"
                    <input type="text" autocomplete="off" spellcheck="false" data-testid="tel-username"
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </label>
                <label class="field">"API key"
                    <input type="password" autocomplete="off" data-testid="tel-key"
                        placeholder=move || { let m = signals.masked_key.get(); if m.is_empty() { "64 letters and digits".to_owned() } else { format!("saved {m}; type to replace") } }
                        prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                </label>
                <label class="field">"Base URL"
                    <input type="url" data-testid="tel-base-url" prop:value=move || base_url.get()
                        on:input=move |ev| base_url.set(event_target_value(&ev))/>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="tel-remember" prop:checked=move || remember.get()
                        on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    " Remember on this device"
                </label>
                <Show when=move || remember.get()>
                    <p class="hint warn" data-testid="tel-remember-warning">
                        "A long-lived key stored in this browser gives full account power to anyone using it. Prefer a disposable key or the server proxy."
                    </p>
                </Show>
            </Show>
            <div class="row">
                <button class="button primary" data-testid="tel-save" on:click=move |_| submit(false)>"Save"</button>
                <button class="button" data-testid="tel-test" on:click=move |_| submit(true)>"Test connection"</button>
                <button class="button" data-testid="tel-sign-out" on:click=move |_| {
                    session.with_value(|s| s.sign_out());
                    key.set(String::new());
                }>"Sign out"</button>
            </div>
            {move || signals.settings_message.get().map(|m| view! {
                <p class="tel-message" data-testid="tel-settings-status" data-code=m.code.clone()>{m.text.clone()}</p>
            })}
        </section>
    }
}
