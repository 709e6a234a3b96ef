//! The Telephony page (MediaSFU, specs/mediasfu-api.md): settings, dialer, live calls with their
//! controls, and history. Opened at `/telephony` or `?mode=telephony`. The components read the
//! page's signals and hand intents to it ([`crate::telephony::Telephony`]); decisions are in
//! `dialtone_core::mediasfu::page`.

mod call_row;
mod calls;
mod dialer;
mod history;
mod settings_form;
mod words;

use dialtone_core::mediasfu::page::Input;
use leptos::prelude::*;

use crate::i18n::t;
use crate::telephony::Telephony;

pub fn use_telephony() -> Telephony {
    expect_context::<Telephony>()
}

/// The page was asked for by path or query.
pub fn requested() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return false };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    path.trim_end_matches('/').ends_with("/telephony") || search.contains("mode=telephony")
}

pub fn mount() {
    leptos::mount::mount_to_body(TelephonyPage);
}

#[component]
pub fn TelephonyPage() -> impl IntoView {
    let tel = crate::telephony::start();
    provide_context(tel);
    let signals = tel.signals;
    // "Edit credentials" brings these into view: the key field, or in proxy mode (no key field)
    // the settings panel.
    let key_field = NodeRef::<leptos::html::Input>::new();
    let settings_panel = NodeRef::<leptos::html::Section>::new();
    view! {
        <div class="app telephony" data-testid="telephony-page">
            <header class="topbar tel-header">
                <h1 class="brand"><span class="brand-mark" aria-hidden="true"></span>{t::tel_title}</h1>
                <a class="tel-back" href="/" data-testid="calls-link">{t::tel_back}</a>
            </header>
            {move || signals.banner.get().map(|b| view! {
                <div class="notice notice-error tel-banner" role="alert" data-testid="tel-banner" data-code=b.notice.code.clone()>
                    <p class="tel-banner-text">
                        <span class="tel-code" data-testid="tel-banner-code">{b.notice.code.clone()}</span>
                        " "
                        <span>{let (code, text) = (b.notice.code.clone(), b.notice.text.clone()); move || crate::i18n::notice_text(&code, &text)}</span>
                    </p>
                    <div class="tel-banner-actions">
                        {b.offer_edit.then(|| view! {
                            <button class="button" data-testid="tel-banner-edit" on:click=move |_| edit_credentials(key_field, settings_panel)>{t::tel_edit_credentials}</button>
                        })}
                        <button class="button" data-testid="tel-banner-retry"
                            on:click=move |_| tel.send(Input::Retry)>{t::retry}</button>
                    </div>
                </div>
            })}
            <main class=move || if signals.configured.get() { "tel-layout signed-in" } else { "tel-layout" }>
                <div class="tel-column">
                    <settings_form::SettingsForm key_field=key_field panel=settings_panel/>
                    <dialer::Dialer/>
                </div>
                <div class="tel-column tel-wide">
                    <calls::LiveCalls/>
                    <history::HistoryPanel/>
                </div>
            </main>
        </div>
    }
}

/// "Edit credentials" on the 401/403 banner: brings the settings into view with the key field
/// focused (it shows the saved key masked; typing replaces it). Nothing is sent until Save or Retry,
/// because the poller stays stopped until one of them restarts it.
fn edit_credentials(
    key_field: NodeRef<leptos::html::Input>,
    settings_panel: NodeRef<leptos::html::Section>,
) {
    if let Some(input) = key_field.get_untracked() {
        input.scroll_into_view();
        let _ = input.focus();
    } else if let Some(panel) = settings_panel.get_untracked() {
        panel.scroll_into_view();
    }
}
