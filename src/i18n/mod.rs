//! The page in the reader's language. The catalogues are Fluent files (`locales/*.ftl`) that
//! build.rs turns into one constant per message (its text in every language) and one typed
//! function each (`t::hang_up()`, `t::people_online(count)`), so the bundle holds no Fluent
//! runtime; see docs/ARCHITECTURE.md.
//!
//! Every function in `t` reads the current language through a signal (a plain value on the host
//! page, which is drawn without Leptos and has no picker), so text written as
//! `{move || t::hang_up()}` (or an attribute `aria-label=move || t::…()`) changes the moment the
//! reader picks another language. Stable codes from the core (end reasons, client errors) are
//! localised by code (`sentence`, `end_sentence`, `ended_label`), the core's English sentence being the fallback.

pub mod ended;
pub mod names;
mod plural;
#[cfg(target_arch = "wasm32")]
mod current;
#[cfg(test)]
mod tests;

#[cfg(target_arch = "wasm32")]
pub use current::{init, language, set_language};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A value handed to a message.
#[derive(Clone, Copy)]
pub enum Arg<'a> {
    Num(i64),
    Text(&'a str),
}

impl Lang {
    /// The language's own name, for the picker ("Deutsch", "Español").
    pub fn own_name(self) -> String {
        render_in(self, message_by_id("language-name").unwrap_or(""), &[])
    }

    /// The catalogue language for a BCP 47 tag ("de-AT" -> German), if there is one.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }
}

/// `message` (a catalogue constant: every language's text) in the current language.
fn render(message: &'static str, args: &[Arg]) -> String {
    render_in(current(), message, args)
}

/// `message` in `lang`.
pub fn render_in(lang: Lang, message: &'static str, args: &[Arg]) -> String {
    let mut out = String::new();
    write_pieces(lang, source(lang, message), args, &mut out);
    out
}

/// The encoded message (build.rs `encode`) in `lang`: text, `\u{1}`+slot for an argument, and
/// `\u{2}`+slot, then per variant `\u{3}` [`*`] key `\u{4}` body, then `\u{5}`, for a choice.
/// A message holds its languages in `Lang` order, separated by NUL.
fn source(lang: Lang, message: &'static str) -> &'static str {
    message.split('\0').nth(lang as usize).unwrap_or("")
}

const ARG: char = '\u{1}';
const SELECT: char = '\u{2}';
const VARIANT: char = '\u{3}';
const BODY: char = '\u{4}';
const END: char = '\u{5}';

fn slot(c: Option<char>) -> usize {
    c.map_or(usize::MAX, |c| (c as usize).wrapping_sub('0' as usize))
}

/// Writes `source` (one message or one variant's body) with `args`.
fn write_pieces(lang: Lang, source: &str, args: &[Arg], out: &mut String) {
    let mut rest = source;
    while let Some(at) = rest.find([ARG, SELECT]) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        let marker = chars.next();
        let arg = args.get(slot(chars.next()));
        rest = chars.as_str();
        if marker == Some(ARG) {
            match arg {
                Some(Arg::Text(text)) => out.push_str(text),
                Some(Arg::Num(n)) => out.push_str(&n.to_string()),
                None => {}
            }
            continue;
        }
        let (chosen, after) = choose(lang, rest, arg);
        write_pieces(lang, chosen, args, out);
        rest = after;
    }
    out.push_str(rest);
}

/// The body of the variant `arg` picks among those at the start of `source` (an exact number
/// first, then the plural category or word, else the default), and what follows the choice.
fn choose<'a>(lang: Lang, source: &'a str, arg: Option<&Arg>) -> (&'a str, &'a str) {
    let (mut exact, mut named, mut default) = (None, None, "");
    let mut rest = source;
    while let Some(variant) = rest.strip_prefix(VARIANT) {
        let Some((key, after_key)) = variant.split_once(BODY) else { break };
        let end = body_end(after_key);
        let body = &after_key[..end];
        rest = &after_key[end..];
        let key = match key.strip_prefix('*') {
            Some(key) => {
                default = body;
                key
            }
            None => key,
        };
        match (arg, key.parse::<i64>()) {
            (Some(Arg::Num(n)), Ok(k)) if *n == k => exact = exact.or(Some(body)),
            (Some(Arg::Num(n)), Err(_)) if plural::category(lang, *n) == key => named = named.or(Some(body)),
            (Some(Arg::Text(text)), _) if *text == key => named = named.or(Some(body)),
            _ => {}
        }
    }
    (exact.or(named).unwrap_or(default), rest.strip_prefix(END).unwrap_or(rest))
}

