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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast;

/// English first: it defines the keys, their arguments and the fallback text.
const LANGUAGES: &[&str] = &["en", "de", "es"];

/// The message families the app looks up by an id it builds at run time (`index_of`); every
/// other message is reached through its typed function, so its id need not be in the bundle.
const RUNTIME_PREFIXES: &[&str] =
    &["language-name", "error-", "end-", "ended-", "stream-status-", "tel-phase-", "tel-direction-"];

/// The encoding of a compiled message (control characters never occur in catalogue text):
/// plain text; ARG + index char for an argument; SELECT + index char, then per variant
/// VARIANT + (`*` if default) + key + BODY + the variant's pieces, then END.
const ARG: char = '\u{1}';
const SELECT: char = '\u{2}';
const VARIANT: char = '\u{3}';
const BODY: char = '\u{4}';
const END: char = '\u{5}';

#[derive(Clone)]
enum Piece {
    Text(String),
    /// A variable; `true` when written `NUMBER($var)` (the function then takes a number).
    Arg(String, bool),
    /// `default` is the position of the `*` variant.
    Select { arg: String, variants: Vec<(Key, Vec<Piece>)>, default: usize },
}

#[derive(Clone)]
enum Key {
    Name(String),
    Num(i64),
}

struct Catalogue {
    messages: BTreeMap<String, Vec<Piece>>,
    order: Vec<String>,
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut problems = Vec::new();
    let mut catalogues = Vec::new();
    for lang in LANGUAGES {
        let path = Path::new(&root).join("locales").join(format!("{lang}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        catalogues.push(compile(lang, &source, &mut problems));
    }
    let out = generate(&catalogues, &mut problems);
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
    std::fs::write(&dest, out).expect("writing the generated catalogue");
}

fn compile(lang: &str, source: &str, problems: &mut Vec<String>) -> Catalogue {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, errors)) => {
            for e in errors {
                problems.push(format!("{lang}: parse error {e:?}"));
            }
            r
        }
    };
    let mut terms = BTreeMap::new();
    let mut raw = BTreeMap::new();
    let mut order = Vec::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Term(term) => {
                terms.insert(term.id.name.to_string(), term.value.clone());
            }
            ast::Entry::Message(message) => {
                let id = message.id.name.to_string();
                if !message.attributes.is_empty() {
                    problems.push(format!("{lang}: {id} has attributes (not supported: use separate messages)"));
                }
                match &message.value {
                    Some(value) => {
                        if raw.insert(id.clone(), value.clone()).is_some() {
                            problems.push(format!("{lang}: {id} is defined twice"));
                        } else {
                            order.push(id);
                        }
                    }
                    None => problems.push(format!("{lang}: {id} has no value")),
                }
            }
            ast::Entry::Junk { content } => problems.push(format!("{lang}: unparsable entry {content:?}")),
            _ => {}
        }
    }
    let scope = Scope { lang, terms: &terms, messages: &raw };
    let mut messages = BTreeMap::new();
    for (id, pattern) in &raw {
        let mut pieces = Vec::new();
        scope.pattern(id, pattern, &mut pieces, problems, 0);
        messages.insert(id.clone(), merge_text(pieces));
    }
    Catalogue { messages, order }
}

struct Scope<'a> {
    lang: &'a str,
    terms: &'a BTreeMap<String, ast::Pattern<&'a str>>,
    messages: &'a BTreeMap<String, ast::Pattern<&'a str>>,
}

