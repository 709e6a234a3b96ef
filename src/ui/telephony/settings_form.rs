//! Settings: the mode (direct long-lived key, direct disposable key, server proxy), API username and
//! key (checked by the page for the mode, session-only unless remembered, never shown back in
//! full), base URL, save (fetches SIP configs) and "test connection". The fields start from what
//! storage holds and are the form's own state; the page machine decides everything else.

use std::cell::Cell;
use std::rc::Rc;

use dialtone_core::mediasfu::account::AccountSettings;
use dialtone_core::mediasfu::mode::CredentialMode;
use dialtone_core::mediasfu::notices::SettingsLine;
use dialtone_core::mediasfu::page::Input;
use web_sys::{Document, Element};

use crate::dom::{Slot, ValueSlot, append, check, checked, element, field, on, on_click, set_attribute, set_checked, set_text, set_value, text, value};
use crate::i18n::t;
use crate::telephony::{Screen, Telephony, storage};

/// The three modes of §8.1, in the order shown.
const MODES: [(CredentialMode, fn() -> String); 3] = [
    (CredentialMode::DirectLongLived, t::tel_mode_long_lived),
    (CredentialMode::DirectDisposable, t::tel_mode_disposable),
    (CredentialMode::Proxy, t::tel_mode_proxy),
];

pub struct SettingsForm {
    pub root: Element,
    /// The key field, for the banner's "Edit credentials".
    pub key: Element,
    modes: Vec<(CredentialMode, Element)>,
    username: Element,
    base_url: Element,
    remember: Element,
    /// The credential fields: only without the proxy.
    credentials: Vec<Slot>,
    remember_warning: Slot,
    sign_out: Slot,
    line: ValueSlot<SettingsLine>,
    /// The count of successful Saves last drawn (`None` before the first draw).
    saves_drawn: Cell<Option<u64>>,
    /// The saved key, masked ("" when none), last drawn.
    masked_key: std::cell::RefCell<String>,
}

impl SettingsForm {
    pub fn build(d: &Document, tel: &Telephony) -> Option<Rc<SettingsForm>> {
        let saved = storage::load_settings().unwrap_or_default();
        let root = element(d, "section", &[("class", "panel tel-panel"), ("aria-label", &t::tel_settings_label()), ("data-testid", "tel-settings")])?;
        append(&root, &[&text(d, "h2", &[("class", "panel-title")], &t::tel_account())?]);

        let fieldset = element(d, "fieldset", &[("class", "tel-modes"), ("data-testid", "tel-mode")])?;
        append(&fieldset, &[&text(d, "legend", &[], &t::tel_how())?]);
        let mut modes = Vec::new();
        for (mode, label) in MODES {
            let testid = format!("tel-mode-{}", mode.as_str());
            let radio = element(d, "input", &[("type", "radio"), ("name", "tel-mode"), ("data-testid", &testid)])?;
            append(&fieldset, &[&check(d, &radio, &format!(" {}", label()))?]);
            modes.push((mode, radio));
        }
        append(&root, &[&fieldset]);

        let username = element(d, "input", &[("type", "text"), ("autocomplete", "off"), ("spellcheck", "false"), ("data-testid", "tel-username")])?;
        set_value(&username, &saved.username);
        // The key field starts empty: a saved key is never shown back; leaving it empty keeps it.
        let key = element(d, "input", &[("type", "password"), ("autocomplete", "off"), ("data-testid", "tel-key")])?;
        let base_url = element(d, "input", &[("type", "url"), ("data-testid", "tel-base-url")])?;
        set_value(&base_url, if saved.base_url.is_empty() { "https://mediasfu.com" } else { &saved.base_url });
        let remember = element(d, "input", &[("type", "checkbox"), ("data-testid", "tel-remember")])?;
        set_checked(&remember, saved.remember);
        let credentials = vec![
            Slot::new(d, &root, field(d, &t::tel_username(), &username)?),
            Slot::new(d, &root, field(d, &t::tel_key(), &key)?),
            Slot::new(d, &root, field(d, &t::tel_base_url(), &base_url)?),
            Slot::new(d, &root, check(d, &remember, &t::tel_remember())?),
        ];
        // §8.1: the warning is about long-lived keys; a disposable one expires on its own.
        let warning = text(d, "p", &[("class", "hint warn"), ("data-testid", "tel-remember-warning")], &t::tel_remember_warning())?;
        let remember_warning = Slot::new(d, &root, warning);

        let row = element(d, "div", &[("class", "row")])?;
        let save = text(d, "button", &[("class", "button primary"), ("data-testid", "tel-save")], &t::save())?;
        let test = text(d, "button", &[("class", "button"), ("data-testid", "tel-test")], &t::tel_test())?;
        append(&row, &[&save, &test]);
        // Only when there is something to sign out of.
        let sign_out = text(d, "button", &[("class", "button"), ("data-testid", "tel-sign-out")], &t::tel_sign_out())?;
        let sign_out = Slot::new(d, &row, sign_out);
        append(&root, &[&row]);
        let line = element(d, "p", &[("class", "tel-message tel-settings-status"), ("data-testid", "tel-settings-status")])?;
        let line = ValueSlot::new(d, &root, line);

        let form = Rc::new(SettingsForm {
            root,
            key,
            modes,
            username,
            base_url,
            remember,
            credentials,
            remember_warning,
            sign_out,
            line,
            saves_drawn: Cell::new(None),
            masked_key: std::cell::RefCell::new(String::new()),
        });
        for (mode, radio) in &form.modes {
            set_checked(radio, *mode == saved.mode());
            let form = form.clone();
            on(radio, "change", move |_| form.draw_fields());
        }
        let for_remember = (form.clone(), tel.clone());
        on(&form.remember, "change", move |_| {
            let (form, tel) = &for_remember;
            form.draw_fields();
            // §8.1: unticking deletes the persistent copy at once, not at Save.
            if !checked(&form.remember) {
                tel.send(Input::ForgetRemembered);
            }
        });
        for (button, test_only) in [(&save, false), (&test, true)] {
            let (form, tel) = (form.clone(), tel.clone());
            on_click(button, move || tel.send(Input::SaveSettings { settings: form.collect(), test_only }));
        }
        let for_sign_out = (form.clone(), tel.clone());
        on_click(&form.sign_out.element, move || {
            let (form, tel) = &for_sign_out;
            tel.send(Input::SignOut);
            set_value(&form.key, "");
        });
        form.draw_fields();
        Some(form)
    }

