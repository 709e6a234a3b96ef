//! The call history's Clear and its Undo: a Clear takes every entry away at once (and from the
//! device's store), and what it took stays in this page, offered back, until the next Clear.

use super::{Action, Client};

impl Client {
    pub(super) fn clear_history(&mut self) {
        self.history.clear();
        self.save_history();
        self.actions.push_back(Action::ShowHistoryUndo(self.history.cleared()));
    }

    pub(super) fn undo_clear_history(&mut self) {
        if self.history.undo_clear() {
            self.save_history();
        }
        self.actions.push_back(Action::ShowHistoryUndo(self.history.cleared()));
    }

    pub(super) fn save_history(&mut self) {
        self.actions.push_back(Action::SaveHistory(self.history.to_json()));
        self.actions.push_back(Action::ShowHistory(self.history.entries().to_vec()));
    }
}