impl Scope<'_> {
    fn pattern(&self, id: &str, pattern: &ast::Pattern<&str>, out: &mut Vec<Piece>, problems: &mut Vec<String>, depth: u32) {
        if depth > 8 {
            problems.push(format!("{}: {id} references itself", self.lang));
            return;
        }
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => out.push(Piece::Text(value.to_string())),
                ast::PatternElement::Placeable { expression } => self.expression(id, expression, out, problems, depth),
            }
        }
    }

    fn expression(&self, id: &str, expression: &ast::Expression<&str>, out: &mut Vec<Piece>, problems: &mut Vec<String>, depth: u32) {
        match expression {
            ast::Expression::Inline(inline) => self.inline(id, inline, out, problems, depth),
            ast::Expression::Select { selector, variants } => {
                let ast::InlineExpression::VariableReference { id: var } = selector else {
                    problems.push(format!("{}: {id} selects on something other than a variable", self.lang));
                    return;
                };
                let mut compiled = Vec::new();
                let mut default = 0;
                for variant in variants {
                    let mut pieces = Vec::new();
                    self.pattern(id, &variant.value, &mut pieces, problems, depth);
                    let pieces = merge_text(pieces);
                    let key = match &variant.key {
                        ast::VariantKey::Identifier { name } => Key::Name(name.to_string()),
                        ast::VariantKey::NumberLiteral { value } => match value.parse() {
                            Ok(n) => Key::Num(n),
                            Err(_) => {
                                problems.push(format!("{}: {id} has a non-integer variant key {value}", self.lang));
                                continue;
                            }
                        },
                    };
                    if variant.default {
                        default = compiled.len();
                    }
                    compiled.push((key, pieces));
                }
                out.push(Piece::Select { arg: var.name.to_string(), variants: compiled, default });
            }
        }
    }

    fn inline(&self, id: &str, inline: &ast::InlineExpression<&str>, out: &mut Vec<Piece>, problems: &mut Vec<String>, depth: u32) {
        match inline {
            ast::InlineExpression::StringLiteral { value } => out.push(Piece::Text(unescape(value))),
            ast::InlineExpression::NumberLiteral { value } => out.push(Piece::Text(value.to_string())),
            ast::InlineExpression::VariableReference { id: var } => out.push(Piece::Arg(var.name.to_string(), false)),
            ast::InlineExpression::Placeable { expression } => self.expression(id, expression, out, problems, depth),
            ast::InlineExpression::TermReference { id: term, .. } => match self.terms.get(term.name) {
                Some(pattern) => self.pattern(id, pattern, out, problems, depth + 1),
                None => problems.push(format!("{}: {id} uses unknown term -{}", self.lang, term.name)),
            },
            ast::InlineExpression::MessageReference { id: other, .. } => match self.messages.get(other.name) {
                Some(pattern) => self.pattern(id, pattern, out, problems, depth + 1),
                None => problems.push(format!("{}: {id} uses unknown message {}", self.lang, other.name)),
            },
            // NUMBER($var) only marks the variable as a number (shown as digits, no grouping).
            ast::InlineExpression::FunctionReference { id: function, arguments }
                if function.name == "NUMBER" && arguments.named.is_empty() =>
            {
                match arguments.positional.as_slice() {
                    [ast::InlineExpression::VariableReference { id: var }] => out.push(Piece::Arg(var.name.to_string(), true)),
                    _ => problems.push(format!("{}: {id} calls NUMBER() on something other than one variable", self.lang)),
                }
            }
            ast::InlineExpression::FunctionReference { id: function, .. } => {
                problems.push(format!("{}: {id} calls {}() (only NUMBER($var) is supported)", self.lang, function.name))
            }
        }
    }
}

/// Fluent string literals escape `\"`, `\\` and `\uXXXX`.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(next)) => last.push_str(&next),
            (_, piece) => out.push(piece),
        }
    }
    out
}

/// Variables a message uses, in order of first use, and which of them are numbers (selectors
/// and `NUMBER($var)`).
fn variables(pieces: &[Piece], names: &mut Vec<String>, selectors: &mut BTreeSet<String>) {
    for piece in pieces {
        match piece {
            Piece::Text(_) => {}
            Piece::Arg(name, numeric) => {
                if !names.contains(name) {
                    names.push(name.clone());
                }
                if *numeric {
                    selectors.insert(name.clone());
                }
            }
            Piece::Select { arg, variants, .. } => {
                if !names.contains(arg) {
                    names.push(arg.clone());
                }
                // A choice on plural categories or numbers takes a number; one on other words, a word.
                let plural = ["zero", "one", "two", "few", "many", "other"];
                if variants.iter().all(|(key, _)| matches!(key, Key::Num(_)) || matches!(key, Key::Name(n) if plural.contains(&n.as_str()))) {
                    selectors.insert(arg.clone());
                }
                for (_, pieces) in variants {
                    variables(pieces, names, selectors);
                }
            }
        }
    }
}

/// Variables a message shows as text (not only chooses by).
fn printed(pieces: &[Piece], names: &mut BTreeSet<String>) {
    for piece in pieces {
        match piece {
            Piece::Text(_) => {}
            Piece::Arg(name, _) => {
                names.insert(name.clone());
            }
            Piece::Select { variants, .. } => variants.iter().for_each(|(_, pieces)| printed(pieces, names)),
        }
    }
}

