//! The dialer: a `+` number (typed, pasted or from the keypad, cleaned on paste), the caller ID
//! from the eligible SIP configs, a room or an agent-first call, a room duration preset.

use dialtone_core::mediasfu::numbers::clean_pasted_number;
use dialtone_core::mediasfu::placement::DialRequest;
use dialtone_core::mediasfu::records::default_caller_config;
use leptos::prelude::*;

use super::use_session;

const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "0", "⌫"];
const DURATIONS: [u32; 4] = [15, 30, 60, 120];

#[component]
pub fn Dialer() -> impl IntoView {
    let session = use_session();
    let signals = session.with_value(|s| s.signals);
    let number = RwSignal::new("+".to_owned());
    let caller = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let name = RwSignal::new("operator".to_owned());
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
        session.with_value(|s| s.place_call(dial));
    };
    view! {
        <section class="panel tel-panel" aria-label="Dialer" data-testid="tel-dialer">
            <h2 class="panel-title">"Dialer"</h2>
            <label class="field">"Number (with country code)"
                <input type="tel" inputmode="tel" data-testid="tel-number" prop:value=move || number.get()
                    // Paste cleanup on every input: spaces, dashes, dots and brackets go.
                    on:input=move |ev| number.set(clean_pasted_number(&event_target_value(&ev)))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { place() }/>
            </label>
            <div class="tel-keypad" role="group" aria-label="Keypad">
                {KEYS.iter().map(|k| view! {
                    <button class="button key" data-testid=format!("tel-key-{}", if *k == "⌫" { "back" } else if *k == "+" { "plus" } else { k })
                        on:click=move |_| press(k)>{*k}</button>
                }).collect_view()}
            </div>
            <label class="field">"Caller ID"
                <select data-testid="tel-caller-id" on:change=move |ev| caller.set(event_target_value(&ev))>
                    {move || {
                        let configs = signals.configs.get();
                        let eligible: Vec<_> = configs.into_iter().filter(|c| c.is_eligible_for_outgoing()).collect();
                        if eligible.is_empty() {
                            view! { <option value="">"No caller ID: save your settings"</option> }.into_any()
                        } else {
                            eligible.into_iter().map(|c| {
                                let selected = c.contact_number == caller.get_untracked();
                                let label = format!("{} · {}{}", c.contact_number, c.provider, if c.is_agent_capable() { " · agent" } else { "" });
                                view! { <option value=c.contact_number.clone() selected=selected>{label}</option> }
                            }).collect_view().into_any()
                        }
                    }}
                </select>
            </label>
            <label class="field">"Room (empty: the agent calls first)"
                <input type="text" data-testid="tel-room" placeholder="s… or p…" prop:value=move || room.get()
                    on:input=move |ev| room.set(event_target_value(&ev))/>
            </label>
            <div class="row">
                <label class="field">"Your name"
                    <input type="text" data-testid="tel-name" prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label class="field">"Room time"
                    <select data-testid="tel-duration" on:change=move |ev| duration.set(event_target_value(&ev).parse().unwrap_or(30))>
                        {DURATIONS.iter().map(|d| view! { <option value=d.to_string() selected=*d == 30>{format!("{d} min")}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <button class="button primary call" data-testid="tel-place-call" on:click=move |_| place()>"Call"</button>
            {move || signals.dial_message.get().map(|m| view! {
                <p class="tel-message error" data-testid="tel-dial-error" data-code=m.code.clone()>{m.text.clone()}</p>
            })}
            <p class="tel-message" data-testid="tel-placement" aria-live="polite">{move || signals.placement.get()}</p>
        </section>
    }
}
