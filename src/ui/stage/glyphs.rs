//! The stage's own icons (inline SVG, like ui/icons.rs), drawn for these controls.

use leptos::prelude::*;

/// `even_odd`: inner shapes cut holes in outer ones (outlines drawn as one path).
fn glyph(path: &'static str, even_odd: bool) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d=path fill="currentColor" fill-rule=if even_odd { "evenodd" } else { "nonzero" }/>
        </svg>
    }
}

pub fn people() -> impl IntoView {
    glyph("M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm8 0a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM9 13c-3.3 0-6 1.6-6 3.6V19h12v-2.4C15 14.6 12.3 13 9 13zm7.6.1c1 .9 1.4 2.2 1.4 3.5V19h3v-2.4c0-1.9-2-3.4-4.4-3.5z", false)
}

pub fn fullscreen() -> impl IntoView {
    glyph("M4 4h6v2H6v4H4zm10 0h6v6h-2V6h-4zM4 14h2v4h4v2H4zm14 0h2v6h-6v-2h4z", false)
}

pub fn fullscreen_exit() -> impl IntoView {
    glyph("M8 4h2v6H4V8h4zm6 0h2v4h4v2h-6zM4 14h6v6H8v-4H4zm10 0h6v2h-4v4h-2z", false)
}

pub fn picture_in_picture() -> impl IntoView {
    glyph("M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1zm1 2v10h16V7zm8 4h7v5h-7z", true)
}

pub fn side_by_side() -> impl IntoView {
    glyph("M3 6h8v12H3zm2 2v8h4V8zm8-2h8v12h-8zm2 2v8h4V8z", true)
}

pub fn keyboard() -> impl IntoView {
    glyph("M3 6h18a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1zm2 3v2h2V9zm4 0v2h2V9zm4 0v2h2V9zm4 0v2h2V9zM7 14v2h10v-2z", true)
}

pub fn close() -> impl IntoView {
    glyph("M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z", false)
}
