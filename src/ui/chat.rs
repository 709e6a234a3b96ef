//! Chat: the whole lobby, or one person privately (during a call, the call's peer by default).

use leptos::ev::SubmitEvent;
use leptos::html::Textarea;
use leptos::prelude::*;

use dialtone_core::chat::{self, Addressee, RecipientChoice};
use dialtone_core::errors::ClientError;
use dialtone_core::server::ServerCapabilities;

use super::app::{use_intents, use_ui};
use crate::controller::Notice;
use crate::i18n::{self, t};

#[component]
pub fn ChatPanel() -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let draft = NodeRef::<Textarea>::new();
    // "" = everyone in the room; else a peer id. The core decides from the person's choice, the
    // call and who is here (never a private default on a server that cannot keep it private).
    let capabilities = move || ServerCapabilities { kind: ui.server_kind.get() };
    let choice = RwSignal::new(RecipientChoice::Default);
    let recipient = Memo::new(move |_| {
        let call_peer = ui.call.with(|c| c.as_ref().filter(|c| c.ended.is_none()).map(|c| c.peer.clone()));
        ui.peers.with(|peers| chat::recipient(capabilities(), call_peer, &choice.get(), |id| peers.iter().any(|p| p.id == id)))
            .unwrap_or_default()
    });
    // The room, a person here, or a person chosen who has left (kept in the list, marked, and
    // not written to): the core's reading of the recipient and the list.
    let addressee = Memo::new(move |_| {
        let to = recipient.get();
        ui.peers.with(|peers| Addressee::of(Some(to.as_str()).filter(|to| !to.is_empty()), |id| peers.iter().any(|p| p.id == id)))
    });
    let chosen_away = Memo::new(move |_| (addressee.get() == Addressee::Left).then(|| recipient.get()));
    let chosen_name = StoredValue::new(String::new());
    // The draft's length as the core counts it, as typed or pasted: the field has no
    // maxlength, which would cut a pasted text's end unseen.
    let draft_chars = RwSignal::new(0usize);
    // Offline, to someone who left, too long, or a private recipient on a base server: refused
    // before anything is sent, with the reason; what was typed stays in the field. A memo: the
    // alert is written (and announced) once, not at every key.
    let refusal = Memo::new(move |_| {
        ui.chat_refusal.get().or_else(|| chat::refusal(capabilities(), ui.link.get().into(), addressee.get(), draft_chars.get()).map(Notice::from_client_error))
    });
    let too_long = move || refusal.with(|r| r.as_ref().is_some_and(|n| n.code == ClientError::ChatTooLong.code()));
    // Untracked: a line is written once; the list's name, else one the page knows.
    let name_of = move |id: &str| {
        ui.peers.with_untracked(|peers| peers.iter().find(|p| p.id == id).map(crate::i18n::names::listed))
            .unwrap_or_else(|| untrack(|| ui.peer_name(id)))
    };
    // Lines keyed by position and text: the list only ever grows at the end (and drops its head).
    let numbered = move || {
        let offset = ui.chat_total.get() as usize;
        ui.chat.with(|lines| {
            let first = offset.saturating_sub(lines.len());
            lines.iter().cloned().enumerate().map(|(n, l)| (first + n, l)).collect::<Vec<_>>()
        })
    };
    let send = move |event: SubmitEvent| {
        event.prevent_default();
        let Some(input) = draft.get() else { return };
        let text = input.value();
        let to = Some(recipient.get_untracked()).filter(|r| !r.is_empty());
        if intents.send_chat_to(to, text) {
            input.set_value("");
            draft_chars.set(0);
        }
    };
    view! {
        <section class="chat" data-testid="chat-panel" aria-label=t::chat_title>
            <ul class="chat-log" aria-live="polite">
                <Show when=move || ui.chat.with(Vec::is_empty)>
                    <li class="empty">{t::chat_empty}</li>
                </Show>
                <For each=numbered key=|(n, line)| (*n, line.text.clone()) let:item>
                    {
                        let (_, line) = item;
                        let mine = line.mine;
                        let sender = line.name.clone().unwrap_or_else(|| name_of(&line.from));
                        let who = move || if mine { t::chat_you() } else { sender.clone() };
                        let to = line.with.as_deref().map(name_of);
                        let scope = move || match (&to, mine) {
                            (Some(peer), true) => t::chat_to_private(peer),
                            (Some(_), false) => t::chat_private(),
                            (None, _) => String::new(),
                        };
                        view! {
                            <li class="chat-message" data-testid="chat-message" class:mine=line.mine
                                data-direct=line.direct.to_string()>
                                <div class="chat-who">{who}" "<span class="chat-scope">{scope}</span>
                                    <time class="chat-time" data-testid="chat-time" datetime=iso_time(line.at)>{clock_time(line.at)}</time>
                                </div>
                                <div class="chat-text" data-testid="chat-text">{line.text.clone()}</div>
                            </li>
                        }
                    }
                </For>
            </ul>
            <form class="chat-form" on:submit=send>
                // Each option says whether it is the one (not the select's value): an option
                // that arrives after the value was set is still selected.
                // Named where it is seen ("Send to"): a bare "Everyone" did not say it picks who
                // reads the message.
                <label class="chat-to">
                <span class="chat-to-label">{t::chat_send_to}</span>
                <select data-testid="chat-recipient"
                    on:change=move |e| {
                        ui.chat_refusal.set(None);
                        let id = event_target_value(&e);
                        // Their name as listed now: the list forgets it when they leave.
                        chosen_name.set_value(name_of(&id));
                        choice.set(if id.is_empty() { RecipientChoice::Everyone } else { RecipientChoice::Person(id) });
                    }>
                    <option value="" prop:selected=move || recipient.get().is_empty()>{t::chat_everyone}</option>
                    {move || chosen_away.get().map(|id| view! {
                        <option value=id.clone() prop:selected=true>{t::chat_recipient_left(&chosen_name.get_value())}</option>
                    })}
                    <For each=move || super::reading_order::people(ui.peers.get()) key=|p| p.id.clone() let:peer>
                        {
                            let id = peer.id.clone();
                            view! {
                                <option value=peer.id.clone() prop:selected=move || recipient.with(|r| *r == id)>
                                    {crate::i18n::names::listed(&peer)}
                                </option>
                            }
                        }
                    </For>
                </select>
                </label>
                {move || refusal.get().map(|notice| view! {
                    <p class="chat-refused" role="alert" data-code=notice.code.clone()
                        data-testid=refusal_testid(&notice.code)>
                        {let (code, message) = (notice.code.clone(), notice.message.clone());
                            move || i18n::notice_text(&code, &message)}
                    </p>
                })}
                // Several lines, so a long draft can be read back and shortened (a one-line field
                // showed only its end). Enter sends, as in a one-line field, unless the message is
                // refused; Shift+Enter starts a new line; Enter that ends an input method's
                // composition only ends it.
                <textarea data-testid="chat-input" node_ref=draft rows="1"
                    placeholder=t::chat_placeholder aria-label=t::chat_message_label
                    aria-invalid=move || too_long().then_some("true")
                    on:keydown=move |e: leptos::ev::KeyboardEvent| {
                        if e.key() != "Enter" || e.shift_key() || e.is_composing() {
                            return;
                        }
                        e.prevent_default();
                        let form = draft.get_untracked().and_then(|field| field.form());
                        if let (Some(form), None) = (form, refusal.get_untracked()) {
                            let _ = form.request_submit();
                        }
                    }
                    on:input=move |e| draft_chars.set(chat::draft_chars(&event_target_value(&e)))></textarea>
                <button class="pill accent" data-testid="chat-send-button" type="submit"
                    disabled=move || refusal.get().is_some()>{t::chat_send}</button>
                // How much to cut, only once it is too long.
                <Show when=too_long>
                    <span class="chat-length" data-testid="chat-length">
                        {move || t::chat_length(draft_chars.get() as i64, chat::MAX_CHAT_CHARS as i64)}
                    </span>
                </Show>
            </form>
        </section>
    }
}

/// "14:05" in the reader's own time zone, in the page language's hour style.
fn clock_time(at_ms: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"hour".into(), &"numeric".into());
    let _ = js_sys::Reflect::set(&options, &"minute".into(), &"2-digit".into());
    String::from(date.to_locale_time_string_with_options(i18n::language().code(), &options))
}

fn iso_time(at_ms: u64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms as f64)).to_iso_string())
}

/// The refusal's test id, by its code (docs/TESTIDS.md).
fn refusal_testid(code: &str) -> &'static str {
    if code == ClientError::ChatOffline.code() {
        "chat-offline"
    } else if code == ClientError::ChatTooLong.code() {
        "chat-too-long"
    } else if code == ClientError::ChatRecipientLeft.code() {
        "chat-recipient-left"
    } else {
        "chat-private-refused"
    }
}
