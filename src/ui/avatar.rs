//! A round badge with a person's initials.

use leptos::prelude::*;

/// Up to two initials from a display name, in upper case.
pub fn initials(name: &str) -> String {
    let firsts: String = name.split_whitespace().filter_map(|word| word.chars().next()).take(2).collect();
    // Upper case can be longer ("ß" is "SS"): two letters at most, as before.
    let letters: String = super::reading_order::upper_case(&firsts).chars().take(2).collect();
    if letters.is_empty() { "?".to_owned() } else { letters }
}

/// A stable hue per name, so a person keeps their colour.
fn hue(name: &str) -> u32 {
    name.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32)) % 360
}

#[component]
pub fn Avatar(#[prop(into)] name: Signal<String>, #[prop(optional)] size: &'static str) -> impl IntoView {
    let class = format!("avatar {size}");
    view! {
        <span class=class aria-hidden="true" data-testid="avatar"
            style=move || format!("--avatar-hue: {}", hue(&name.get()))>
            {move || initials(&name.get())}
        </span>
    }
}
