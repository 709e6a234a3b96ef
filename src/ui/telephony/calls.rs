//! Live calls from the one shared poller: each row with direction, caller and callee from the
//! SIP URIs, the normalised status and duration, a room monitor, and its controls. Every control
//! shows pending → confirmed/failed (`data-state`), as the core's `CallControls` decides.

use dialtone_core::mediasfu::controls::{ControlState, controls_enabled};
use dialtone_core::mediasfu::records::CallRecord;
use dialtone_core::mediasfu::request::{Control, ControlKind, validate_play_source};
use dialtone_core::mediasfu::status::{AgentState, Direction, Phase};
use dialtone_core::mediasfu::time::duration_label;
use dialtone_core::mediasfu::dtmf::DtmfBuffer;
use leptos::prelude::*;

use super::session::now_ms;
use super::use_session;

const DTMF_KEYS: [char; 12] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

#[component]
pub fn LiveCalls() -> impl IntoView {
    let session = use_session();
    let signals = session.with_value(|s| s.signals);
    let live = Memo::new(move |_| {
        let mut calls: Vec<CallRecord> = signals.calls.get().into_iter().filter(|c| c.phase().is_live()).collect();
        calls.sort_by_key(|c| std::cmp::Reverse(c.start_ms().unwrap_or(0)));
        calls
    });
    view! {
        <section class="panel tel-panel" aria-label="Live calls" data-testid="tel-live-calls">
            <h2 class="panel-title">"Live calls"</h2>
            <p class="tel-poller" data-testid="tel-poller-status" data-state=move || signals.poller.get().0>
                {move || signals.poller.get().1}
                <Show when=move || matches!(signals.poller.get().0.as_str(), "stale" | "stopped")>
                    <button class="link" data-testid="tel-poller-retry"
                        on:click=move |_| session.with_value(|s| s.retry_polling())>"Retry"</button>
                </Show>
            </p>
            <Show when=move || live.with(Vec::is_empty)>
                <p class="empty" data-testid="tel-no-calls">"No live calls."</p>
            </Show>
            <For each=move || live.get() key=|c| c.sip_call_id.clone() let:call>
                <CallRow id=call.sip_call_id.clone()/>
            </For>
        </section>
    }
}

fn state_token(state: Option<&ControlState>) -> &'static str {
    state.map(ControlState::token).unwrap_or("idle")
}