    fn mode(&self) -> CredentialMode {
        self.modes.iter().find(|(_, radio)| checked(radio)).map_or(CredentialMode::DirectLongLived, |(mode, _)| *mode)
    }

    fn collect(&self) -> AccountSettings {
        let mode = self.mode();
        let proxy = mode == CredentialMode::Proxy;
        AccountSettings {
            username: value(&self.username).trim().to_owned(),
            key: if proxy { String::new() } else { value(&self.key).trim().to_owned() },
            base_url: value(&self.base_url).trim().to_owned(),
            proxy,
            disposable: mode == CredentialMode::DirectDisposable,
            remember: checked(&self.remember),
        }
    }

    /// What follows the form's own fields: the credentials without the proxy, the key's hint,
    /// the warning about remembering a long-lived key.
    fn draw_fields(&self) {
        let mode = self.mode();
        for slot in &self.credentials {
            slot.set_present(mode != CredentialMode::Proxy);
        }
        self.remember_warning.set_present(AccountSettings::remember_warning(mode, checked(&self.remember)));
        let masked = self.masked_key.borrow();
        let hint = if !masked.is_empty() {
            t::tel_key_saved(&masked)
        } else if mode == CredentialMode::DirectDisposable {
            t::tel_key_disposable_hint()
        } else {
            t::tel_key_hint()
        };
        set_attribute(&self.key, "placeholder", &hint);
    }

    pub fn draw(&self, screen: &Screen) {
        // Saved: the typed key is held by the page now, and the field empties.
        if self.saves_drawn.replace(Some(screen.settings_saved)).is_some_and(|drawn| drawn != screen.settings_saved) {
            set_value(&self.key, "");
        }
        if *self.masked_key.borrow() != screen.masked_key {
            *self.masked_key.borrow_mut() = screen.masked_key.clone();
            self.draw_fields();
        }
        self.sign_out.set_present(screen.configured);
        self.line.draw(screen.settings_line.as_ref(), |element, line| {
            set_attribute(element, "data-code", line.code());
            set_text(element, &super::words::settings_line(line));
        });
    }
}
