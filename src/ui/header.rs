//! The top bar: who you are, whether the server is reachable, and the "More" menu (sharing,
//! notifications, and the operator features such as the Telephony page).

use dialtone_core::presence::short_id;
use dialtone_core::embed::Theme;
use leptos::prelude::*;

use super::app::use_ui;
use super::avatar::Avatar;
use crate::controller::{LinkStatus, now_ms};
use crate::i18n::t;

#[component]
pub fn Header() -> impl IntoView {
    let ui = use_ui();
    let name = Signal::derive(move || ui.me.with(|me| me.as_ref().map(|m| m.name.clone()).unwrap_or_default()));
    let id = move || {
        ui.me.with(|me| {
            me.as_ref()
                .and_then(|m| m.id.as_deref())
                .map(|id| t::peer_short_id(short_id(id)))
                .unwrap_or_else(t::self_no_id_yet)
        })
    };
    // While reconnecting: the seconds until the next attempt (0: it is being made).
    let retry_in = move || match ui.link.get() {
        LinkStatus::Reconnecting { retry_at, .. } => Some(retry_at.saturating_sub(ui.now.get().max(now_ms())).div_ceil(1_000)),
        _ => None,
    };
    // Refused by a full room: the server is there, so the header says so rather than "Offline".
    let room_full = move || matches!(ui.link.get(), LinkStatus::Reconnecting { room_full: true, .. });
    let link_text = move || match (ui.link.get(), retry_in()) {
        (LinkStatus::Connecting, _) => t::link_connecting(),
        (LinkStatus::Online, _) => t::link_online(),
        (_, Some(seconds)) if seconds > 0 && room_full() => t::link_room_full_retrying(seconds as i64),
        (_, Some(seconds)) if seconds > 0 => t::link_offline_retrying(seconds as i64),
        _ => t::link_reconnecting(),
    };
    // A phone's header has room for one word beside your name (main.css): the countdown stays
    // in the words screen readers get, and in the banner below.
    let link_word = move || match retry_in() {
        Some(seconds) if seconds > 0 && room_full() => t::link_room_full(),
        Some(seconds) if seconds > 0 => t::link_offline(),
        Some(_) => t::link_reconnecting(),
        None => String::new(),
    };
    view! {
        <header class="topbar">
            <h1 class="brand"><span class="brand-mark" aria-hidden="true"></span>"Dialtone"</h1>
            <div class="me" data-testid="self-identity">
                <Avatar name=name/>
                <div class="me-text">
                    <NameEditor name=name/>
                    <div class="me-id" data-testid="self-id"
                        data-peer-id=move || ui.me.with(|m| m.as_ref().and_then(|m| m.id.clone()).unwrap_or_default())>
                        {id}
                    </div>
                </div>
            </div>
            <ThemeToggle/>
            <div class="link-status" data-testid="connection-status" role="status"
                data-status=move || ui.link.get().as_str() data-room-full=move || room_full().to_string()>
                <span class="dot" aria-hidden="true"></span>
                <span class="link-text">{link_text}</span>
                <span class="link-word" aria-hidden="true">{link_word}</span>
            </div>
            // Sharing, notifications and the operator features (Telephony, audio streaming).
            <super::menu::MoreMenu/>
        </header>
    }
}

/// Your name, and the way to change it: a click turns it into a field (Enter saves, Escape
/// cancels); the new name is remembered and everyone in the room sees it at once.
#[component]
fn NameEditor(name: Signal<String>) -> impl IntoView {
    let intents = super::app::use_intents();
    let editing = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    // Back to the name once the field is gone.
    let button = NodeRef::<leptos::html::Button>::new();
    let focus_button = move || super::focus::focus_first_visible(move || [super::focus::on_page(button)]);
    let save = move || {
        if let Some(field) = input.get_untracked() {
            intents.rename(&field.value());
        }
        editing.set(false);
        focus_button();
    };
    Effect::new(move |_| {
        if editing.get()
            && let Some(field) = input.get()
        {
            let _ = field.focus();
            field.select();
        }
    });
    view! {
        <Show when=move || editing.get() fallback=move || view! {
            <button class="me-name" data-testid="edit-name-button" node_ref=button title=t::name_change_title
                aria-label=move || t::name_change_label(&name.get())
                on:click=move |_| editing.set(true)>
                <span data-testid="self-name">{move || name.get()}</span>
                <span class="edit-mark" aria-hidden="true">"✎"</span>
            </button>
        }>
            <form class="name-form" data-testid="name-form"
                on:submit=move |event| { event.prevent_default(); save(); }>
                <input class="name-input" data-testid="name-input" node_ref=input maxlength=dialtone_core::client::MAX_NAME_CHARS
                    aria-label=t::name_field_label prop:value=move || name.get_untracked()
                    on:keydown=move |event| if event.key() == "Escape" { editing.set(false); focus_button(); }/>
                <button class="pill accent small" data-testid="name-save-button" type="submit">{t::save}</button>
            </form>
        </Show>
    }
}

/// Switches between light and dark, remembered on this device. It offers the theme the page
/// does not show: the page's theme is the person's choice or the embedding host's (`ui.theme`),
/// and under "auto" the system's, followed when it switches.
#[component]
fn ThemeToggle() -> impl IntoView {
    let ui = use_ui();
    let query = web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
    let system = RwSignal::new(query.as_ref().is_some_and(|q| q.matches()));
    if let Some(query) = query {
        let changes = query.clone();
        let follow = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || system.set(changes.matches()));
        let _ = query.add_event_listener_with_callback("change", wasm_bindgen::JsCast::unchecked_ref(follow.as_ref()));
        follow.forget();
    }
    let dark = move || match ui.theme.get() {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::Auto => system.get(),
    };
    let label = move || if dark() { t::theme_to_light() } else { t::theme_to_dark() };
    view! {
        <button class="theme-toggle" data-testid="theme-toggle" aria-label=label title=label
            data-theme=move || if dark() { "dark" } else { "light" }
            on:click=move |_| {
                let next = if dark() { Theme::Light } else { Theme::Dark };
                crate::settings::choose_theme(next);
                ui.theme.set(next);
            }>
            {move || if dark() { super::icons::sun().into_any() } else { super::icons::moon().into_any() }}
        </button>
    }
}
