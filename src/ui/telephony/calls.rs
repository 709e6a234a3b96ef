//! Live calls from the one shared poller: the poller's line (with Retry when it stopped) and one
//! row per live call (`call_row.rs`), newest first as the core sorted them. Rows are kept by call
//! id: a row that stays keeps its typed options and focus, a new one is put in its place, a row
//! whose call left the list goes with its listeners.

use std::cell::RefCell;

use dialtone_core::mediasfu::notices::PollerLine;
use dialtone_core::mediasfu::page::Input;
use web_sys::{Document, Element, Node};

use super::call_row::CallRow;
use crate::dom::{Slot, append, element, on_click, set_attribute, set_text, text};
use crate::i18n::t;
use crate::telephony::{Screen, Telephony};

pub struct LiveCalls {
    pub root: Element,
    tel: Telephony,
    /// The dialer's "Your name" ("To human" falls back to it).
    name: Element,
    poller: Element,
    poller_text: Element,
    retry: Slot,
    no_calls: Slot,
    /// Marks the end of the rows.
    end: web_sys::Comment,
    rows: RefCell<Vec<CallRow>>,
}

impl LiveCalls {
    pub fn build(d: &Document, tel: &Telephony, name: Element) -> Option<LiveCalls> {
        let root = element(d, "section", &[("class", "panel tel-panel"), ("aria-label", &t::tel_live_calls()), ("data-testid", "tel-live-calls")])?;
        append(&root, &[&text(d, "h2", &[("class", "panel-title")], &t::tel_live_calls())?]);
        let poller = element(d, "div", &[("class", "tel-poller"), ("data-testid", "tel-poller-status")])?;
        let poller_text = element(d, "span", &[("class", "tel-poller-text")])?;
        append(&poller, &[&element(d, "span", &[("class", "tel-poller-dot"), ("aria-hidden", "true")])?, &poller_text]);
        // A stop (401/403) has its Retry in the banner; only a stale list needs one here.
        let retry = text(d, "button", &[("class", "button small"), ("data-testid", "tel-poller-retry")], &t::retry())?;
        let for_retry = tel.clone();
        on_click(&retry, move || for_retry.send(Input::Retry));
        let retry = Slot::new(d, &poller, retry);
        append(&root, &[&poller]);
        let no_calls = Slot::new(d, &root, text(d, "p", &[("class", "empty"), ("data-testid", "tel-no-calls")], &t::tel_no_calls())?);
        let end = d.create_comment("");
        let _ = root.append_child(&end);
        Some(LiveCalls { root, tel: tel.clone(), name, poller, poller_text, retry, no_calls, end, rows: RefCell::new(Vec::new()) })
    }

    pub fn draw(&self, screen: &Screen) {
        set_attribute(&self.poller, "data-state", screen.poller.state());
        set_text(&self.poller_text, &super::words::poller(&screen.poller));
        self.retry.set_present(matches!(screen.poller, PollerLine::Stale { .. }));
        self.no_calls.set_present(screen.live_calls.is_empty() && screen.poller.knows_the_list());
        let Some(d) = self.root.owner_document() else { return };

        let mut rows = self.rows.borrow_mut();
        // Rows whose call left the list go (dropping a row removes its listeners).
        rows.retain(|row| {
            let stays = screen.live_calls.iter().any(|call| call.sip_call_id == row.id);
            if !stays {
                row.root.remove();
            }
            stays
        });
        for call in &screen.live_calls {
            if !rows.iter().any(|row| row.id == call.sip_call_id)
                && let Some(row) = CallRow::build(&d, &self.tel, &self.name, &call.sip_call_id)
            {
                rows.push(row);
            }
        }
        // In the core's order, moving only rows out of place (a moved element loses focus).
        let mut next: Node = self.end.clone().into();
        for call in screen.live_calls.iter().rev() {
            let Some(row) = rows.iter().find(|row| row.id == call.sip_call_id) else { continue };
            let root: &Node = row.root.as_ref();
            if root.next_sibling().as_ref() != Some(&next) {
                let _ = self.root.insert_before(root, Some(&next));
            }
            next = root.clone();
            row.draw(screen);
        }
    }
}
