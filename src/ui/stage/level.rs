//! A small live level bar (RMS mapped to a perceptual 0..1 scale), with the speaking state.

use leptos::prelude::*;

#[component]
pub fn LevelBar(testid: &'static str, level: Signal<f32>, speaking: Signal<bool>) -> impl IntoView {
    // RMS of speech sits around 0.01..0.3; a square root spreads that over the bar.
    let shown = move || (level.get().max(0.0).sqrt() * 1.6).min(1.0);
    view! {
        <span class="level" data-testid=testid aria-hidden="true"
            data-level=move || format!("{:.4}", level.get())
            data-speaking=move || speaking.get().to_string()
            class:speaking=move || speaking.get()>
            <span class="level-fill" style=move || format!("transform: scaleX({:.3})", shown())></span>
        </span>
    }
}
