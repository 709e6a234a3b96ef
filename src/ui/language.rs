//! The language picker: each language under its own name, applied at once (every message
//! reads the language signal) and remembered on this device.

use leptos::prelude::*;

use crate::i18n::{self, t, Lang};

#[component]
pub fn LanguagePicker() -> impl IntoView {
    view! {
        <label class="field language-picker">{t::language_label}
            <select data-testid="language-picker"
                on:change=move |event| {
                    if let Some(lang) = Lang::from_tag(&event_target_value(&event)) {
                        i18n::set_language(lang);
                    }
                }
                prop:value=move || i18n::language().code()>
                {Lang::ALL.into_iter().map(|lang| view! {
                    // Each name in its own language (and marked so, for screen readers).
                    <option value=lang.code() lang=lang.code()>{lang.own_name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
