//! A Fluent catalogue as pieces: text, argument slots and choices (terms and message
//! references inlined), with every construct we do not support recorded as a problem.

use std::collections::BTreeMap;

use fluent_syntax::ast;

#[derive(Clone)]
pub enum Piece {
    Text(String),
    /// A variable; `true` when written `NUMBER($var)` (the function then takes a number).
    Arg(String, bool),
    /// `default` is the position of the `*` variant.
    Select { arg: String, variants: Vec<(Key, Vec<Piece>)>, default: usize },
}

#[derive(Clone)]
pub enum Key {
    Name(String),
    Num(i64),
}

pub struct Catalogue {
    pub messages: BTreeMap<String, Vec<Piece>>,
    pub order: Vec<String>,
}

pub fn compile(lang: &str, source: &str, problems: &mut Vec<String>) -> Catalogue {
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

pub fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (out.last_mut(), piece) {
            (Some(Piece::Text(last)), Piece::Text(next)) => last.push_str(&next),
            (_, piece) => out.push(piece),
        }
    }
    out
}
