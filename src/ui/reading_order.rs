//! How the page shows names in its reader's language, with the browser's own Unicode data: people
//! in the reader's alphabetical order (`Intl.Collator`: "Émile" between "Dave" and "Frank",
//! "Guest 999" before "Guest 1000"), and upper-case initials. The core keeps a stable order by
//! name and id; this is only how the page lists it. Leaving case and collation to the browser
//! keeps Rust's Unicode case tables out of the wasm (about 15 KB gzip).

use std::cell::RefCell;

use dialtone_core::presence::PeerSummary;
use js_sys::{Array, Function, JsString, Object};
use wasm_bindgen::JsValue;

use crate::i18n;

thread_local! {
    /// The compare function of the collator for a language code, made once per language.
    static COMPARE: RefCell<Option<(&'static str, Function)>> = const { RefCell::new(None) };
}

fn compare_in(language: &'static str) -> Function {
    COMPARE.with(|cell| {
        let mut cell = cell.borrow_mut();
        match cell.as_ref() {
            Some((code, compare)) if *code == language => compare.clone(),
            _ => {
                let options = Object::new();
                crate::js::set(&options, "numeric", &JsValue::TRUE);
                let collator = js_sys::Intl::Collator::new(&Array::of1(&JsValue::from_str(language)), &options);
                let compare = collator.compare();
                *cell = Some((language, compare.clone()));
                compare
            }
        }
    })
}

/// `peers` in the reader's alphabetical order of their shown names, then by id. Reads the
/// page's language, so a list drawn with it is sorted again when the language changes.
pub fn people(mut peers: Vec<PeerSummary>) -> Vec<PeerSummary> {
    let language = i18n::language().code();
    // A fresh page makes its first collator in 7-13 ms (ICU's data): not for a list with nothing
    // to order, such as the one person a first visit often sees.
    if peers.len() < 2 {
        return peers;
    }
    let compare = compare_in(language);
    let by_name = |a: &PeerSummary, b: &PeerSummary| {
        let (a, b) = (JsValue::from(crate::i18n::names::listed(a)), JsValue::from(crate::i18n::names::listed(b)));
        compare.call2(&JsValue::NULL, &a, &b).ok().and_then(|order| order.as_f64()).unwrap_or(0.0)
    };
    peers.sort_by(|a, b| by_name(a, b).partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal).then_with(|| a.id.cmp(&b.id)));
    peers
}

/// `text` in upper case, by the browser's Unicode rules ("ß" becomes "SS").
pub fn upper_case(text: &str) -> String {
    JsString::from(text).to_upper_case().into()
}
