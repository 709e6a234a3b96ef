//! The page's current language: a signal every message reads, chosen at start from `?lang=`
//! (a link, or a site embedding the widget, can ask for one), else the reader's earlier choice,
//! else `navigator.languages`, else English; `<html lang>` follows it.

use super::Lang;
use crate::settings;

/// Where the language is kept. The call page keeps it in a signal, so its text follows a change
/// at once; the host and telephony pages have no picker and no Leptos (their bundles would carry
/// the reactive runtime for this one value), so they keep a plain value.
#[cfg(feature = "call-page")]
mod store {
    use leptos::prelude::*;

    use super::Lang;

    thread_local! {
        // An Arc signal: it belongs to no component, so it lives as long as the page.
        static LANGUAGE: ArcRwSignal<Lang> = ArcRwSignal::new(super::initial());
    }

    /// A tracked read: a view that calls it re-renders on a change.
    pub fn get() -> Lang {
        LANGUAGE.with(|l| l.get())
    }

    pub fn get_untracked() -> Lang {
        LANGUAGE.with(|l| l.get_untracked())
    }

    pub fn set(lang: Lang) {
        LANGUAGE.with(|l| l.set(lang));
    }
}

#[cfg(not(feature = "call-page"))]
mod store {
    use std::cell::Cell;

    use super::Lang;

    thread_local! {
        static LANGUAGE: Cell<Lang> = Cell::new(super::initial());
    }

    pub fn get() -> Lang {
        LANGUAGE.with(Cell::get)
    }

    pub fn get_untracked() -> Lang {
        get()
    }

    pub fn set(lang: Lang) {
        LANGUAGE.with(|l| l.set(lang));
    }
}

/// Picks the language and marks the document with it; call once before anything renders.
pub fn init() {
    mark_document(store::get_untracked());
}

/// The current language (a tracked read under Leptos: a view that calls it re-renders on a change).
pub fn language() -> Lang {
    store::get()
}

/// Switches the page to `lang` at once, and remembers the choice on this device.
pub fn set_language(lang: Lang) {
    settings::remember_language(lang.code());
    mark_document(lang);
    store::set(lang);
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
