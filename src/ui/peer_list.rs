//! The people in the room, each with audio and video call buttons.

use dialtone_core::presence::{PeerSummary, short_id};
use dialtone_core::protocol::MediaKind;
use dialtone_core::call::CallOption;
use leptos::prelude::*;

use super::app::{use_intents, use_ui};
use super::avatar::Avatar;
use super::icons;
use crate::controller::LinkStatus;
use crate::i18n::t;

#[component]
pub fn PeerList() -> impl IntoView {
    let ui = use_ui();
    let count = move || ui.peers.with(Vec::len);
    view! {
        <section class="peers" aria-label=t::people_online_title>
            <h2 class="panel-title">{t::people_online_title} " "
                <span class="count" data-testid="peer-count" title=move || t::people_online_count(count() as i64)>{count}</span>
            </h2>
            <Show when=move || count() == 0>
                <p class="empty" data-testid="peer-list-empty">
                    {move || match ui.link.get() {
                        LinkStatus::Online => t::peer_list_empty_online(),
                        LinkStatus::Reconnecting { room_full: true, .. } => t::peer_list_empty_room_full(),
                        _ => t::peer_list_empty_offline(),
                    }}
                </p>
            </Show>
            <ul class="peer-list" data-testid="peer-list">
                <For each=move || super::reading_order::people(ui.peers.get()) key=|peer| (peer.id.clone(), peer.name.clone()) let:peer>
                    <PeerRow peer=peer/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn PeerRow(peer: PeerSummary) -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let display = crate::i18n::names::listed(&peer);
    let name = Signal::derive({
        let display = display.clone();
        move || display.clone()
    });
    // Whether their browser can take calls (a page without WebRTC says it cannot), read live.
    let takes_calls = {
        let id = peer.id.clone();
        Signal::derive(move || ui.peers.with(|peers| peers.iter().any(|p| p.id == id && p.takes_calls)))
    };
    // The buttons are off unless the core's rule says a press would call (`call_option`); for
    // the person this page's call is with, the row says so instead of offering them.
    let option = {
        let id = peer.id.clone();
        Memo::new(move |_| ui.call_option(&id))
    };
    let busy = move || option.get() != CallOption::Available;
    let with_you = move || option.get() == CallOption::InThisCall;
    let link_name = peer.name.clone();
    // Busy changes often (every call in the room): read it live instead of re-creating the row,
    // so a click on its buttons never lands on a row being replaced.
    let in_a_call = {
        let id = peer.id.clone();
        Signal::derive(move || ui.peers.with(|peers| peers.iter().any(|p| p.id == id && p.busy)))
    };
    let peer_id = peer.id.clone();
    let call = move |media: MediaKind| {
        let id = peer_id.clone();
        move |_| {
            let id = id.clone();
            intents.place_call(id, media);
        }
    };
    view! {
        <li class="peer" data-testid="peer-item" data-peer-id=peer.id.clone() data-busy=move || in_a_call.get().to_string()>
            <Avatar name=name/>
            <div class="peer-text">
                <div class="peer-name-row">
                    <span class="peer-name" data-testid="peer-name">{display.clone()}</span>
                    <Show when=with_you fallback=move || view! {
                        <Show when=move || in_a_call.get()>
                            <span class="peer-busy" data-testid="peer-busy">{t::peer_in_a_call}</span>
                        </Show>
                    }>
                        <span class="peer-with-you" data-testid="peer-with-you">{t::peer_with_you}</span>
                    </Show>
                </div>
                <Show when=move || !takes_calls.get()>
                    <div class="peer-no-calls" data-testid="peer-cannot-take-calls">{move || crate::i18n::t::peer_cannot_take_calls()}</div>
                </Show>
                <div class="peer-id">{let id = short_id(&peer.id).to_owned(); move || t::peer_short_id(&id)}
                    // A link that offers to call them (by name; someone unnamed cannot be found by one).
                    {link_name.map(|name| view! { <super::share::CopyCallLinkButton name=name/> })}
                </div>
            </div>
            <div class="peer-actions" hidden=with_you>
                <button class="round call-audio" data-testid="call-audio-button" disabled=busy
                    title={let d = display.clone(); move || t::call_audio_person(&d)}
                    aria-label={let d = display.clone(); move || t::call_audio_person(&d)}
                    on:click=call(MediaKind::Audio)>{icons::phone()}</button>
                <button class="round call-video" data-testid="call-video-button" disabled=busy
                    title={let d = display.clone(); move || t::call_video_person(&d)}
                    aria-label={let d = display.clone(); move || t::call_video_person(&d)}
                    on:click=call(MediaKind::Video)>{icons::video()}</button>
            </div>
        </li>
    }
}
