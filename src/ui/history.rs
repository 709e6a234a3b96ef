//! Recent calls: direction, media, when, how long, and how each ended.

use dialtone_core::call::format_duration;
use dialtone_core::history::HistoryEntry;
use dialtone_core::protocol::MediaKind;
use dialtone_core::call::CallOption;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::app::{use_intents, use_ui};
use super::icons;
use crate::i18n::{self, t};

fn when(ms: u64) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    let today = js_sys::Date::new_0().to_date_string();
    // In the page's language, so the clock style follows the language picker.
    let locale = i18n::language().code();
    let time: String = date.to_locale_time_string(locale).into();
    // hh:mm is enough; drop the seconds.
    let time = match time.rfind(':') {
        Some(at) if time[..at].contains(':') => format!("{}{}", &time[..at], &time[at + 3..]),
        _ => time,
    };
    if date.to_date_string() == today {
        time
    } else {
        format!("{} {}", String::from(date.to_locale_date_string(locale, &JsValue::UNDEFINED)), time)
    }
}

fn outcome(entry: &HistoryEntry) -> String {
    if entry.connected_at.is_some() {
        format_duration(entry.duration_ms())
    } else if entry.is_missed() {
        t::history_missed()
    } else {
        i18n::ended::label(entry.reason, entry.by_peer)
    }
}

#[component]
pub fn HistoryList() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let empty = move || ui.history.with(Vec::is_empty);
    view! {
        <section class="history" aria-label=t::history_title>
            <h2 class="panel-title">{t::history_title}
                <Show when=move || !empty()>
                    <button class="link" data-testid="clear-history-button"
                        on:click=move |_| intents.clear_history()>{t::history_clear}</button>
                </Show>
            </h2>
            // A Clear takes the whole list at once: what it took is offered back until the next.
            <Show when=move || { ui.history_cleared.get() > 0 }>
                <p class="history-cleared" role="status" data-testid="history-cleared">
                    {move || t::history_cleared(ui.history_cleared.get() as i64)}
                    " "
                    <button class="link" data-testid="history-undo-button"
                        on:click=move |_| intents.undo_clear_history()>{t::history_undo}</button>
                </p>
            </Show>
            <Show when=empty>
                <p class="empty" data-testid="history-empty">{t::history_empty}</p>
            </Show>
            <ul class="history-list" data-testid="history-list">
                <For each=move || ui.history.get() key=|e| e.call_id.clone() let:entry>
                    <HistoryRow entry=entry/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn HistoryRow(entry: HistoryEntry) -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let name = i18n::names::person(entry.peer_name.as_deref(), &entry.peer);
    let direction = if entry.outgoing { "outgoing" } else { "incoming" };
    let media = if entry.media == MediaKind::Video { "video" } else { "audio" };
    let missed = entry.is_missed();
    let peer = entry.peer.clone();
    // The core's rule for every call button (`call_option`): shown while they are here, live
    // only when a press would call.
    let option = Memo::new(move |_| ui.call_option(&peer));
    let online = move || option.get() != CallOption::Offline;
    let busy = move || option.get() != CallOption::Available;
    let call_back = {
        let peer = entry.peer.clone();
        let kind = entry.media;
        move |_| {
            let peer = peer.clone();
            intents.place_call(peer, kind);
        }
    };
    let arrow = if entry.outgoing { "↗" } else { "↙" };
    view! {
        <li class="history-item" data-testid="history-item" data-direction=direction data-media=media
            data-reason=entry.reason.code() data-duration-ms=entry.duration_ms().to_string() class:missed=missed>
            <span class="history-arrow"
                aria-label=move || if entry.outgoing { t::history_outgoing() } else { t::history_incoming() }>{arrow}</span>
            <div class="history-text" data-testid="history-text"
                title={let (reason, by_peer, n) = (entry.reason, entry.by_peer, name.clone()); move || i18n::ended::headline(reason, by_peer, &n)}>
                <div class="history-name">{name.clone()}</div>
                // A wrapped line neither ends nor starts with a separator dot: a no-break space
                // keeps the first to the time; the last rides at the start of the outcome's box
                // (which moves whole onto the next line when it does not fit), in the room the
                // gap leaves; on a line of its own that dot falls outside the clipped edge.
                <div class="history-meta">
                    {move || if media == "video" { t::history_video() } else { t::history_audio() }} " ·\u{a0}"
                    {let at = entry.ended_at; move || when(at)}
                    <span class="history-gap"></span>
                    <span class="history-outcome-group"><span class="history-sep" aria-hidden="true">"·"</span>
                        <span class="history-outcome" data-testid="history-outcome"
                            title={let (connected, ms) = (entry.connected_at.is_some(), entry.duration_ms());
                                move || connected.then(|| i18n::spoken_duration(ms))}>
                            {let entry = entry.clone(); move || outcome(&entry)}
                        </span>
                    </span>
                </div>
            </div>
            <Show when=move || online()>
                <button class="round" data-testid="history-call-button" disabled=busy
                    title={let n = name.clone(); move || t::history_call_again(&n)}
                    aria-label={let n = name.clone(); move || t::history_call_again(&n)}
                    on:click=call_back.clone()>
                    {if media == "video" { icons::video().into_any() } else { icons::phone().into_any() }}
                </button>
            </Show>
        </li>
    }
}
