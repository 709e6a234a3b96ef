//! A small live level bar (RMS mapped to a perceptual 0..1 scale), with the speaking state.
//!
//! The meters report about 20 times a second on each side of a call, so the bar writes to the
//! page only when what it shows changes: the fill in whole percent, the reading (`data-level`, for
//! tests and tools) in thousandths. Every write costs the page a style pass.

use leptos::prelude::*;

#[component]
pub fn LevelBar(testid: &'static str, level: Signal<f32>, speaking: Signal<bool>) -> impl IntoView {
    // RMS of speech sits around 0.01..0.3; a square root spreads that over the bar.
    let fill_percent = Memo::new(move |_| ((level.get().max(0.0).sqrt() * 1.6).min(1.0) * 100.0).round() as u32);
    let reading = Memo::new(move |_| (level.get().clamp(0.0, 1.0) * 1000.0).round() as u32);
    let speaking = Memo::new(move |_| speaking.get());
    view! {
        <span class="level" data-testid=testid aria-hidden="true"
            data-level=move || fixed(reading.get(), 1000)
            data-speaking=move || speaking.get().to_string()
            class:speaking=move || speaking.get()>
            <span class="level-fill" style=move || format!("transform: scaleX({})", fixed(fill_percent.get(), 100))></span>
        </span>
    }
}

/// `parts / per` as a decimal (`per` is 100 or 1000), written without float formatting.
fn fixed(parts: u32, per: u32) -> String {
    let width = if per == 1000 { 3 } else { 2 };
    format!("{}.{:0width$}", parts / per, parts % per)
}
