//! Live calls from the one shared poller: the poller's line (with Retry when it stopped) and one
//! row per live call (`call_row.rs`), newest first as the core sorted them.

use dialtone_core::mediasfu::notices::PollerLine;
use dialtone_core::mediasfu::page::Input;
use leptos::prelude::*;

use super::call_row::CallRow;
use super::use_telephony;
use crate::i18n::t;

#[component]
pub fn LiveCalls() -> impl IntoView {
    let tel = use_telephony();
    let signals = tel.signals;
    let live = signals.live_calls;
    view! {
        <section class="panel tel-panel" aria-label=t::tel_live_calls data-testid="tel-live-calls">
            <h2 class="panel-title">{t::tel_live_calls}</h2>
            <div class="tel-poller" data-testid="tel-poller-status" data-state=move || signals.poller.with(PollerLine::state)>
                <span class="tel-poller-dot" aria-hidden="true"></span>
                <span class="tel-poller-text">{move || signals.poller.with(super::words::poller)}</span>
                // A stop (401/403) has its Retry in the banner; only a stale list needs one here.
                <Show when=move || signals.poller.with(|line| matches!(line, PollerLine::Stale { .. }))>
                    <button class="button small" data-testid="tel-poller-retry"
                        on:click=move |_| tel.send(Input::Retry)>{t::retry}</button>
                </Show>
            </div>
            <Show when=move || live.with(Vec::is_empty)>
                <p class="empty" data-testid="tel-no-calls">{t::tel_no_calls}</p>
            </Show>
            <For each=move || live.get() key=|c| c.sip_call_id.clone() let:call>
                <CallRow id=call.sip_call_id.clone()/>
            </For>
        </section>
    }
}
