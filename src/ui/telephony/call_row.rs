//! One live call: direction, caller and callee from the SIP URIs, the normalised status and talk
//! time, a room monitor from the polled record (§7), and its controls. Every control shows
//! idle → pending → confirmed/failed (`data-state`) as the core's `CallControls` decides; a
//! line says what the latest request is waiting for, and one line shows the latest failure.

use dialtone_core::mediasfu::controls::{ControlState, controls_enabled, offers_reject};
use dialtone_core::mediasfu::page::Input;
use dialtone_core::mediasfu::records::SipCall;
use dialtone_core::mediasfu::request::{Control, ControlKind};
use dialtone_core::mediasfu::status::{AgentState, Outcome, Phase};
use leptos::prelude::*;

use super::use_telephony;
use crate::i18n::t;

const DTMF_KEYS: [char; 12] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

fn state_token(state: Option<&ControlState>) -> &'static str {
    state.map(ControlState::token).unwrap_or("idle")
}

fn heard_by_caller(r: &SipCall) -> String {
    match r.agent_state() {
        AgentState::Active => t::tel_hears_agent(),
        AgentState::PausedForHuman => {
            t::tel_hears_person(&r.human_participant_name.clone().unwrap_or_else(t::tel_someone_in_room))
        }
        AgentState::Stopped => t::tel_hears_nobody(),
    }
}

