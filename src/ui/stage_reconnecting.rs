//! "Reconnecting to Bob…" on the stage while a connected call has lost its media path and the
//! core is getting it back (ICE grace, then a restart; `CallView::reconnecting`). It is about
//! the call's own connection to the other person, so it sits on the stage, apart from the
//! header's pill for the link to the server. If the core gives up, the call ends and the
//! ended screen says why.

use leptos::prelude::*;

use crate::i18n::t;
use crate::ui::app::use_ui;

/// True while the call in progress is reconnecting.
fn reconnecting_memo() -> Memo<bool> {
    let ui = use_ui();
    Memo::new(move |_| ui.call.with(|c| c.as_ref().is_some_and(|c| c.reconnecting && c.ended.is_none())))
}

/// The other person's name as the stage shows it.
fn peer_name() -> Memo<String> {
    let ui = use_ui();
    Memo::new(move |_| {
        let peer = ui.call.with(|c| c.as_ref().map(|c| c.peer.clone())).unwrap_or_default();
        ui.peer_name(&peer)
    })
}

#[component]
pub fn ReconnectingBanner() -> impl IntoView {
    let reconnecting = reconnecting_memo();
    let name = peer_name();
    view! {
        <Show when=move || reconnecting.get()>
            <div class="reconnecting" data-testid="call-reconnecting">
                <span class="reconnecting-spinner" aria-hidden="true"></span>
                <div class="reconnecting-text">
                    <strong>{move || t::reconnecting_to(&name.get())}</strong>
                    <span>{move || t::reconnecting_detail()}</span>
                </div>
            </div>
        </Show>
    }
}

/// What the call announcer says while reconnecting (the banner itself is not a live region:
/// one inserted into the page is not reliably read).
pub fn spoken() -> impl Fn() -> String + Copy {
    let reconnecting = reconnecting_memo();
    let name = peer_name();
    move || if reconnecting.get() { format!(" {}", t::reconnecting_to(&name.get())) } else { String::new() }
}
