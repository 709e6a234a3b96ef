//! A round badge with a person's initials.

use leptos::prelude::*;

/// Up to two initials from a display name.
pub fn initials(name: &str) -> String {
    let mut letters = name
        .split_whitespace()
        .filter_map(|word| word.chars().next())
        .flat_map(char::to_uppercase);
    match (letters.next(), letters.next()) {
        (Some(a), Some(b)) => format!("{a}{b}"),
        (Some(a), None) => a.to_string(),
        _ => "?".to_owned(),
    }
}

/// A stable hue per name, so a person keeps their colour.
fn hue(name: &str) -> u32 {
    name.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32)) % 360
}

#[component]
pub fn Avatar(#[prop(into)] name: Signal<String>, #[prop(optional)] size: &'static str) -> impl IntoView {
    let class = format!("avatar {size}");
    view! {
        <span class=class aria-hidden="true"
            style=move || format!("--avatar-hue: {}", hue(&name.get()))>
            {move || initials(&name.get())}
        </span>
    }
}
