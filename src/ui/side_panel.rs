//! The left column of the page: people, recent calls and chat, as tabs.

use leptos::prelude::*;

use super::app::use_ui;
use super::chat::ChatPanel;
use super::devices::DevicesPanel;
use super::history::HistoryList;
use super::peer_list::PeerList;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    People,
    Recent,
    Chat,
    Devices,
}

#[component]
pub fn SidePanel() -> impl IntoView {
    let ui = use_ui();
    let tab = RwSignal::new(Tab::People);
    // Messages that arrived while the chat tab was not showing.
    let read_up_to = RwSignal::new(0u64);
    Effect::new(move |_| {
        if tab.get() == Tab::Chat {
            read_up_to.set(ui.chat_total.get());
        }
    });
    let unread = move || ui.chat_total.get().saturating_sub(read_up_to.get());
    let tab_button = move |which: Tab, label: &'static str, testid: &'static str| {
        view! {
            <button role="tab" class="tab" data-testid=testid
                aria-selected=move || (tab.get() == which).to_string()
                class:active=move || tab.get() == which
                on:click=move |_| tab.set(which)>
                {label}
                {(which == Tab::Chat).then(|| view! {
                    <Show when=move || { unread() > 0 && tab.get() != Tab::Chat }>
                        <span class="badge" data-testid="chat-unread">{unread}</span>
                    </Show>
                })}
            </button>
        }
    };
    view! {
        <aside class="panel side">
            <div class="tabs" role="tablist">
                {tab_button(Tab::People, "People", "tab-people")}
                {tab_button(Tab::Recent, "Recent", "tab-history")}
                {tab_button(Tab::Chat, "Chat", "tab-chat")}
                {tab_button(Tab::Devices, "Devices", "tab-devices")}
            </div>
            <div class="tab-body" role="tabpanel">
                {move || match tab.get() {
                    Tab::People => view! { <PeerList/> }.into_any(),
                    Tab::Recent => view! { <HistoryList/> }.into_any(),
                    Tab::Chat => view! { <ChatPanel/> }.into_any(),
                    Tab::Devices => view! { <DevicesPanel/> }.into_any(),
                }}
            </div>
        </aside>
    }
}