#[component]
fn CallRow(id: String) -> impl IntoView {
    let session = use_session();
    let signals = session.with_value(|s| s.signals);
    let id_for_record = id.clone();
    let record = Memo::new(move |_| signals.calls.with(|calls| calls.iter().find(|c| c.sip_call_id == id_for_record).cloned()));
    let id_for_controls = id.clone();
    let controls = Memo::new(move |_| {
        signals.controls_version.track();
        session.with_value(|s| s.controls_of(&id_for_controls))
    });
    let hold_message = RwSignal::new(String::new());
    let pause_recording = RwSignal::new(true);
    let play_source = RwSignal::new(String::new());
    let play_is_url = RwSignal::new(false);
    // Presses are buffered and sent as one string after 1.5 s without a press (§8.5).
    let dtmf = StoredValue::new(DtmfBuffer::default());
    let dtmf_pending = RwSignal::new(String::new());
    let local_error = RwSignal::new(None::<String>);
    let send = {
        let id = id.clone();
        move |control: Control| {
            local_error.set(None);
            session.with_value(|s| s.control(id.clone(), control));
        }
    };
    let s_dtmf = send.clone();
    Effect::new(move |_| {
        let now = signals.now.get();
        if let Some(digits) = dtmf.try_update_value(|b| b.take_due(now)).flatten() {
            dtmf_pending.set(String::new());
            s_dtmf(Control::Dtmf(digits));
        }
    });
    let state_of = move |kind: ControlKind| move || state_token(controls.with(|c| c.state(kind).cloned()).as_ref());
    let error_of = move |kind: ControlKind| {
        controls.with(|c| match c.state(kind) {
            Some(ControlState::Failed { error, .. }) => Some(format!("{}: {}", error.code(), error.sentence())),
            _ => None,
        })
    };
    let phase = move || record.with(|r| r.as_ref().map(CallRecord::phase).unwrap_or(Phase::Ended(dialtone_core::mediasfu::status::Outcome::Completed)));
    let enabled = move || record.with(|r| r.as_ref().is_some_and(controls_enabled));
    let agent = move || record.with(|r| r.as_ref().map(CallRecord::agent_state).unwrap_or(AgentState::Stopped));
    let incoming_unanswered = move || record.with(|r| r.as_ref().is_some_and(|r| r.direction() == Direction::Incoming && matches!(r.phase(), Phase::Dialing | Phase::Ringing)));
    let s1 = send.clone();
    let s2 = send.clone();
    let s3 = send.clone();
    let s4 = send.clone();
    let s5 = send.clone();
    let s6 = send.clone();
    let s7 = send.clone();
    let s9 = send.clone();
    view! {
        <article class="tel-call" data-testid="tel-call-row" data-call-id=id.clone() data-phase=move || phase().token()>
            {move || record.get().map(|r| {
                let caller = r.caller();
                let callee = r.callee();
                let row_id = r.sip_call_id.clone();
                let reported = r.duration_seconds.unwrap_or(0);
                view! {
                    <div class="tel-call-head">
                        <span class="tel-dir" data-testid="tel-call-direction">{r.direction().label()}</span>
                        <span class="tel-party" data-testid="tel-call-from">{caller.display_name.clone().map(|n| format!("{n} ")).unwrap_or_default()}{caller.number_label()}</span>
                        " → "
                        <span class="tel-party" data-testid="tel-call-to">{callee.number_label()}</span>
                        <span class="pill" data-testid="tel-call-status">{r.phase().label()}</span>
                        <span class="tel-duration" data-testid="tel-call-duration">{move || {
                            // The history entry counts up between polls from the server's value.
                            let now = signals.now.get();
                            let secs = signals.history.with(|h| h.iter().find(|e| e.sip_call_id == row_id).map(|e| e.shown_duration_seconds(now)));
                            duration_label(secs.unwrap_or(reported))
                        }}</span>
                    </div>
                    <dl class="tel-monitor" data-testid="tel-room-monitor">
                        <dt>"Room"</dt><dd data-testid="tel-monitor-room">{r.room_name.clone()}</dd>
                        <dt>"Caller hears"</dt><dd data-testid="tel-monitor-source">{match r.agent_state() {
                            AgentState::Active => "the agent".to_owned(),
                            AgentState::PausedForHuman => format!("{} (human)", r.human_participant_name.clone().unwrap_or_else(|| "a person".into())),
                            AgentState::Stopped => "nobody (agent stopped)".to_owned(),
                        }}</dd>
                        <dt>"Speaking"</dt><dd>{r.active_speaker.clone().unwrap_or_else(|| "—".into())}</dd>
                        <dt>"Playing"</dt><dd data-testid="tel-monitor-playing">{if r.playing_prompt { "prompt" } else if r.playing_music { "music" } else { "—" }}</dd>
                        {r.pending_human_intervention.then(|| view! { <dd class="warn" data-testid="tel-monitor-help">"The agent asks for a human."</dd> })}
                    </dl>
                }
            })}
            <div class="tel-controls" role="group" aria-label="Call controls">
                {move || if incoming_unanswered() {
                    let s = s1.clone();
                    view! { <button class="button danger" data-testid="tel-reject" data-state=state_of(ControlKind::End) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::Reject)>"Reject"</button> }.into_any()
                } else {
                    let s = s1.clone();
                    view! { <button class="button danger" data-testid="tel-end" data-state=state_of(ControlKind::End) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::End)>"End"</button> }.into_any()
                }}
                {move || if phase() == Phase::OnHold {
                    let s = s2.clone();
                    view! { <button class="button" data-testid="tel-resume" data-state=state_of(ControlKind::Hold) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::Resume)>"Resume"</button> }.into_any()
                } else {
                    let s = s2.clone();
                    view! { <button class="button" data-testid="tel-hold" data-state=state_of(ControlKind::Hold) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::Hold { message: hold_message.get_untracked(), pause_recording: pause_recording.get_untracked() })>"Hold"</button> }.into_any()
                }}
                <input type="text" class="small" placeholder="Hold message (optional)" data-testid="tel-hold-message"
                    prop:value=move || hold_message.get() on:input=move |ev| hold_message.set(event_target_value(&ev))/>
                <label class="check"><input type="checkbox" data-testid="tel-pause-recording" prop:checked=move || pause_recording.get()
                    on:change=move |ev| pause_recording.set(event_target_checked(&ev))/>" Pause recording"</label>
                <button class="button" data-testid="tel-play-to-all" data-state=state_of(ControlKind::PlayToAll)
                    aria-pressed=move || controls.with(|c| c.play_to_all()).to_string() prop:disabled=move || !enabled()
                    on:click=move |_| { let on = !controls.with_untracked(|c| c.play_to_all()); s3(Control::PlayToAll(on)) }>
                    {move || if controls.with(|c| c.play_to_all()) { "Play to all: on" } else { "Play to all: off" }}</button>
                <button class="button" data-testid="tel-takeover" data-state=state_of(ControlKind::Source) prop:disabled=move || !enabled()
                    on:click=move |_| {
                        let name = record.with_untracked(|r| r.as_ref().and_then(|r| r.human_participant_name.clone())).unwrap_or_else(|| "operator".into());
                        s4(Control::ToHuman { human_name: name })
                    }>"To human"</button>
                <button class="button" data-testid="tel-to-agent" data-state=state_of(ControlKind::Source) prop:disabled=move || !enabled()
                    on:click=move |_| s5(Control::ToAgent)>"To agent"</button>
                {move || if agent().offers_start() {
                    let s = s6.clone();
                    view! { <button class="button" data-testid="tel-start-agent" data-state=state_of(ControlKind::Agent) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::StartAgent)>"Start agent"</button> }.into_any()
                } else {
                    let s = s6.clone();
                    view! { <button class="button" data-testid="tel-stop-agent" data-state=state_of(ControlKind::Agent) prop:disabled=move || !enabled()
                        on:click=move |_| s(Control::StopAgent)>"Stop agent"</button> }.into_any()
                }}
            </div>
            <div class="tel-controls" role="group" aria-label="Play and keypad">
                <input type="text" placeholder="Text to speak, or an https:// URL" data-testid="tel-play-source"
                    prop:value=move || play_source.get() on:input=move |ev| play_source.set(event_target_value(&ev))/>
                <label class="check"><input type="checkbox" data-testid="tel-play-is-url" prop:checked=move || play_is_url.get()
                    on:change=move |ev| play_is_url.set(event_target_checked(&ev))/>" URL"</label>
                <button class="button" data-testid="tel-play" data-state=state_of(ControlKind::Play) prop:disabled=move || !enabled()
                    on:click=move |_| match validate_play_source(&play_source.get_untracked(), play_is_url.get_untracked()) {
                        Ok(source) => s7(Control::Play { source, looped: false, immediately: true }),
                        Err(_) => local_error.set(Some("Enter text to speak, or an https:// URL (at most 2048 characters).".into())),
                    }>"Play"</button>
                <Show when=move || !controls.with(|c| c.dtmf_hidden())>
                    <div class="tel-dtmf" role="group" aria-label="Keypad tones" data-testid="tel-dtmf" data-state=state_of(ControlKind::Dtmf)>
                        {DTMF_KEYS.iter().map(|k| {
                            let name = match k { '*' => "star".to_owned(), '#' => "hash".to_owned(), d => d.to_string() };
                            view! { <button class="button key" data-testid=format!("tel-dtmf-key-{name}") prop:disabled=move || !enabled()
                                on:click=move |_| {
                                    dtmf.update_value(|b| { b.press(*k, now_ms()); });
                                    dtmf_pending.set(dtmf.with_value(|b| b.pending().to_owned()));
                                }>{k.to_string()}</button> }
                        }).collect_view()}
                        <span class="tel-dtmf-pending" data-testid="tel-dtmf-pending">{move || dtmf_pending.get()}</span>
                    </div>
                </Show>
            </div>
            {move || {
                let _ = &s9;
                let errors: Vec<String> = [ControlKind::End, ControlKind::Hold, ControlKind::PlayToAll, ControlKind::Source, ControlKind::Agent, ControlKind::Play, ControlKind::Dtmf]
                    .into_iter().filter_map(error_of).chain(local_error.get()).collect();
                (!errors.is_empty()).then(|| view! { <p class="tel-message error" data-testid="tel-control-error">{errors.join(" · ")}</p> })
            }}
        </article>
    }
}
