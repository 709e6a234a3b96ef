//! A small live level bar (RMS mapped to a perceptual 0..1 scale), with the speaking state.
//!
//! The meters report about 20 times a second on each side of a call, so the bar writes to the
//! page only when what it shows changes: the fill in whole percent, the reading (`data-level`, for
//! tests and tools) in thousandths. Every write costs the page a style pass.

use leptos::prelude::*;

/// `label` says whose sound it is, as the bar's tooltip: the bar itself is hidden from screen
/// readers (twenty readings a second would drown the call out), so only sight needs it.
#[component]
pub fn LevelBar(testid: &'static str, label: Signal<String>, level: Signal<f32>, speaking: Signal<bool>) -> impl IntoView {
    // RMS of speech sits around 0.01..0.3; a square root spreads that over the bar.
    let fill_percent = Memo::new(move |_| ((level.get().max(0.0).sqrt() * 1.6).min(1.0) * 100.0).round() as u32);
    let reading_thousandths = Memo::new(move |_| (level.get().clamp(0.0, 1.0) * 1000.0).round() as u32);
    let speaking = Memo::new(move |_| speaking.get());
    view! {
        <span class="level" data-testid=testid aria-hidden="true" title=move || label.get()
            data-level=move || decimal(reading_thousandths.get(), 3)
            data-speaking=move || speaking.get().to_string()
            class:speaking=move || speaking.get()>
            <span class="level-fill" style=move || format!("transform: scaleX({})", decimal(fill_percent.get(), 2))></span>
        </span>
    }
}

/// `parts` hundredths (`places` 2) or thousandths (3) as a decimal, without float formatting.
fn decimal(parts: u32, places: usize) -> String {
    let per = 10u32.pow(places as u32);
    format!("{}.{:0places$}", parts / per, parts % per)
}