#[component]
pub fn CallRow(id: String) -> impl IntoView {
    let tel = use_telephony();
    let signals = tel.signals;
    let id_for_record = id.clone();
    let record = Memo::new(move |_| signals.live_calls.with(|calls| calls.iter().find(|c| c.sip_call_id == id_for_record).cloned()));
    let id_for_controls = id.clone();
    let controls = Memo::new(move |_| signals.controls.with(|all| all.get(&id_for_controls).cloned().unwrap_or_default()));
    let hold_message = RwSignal::new(String::new());
    let pause_recording = RwSignal::new(true);
    let play_source = RwSignal::new(String::new());
    let play_is_url = RwSignal::new(false);
    // Presses are buffered by the page and sent as one string after 1.5 s without a press (§8.5).
    let id_for_dtmf = id.clone();
    let dtmf_pending = Memo::new(move |_| signals.dtmf_pending.with(|all| all.get(&id_for_dtmf).cloned().unwrap_or_default()));
    let send = {
        let id = id.clone();
        move |control: Control| {
            tel.send(Input::Control { call_id: id.clone(), control });
        }
    };
    let state_of = move |kind: ControlKind| move || state_token(controls.with(|c| c.state(kind).cloned()).as_ref());
    let phase = move || record.with(|r| r.as_ref().map(SipCall::phase).unwrap_or(Phase::Ended(Outcome::Completed)));
    let enabled = move || record.with(|r| r.as_ref().is_some_and(controls_enabled));
    let agent = move || record.with(|r| r.as_ref().map(SipCall::agent_state).unwrap_or(AgentState::Stopped));
    let rejectable = move || record.with(|r| r.as_ref().is_some_and(offers_reject));
    let id_for_duration = id.clone();
    let duration = move || {
        // The history entry counts talk time up between polls; "—" until the call is answered.
        let now = signals.wall_clock.get();
        signals.call_log.with(|h| h.iter().find(|e| e.sip_call_id == id_for_duration).map(|e| super::words::duration(e, now))).unwrap_or_else(|| "—".into())
    };
    let id_for_human = id.clone();
    let id_for_dismiss = id.clone();
    let id_for_keys = id.clone();
    let id_for_play = id.clone();
    let (s_end, s_hold, s_all, s_agent, s_start) =
        (send.clone(), send.clone(), send.clone(), send.clone(), send.clone());
    view! {
        <article class="tel-call" data-testid="tel-call-row" data-call-id=id.clone() data-phase=move || phase().token()>
            {move || record.get().map(|r| {
                let caller = r.caller();
                let callee = r.callee();
                view! {
                    <header class="tel-call-head">
                        <span class="tel-dir" data-testid="tel-call-direction">
                            {let d = r.direction(); move || super::words::direction(d.label())}
                        </span>
                        <span class="tel-parties">
                            <span class="tel-party" data-testid="tel-call-from">{caller.display_name.clone().map(|n| format!("{n} ")).unwrap_or_default()}{caller.number_label()}</span>
                            <span class="tel-arrow" aria-label=t::tel_to>" → "</span>
                            <span class="tel-party" data-testid="tel-call-to">{callee.number_label()}</span>
                        </span>
                        <span class="pill tel-status" data-testid="tel-call-status">
                            {let p = r.phase(); move || super::words::status(&p.code(), &p.label())}
                        </span>
                    </header>
                    <dl class="tel-monitor" data-testid="tel-room-monitor">
                        <div><dt>{t::tel_talk_time}</dt><dd class="tel-duration" data-testid="tel-call-duration">{duration.clone()}</dd></div>
                        <div><dt>{t::tel_room_short}</dt><dd data-testid="tel-monitor-room">{r.room_name.clone()}</dd></div>
                        <div><dt>{t::tel_caller_hears}</dt><dd data-testid="tel-monitor-source">{let r = r.clone(); move || heard_by_caller(&r)}</dd></div>
                        <div><dt>{t::tel_speaking}</dt><dd>{r.active_speaker.clone().unwrap_or_else(|| "—".into())}</dd></div>
                        <div><dt>{t::tel_playing}</dt><dd data-testid="tel-monitor-playing">
                            {let (prompt, music) = (r.playing_prompt, r.playing_music);
                                move || if prompt { t::tel_playing_prompt() } else if music { t::tel_playing_music() } else { "—".to_owned() }}
                        </dd></div>
                    </dl>
                    {r.pending_human_intervention.then(|| view! { <p class="tel-alert" role="alert" data-testid="tel-monitor-help">{t::tel_help_requested}</p> })}
                }
            })}
            <div class="tel-controls" role="group" aria-label=t::tel_call_controls>
                {move || if rejectable() {
                    let s = s_end.clone();
                    view! { <button class="button danger" data-testid="tel-reject" data-state=state_of(ControlKind::End) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::Reject)>{t::tel_reject}</button> }.into_any()
                } else {
                    let s = s_end.clone();
                    view! { <button class="button danger" data-testid="tel-end" data-state=state_of(ControlKind::End) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::End)>{t::tel_end}</button> }.into_any()
                }}
                {move || if phase() == Phase::OnHold {
                    let s = s_hold.clone();
                    view! { <button class="button" data-testid="tel-resume" data-state=state_of(ControlKind::Hold) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::Resume)>{t::tel_resume}</button> }.into_any()
                } else {
                    let s = s_hold.clone();
                    view! { <button class="button" data-testid="tel-hold" data-state=state_of(ControlKind::Hold) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::Hold { message: hold_message.get_untracked(), pause_recording: pause_recording.get_untracked() })>{t::tel_hold}</button> }.into_any()
                }}
                <button class="button" data-testid="tel-takeover" data-state=state_of(ControlKind::Source) prop:disabled=move || !enabled()
                    on:click=move |_| {
                        tel.send(Input::SwitchToHuman { call_id: id_for_human.clone(), our_name: signals.participant_name.get_untracked() })
                    }>{t::tel_to_human}</button>
                <button class="button" data-testid="tel-to-agent" data-state=state_of(ControlKind::Source) prop:disabled=move || !enabled()
                    on:click=move |_| s_agent(Control::ToAgent)>{t::tel_to_agent}</button>
                {move || if agent().offers_start() {
                    let s = s_start.clone();
                    view! { <button class="button" data-testid="tel-start-agent" data-state=state_of(ControlKind::Agent) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::StartAgent)>{t::tel_start_agent}</button> }.into_any()
                } else {
                    let s = s_start.clone();
                    view! { <button class="button" data-testid="tel-stop-agent" data-state=state_of(ControlKind::Agent) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::StopAgent)>{t::tel_stop_agent}</button> }.into_any()
                }}
                <button class="button" data-testid="tel-play-to-all" data-state=state_of(ControlKind::PlayToAll)
                    aria-pressed=move || controls.with(|c| c.play_to_all()).to_string() prop:disabled=move || !enabled()
                    on:click=move |_| { let on = !controls.with_untracked(|c| c.play_to_all()); s_all(Control::PlayToAll(on)) }>
                    {move || if controls.with(|c| c.play_to_all()) { t::tel_play_to_all_on() } else { t::tel_play_to_all_off() }}</button>
            </div>
            <div class="tel-options">
                <div class="tel-option" role="group" aria-label=t::tel_hold_options>
                    <input type="text" placeholder=t::tel_hold_message aria-label=t::tel_hold_message_label data-testid="tel-hold-message"
                        prop:value=move || hold_message.get() on:input=move |ev| hold_message.set(event_target_value(&ev))/>
                    <label class="check"><input type="checkbox" data-testid="tel-pause-recording" prop:checked=move || pause_recording.get()
                        on:change=move |ev| pause_recording.set(event_target_checked(&ev))/>{t::tel_pause_recording}</label>
                </div>
                <div class="tel-option" role="group" aria-label=t::tel_play_to_caller>
                    <input type="text" placeholder=t::tel_play_source aria-label=t::tel_play_source_label data-testid="tel-play-source"
                        prop:value=move || play_source.get() on:input=move |ev| play_source.set(event_target_value(&ev))/>
                    <label class="check"><input type="checkbox" data-testid="tel-play-is-url" prop:checked=move || play_is_url.get()
                        on:change=move |ev| play_is_url.set(event_target_checked(&ev))/>" URL"</label>
                    <button class="button" data-testid="tel-play" data-state=state_of(ControlKind::Play) prop:disabled=move || !enabled()
                        on:click=move |_| tel.send(Input::Play {
                            call_id: id_for_play.clone(),
                            source: play_source.get_untracked(),
                            is_url: play_is_url.get_untracked(),
                        })>{t::tel_play}</button>
                </div>
            </div>
            <Show when=move || !controls.with(|c| c.dtmf_hidden())>
                <div class="tel-dtmf" role="group" aria-label=t::tel_keypad_tones data-testid="tel-dtmf" data-state=state_of(ControlKind::Dtmf)>
                    {DTMF_KEYS.iter().map(|k| {
                        let name = match k { '*' => "star".to_owned(), '#' => "hash".to_owned(), d => d.to_string() };
                        let call_id = id_for_keys.clone();
                        view! { <button class="button key" data-testid=format!("tel-dtmf-key-{name}") prop:disabled=move || !enabled()
                            on:click=move |_| {
                                tel.send(Input::DtmfKey { call_id: call_id.clone(), key: *k });
                            }>{k.to_string()}</button> }
                    }).collect_view()}
                    <span class="tel-dtmf-pending" aria-live="polite" data-testid="tel-dtmf-pending">{move || dtmf_pending.get()}</span>
                </div>
            </Show>
            {move || controls.with(|c| c.progress()).map(|progress| view! {
                <p class="tel-message tel-progress" aria-live="polite" data-testid="tel-control-status">{super::words::progress(progress)}</p>
            })}
            {move || {
                let wait = signals.user_wait_ms.get();
                let failure = controls.with(|c| c.failure(wait)).map(|f| (f.code, super::words::control_failure(&f)));
                let id = id_for_dismiss.clone();
                failure.map(|(code, text)| view! {
                    <div class="tel-failure" role="alert" data-testid="tel-control-error" data-code=code>
                        <span class="tel-code">{code}</span>
                        <span class="tel-failure-text">{text}</span>
                        <button class="button small" data-testid="tel-control-error-dismiss" aria-label=t::dismiss
                            on:click=move |_| { tel.send(Input::DismissControlFailure { call_id: id.clone() }); }>{t::dismiss}</button>
                    </div>
                })
            }}
        </article>
    }
}
