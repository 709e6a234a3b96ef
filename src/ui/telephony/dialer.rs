//! The dialer: a `+` number (typed, pasted or from the keypad, cleaned on input), the caller ID
//! from the eligible SIP configs (or what the empty list is waiting for), a room or an agent-first
//! call, a room duration preset, and the placement line the core writes.

use std::cell::RefCell;
use std::rc::Rc;

use dialtone_core::mediasfu::config_refresh::CallerIdNotice;
use dialtone_core::mediasfu::notices::Notice;
use dialtone_core::mediasfu::numbers::{KeypadKey, after_keypad_press, clean_pasted_number};
use dialtone_core::mediasfu::page::Input;
use dialtone_core::mediasfu::placement::DialRequest;
use dialtone_core::mediasfu::placement_view::PlacementView;
use dialtone_core::mediasfu::records::{SipConfig, default_caller_config};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::dom::{ValueSlot, append, append_text, element, field, on, on_click, set_attribute, set_text, set_value, text, value};
use crate::i18n::{self, t};
use crate::telephony::{Screen, Telephony};

/// The keypad: each key's label, test-id name and key.
const KEYS: [(&str, &str, KeypadKey); 12] = [
    ("1", "1", KeypadKey::Digit('1')),
    ("2", "2", KeypadKey::Digit('2')),
    ("3", "3", KeypadKey::Digit('3')),
    ("4", "4", KeypadKey::Digit('4')),
    ("5", "5", KeypadKey::Digit('5')),
    ("6", "6", KeypadKey::Digit('6')),
    ("7", "7", KeypadKey::Digit('7')),
    ("8", "8", KeypadKey::Digit('8')),
    ("9", "9", KeypadKey::Digit('9')),
    ("+", "plus", KeypadKey::Plus),
    ("0", "0", KeypadKey::Digit('0')),
    ("⌫", "back", KeypadKey::Back),
];
const DURATIONS: [u32; 4] = [15, 30, 60, 120];
const DEFAULT_DURATION: u32 = 30;

pub struct Dialer {
    pub root: Element,
    number: Element,
    caller_id: Element,
    /// The configs the caller-ID list was last drawn from.
    configs_drawn: RefCell<Option<Vec<SipConfig>>>,
    /// The caller ID chosen (or the default, once configs arrived): kept across redraws.
    caller: RefCell<String>,
    caller_id_note: ValueSlot<CallerIdNotice>,
    room: Element,
    /// "Your name": the name calls are placed under, and "To human"'s fallback.
    pub name: Element,
    duration: Element,
    dial_error: ValueSlot<Notice>,
    placement: ValueSlot<PlacementView>,
}