fn rust_name(id: &str) -> String {
    let name = id.replace('-', "_");
    match name.as_str() {
        "type" | "match" | "move" | "ref" | "self" | "use" | "fn" | "loop" | "in" | "as" | "mod" => format!("r#{name}"),
        _ => name,
    }
}

fn generate(catalogues: &[Catalogue], problems: &mut Vec<String>) -> String {
    let english = &catalogues[0];
    let ids = &english.order;
    let mut arg_names = Vec::new();
    let mut arg_selectors = Vec::new();
    for id in ids {
        let (mut names, mut selectors) = (Vec::new(), BTreeSet::new());
        variables(&english.messages[id], &mut names, &mut selectors);
        arg_names.push(names);
        arg_selectors.push(selectors);
    }
    let mut out = String::from("// @generated by build.rs from locales/*.ftl: edit the catalogues, not this file.\n\n");
    let _ = writeln!(out, "/// The languages the app speaks, English first.");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum Lang {\n");
    for lang in LANGUAGES {
        let _ = writeln!(out, "    {},", capitalise(lang));
    }
    out.push_str("}\n\nimpl Lang {\n");
    let _ = writeln!(
        out,
        "    pub const ALL: [Lang; {}] = [{}];",
        LANGUAGES.len(),
        LANGUAGES.iter().map(|l| format!("Lang::{}", capitalise(l))).collect::<Vec<_>>().join(", ")
    );
    out.push_str("    /// The language's BCP 47 code, as `<html lang>` takes it.\n    pub fn code(self) -> &'static str {\n        match self {\n");
    for lang in LANGUAGES {
        let _ = writeln!(out, "            Lang::{} => {lang:?},", capitalise(lang));
    }
    out.push_str("        }\n    }\n\n    /// The language's messages, end to end, and where each one starts (see `encode`).\n    fn table(self) -> (&'static str, &'static [u16]) {\n        match self {\n");
    for lang in LANGUAGES {
        let upper = lang.to_uppercase();
        let _ = writeln!(out, "            Lang::{} => ({upper}, &{upper}_AT),", capitalise(lang));
    }
    out.push_str("        }\n    }\n}\n\n");

    for (lang, catalogue) in LANGUAGES.iter().zip(catalogues) {
        let (mut blob, mut starts) = (String::new(), vec![0usize]);
        for (index, id) in ids.iter().enumerate() {
            let pieces = match catalogue.messages.get(id) {
                Some(pieces) => {
                    if *lang != "en" {
                        check_variables(lang, id, pieces, &arg_names[index], problems);
                    }
                    pieces
                }
                None => {
                    problems.push(format!("{lang}: {id} is missing (English is shown)"));
                    &english.messages[id]
                }
            };
            encode(pieces, &arg_names[index], lang, id, problems, &mut blob);
            starts.push(blob.len());
        }
        assert!(blob.len() <= usize::from(u16::MAX), "{lang}: the catalogue outgrew u16 offsets");
        let upper = lang.to_uppercase();
        let _ = writeln!(out, "static {upper}: &str = {blob:?};");
        let _ = writeln!(out, "static {upper}_AT: [u16; {}] = {starts:?};\n", starts.len());
        for id in &catalogue.order {
            if !english.messages.contains_key(id) {
                problems.push(format!("{lang}: {id} is not in the English catalogue"));
            }
        }
    }

    let _ = writeln!(out, "/// Every message id, in catalogue order (an index into each language's table).");
    let _ = writeln!(out, "#[cfg(test)]");
    let _ = writeln!(out, "pub static IDS: [&str; {}] = [{}];", ids.len(), ids.iter().map(|i| format!("{i:?}")).collect::<Vec<_>>().join(", "));
    let _ = writeln!(out, "/// Each message's arguments: name, whether it is a number, whether English shows it.");
    let _ = writeln!(out, "#[cfg(test)]");
    let _ = writeln!(out, "pub static ARGS: [&[(&str, bool, bool)]; {}] = [", ids.len());
    for ((names, selectors), id) in arg_names.iter().zip(&arg_selectors).zip(ids) {
        let mut shown = BTreeSet::new();
        printed(&english.messages[id], &mut shown);
        let list: Vec<String> =
            names.iter().map(|n| format!("({n:?}, {}, {})", selectors.contains(n), shown.contains(n))).collect();
        let _ = writeln!(out, "    &[{}],", list.join(", "));
    }
    out.push_str("];\n\n");
    out.push_str("/// The position of a message by its id, for the ids built at run time (those starting with\n/// one of build.rs's `RUNTIME_PREFIXES`, such as error codes).\npub fn index_of(id: &str) -> Option<usize> {\n    match id {\n");
    for (index, id) in ids.iter().enumerate() {
        if RUNTIME_PREFIXES.iter().any(|p| id.starts_with(p)) {
            let _ = writeln!(out, "        {id:?} => Some({index}),");
        }
    }
    out.push_str("        _ => None,\n    }\n}\n\n");

    out.push_str("/// One function per message, in the current language (a reactive read under Leptos).\n#[allow(dead_code, non_upper_case_globals)]\npub mod t {\n    use super::{render, Arg};\n");
    for (index, id) in ids.iter().enumerate() {
        let english_text = preview(&english.messages[id]);
        let params: Vec<String> = arg_names[index]
            .iter()
            .map(|n| format!("{}: {}", rust_name(&n.replace('-', "_")), if arg_selectors[index].contains(n) { "i64" } else { "&str" }))
            .collect();
        let args: Vec<String> = arg_names[index]
            .iter()
            .map(|n| {
                let name = rust_name(&n.replace('-', "_"));
                if arg_selectors[index].contains(n) { format!("Arg::Num({name})") } else { format!("Arg::Text({name})") }
            })
            .collect();
        let _ = writeln!(out, "    /// {english_text}");
        if params.is_empty() {
            // A function pointer, not a function: every `{t::hang_up}` in a view is then the same
            // type (`fn() -> String`), so Leptos compiles its reactive text code once, not once per
            // message; `t::hang_up()` still calls it.
            let _ = writeln!(out, "    pub const {}: fn() -> String = || render({index}, &[]);", rust_name(id));
            continue;
        }
        let _ = writeln!(
            out,
            "    pub fn {}({}) -> String {{\n        render({index}, &[{}])\n    }}",
            rust_name(id),
            params.join(", "),
            args.join(", ")
        );
    }
    out.push_str("}\n\n");

    let _ = writeln!(out, "/// What is wrong with the catalogues (the catalogue tests require none).");
    let _ = writeln!(out, "#[cfg(test)]");
    let _ = writeln!(out, "pub static PROBLEMS: &[&str] = &[{}];", problems.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>().join(", "));
    out
}

fn check_variables(lang: &str, id: &str, pieces: &[Piece], english: &[String], problems: &mut Vec<String>) {
    let (mut names, mut selectors) = (Vec::new(), BTreeSet::new());
    variables(pieces, &mut names, &mut selectors);
    for name in english {
        if !names.contains(name) {
            problems.push(format!("{lang}: {id} never uses ${name}"));
        }
    }
}

fn encode(pieces: &[Piece], args: &[String], lang: &str, id: &str, problems: &mut Vec<String>, out: &mut String) {
    let slot = |name: &str, problems: &mut Vec<String>| match args.iter().position(|a| a == name) {
        Some(i) => Some(char::from(b'0' + i as u8)),
        None => {
            problems.push(format!("{lang}: {id} uses ${name}, which English does not pass"));
            None
        }
    };
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                if text.chars().any(|c| ('\u{1}'..='\u{5}').contains(&c)) {
                    problems.push(format!("{lang}: {id} contains a control character"));
                }
                out.push_str(text);
            }
            Piece::Arg(name, _) => match slot(name, problems) {
                Some(i) => {
                    out.push(ARG);
                    out.push(i);
                }
                None => out.push_str(&format!("{{${name}}}")),
            },
            Piece::Select { arg, variants, default } => {
                let Some(i) = slot(arg, problems) else {
                    out.push_str(&format!("{{${arg}}}"));
                    continue;
                };
                out.push(SELECT);
                out.push(i);
                for (position, (key, pieces)) in variants.iter().enumerate() {
                    out.push(VARIANT);
                    let key = match key {
                        Key::Name(n) => n.clone(),
                        Key::Num(n) => n.to_string(),
                    };
                    if position == *default {
                        out.push('*');
                    }
                    out.push_str(&key);
                    out.push(BODY);
                    encode(pieces, args, lang, id, problems, out);
                }
                out.push(END);
            }
        }
    }
}

fn preview(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Arg(a, _) => {
                let _ = write!(out, "{{${a}}}");
            }
            Piece::Select { arg, variants, default } => {
                let _ = write!(out, "{{${arg} -> …{}}}", variants.get(*default).map(|(_, p)| preview(p)).unwrap_or_default());
            }
        }
    }
    out.replace('\n', " ")
}

fn capitalise(lang: &str) -> String {
    let mut chars = lang.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}
