//! The telephony page's words for what the core keeps in English: a call's status, its
//! direction and its talk time, looked up by the codes the core gives them. The English stays
//! where the catalogue has no entry (a raw status MediaSFU made up, or a history stored before
//! the codes were kept).

use dialtone_core::mediasfu::call_log::CallLogEntry;

use crate::i18n::{self, t};

/// A status by its code (`connected`, `ended-busy`, `not-followed`).
pub fn status(code: &str, english: &str) -> String {
    i18n::lookup(&format!("tel-phase-{code}"), english)
}

/// A direction by its English label ("Incoming").
pub fn direction(english: &str) -> String {
    i18n::lookup(&format!("tel-direction-{}", english.to_lowercase()), english)
}

/// A history entry's talk time: "—" until answered, "(est.)" in the reader's words when the end
/// was estimated.
pub fn duration(entry: &CallLogEntry, now_ms: u64) -> String {
    match entry.talk_time_label(now_ms) {
        None => "—".into(),
        Some(label) if entry.estimated => t::tel_estimated(&label),
        Some(label) => label,
    }
}