impl Dialer {
    pub fn build(d: &Document, tel: &Telephony) -> Option<Rc<Dialer>> {
        let root = element(d, "section", &[("class", "panel tel-panel"), ("aria-label", &t::tel_dialer()), ("data-testid", "tel-dialer")])?;
        append(&root, &[&text(d, "h2", &[("class", "panel-title")], &t::tel_dialer())?]);
        let number = element(d, "input", &[("type", "tel"), ("inputmode", "tel"), ("data-testid", "tel-number")])?;
        set_value(&number, "+");
        append(&root, &[&field(d, &t::tel_number(), &number)?]);

        let keypad = element(d, "div", &[("class", "tel-keypad"), ("role", "group"), ("aria-label", &t::tel_keypad())])?;
        let mut keys = Vec::new();
        for (label, name, key) in KEYS {
            let button = text(d, "button", &[("class", "button key"), ("data-testid", &format!("tel-key-{name}"))], label)?;
            append(&keypad, &[&button]);
            keys.push((key, button));
        }
        append(&root, &[&keypad]);

        let caller_id = element(d, "select", &[("data-testid", "tel-caller-id")])?;
        append(&root, &[&field(d, &t::tel_caller_id(), &caller_id)?]);
        // Why the list is empty (loading, retrying after a 429, refused), in full: an option
        // would cut it off.
        let note = element(d, "p", &[("class", "tel-field-note"), ("data-testid", "tel-caller-id-status")])?;
        let caller_id_note = ValueSlot::new(d, &root, note);

        let room = element(d, "input", &[("type", "text"), ("data-testid", "tel-room"), ("placeholder", &t::tel_room_example())])?;
        append(&root, &[&field(d, &t::tel_room(), &room)?]);
        let row = element(d, "div", &[("class", "row")])?;
        let name = element(d, "input", &[("type", "text"), ("data-testid", "tel-name")])?;
        set_value(&name, "operator");
        let duration = element(d, "select", &[("data-testid", "tel-duration")])?;
        for minutes in DURATIONS {
            let option = text(d, "option", &[("value", &minutes.to_string())], &t::tel_minutes(minutes as i64))?;
            append(&duration, &[&option]);
        }
        set_value(&duration, &DEFAULT_DURATION.to_string());
        append(&row, &[&field(d, &t::tel_your_name(), &name)?, &field(d, &t::tel_room_time(), &duration)?]);
        append(&root, &[&row]);
        let place = text(d, "button", &[("class", "button primary call"), ("data-testid", "tel-place-call")], &t::tel_call())?;
        append(&root, &[&place]);
        let dial_error = element(d, "p", &[("class", "tel-failure"), ("role", "alert"), ("data-testid", "tel-dial-error")])?;
        let dial_error = ValueSlot::new(d, &root, dial_error);
        let placement = element(d, "p", &[("class", "tel-placement"), ("aria-live", "polite"), ("data-testid", "tel-placement")])?;
        let placement = ValueSlot::new(d, &root, placement);

        let dialer = Rc::new(Dialer {
            root,
            number,
            caller_id,
            configs_drawn: RefCell::new(None),
            caller: RefCell::new(String::new()),
            caller_id_note,
            room,
            name,
            duration,
            dial_error,
            placement,
        });
        // Paste cleanup on every input: spaces, dashes, dots and brackets go.
        let for_input = dialer.clone();
        on(&dialer.number, "input", move |_| {
            let cleaned = clean_pasted_number(&value(&for_input.number));
            set_value(&for_input.number, &cleaned);
        });
        let for_enter = (dialer.clone(), tel.clone());
        on(&dialer.number, "keydown", move |event| {
            if event.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|key| key.key() == "Enter") {
                for_enter.0.place(&for_enter.1);
            }
        });
        for (key, button) in keys {
            let dialer = dialer.clone();
            on_click(&button, move || dialer.press(key));
        }
        let for_choice = dialer.clone();
        on(&dialer.caller_id, "change", move |_| {
            *for_choice.caller.borrow_mut() = value(&for_choice.caller_id);
        });
        let for_place = (dialer.clone(), tel.clone());
        on_click(&place, move || for_place.0.place(&for_place.1));
        Some(dialer)
    }

    fn press(&self, key: KeypadKey) {
        set_value(&self.number, &after_keypad_press(&value(&self.number), key));
    }

    fn place(&self, tel: &Telephony) {
        let dial = DialRequest {
            called: value(&self.number),
            caller_id: value(&self.caller_id),
            room: value(&self.room),
            participant_name: value(&self.name),
            duration_minutes: value(&self.duration).parse().unwrap_or(DEFAULT_DURATION),
        };
        tel.send(Input::PlaceCall(dial));
    }

    /// The caller-ID list: the eligible configs (the first is the default until one is chosen),
    /// or one empty choice. Rebuilt only when the configs change.
    fn draw_caller_ids(&self, configs: &[SipConfig]) {
        if self.configs_drawn.borrow().as_deref() == Some(configs) {
            return;
        }
        *self.configs_drawn.borrow_mut() = Some(configs.to_vec());
        if self.caller.borrow().is_empty()
            && let Some(config) = default_caller_config(configs)
        {
            *self.caller.borrow_mut() = config.contact_number.clone();
        }
        let Some(d) = self.root.owner_document() else { return };
        self.caller_id.set_text_content(None);
        let eligible: Vec<&SipConfig> = configs.iter().filter(|c| c.is_eligible_for_outgoing()).collect();
        if eligible.is_empty() {
            if let Some(option) = text(&d, "option", &[("value", "")], &t::tel_no_caller_id()) {
                append(&self.caller_id, &[&option]);
            }
            return;
        }
        for config in &eligible {
            let agent = if config.is_agent_capable() { t::tel_agent_capable() } else { String::new() };
            let label = format!("{} · {}{agent}", config.contact_number, config.provider);
            if let Some(option) = text(&d, "option", &[("value", &config.contact_number)], &label) {
                append(&self.caller_id, &[&option]);
            }
        }
        let caller = self.caller.borrow();
        if eligible.iter().any(|c| c.contact_number == *caller) {
            set_value(&self.caller_id, &caller);
        }
    }

    pub fn draw(&self, screen: &Screen) {
        self.draw_caller_ids(&screen.configs);
        set_attribute(&self.caller_id, "data-state", screen.caller_id_notice.as_ref().map_or("ready", CallerIdNotice::state));
        self.caller_id_note.draw(screen.caller_id_notice.as_ref(), |element, notice| {
            set_attribute(element, "data-state", notice.state());
            set_text(element, &super::words::caller_ids(notice));
        });
        self.dial_error.draw(screen.dial_message.as_ref(), |element, notice| {
            set_attribute(element, "data-code", &notice.code);
            fill_failure(element, &notice.code, &i18n::notice_text(&notice.code, &notice.text));
        });
        self.placement.draw(screen.placement.as_ref(), |element, view| {
            set_attribute(element, "data-state", view.state);
            set_attribute(element, "data-tone", view.tone.token());
            set_attribute(element, "data-code", view.code.unwrap_or(""));
            set_attribute(element, "data-call-id", view.call_id.as_deref().unwrap_or(""));
            fill_code_and_text(element, view.code, &super::words::placement(&view.line, view.code));
        });
    }
}

/// `<span class="tel-code">CODE</span><span class="tel-failure-text">text</span>`, as a failure
/// line shows them (shared with the call rows').
pub fn fill_failure(element: &Element, code: &str, words: &str) {
    let Some(d) = element.owner_document() else { return };
    element.set_text_content(None);
    if let (Some(code), Some(words)) =
        (text(&d, "span", &[("class", "tel-code")], code), text(&d, "span", &[("class", "tel-failure-text")], words))
    {
        append(element, &[&code, &words]);
    }
}

/// `<span class="tel-code">CODE</span> <span>text</span>` (no code: the text alone).
fn fill_code_and_text(element: &Element, code: Option<&str>, words: &str) {
    let Some(d) = element.owner_document() else { return };
    element.set_text_content(None);
    if let Some(code) = code
        && let Some(span) = text(&d, "span", &[("class", "tel-code")], code)
    {
        append(element, &[&span]);
        append_text(element, " ");
    }
    if let Some(span) = text(&d, "span", &[], words) {
        append(element, &[&span]);
    }
}
