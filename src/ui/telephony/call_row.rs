//! One live call: direction, caller and callee from the SIP URIs, the normalised status and talk
//! time, a room monitor from the polled record (§7), and its controls. Every control shows
//! idle → pending → confirmed/failed (`data-state`) as the core's `CallControls` decides; a
//! line says what the latest request is waiting for, and one line shows the latest failure.
//! The hold message, "pause recording", the play source and "URL" are the row's own fields.

use dialtone_core::mediasfu::controls::{CallControls, ControlState, controls_enabled, offers_reject};
use dialtone_core::mediasfu::page::Input;
use dialtone_core::mediasfu::records::SipCall;
use dialtone_core::mediasfu::request::{Control, ControlKind};
use dialtone_core::mediasfu::status::{AgentState, Phase};
use web_sys::{Document, Element};

use crate::dom::{Listener, Slot, ValueSlot, append, check, checked, element, listen, set_attribute, set_checked, set_class, set_flag, set_text, text, value};
use crate::i18n::t;
use crate::telephony::{Screen, Telephony};

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

/// One of the row's own text options: its hint, its accessible name and its test id.
fn option_input(d: &Document, hint: &str, name: &str, testid: &str) -> Option<Element> {
    element(d, "input", &[("type", "text"), ("placeholder", hint), ("aria-label", name), ("data-testid", testid)])
}

/// A control button and the kind of request whose state it shows.
struct Button {
    element: Element,
    kind: ControlKind,
}

