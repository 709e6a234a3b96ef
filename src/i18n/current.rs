//! The page's current language: a signal every message reads, chosen at start from `?lang=`
//! (a link, or a site embedding the widget, can ask for one), else the reader's earlier choice,
//! else `navigator.languages`, else English; `<html lang>` follows it.

use leptos::prelude::*;

use super::Lang;
use crate::settings;

thread_local! {
    // An Arc signal: it belongs to no component, so it lives as long as the page.
    static LANGUAGE: ArcRwSignal<Lang> = ArcRwSignal::new(initial());
}

/// Picks the language and marks the document with it; call once before anything renders.
pub fn init() {
    let lang = LANGUAGE.with(|l| l.get_untracked());
    mark_document(lang);
}

/// The current language (a tracked read: a view that calls it re-renders on a change).
pub fn language() -> Lang {
    LANGUAGE.with(|l| l.get())
}

/// Switches the page to `lang` at once, and remembers the choice on this device.
pub fn set_language(lang: Lang) {
    settings::remember_language(lang.code());
    mark_document(lang);
    LANGUAGE.with(|l| l.set(lang));
}

fn initial() -> Lang {
    let asked = settings::query_param("lang").or_else(settings::stored_language);
    if let Some(lang) = asked.as_deref().and_then(Lang::from_tag) {
        return lang;
    }
    let preferred = web_sys::window().map(|w| w.navigator().languages()).unwrap_or_default();
    preferred
        .iter()
        .filter_map(|tag| tag.as_string())
        .find_map(|tag| Lang::from_tag(&tag))
        .unwrap_or(Lang::En)
}

fn mark_document(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}
