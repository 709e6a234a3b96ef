//! The Telephony page (MediaSFU, specs/mediasfu-api.md): settings, dialer, live calls with their
//! controls, and history. Opened at `/telephony` or `?mode=telephony`. Decisions are in
//! `dialtone_core::mediasfu::page`; [`crate::telephony`] runs it and keeps what it shows in a
//! [`Screen`]. This view is built once with plain DOM calls ([`crate::dom`], as the host page is)
//! and then drawn from the screen after each input, changing only what differs; its controls hand
//! intents to [`Telephony::send`]. Without Leptos the page's bundle carries no reactive runtime
//! (docs/ARCHITECTURE.md, "One bundle per page"). The page's language is fixed while it is open
//! (`?lang=` or the reader's choice): words are written when a part is built or redrawn.

mod call_row;
mod calls;
mod dialer;
mod history;
mod settings_form;
mod words;

use dialtone_core::mediasfu::notices::Banner;
use dialtone_core::mediasfu::page::Input;
use web_sys::{Document, Element};

use crate::dom::{ValueSlot, append, element, on_click, set_attribute, set_class, set_text, text};
use crate::i18n::{self, t};
use crate::telephony::{Draw, Screen, Telephony};

/// The page was asked for by path or query.
pub fn requested() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return false };
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    path.trim_end_matches('/').ends_with("/telephony") || search.contains("mode=telephony")
}

/// Starts the page's machine and shows the page in the document's body.
pub fn mount() {
    let tel = crate::telephony::start();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if let Some(page) = Page::build(&document, &tel) {
        let _ = body.append_child(&page.root);
        tel.set_view(Box::new(page));
    }
}

/// The 401/403 (or other stopping) banner: its code, its sentence, "Edit credentials" when new
/// credentials would help, and Retry.
struct BannerView {
    part: ValueSlot<Banner>,
    code: Element,
    text: Element,
    edit: crate::dom::Slot,
}

impl BannerView {
    fn build(d: &Document, parent: &Element, tel: &Telephony, form: &settings_form::SettingsForm) -> Option<BannerView> {
        let root = element(d, "div", &[("class", "notice notice-error tel-banner"), ("role", "alert"), ("data-testid", "tel-banner")])?;
        let line = element(d, "p", &[("class", "tel-banner-text")])?;
        let code = element(d, "span", &[("class", "tel-code"), ("data-testid", "tel-banner-code")])?;
        let text = element(d, "span", &[])?;
        append(&line, &[&code]);
        crate::dom::append_text(&line, " ");
        append(&line, &[&text]);
        let actions = element(d, "div", &[("class", "tel-banner-actions")])?;
        let edit = self::text(d, "button", &[("class", "button"), ("data-testid", "tel-banner-edit")], &t::tel_edit_credentials())?;
        let (key, panel) = (form.key.clone(), form.root.clone());
        on_click(&edit, move || edit_credentials(&key, &panel));
        let edit = crate::dom::Slot::new(d, &actions, edit);
        let retry = self::text(d, "button", &[("class", "button"), ("data-testid", "tel-banner-retry")], &t::retry())?;
        let for_retry = tel.clone();
        on_click(&retry, move || for_retry.send(Input::Retry));
        append(&actions, &[&retry]);
        append(&root, &[&line, &actions]);
        Some(BannerView { part: ValueSlot::new(d, parent, root), code, text, edit })
    }

    fn draw(&self, banner: Option<&Banner>) {
        self.part.draw(banner, |root, banner| {
            set_attribute(root, "data-code", &banner.notice.code);
            set_text(&self.code, &banner.notice.code);
            set_text(&self.text, &i18n::notice_text(&banner.notice.code, &banner.notice.text));
            self.edit.set_present(banner.offer_edit);
        });
    }
}

struct Page {
    root: Element,
    banner: BannerView,
    layout: Element,
    settings: std::rc::Rc<settings_form::SettingsForm>,
    dialer: std::rc::Rc<dialer::Dialer>,
    calls: calls::LiveCalls,
    history: std::rc::Rc<history::HistoryPanel>,
}

impl Page {
    fn build(d: &Document, tel: &Telephony) -> Option<Page> {
        let root = element(d, "div", &[("class", "app telephony"), ("data-testid", "telephony-page")])?;
        let header = element(d, "header", &[("class", "topbar tel-header")])?;
        let title = element(d, "h1", &[("class", "brand")])?;
        append(&title, &[&element(d, "span", &[("class", "brand-mark"), ("aria-hidden", "true")])?]);
        // On a phone the short name (the mark stands for "Dialtone"): the long one took two lines
        // at 320 wide in German. Only one is displayed, so a screen reader reads one.
        let long = text(d, "span", &[("class", "tel-title-long")], &t::tel_title())?;
        let short = text(d, "span", &[("class", "tel-title-short")], &t::tel_title_short())?;
        append(&title, &[&long, &short]);
        let back = text(d, "a", &[("class", "tel-back"), ("href", "/"), ("data-testid", "calls-link")], &t::tel_back())?;
        append(&header, &[&title, &back]);
        append(&root, &[&header]);

        let settings = settings_form::SettingsForm::build(d, tel)?;
        let banner = BannerView::build(d, &root, tel, &settings)?;
        let layout = element(d, "main", &[("class", "tel-layout")])?;
        let left = element(d, "div", &[("class", "tel-column")])?;
        let dialer = dialer::Dialer::build(d, tel)?;
        append(&left, &[&settings.root, &dialer.root]);
        let right = element(d, "div", &[("class", "tel-column tel-wide")])?;
        let calls = calls::LiveCalls::build(d, tel, dialer.name.clone())?;
        let history = history::HistoryPanel::build(d, tel)?;
        append(&right, &[&calls.root, &history.root]);
        append(&layout, &[&left, &right]);
        append(&root, &[&layout]);
        Some(Page { root, banner, layout, settings, dialer, calls, history })
    }
}

impl Draw for Page {
    fn draw(&self, screen: &Screen) {
        self.banner.draw(screen.banner.as_ref());
        set_class(&self.layout, "signed-in", screen.configured);
        self.settings.draw(screen);
        self.dialer.draw(screen);
        self.calls.draw(screen);
        self.history.draw(screen);
    }
}

/// "Edit credentials" on the 401/403 banner: brings the settings into view with the key field
/// focused (it shows the saved key masked; typing replaces it). Nothing is sent until Save or
/// Retry, because the poller stays stopped until one of them restarts it. In proxy mode there is
/// no key field: the settings panel comes into view.
fn edit_credentials(key_field: &Element, settings_panel: &Element) {
    if key_field.is_connected() {
        key_field.scroll_into_view();
        if let Some(input) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(key_field) {
            let _ = input.focus();
        }
    } else {
        settings_panel.scroll_into_view();
    }
}