/// The row's failure line: its code, why, and Dismiss.
struct FailureLine {
    part: ValueSlot<(&'static str, String)>,
    code: Element,
    text: Element,
}

pub struct CallRow {
    pub id: String,
    pub root: Element,
    direction: Element,
    from: Element,
    to: Element,
    status: Element,
    duration: Element,
    room: Element,
    source: Element,
    speaking: Element,
    playing: Element,
    help: Slot,
    /// Each button, and the slot of those shown only in some phases.
    buttons: Vec<Button>,
    reject: Slot,
    end: Slot,
    hold: Slot,
    resume: Slot,
    start_agent: Slot,
    stop_agent: Slot,
    play_to_all: Element,
    dtmf: Slot,
    dtmf_keys: Vec<Element>,
    dtmf_pending: Element,
    progress: ValueSlot<String>,
    failure: FailureLine,
    /// Removed with the row.
    _listeners: Vec<Listener>,
}

impl CallRow {
    pub fn build(d: &Document, tel: &Telephony, our_name: &Element, id: &str) -> Option<CallRow> {
        let root = element(d, "article", &[("class", "tel-call"), ("data-testid", "tel-call-row"), ("data-call-id", id)])?;
        let mut listeners = Vec::new();
        // Each click sends this call's control or intent.
        let mut on_click = |button: &Element, input: Box<dyn Fn() -> Input>| {
            let tel = tel.clone();
            listeners.push(listen(button, "click", move |_| tel.send(input())));
        };

        let head = element(d, "header", &[("class", "tel-call-head")])?;
        let direction = element(d, "span", &[("class", "tel-dir"), ("data-testid", "tel-call-direction")])?;
        let parties = element(d, "span", &[("class", "tel-parties")])?;
        let from = element(d, "span", &[("class", "tel-party"), ("data-testid", "tel-call-from")])?;
        let to = element(d, "span", &[("class", "tel-party"), ("data-testid", "tel-call-to")])?;
        let arrow = text(d, "span", &[("class", "tel-arrow"), ("aria-label", &t::tel_to())], " → ")?;
        append(&parties, &[&from, &arrow, &to]);
        let status = element(d, "span", &[("class", "pill tel-status"), ("data-testid", "tel-call-status")])?;
        append(&head, &[&direction, &parties, &status]);

        let monitor = element(d, "dl", &[("class", "tel-monitor"), ("data-testid", "tel-room-monitor")])?;
        let entry = |term: String, attributes: &[(&str, &str)]| -> Option<Element> {
            let pair = element(d, "div", &[])?;
            let value = element(d, "dd", attributes)?;
            append(&pair, &[&text(d, "dt", &[], &term)?, &value]);
            append(&monitor, &[&pair]);
            Some(value)
        };
        let duration = entry(t::tel_talk_time(), &[("class", "tel-duration"), ("data-testid", "tel-call-duration")])?;
        let room = entry(t::tel_room_short(), &[("data-testid", "tel-monitor-room")])?;
        let source = entry(t::tel_caller_hears(), &[("data-testid", "tel-monitor-source")])?;
        let speaking = entry(t::tel_speaking(), &[])?;
        let playing = entry(t::tel_playing(), &[("data-testid", "tel-monitor-playing")])?;
        append(&root, &[&head, &monitor]);
        let help = text(d, "p", &[("class", "tel-alert"), ("role", "alert"), ("data-testid", "tel-monitor-help")], &t::tel_help_requested())?;
        let help = Slot::new(d, &root, help);

        // The row's own options, read when a control that uses them is pressed.
        let options = element(d, "div", &[("class", "tel-options")])?;
        let hold_group = element(d, "div", &[("class", "tel-option"), ("role", "group"), ("aria-label", &t::tel_hold_options())])?;
        let hold_message = option_input(d, &t::tel_hold_message(), &t::tel_hold_message_label(), "tel-hold-message")?;
        let pause_recording = element(d, "input", &[("type", "checkbox"), ("data-testid", "tel-pause-recording")])?;
        set_checked(&pause_recording, true);
        let pause_label = check(d, &pause_recording, &t::tel_pause_recording())?;
        append(&hold_group, &[&hold_message, &pause_label]);
        let play_group = element(d, "div", &[("class", "tel-option"), ("role", "group"), ("aria-label", &t::tel_play_to_caller())])?;
        let play_source = option_input(d, &t::tel_play_source(), &t::tel_play_source_label(), "tel-play-source")?;
        let play_is_url = element(d, "input", &[("type", "checkbox"), ("data-testid", "tel-play-is-url")])?;
        let url_label = check(d, &play_is_url, " URL")?;
        let play = text(d, "button", &[("class", "button"), ("data-testid", "tel-play")], &t::tel_play())?;
        append(&play_group, &[&play_source, &url_label, &play]);
        append(&options, &[&hold_group, &play_group]);

        let controls = element(d, "div", &[("class", "tel-controls"), ("role", "group"), ("aria-label", &t::tel_call_controls())])?;
        let mut buttons = Vec::new();
        let mut button = |testid: &str, class: &str, words: String, kind: ControlKind| -> Option<Element> {
            let element = text(d, "button", &[("class", class), ("data-testid", testid)], &words)?;
            buttons.push(Button { element: element.clone(), kind });
            Some(element)
        };
        let reject = button("tel-reject", "button danger", t::tel_reject(), ControlKind::End)?;
        let end = button("tel-end", "button danger", t::tel_end(), ControlKind::End)?;
        let resume = button("tel-resume", "button", t::tel_resume(), ControlKind::Hold)?;
        let hold = button("tel-hold", "button", t::tel_hold(), ControlKind::Hold)?;
        let takeover = button("tel-takeover", "button", t::tel_to_human(), ControlKind::Source)?;
        let to_agent = button("tel-to-agent", "button", t::tel_to_agent(), ControlKind::Source)?;
        let start_agent = button("tel-start-agent", "button", t::tel_start_agent(), ControlKind::Agent)?;
        let stop_agent = button("tel-stop-agent", "button", t::tel_stop_agent(), ControlKind::Agent)?;
        let play_to_all = button("tel-play-to-all", "button", String::new(), ControlKind::PlayToAll)?;
        buttons.push(Button { element: play.clone(), kind: ControlKind::Play });

        let call_id = id.to_owned();
        let control = move |control: Control| {
            let call_id = call_id.clone();
            Box::new(move || Input::Control { call_id: call_id.clone(), control: control.clone() }) as Box<dyn Fn() -> Input>
        };
        on_click(&reject, control(Control::Reject));
        on_click(&end, control(Control::End));
        on_click(&resume, control(Control::Resume));
        on_click(&to_agent, control(Control::ToAgent));
        on_click(&start_agent, control(Control::StartAgent));
        on_click(&stop_agent, control(Control::StopAgent));
        let (call_id, message, pause) = (id.to_owned(), hold_message.clone(), pause_recording.clone());
        on_click(&hold, Box::new(move || Input::Control {
            call_id: call_id.clone(),
            control: Control::Hold { message: value(&message), pause_recording: checked(&pause) },
        }));
        let (call_id, name) = (id.to_owned(), our_name.clone());
        on_click(&takeover, Box::new(move || Input::SwitchToHuman { call_id: call_id.clone(), our_name: value(&name) }));
        let (call_id, pressed) = (id.to_owned(), play_to_all.clone());
        on_click(&play_to_all, Box::new(move || {
            let on = pressed.get_attribute("aria-pressed").as_deref() != Some("true");
            Input::Control { call_id: call_id.clone(), control: Control::PlayToAll(on) }
        }));
        let (call_id, play_source, is_url) = (id.to_owned(), play_source.clone(), play_is_url.clone());
        on_click(&play, Box::new(move || Input::Play { call_id: call_id.clone(), source: value(&play_source), is_url: checked(&is_url) }));

        let reject = Slot::new(d, &controls, reject);
        let end = Slot::new(d, &controls, end);
        let resume = Slot::new(d, &controls, resume);
        let hold = Slot::new(d, &controls, hold);
        append(&controls, &[&takeover, &to_agent]);
        let start_agent = Slot::new(d, &controls, start_agent);
        let stop_agent = Slot::new(d, &controls, stop_agent);
        append(&controls, &[&play_to_all]);
        // On a phone the row's options and keypad wait behind this toggle (CSS shows it only
        // there): shown always, they made one call a screen and a half tall.
        let extra_id = format!("tel-call-extra-{id}");
        let more = text(d, "button", &[("class", "button tel-call-more"), ("type", "button"), ("aria-expanded", "false"), ("aria-controls", &extra_id), ("data-testid", "tel-call-more")], &t::tel_call_more())?;
        let (toggle, row) = (more.clone(), root.clone());
        let more_listener = listen(&more, "click", move |_| {
            let open = toggle.get_attribute("aria-expanded").as_deref() != Some("true");
            set_attribute(&toggle, "aria-expanded", if open { "true" } else { "false" });
            set_class(&row, "extra-open", open);
        });
        append(&controls, &[&more]);
        append(&root, &[&controls]);
        // What a control is doing, or why it failed, right under the controls (on a phone the
        // options and the keypad below would put it out of sight).
        let progress = element(d, "p", &[("class", "tel-message tel-progress"), ("aria-live", "polite"), ("data-testid", "tel-control-status")])?;
        let progress = ValueSlot::new(d, &root, progress);

        let failure = element(d, "div", &[("class", "tel-failure"), ("role", "alert"), ("data-testid", "tel-control-error")])?;
        let code = element(d, "span", &[("class", "tel-code")])?;
        let why = element(d, "span", &[("class", "tel-failure-text")])?;
        let dismiss = text(d, "button", &[("class", "button small"), ("data-testid", "tel-control-error-dismiss"), ("aria-label", &t::dismiss())], &t::dismiss())?;
        let call_id = id.to_owned();
        on_click(&dismiss, Box::new(move || Input::DismissControlFailure { call_id: call_id.clone() }));
        append(&failure, &[&code, &why, &dismiss]);
        let failure = FailureLine { part: ValueSlot::new(d, &root, failure), code, text: why };
        let extra = element(d, "div", &[("class", "tel-call-extra"), ("id", &extra_id)])?;
        append(&extra, &[&options]);
        append(&root, &[&extra]);

        let dtmf = element(d, "div", &[("class", "tel-dtmf"), ("role", "group"), ("aria-label", &t::tel_keypad_tones()), ("data-testid", "tel-dtmf")])?;
        let mut dtmf_keys = Vec::new();
        for key in DTMF_KEYS {
            let name = match key {
                '*' => "star".to_owned(),
                '#' => "hash".to_owned(),
                digit => digit.to_string(),
            };
            let button = text(d, "button", &[("class", "button key"), ("data-testid", &format!("tel-dtmf-key-{name}"))], &key.to_string())?;
            let call_id = id.to_owned();
            on_click(&button, Box::new(move || Input::DtmfKey { call_id: call_id.clone(), key }));
            append(&dtmf, &[&button]);
            dtmf_keys.push(button);
        }
        let dtmf_pending = element(d, "span", &[("class", "tel-dtmf-pending"), ("aria-live", "polite"), ("data-testid", "tel-dtmf-pending")])?;
        append(&dtmf, &[&dtmf_pending]);
        let dtmf = Slot::new(d, &extra, dtmf);
        listeners.push(more_listener);

        Some(CallRow {
            id: id.to_owned(),
            root,
            direction,
            from,
            to,
            status,
            duration,
            room,
            source,
            speaking,
            playing,
            help,
            buttons,
            reject,
            end,
            hold,
            resume,
            start_agent,
            stop_agent,
            play_to_all,
            dtmf,
            dtmf_keys,
            dtmf_pending,
            progress,
            failure,
            _listeners: listeners,
        })
    }

