//! Compiles the Fluent catalogues in `locales/*.ftl` into plain Rust tables at build time, so
//! the app carries no Fluent parser or runtime: a message is a short list of text pieces,
//! argument slots and plural selections, and each English message becomes a typed function
//! (`t::people_online(count)`), so a call site with a wrong or missing argument does not compile.
//!
//! Supported Fluent: messages, terms (inlined here), `{ $var }`, `{ "literal" }`, message and term
//! references, select expressions on a variable (plural categories, exact numbers, words), and
//! `NUMBER($var)` to make a variable a number without selecting on it.
//! Anything else (attributes, functions) is recorded as a problem. Problems (a key missing from a
//! translation, a key English lacks, an unknown variable, a parse error) never fail the build, so
//! one helper's half-added string does not stop everyone; the catalogue tests fail on them.
//!
//! `build/compile.rs` turns a catalogue into pieces; `build/generate.rs` writes the Rust.

use std::path::Path;

#[path = "build/compile.rs"]
mod compile;
#[path = "build/generate.rs"]
mod generate;

/// English first: it defines the keys, their arguments and the fallback text.
const LANGUAGES: &[&str] = &["en", "de", "es"];

/// The message families the app looks up by an id it builds at run time (`index_of`); every
/// other message is reached through its typed function, so its id need not be in the bundle.
const RUNTIME_PREFIXES: &[&str] =
    &["language-name", "error-", "end-", "ended-", "stream-status-", "tel-phase-", "tel-direction-", "tel-outcome-"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut problems = Vec::new();
    let mut catalogues = Vec::new();
    for lang in LANGUAGES {
        let path = Path::new(&root).join("locales").join(format!("{lang}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        catalogues.push(compile::compile(lang, &source, &mut problems));
    }
    let out = generate::generate(&catalogues, &mut problems);
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
    std::fs::write(&dest, out).expect("writing the generated catalogue");
}
