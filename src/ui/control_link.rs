//! The call's control link as the stage shows it: peer to peer over the call's channel, or through
//! the server (docs/CONTROL-CHANNEL.md).

use leptos::prelude::*;

use super::app::use_ui;
use crate::i18n::t;

/// Which way in-call control goes: peer to peer over the call's channel, or through the server.
/// Its counters (`data-applied`, `data-duplicates`) show that each of the peer's events was
/// applied once, whichever way it came.
#[component]
pub fn ControlLink() -> impl IntoView {
    let ui = use_ui();
    let control = Memo::new(move |_| {
        ui.call.with(|c| c.as_ref().filter(|c| c.ended.is_none() && c.connected_at.is_some()).map(|c| c.control))
    });
    // While the media path is down the channel is down with it (a notice then falls back to the
    // server once unacknowledged): its dot stops saying "working".
    let interrupted = Memo::new(move |_| ui.call.with(|c| c.as_ref().is_some_and(|c| c.reconnecting)));
    move || {
        control.get().map(|link| {
            let usable = link.channel == dialtone_core::call::ChannelState::Usable;
            let (text, title): (fn() -> String, fn() -> String) = if usable {
                (t::control_link_direct, t::control_link_direct_title)
            } else {
                (t::control_link_server, t::control_link_server_title)
            };
            view! {
                <span class="control-link" data-testid="control-link" data-state=link.channel.as_str()
                    data-applied=link.applied.to_string() data-duplicates=link.duplicates.to_string()
                    data-stale=link.stale.to_string() data-interrupted=move || interrupted.get().to_string() title=title>
                    <span class="dot" aria-hidden="true"></span>{text}
                </span>
            }
        })
    }
}