    pub fn draw(&self, screen: &Screen) {
        let Some(record) = screen.live_calls.iter().find(|call| call.sip_call_id == self.id) else { return };
        let default = CallControls::default();
        let controls = screen.controls.get(&self.id).unwrap_or(&default);
        let phase = record.phase();
        set_attribute(&self.root, "data-phase", phase.token());

        set_text(&self.direction, &super::words::direction(record.direction().label()));
        let caller = record.caller();
        let from = match &caller.display_name {
            Some(name) => format!("{name} {}", caller.number_label()),
            None => caller.number_label(),
        };
        set_text(&self.from, &from);
        set_text(&self.to, &record.callee().number_label());
        set_text(&self.status, &super::words::status(&phase.code(), &phase.label()));
        // The history entry counts talk time up between polls; "—" until the call is answered.
        let now = screen.wall_clock;
        let talk_time = screen.call_log.iter().find(|e| e.sip_call_id == self.id).map(|e| super::words::duration(e, now));
        set_text(&self.duration, talk_time.as_deref().unwrap_or("—"));
        set_text(&self.room, &record.room_name);
        set_text(&self.source, &heard_by_caller(record));
        set_text(&self.speaking, record.active_speaker.as_deref().unwrap_or("—"));
        let playing = if record.playing_prompt {
            t::tel_playing_prompt()
        } else if record.playing_music {
            t::tel_playing_music()
        } else {
            "—".to_owned()
        };
        set_text(&self.playing, &playing);
        self.help.set_present(record.pending_human_intervention);

        let enabled = controls_enabled(record);
        for button in &self.buttons {
            set_attribute(&button.element, "data-state", state_token(controls.state(button.kind)));
            set_flag(&button.element, "disabled", !enabled);
        }
        let rejectable = offers_reject(record);
        self.reject.set_present(rejectable);
        self.end.set_present(!rejectable);
        let on_hold = phase == Phase::OnHold;
        self.resume.set_present(on_hold);
        self.hold.set_present(!on_hold);
        let offers_start = record.agent_state().offers_start();
        self.start_agent.set_present(offers_start);
        self.stop_agent.set_present(!offers_start);
        let all = controls.play_to_all();
        set_attribute(&self.play_to_all, "aria-pressed", if all { "true" } else { "false" });
        set_text(&self.play_to_all, &if all { t::tel_play_to_all_on() } else { t::tel_play_to_all_off() });

        self.dtmf.set_present(!controls.dtmf_hidden());
        set_attribute(&self.dtmf.element, "data-state", state_token(controls.state(ControlKind::Dtmf)));
        for key in &self.dtmf_keys {
            set_flag(key, "disabled", !enabled);
        }
        set_text(&self.dtmf_pending, screen.dtmf_pending.get(&self.id).map_or("", String::as_str));

        let progress = controls.progress().map(super::words::progress);
        self.progress.draw(progress.as_ref(), |element, line| set_text(element, line));
        let failure = controls.failure(screen.user_wait_ms).map(|f| (f.code, super::words::control_failure(&f)));
        self.failure.part.draw(failure.as_ref(), |element, (code, why)| {
            set_attribute(element, "data-code", code);
            set_text(&self.failure.code, code);
            set_text(&self.failure.text, why);
        });
    }
}