/// Where a variant's body ends: at the next variant or the end of its choice, skipping nested ones.
fn body_end(body: &str) -> usize {
    let mut depth = 0usize;
    for (at, c) in body.char_indices() {
        match c {
            SELECT => depth += 1,
            END if depth > 0 => depth -= 1,
            VARIANT | END if depth == 0 => return at,
            _ => {}
        }
    }
    body.len()
}

/// A number with one decimal, with the language's decimal mark ("0.4", "0,4").
pub fn decimal1(value: f64) -> String {
    let text = format!("{value:.1}");
    match current() {
        Lang::En => text,
        Lang::De | Lang::Es => text.replace('.', ","),
    }
}

/// A file's size in megabytes with one decimal; a file under 0.05 MB (a second of audio) reads
/// "< 0.1", not "0.0" as if it were empty.
pub fn megabytes(bytes: u64) -> String {
    if bytes < 50_000 { format!("< {}", decimal1(0.1)) } else { decimal1(bytes as f64 / 1_000_000.0) }
}

/// A call's length as words ("1 minute 5 seconds"), for screen readers and tooltips.
pub fn spoken_duration(ms: u64) -> String {
    let seconds = (ms / 1_000) as i64;
    t::duration_spoken(seconds / 3_600, (seconds / 60) % 60, seconds % 60)
}

/// A notice's sentence in the reader's language. The controller writes notices in English (the
/// fallback, and what the embedding host receives); a sentence that is an English catalogue
/// message shows as that message, else the catalogue's sentence for the code stands in for a
/// more specific English one, else the English stays.
pub fn notice_text(code: &str, message: &str) -> String {
    let lang = current();
    if let Some(found) = message_in(Lang::En, message) {
        return render_in(lang, found, &[]);
    }
    // Already in the reader's language (written with a `t::` function), or English with no
    // better sentence to offer.
    if lang == Lang::En || message_in(lang, message).is_some() {
        return message.to_owned();
    }
    // The controller's wrapper around a server's own (English) words.
    if let Some(detail) = message.strip_prefix("The server refused a message: ") {
        return t::server_refused(detail);
    }
    sentence(code, message)
}

/// A fixed English text from the core (a call state's label, say) in the reader's language:
/// the catalogue message whose English is exactly `english`, else `english` itself.
pub fn translate(english: &str) -> String {
    match message_in(Lang::En, english) {
        Some(message) => render(message, &[]),
        None => english.to_owned(),
    }
}

/// The argument-free message whose whole text in `lang` is `text`.
fn message_in(lang: Lang, text: &str) -> Option<&'static str> {
    // A message with arguments holds control characters, so it never equals plain text.
    ALL.iter().copied().find(|message| source(lang, message) == text)
}

/// The sentence for a stable code a notice carries: a client error (`error-signaling-lost`)
/// or else a call's end (`end-device-in-use`); `fallback` (the core's English) when the
/// catalogue has neither.
pub fn sentence(code: &str, fallback: &str) -> String {
    by_code(&["error", "end"], code, fallback)
}

/// The sentence for why a call ended (`end-remote-hung-up`), `fallback` when unknown.
pub fn end_sentence(code: &str, fallback: &str) -> String {
    by_code(&["end"], code, fallback)
}

/// The word or two for a call's end in lists (`ended-no-answer`), `fallback` when unknown.
pub fn ended_label(code: &str, fallback: &str) -> String {
    by_code(&["ended"], code, fallback)
}

/// The argument-free message `id` (built at run time, e.g. `stream-status-active`), `fallback`
/// when the catalogue has no such message.
pub fn lookup(id: &str, fallback: &str) -> String {
    message_by_id(id).map(|m| render(m, &[])).unwrap_or_else(|| fallback.to_owned())
}

fn by_code(prefixes: &[&str], code: &str, fallback: &str) -> String {
    let code = code.to_ascii_lowercase().replace('_', "-");
    prefixes
        .iter()
        .find_map(|prefix| message_by_id(&format!("{prefix}-{code}")))
        .map(|message| render(message, &[]))
        .unwrap_or_else(|| fallback.to_owned())
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static TEST_LANGUAGE: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// The current language (natively, for tests, a per-thread setting).
#[cfg(not(target_arch = "wasm32"))]
fn current() -> Lang {
    TEST_LANGUAGE.with(|l| l.get())
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
pub fn set_test_language(lang: Lang) {
    TEST_LANGUAGE.with(|l| l.set(lang));
}

#[cfg(target_arch = "wasm32")]
fn current() -> Lang {
    current::language()
}
