//! The driver's half of call controls (§8.5): hand an intent to the call's core machine, queue what
//! it admits in the gate (user priority), and feed the answer back. The gate has already applied
//! the answer's meaning for spacing and polling before it gets here.

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::controls::{CallControls, human_name_for};
use dialtone_core::mediasfu::gate::Priority;
use dialtone_core::mediasfu::request::{self, Control, ControlKind};
use leptos::prelude::*;

use super::requests::Purpose;
use super::session::{Session, now_ms};

impl Session {
    pub fn controls_of(&self, id: &str) -> CallControls {
        self.inner
            .borrow()
            .controls
            .get(id)
            .cloned()
            .unwrap_or_default()
    }

    /// "To human": the record's participant, else the name we placed the call under, else the
    /// dialer's name (a call we did not place).
    pub fn human_name_for(&self, id: &str) -> String {
        let placed_as = self.inner.borrow().placed_as.get(id).cloned();
        let ours = placed_as.unwrap_or_else(|| self.signals.participant_name.get_untracked());
        self.signals.calls.with_untracked(|calls| {
            human_name_for(calls.iter().find(|c| c.sip_call_id == id), &ours)
        })
    }

    pub fn control(&self, id: String, control: Control) {
        let now = now_ms();
        let kind = control.kind();
        let admitted = self
            .inner
            .borrow_mut()
            .controls
            .entry(id.clone())
            .or_default()
            .on_sent(control.clone(), now);
        if !admitted {
            return;
        }
        self.signals.controls_version.update(|v| *v += 1);
        self.submit(
            Priority::User,
            request::control(&id, &control),
            Purpose::Control { call_id: id, kind },
        );
    }

    /// The row's "dismiss" on the one failure shown.
    pub fn dismiss_control_failure(&self, id: &str) {
        if let Some(c) = self.inner.borrow_mut().controls.get_mut(id) {
            c.dismiss_failure();
        }
        self.signals.controls_version.update(|v| *v += 1);
    }

    pub(super) fn on_control_answer(
        &self,
        now: u64,
        id: String,
        kind: ControlKind,
        result: Result<String, ApiError>,
    ) {
        {
            let mut inner = self.inner.borrow_mut();
            // A change was made: poll as soon as the gate allows, so the effect shows.
            if result.is_ok() {
                inner.traffic.poll_soon();
            }
            let record = self
                .signals
                .calls
                .with_untracked(|calls| calls.iter().find(|c| c.sip_call_id == id).cloned());
            inner.controls.entry(id).or_default().on_result(
                kind,
                now,
                result.map(|_| ()),
                record.as_ref(),
            );
        }
        self.signals.controls_version.update(|v| *v += 1);
    }
}
