//! Settings: the mode (direct long-lived key, direct disposable key, server proxy), API username and
//! key (checked by the page for the mode, session-only unless remembered, never shown back in
//! full), base URL, save (fetches SIP configs) and "test connection". The fields start from what
//! storage holds; the page machine decides everything else.

use dialtone_core::mediasfu::account::AccountSettings;
use dialtone_core::mediasfu::mode::CredentialMode;
use dialtone_core::mediasfu::page::Input;
use leptos::prelude::*;

use super::use_telephony;
use crate::i18n::t;
use crate::telephony::storage;

/// The three modes of §8.1, in the order shown.
const MODES: [(CredentialMode, fn() -> String); 3] = [
    (CredentialMode::DirectLongLived, t::tel_mode_long_lived),
    (CredentialMode::DirectDisposable, t::tel_mode_disposable),
    (CredentialMode::Proxy, t::tel_mode_proxy),
];

#[component]
pub fn SettingsForm(
    /// The key field, for the banner's "Edit credentials".
    key_field: NodeRef<leptos::html::Input>,
    /// The panel, for "Edit credentials" in proxy mode (no key field then).
    panel: NodeRef<leptos::html::Section>,
) -> impl IntoView {
    let tel = use_telephony();
    let signals = tel.signals;
    let saved = storage::load_settings().unwrap_or_default();
    let username = RwSignal::new(saved.username.clone());
    // The key field starts empty: a saved key is never shown back; leaving it empty keeps it.
    let key = RwSignal::new(String::new());
    // Saved: the typed key is held by the page now, and the field empties.
    Effect::new(move |first: Option<()>| {
        signals.settings_saved.track();
        if first.is_some() {
            key.set(String::new());
        }
    });
    let base_url = RwSignal::new(if saved.base_url.is_empty() { "https://mediasfu.com".to_owned() } else { saved.base_url.clone() });
    let mode = RwSignal::new(saved.mode());
    let proxy = Signal::derive(move || mode.get() == CredentialMode::Proxy);
    let remember = RwSignal::new(saved.remember);
    let collect = move || {
        let key = key.get_untracked();
        AccountSettings {
            username: username.get_untracked().trim().to_owned(),
            key: if proxy.get_untracked() { String::new() } else { key.trim().to_owned() },
            base_url: base_url.get_untracked().trim().to_owned(),
            proxy: proxy.get_untracked(),
            disposable: mode.get_untracked() == CredentialMode::DirectDisposable,
            remember: remember.get_untracked(),
        }
    };
    let submit = move |test_only: bool| tel.send(Input::SaveSettings { settings: collect(), test_only });
    view! {
        <section class="panel tel-panel" aria-label=t::tel_settings_label data-testid="tel-settings" node_ref=panel>
            <h2 class="panel-title">{t::tel_account}</h2>
            <fieldset class="tel-modes" data-testid="tel-mode">
                <legend>{t::tel_how}</legend>
                {MODES.iter().map(|&(m, label)| view! {
                    <label class="check">
                        <input type="radio" name="tel-mode" data-testid=format!("tel-mode-{}", m.as_str())
                            prop:checked=move || mode.get() == m
                            on:change=move |_| mode.set(m)/>
                        " " {label}
                    </label>
                }).collect_view()}
            </fieldset>
            <Show when=move || !proxy.get()>
                <label class="field">{t::tel_username}
                    <input type="text" autocomplete="off" spellcheck="false" data-testid="tel-username"
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </label>
                <label class="field">{t::tel_key}
                    <input type="password" autocomplete="off" data-testid="tel-key" node_ref=key_field
                        placeholder=move || { let m = signals.masked_key.get(); if !m.is_empty() { t::tel_key_saved(&m) } else if mode.get() == CredentialMode::DirectDisposable { t::tel_key_disposable_hint() } else { t::tel_key_hint() } }
                        prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev))/>
                </label>
                <label class="field">{t::tel_base_url}
                    <input type="url" data-testid="tel-base-url" prop:value=move || base_url.get()
                        on:input=move |ev| base_url.set(event_target_value(&ev))/>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="tel-remember" prop:checked=move || remember.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            remember.set(on);
                            // §8.1: unticking deletes the persistent copy at once, not at Save.
                            if !on { tel.send(Input::ForgetRemembered); }
                        }/>
                    {t::tel_remember}
                </label>
                // §8.1: the warning is about long-lived keys; a disposable one expires on its own.
                <Show when=move || remember.get() && mode.get() == CredentialMode::DirectLongLived>
                    <p class="hint warn" data-testid="tel-remember-warning">
                        {t::tel_remember_warning}
                    </p>
                </Show>
            </Show>
            <div class="row">
                <button class="button primary" data-testid="tel-save" on:click=move |_| submit(false)>{t::save}</button>
                <button class="button" data-testid="tel-test" on:click=move |_| submit(true)>{t::tel_test}</button>
                // Only when there is something to sign out of.
                <Show when=move || signals.configured.get()>
                    <button class="button" data-testid="tel-sign-out" on:click=move |_| {
                        tel.send(Input::SignOut);
                        key.set(String::new());
                    }>{t::tel_sign_out}</button>
                </Show>
            </div>
            {move || signals.settings_message.get().map(|line| {
                let code = line.code().to_owned();
                view! {
                    <p class="tel-message tel-settings-status" data-testid="tel-settings-status" data-code=code>
                        // Read again when the language changes.
                        {move || super::words::settings_line(&line)}
                    </p>
                }
            })}
        </section>
    }
}
