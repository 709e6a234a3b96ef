//! The page in the reader's language. The catalogues are Fluent files (`locales/*.ftl`) that
//! build.rs turns into plain tables and one typed function per message (`t::hang_up()`,
//! `t::people_online(count)`), so the bundle holds no Fluent runtime; see docs/ARCHITECTURE.md.
//!
//! Every function in `t` reads the current language through a signal, so text written as
//! `{move || t::hang_up()}` (or an attribute `aria-label=move || t::…()`) changes the moment the
//! reader picks another language. Stable codes from the core (end reasons, client errors) are
//! localised by code (`sentence`, `end_sentence`, `ended_label`), the core's English sentence being the fallback.

mod plural;
#[cfg(target_arch = "wasm32")]
mod current;
#[cfg(test)]
mod tests;

#[cfg(target_arch = "wasm32")]
pub use current::{init, language, set_language};

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// One piece of a compiled message.
pub enum Piece {
    Text(&'static str),
    /// The message's argument at this position.
    Arg(usize),
    /// A choice on a numeric (plural category or exact number) or word argument; the last
    /// list is the default variant.
    Select(usize, &'static [(Key, &'static [Piece])], &'static [Piece]),
}

/// A variant's key: a plural category or a word (`[one]`, `[other]`), or an exact number (`[0]`).
pub enum Key {
    Name(&'static str),
    Num(i64),
}

/// A value handed to a message.
#[derive(Clone, Copy)]
pub enum Arg<'a> {
    Num(i64),
    Text(&'a str),
}

impl Lang {
    /// The language's own name, for the picker ("Deutsch", "Español").
    pub fn own_name(self) -> String {
        render_in(self, index_of("language-name").unwrap_or(0), &[])
    }

    /// The catalogue language for a BCP 47 tag ("de-AT" -> German), if there is one.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }
}

/// The message at `index` in the current language.
fn render(index: usize, args: &[Arg]) -> String {
    render_in(current(), index, args)
}

/// The message at `index` in `lang`.
pub fn render_in(lang: Lang, index: usize, args: &[Arg]) -> String {
    let mut out = String::new();
    if let Some(pieces) = lang.table().get(index) {
        write_pieces(lang, pieces, args, &mut out);
    }
    out
}

fn write_pieces(lang: Lang, pieces: &[Piece], args: &[Arg], out: &mut String) {
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Arg(i) => match args.get(*i) {
                Some(Arg::Text(text)) => out.push_str(text),
                Some(Arg::Num(n)) => out.push_str(&n.to_string()),
                None => {}
            },
            Piece::Select(i, variants, default) => {
                let chosen = variants.iter().find(|(key, _)| matches(lang, key, args.get(*i))).map(|(_, p)| *p);
                write_pieces(lang, chosen.unwrap_or(default), args, out);
            }
        }
    }
}

fn matches(lang: Lang, key: &Key, arg: Option<&Arg>) -> bool {
    match (key, arg) {
        (Key::Num(k), Some(Arg::Num(n))) => k == n,
        (Key::Name(name), Some(Arg::Num(n))) => plural::category(lang, *n) == *name,
        (Key::Name(name), Some(Arg::Text(text))) => name == text,
        _ => false,
    }
}

/// The sentence for a stable code a notice carries: a client error (`error-signaling-lost`)
/// or else a call's end (`end-device-in-use`); `fallback` (the core's English) when the
/// catalogue has neither.
pub fn sentence(code: &str, fallback: &str) -> String {
    by_code(&["error", "end"], code, fallback)
}

/// A number with one decimal, with the language's decimal mark ("0.4", "0,4").
pub fn decimal1(value: f64) -> String {
    let text = format!("{value:.1}");
    match current() {
        Lang::En => text,
        Lang::De | Lang::Es => text.replace('.', ","),
    }
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
    if let Some(index) = (0..IDS.len()).find(|&i| ARGS[i].is_empty() && render_in(Lang::En, i, &[]) == message) {
        return render_in(lang, index, &[]);
    }
    if lang == Lang::En {
        return message.to_owned();
    }
    sentence(code, message)
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
    index_of(id).filter(|&i| ARGS[i].is_empty()).map(|i| render(i, &[])).unwrap_or_else(|| fallback.to_owned())
}

fn by_code(prefixes: &[&str], code: &str, fallback: &str) -> String {
    let code = code.to_ascii_lowercase().replace('_', "-");
    prefixes
        .iter()
        .find_map(|prefix| index_of(&format!("{prefix}-{code}")))
        .map(|index| render(index, &[]))
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
