//! The call's network quality on the stage: three bars in the header, named for screen readers
//! ("Connection: good, 12 ms"), and on click a small panel with the figures and two live
//! graphs of the last minute. What the level is, and when it may change, is the core's
//! decision (`dialtone_core::quality`); this only shows it.

use dialtone_core::quality::{Figures, HISTORY_MS, Level, QualityView, format_kbps, format_ms, format_percent, sparkline};
use leptos::html::Button;
use leptos::prelude::*;

use crate::i18n::t;
use crate::ui::app::use_ui;

/// The graphs' view box (the SVG itself stretches to the panel's width).
const GRAPH_WIDTH: f64 = 240.0;
const GRAPH_HEIGHT: f64 = 44.0;
/// The least top of each graph's scale: a quiet line stays low instead of magnifying noise.
const RTT_MIN_TOP_MS: f64 = 50.0;
const KBPS_MIN_TOP: f64 = 50.0;

fn level_word(level: Level) -> String {
    match level {
        Level::Good => t::quality_good(),
        Level::Fair => t::quality_fair(),
        Level::Poor => t::quality_poor(),
    }
}

/// "Connection: good, 12 ms" in the reader's language.
fn summary(quality: Option<&QualityView>) -> String {
    let Some(level) = quality.and_then(|q| q.level) else {
        return t::quality_measuring();
    };
    match quality.and_then(|q| q.latest).and_then(|f| f.rtt_ms) {
        Some(rtt) => t::quality_summary(&level_word(level), &format_ms(Some(rtt))),
        None => t::quality_summary_no_rtt(&level_word(level)),
    }
}

/// The bars in the call's header, shown while a call is connected; a click opens the details.
#[component]
pub fn QualityIndicator() -> impl IntoView {
    let ui = use_ui();
    let open = RwSignal::new(false);
    let button = NodeRef::<Button>::new();
    // Gone with the call's end at once (the sampler forgets the figures on its next tick).
    let shown = Memo::new(move |_| {
        ui.quality.with(Option::is_some) && ui.call.with(|c| c.as_ref().is_some_and(|c| c.ended.is_none()))
    });
    let level = Memo::new(move |_| ui.quality.with(|q| q.as_ref().and_then(|q| q.level)));
    let name = move || ui.quality.with(|q| summary(q.as_ref()));
    let rtt = move || {
        ui.quality
            .with(|q| q.as_ref().and_then(|q| q.latest).and_then(|f| f.rtt_ms))
            .map(|v| format!("{v:.1}"))
            .unwrap_or_default()
    };
    let lit = move |bar: u8| level.get().is_some_and(|l| l.bars() >= bar);
    // Escape closes the details and gives focus back to the bars.
    let on_key = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Escape" && open.get_untracked() {
            event.stop_propagation();
            open.set(false);
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <Show when=move || shown.get()>
            <div class="quality" on:keydown=on_key>
                <button class="quality-bars" data-testid="quality-indicator" node_ref=button
                    data-level=move || level.get().map_or("measuring", Level::as_str)
                    data-rtt=rtt aria-label=name title=name
                    aria-expanded=move || open.get().to_string() aria-controls="quality-panel"
                    on:click=move |_| open.update(|o| *o = !*o)>
                    <span class="bar" class:lit=move || lit(1)></span>
                    <span class="bar" class:lit=move || lit(2)></span>
                    <span class="bar" class:lit=move || lit(3)></span>
                </button>
                <Show when=move || open.get()>
                    <QualityPanel on_close=move || {
                        open.set(false);
                        if let Some(button) = button.get_untracked() {
                            let _ = button.focus();
                        }
                    }/>
                </Show>
            </div>
        </Show>
    }
}

#[component]
fn QualityPanel(on_close: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let ui = use_ui();
    let latest = move || ui.quality.with(|q| q.as_ref().and_then(|q| q.latest)).unwrap_or_default();
    let line = move |figure: fn(&Figures) -> Option<f64>, min_top: f64| {
        ui.quality.with(|q| {
            let history = q.as_ref().map(|q| q.history.as_slice()).unwrap_or_default();
            let now = history.last().map_or(0, |f| f.at);
            sparkline(history.iter().map(|f| (f.at, figure(f))), now, HISTORY_MS, GRAPH_WIDTH, GRAPH_HEIGHT, min_top)
        })
    };
    let rtt_line = Memo::new(move |_| line(|f| f.rtt_ms, RTT_MIN_TOP_MS));
    let receive_line = Memo::new(move |_| line(|f| f.receive_kbps, KBPS_MIN_TOP));
    let row = move |testid: &'static str, label: fn() -> String, value: Signal<String>| {
        view! {
            <div class="qp-row">
                <dt>{move || label()}</dt>
                <dd data-testid=testid>{move || value.get()}</dd>
            </div>
        }
    };
    view! {
        <div id="quality-panel" class="quality-panel" data-testid="quality-panel" role="group"
            aria-label=move || t::quality_details()>
            <div class="qp-head">
                <strong>{move || t::quality_details()}</strong>
                <button class="qp-close" data-testid="quality-panel-close" aria-label=move || t::quality_close()
                    title=move || t::quality_close() on:click=move |_| on_close()>"×"</button>
            </div>
            <p class="qp-level" data-testid="quality-summary">{move || ui.quality.with(|q| summary(q.as_ref()))}</p>
            <dl class="qp-figures">
                {row("quality-rtt", t::quality_round_trip, Signal::derive(move || format_ms(latest().rtt_ms)))}
                {row("quality-loss", t::quality_loss, Signal::derive(move || format_percent(latest().loss_percent)))}
                {row("quality-jitter", t::quality_jitter, Signal::derive(move || format_ms(latest().jitter_ms)))}
                {row("quality-send", t::quality_sending, Signal::derive(move || format_kbps(latest().send_kbps)))}
                {row("quality-receive", t::quality_receiving, Signal::derive(move || format_kbps(latest().receive_kbps)))}
            </dl>
            <Graph testid="quality-graph-rtt" class="rtt" line=rtt_line
                caption=Signal::derive(move || t::quality_graph_round_trip(&format_ms(Some(rtt_line.get().top))))/>
            <Graph testid="quality-graph-receive" class="receive" line=receive_line
                caption=Signal::derive(move || t::quality_graph_receiving(&format_kbps(Some(receive_line.get().top))))/>
        </div>
    }
}

/// One live line over the last minute, newest at the right edge.
#[component]
fn Graph(
    testid: &'static str,
    class: &'static str,
    line: Memo<dialtone_core::quality::Sparkline>,
    caption: Signal<String>,
) -> impl IntoView {
    view! {
        <figure class=format!("qp-graph {class}")>
            <svg data-testid=testid data-points=move || line.get().len.to_string()
                // A margin round the line's box, so a point on its edge is not cut in half.
                viewBox=format!("-3 -3 {} {}", GRAPH_WIDTH + 6.0, GRAPH_HEIGHT + 6.0) preserveAspectRatio="none" aria-hidden="true">
                <polyline points=move || line.get().points fill="none" vector-effect="non-scaling-stroke"/>
            </svg>
            <figcaption>{move || caption.get()}</figcaption>
        </figure>
    }
}

/// What the call announcer says of the connection: once, when it falls to poor (the core
/// decides when that is worth saying), and nothing otherwise.
pub fn spoken() -> impl Fn() -> String + Copy {
    let ui = use_ui();
    move || {
        let poor = ui.quality.with(|q| q.as_ref().is_some_and(|q| q.poor_announced));
        if poor { format!(" {}", t::quality_poor_announcement()) } else { String::new() }
    }
}
