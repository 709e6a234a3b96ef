//! The left column of the page: people, recent calls and chat, as tabs.

use leptos::prelude::*;

use super::app::use_ui;
use super::chat::ChatPanel;
use super::devices::DevicesPanel;
use super::history::HistoryList;
use super::peer_list::PeerList;
use crate::i18n::t;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    People,
    Recent,
    Chat,
    Devices,
}

impl Tab {
    fn element_id(self) -> &'static str {
        match self {
            Tab::People => "side-tab-people",
            Tab::Recent => "side-tab-recent",
            Tab::Chat => "side-tab-chat",
            Tab::Devices => "side-tab-devices",
        }
    }
}

#[component]
pub fn SidePanel() -> impl IntoView {
    let ui = use_ui();
    let tab = RwSignal::new(Tab::People);
    // One element per tab, for the arrow keys; the People tab is also where focus is sent when
    // what had it goes away.
    let people_tab = super::focus::use_landmarks().people_tab;
    let tab_refs = [people_tab, NodeRef::new(), NodeRef::new(), NodeRef::new()];
    let tab_ref = move |which: Tab| tab_refs[which as usize];
    // Messages that arrived while the chat tab was not showing.
    let read_up_to = RwSignal::new(0u64);
    Effect::new(move |_| {
        if tab.get() == Tab::Chat {
            read_up_to.set(ui.chat_total.get());
        }
    });
    let unread = move || ui.chat_total.get().saturating_sub(read_up_to.get());
    // Arrow keys move between tabs (and focus follows), as in every tab list people know.
    let on_tab_key = move |event: web_sys::KeyboardEvent| {
        let order = [Tab::People, Tab::Recent, Tab::Chat, Tab::Devices];
        let at = order.iter().position(|t| *t == tab.get_untracked()).unwrap_or(0);
        let next = match event.key().as_str() {
            "ArrowRight" => order[(at + 1) % order.len()],
            "ArrowLeft" => order[(at + order.len() - 1) % order.len()],
            "Home" => order[0],
            "End" => order[order.len() - 1],
            _ => return,
        };
        event.prevent_default();
        tab.set(next);
        super::focus::focus_now(tab_ref(next));
    };
    let tab_button = move |which: Tab, label: fn() -> String, testid: &'static str| {
        view! {
            <button role="tab" class="tab" data-testid=testid id=which.element_id() node_ref=tab_ref(which)
                aria-controls="side-tabpanel"
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                class:active=move || tab.get() == which
                on:keydown=on_tab_key
                on:click=move |_| tab.set(which)>
                <span class="tab-label">{label}</span>
                {(which == Tab::Chat).then(|| view! {
                    <Show when=move || { unread() > 0 && tab.get() != Tab::Chat }>
                        <span class="badge" data-testid="chat-unread">{move || unread_badge(unread())}</span>
                    </Show>
                })}
            </button>
        }
    };
    view! {
        <aside class="panel side">
            <div class="tabs" role="tablist" aria-label=t::tabs_label>
                {tab_button(Tab::People, t::tab_people, "tab-people")}
                {tab_button(Tab::Recent, t::tab_recent, "tab-history")}
                {tab_button(Tab::Chat, t::tab_chat, "tab-chat")}
                {tab_button(Tab::Devices, t::tab_devices, "tab-devices")}
            </div>
            <div class="tab-body" role="tabpanel" id="side-tabpanel" tabindex="0"
                aria-labelledby=move || tab.get().element_id()>
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

/// The unread count as the Chat tab shows it: past nine it is "9+", so the badge stays two
/// characters wide and the four tabs still fit a 320 px phone.
fn unread_badge(unread: u64) -> String {
    if unread > 9 { "9+".to_owned() } else { unread.to_string() }
}
