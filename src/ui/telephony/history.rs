//! Local call history: filter (the core's rule) and clear; durations as the core computes them.
//! Rows hold only text, so they are reused by position and rewritten where they differ.

use std::cell::RefCell;
use std::rc::Rc;

use dialtone_core::mediasfu::page::Input;
use web_sys::{Document, Element};

use super::words;
use crate::dom::{Slot, append, element, on, on_click, set_attribute, set_flag, set_text, text, value};
use crate::i18n::t;
use crate::telephony::{Screen, Telephony};

/// One table row and its cells.
struct Row {
    row: Element,
    direction: Element,
    caller: Element,
    callee: Element,
    status: Element,
    duration: Element,
}

impl Row {
    fn build(d: &Document) -> Option<Row> {
        // Each cell carries its column's title: on a phone the rows stack as cards, and the
        // titles, hidden with the table's head, label each value (style/main.css).
        let row = element(d, "tr", &[("data-testid", "tel-history-row")])?;
        let direction = element(d, "td", &[("data-testid", "tel-history-direction"), ("data-label", &t::tel_col_direction())])?;
        let caller = element(d, "td", &[("data-label", &t::tel_col_from())])?;
        let callee = element(d, "td", &[("data-label", &t::tel_col_to())])?;
        let status = element(d, "td", &[("data-testid", "tel-history-status"), ("data-label", &t::tel_col_status())])?;
        let duration = element(d, "td", &[("data-testid", "tel-history-duration"), ("data-label", &t::tel_col_duration())])?;
        append(&row, &[&direction, &caller, &callee, &status, &duration]);
        Some(Row { row, direction, caller, callee, status, duration })
    }
}

pub struct HistoryPanel {
    pub root: Element,
    filter: Element,
    /// "Clear history": hidden while there is nothing to clear.
    clear: Element,
    empty: Slot,
    table: Slot,
    body: Element,
    rows: RefCell<Vec<Row>>,
}

impl HistoryPanel {
    pub fn build(d: &Document, tel: &Telephony) -> Option<Rc<HistoryPanel>> {
        let root = element(d, "section", &[("class", "panel tel-panel"), ("aria-label", &t::tel_history_label()), ("data-testid", "tel-history")])?;
        let title = text(d, "h2", &[("class", "panel-title")], &t::tel_history())?;
        let clear = text(d, "button", &[("class", "link"), ("data-testid", "tel-history-clear")], &t::tel_history_clear())?;
        append(&title, &[&clear]);
        let filter = element(d, "input", &[("type", "search"), ("placeholder", &t::tel_history_filter()), ("data-testid", "tel-history-filter")])?;
        append(&root, &[&title, &filter]);
        let empty = Slot::new(d, &root, text(d, "p", &[("class", "empty"), ("data-testid", "tel-history-empty")], &t::tel_history_empty())?);
        // Focusable, so a keyboard can scroll the table sideways on a narrow screen (the
        // section around it already names it).
        let wrap = element(d, "div", &[("class", "tel-table-wrap"), ("tabindex", "0")])?;
        let table = element(d, "table", &[("class", "tel-table")])?;
        let head = element(d, "thead", &[])?;
        let head_row = element(d, "tr", &[])?;
        for words in [t::tel_col_direction(), t::tel_col_from(), t::tel_col_to(), t::tel_col_status(), t::tel_col_duration()] {
            append(&head_row, &[&text(d, "th", &[], &words)?]);
        }
        append(&head, &[&head_row]);
        let body = element(d, "tbody", &[])?;
        append(&table, &[&head, &body]);
        append(&wrap, &[&table]);
        let table = Slot::new(d, &root, wrap);
        let for_clear = tel.clone();
        on_click(&clear, move || for_clear.send(Input::ClearCallLog));
        let panel = Rc::new(HistoryPanel { root, filter, clear, empty, table, body, rows: RefCell::new(Vec::new()) });
        let for_filter = (panel.clone(), tel.clone());
        on(&panel.filter, "input", move |_| for_filter.0.draw(&for_filter.1.screen()));
        Some(panel)
    }

    pub fn draw(&self, screen: &Screen) {
        let empty = screen.call_log.is_empty();
        self.empty.set_present(empty);
        self.table.set_present(!empty);
        set_flag(&self.clear, "hidden", empty);
        let Some(d) = self.root.owner_document() else { return };
        let query = value(&self.filter);
        let now = screen.wall_clock;
        let mut rows = self.rows.borrow_mut();
        let mut shown = 0;
        for entry in &screen.call_log {
            let (status, direction) = (words::status(&entry.status_code, &entry.status), words::direction(&entry.direction));
            if !entry.matches_shown(&query, &status, &direction) {
                continue;
            }
            if rows.len() == shown {
                let Some(row) = Row::build(&d) else { return };
                append(&self.body, &[&row.row]);
                rows.push(row);
            }
            let row = &rows[shown];
            set_attribute(&row.row, "data-call-id", &entry.sip_call_id);
            set_attribute(&row.row, "data-live", if entry.live { "true" } else { "false" });
            set_attribute(&row.row, "data-duration", &entry.shown_duration_seconds(now).to_string());
            set_text(&row.direction, &direction);
            set_text(&row.caller, &entry.caller);
            set_text(&row.callee, &entry.callee);
            set_attribute(&row.status, "data-status", &entry.status_code);
            set_text(&row.status, &status);
            set_text(&row.duration, &words::duration(entry, now));
            shown += 1;
        }
        for gone in rows.drain(shown..) {
            gone.row.remove();
        }
    }
}
