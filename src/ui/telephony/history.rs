//! Local call history: filter (the core's rule) and clear; durations as the core computes them.

use dialtone_core::mediasfu::page::Input;
use leptos::prelude::*;

use super::{use_telephony, words};
use crate::i18n::t;

#[component]
pub fn HistoryPanel() -> impl IntoView {
    let tel = use_telephony();
    let signals = tel.signals;
    let filter = RwSignal::new(String::new());
    view! {
        <section class="panel tel-panel" aria-label=t::tel_history_label data-testid="tel-history">
            <h2 class="panel-title">{t::tel_history}
                <button class="link" data-testid="tel-history-clear"
                    on:click=move |_| tel.send(Input::ClearCallLog)>{t::tel_history_clear}</button>
            </h2>
            <input type="search" placeholder=t::tel_history_filter data-testid="tel-history-filter"
                prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
            <Show when=move || signals.call_log.with(Vec::is_empty)>
                <p class="empty" data-testid="tel-history-empty">{t::tel_history_empty}</p>
            </Show>
            <Show when=move || !signals.call_log.with(Vec::is_empty)>
            // Focusable, so a keyboard can scroll the table sideways on a narrow screen (the
            // section around it already names it).
            <div class="tel-table-wrap" tabindex="0">
            <table class="tel-table">
                <thead><tr><th>{t::tel_col_direction}</th><th>{t::tel_col_from}</th><th>{t::tel_col_to}</th>
                    <th>{t::tel_col_status}</th><th>{t::tel_col_duration}</th></tr></thead>
                <tbody>
                {move || {
                    let q = filter.get();
                    let now = signals.wall_clock.get();
                    signals.call_log.get().into_iter()
                    .map(|e| (words::status(&e.status_code, &e.status), words::direction(&e.direction), e))
                    .filter(|(status, direction, e)| e.matches_shown(&q, status, direction))
                    .map(|(status, direction, e)| {
                        let secs = e.shown_duration_seconds(now);
                        let duration = words::duration(&e, now);
                        view! {
                            <tr data-testid="tel-history-row" data-call-id=e.sip_call_id.clone() data-live=e.live.to_string()
                                data-duration=secs.to_string()>
                                <td data-testid="tel-history-direction">{direction}</td><td>{e.caller.clone()}</td><td>{e.callee.clone()}</td>
                                <td data-testid="tel-history-status" data-status=e.status_code.clone()>{status}</td>
                                <td data-testid="tel-history-duration">{duration}</td>
                            </tr>
                        }
                    }).collect_view()
                }}
                </tbody>
            </table>
            </div>
            </Show>
        </section>
    }
}
