//! The dialer: a `+` number (typed, pasted or from the keypad, cleaned on input), the caller ID
//! from the eligible SIP configs (or what the empty list is waiting for), a room or an agent-first
//! call, a room duration preset, and the placement line the core writes.

use dialtone_core::mediasfu::numbers::clean_pasted_number;
use dialtone_core::mediasfu::page::Input;
use dialtone_core::mediasfu::placement::DialRequest;
use dialtone_core::mediasfu::records::default_caller_config;
use leptos::prelude::*;

use super::use_telephony;
use crate::i18n::t;

const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0", "⌫"];
const DURATIONS: [u32; 4] = [15, 30, 60, 120];

#[component]
pub fn Dialer() -> impl IntoView {
    let tel = use_telephony();
    let signals = tel.signals;
    let number = RwSignal::new("+".to_owned());
    let caller = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    // The page's signals hold the name: "To human" falls back to it for calls we did not place.
    let name = signals.participant_name;
    let duration = RwSignal::new(30u32);
    // Default caller ID: the first eligible config, once configs arrive.
    Effect::new(move |_| {
        let configs = signals.configs.get();
        if caller.get_untracked().is_empty()
            && let Some(c) = default_caller_config(&configs)
        {
            caller.set(c.contact_number.clone());
        }
    });
    let press = move |key: &str| {
        number.update(|n| match key {
            "⌫" => {
                n.pop();
            }
            "+" if !n.is_empty() => {}
            k if n.len() < 16 => n.push_str(k),
            _ => {}
        })
    };
    let place = move || {
        let dial = DialRequest {
            called: number.get_untracked(),
            caller_id: caller.get_untracked(),
            room: room.get_untracked(),
            participant_name: name.get_untracked(),
            duration_minutes: duration.get_untracked(),
        };
        tel.send(Input::PlaceCall(dial));
    };
    view! {
        <section class="panel tel-panel" aria-label=t::tel_dialer data-testid="tel-dialer">
            <h2 class="panel-title">{t::tel_dialer}</h2>
            <label class="field">{t::tel_number}
                <input type="tel" inputmode="tel" data-testid="tel-number" prop:value=move || number.get()
                    // Paste cleanup on every input: spaces, dashes, dots and brackets go.
                    on:input=move |ev| number.set(clean_pasted_number(&event_target_value(&ev)))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { place() }/>
            </label>
            <div class="tel-keypad" role="group" aria-label=t::tel_keypad>
                {KEYS.iter().map(|k| view! {
                    <button class="button key" data-testid=format!("tel-key-{}", if *k == "⌫" { "back" } else if *k == "+" { "plus" } else { k })
                        on:click=move |_| press(k)>{*k}</button>
                }).collect_view()}
            </div>
            <label class="field">{t::tel_caller_id}
                <select data-testid="tel-caller-id"
                    data-state=move || signals.caller_id_notice.get().map_or("ready", |n| n.state())
                    on:change=move |ev| caller.set(event_target_value(&ev))>
                    {move || {
                        let configs = signals.configs.get();
                        let eligible: Vec<_> = configs.into_iter().filter(|c| c.is_eligible_for_outgoing()).collect();
                        if eligible.is_empty() {
                            view! { <option value="">{t::tel_no_caller_id()}</option> }.into_any()
                        } else {
                            eligible.into_iter().map(|c| {
                                let selected = c.contact_number == caller.get_untracked();
                                let agent = if c.is_agent_capable() { t::tel_agent_capable() } else { String::new() };
                                let label = format!("{} · {}{agent}", c.contact_number, c.provider);
                                view! { <option value=c.contact_number.clone() selected=selected>{label}</option> }
                            }).collect_view().into_any()
                        }
                    }}
                </select>
            </label>
            // Why the list is empty (loading, retrying after a 429, refused), in full: an option
            // would cut it off.
            {move || signals.caller_id_notice.get().map(|n| view! {
                <p class="tel-field-note" data-testid="tel-caller-id-status" data-state=n.state()>{super::words::caller_ids(&n)}</p>
            })}
            <label class="field">{t::tel_room}
                <input type="text" data-testid="tel-room" placeholder="s… or p…" prop:value=move || room.get()
                    on:input=move |ev| room.set(event_target_value(&ev))/>
            </label>
            <div class="row">
                <label class="field">{t::tel_your_name}
                    <input type="text" data-testid="tel-name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label class="field">{t::tel_room_time}
                    <select data-testid="tel-duration" on:change=move |ev| duration.set(event_target_value(&ev).parse().unwrap_or(30))>
                        {DURATIONS.iter().map(|d| view! { <option value=d.to_string() selected=*d == 30>{move || t::tel_minutes(*d as i64)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <button class="button primary call" data-testid="tel-place-call" on:click=move |_| place()>{t::tel_call}</button>
            {move || signals.dial_message.get().map(|m| view! {
                <p class="tel-failure" role="alert" data-testid="tel-dial-error" data-code=m.code.clone()>
                    <span class="tel-code">{m.code.clone()}</span>
                    <span class="tel-failure-text">{let (code, text) = (m.code.clone(), m.text.clone()); move || crate::i18n::notice_text(&code, &text)}</span>
                </p>
            })}
            {move || signals.placement.get().map(|v| view! {
                <p class="tel-placement" aria-live="polite" data-testid="tel-placement" data-state=v.state
                    data-tone=v.tone.token() data-code=v.code.unwrap_or("") data-call-id=v.call_id.clone().unwrap_or_default()>
                    {v.code.map(|c| view! { <span class="tel-code">{c}</span> " " })}
                    <span>{super::words::placement(&v.line, v.code)}</span>
                </p>
            })}
        </section>
    }
}
