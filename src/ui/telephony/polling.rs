//! The answer to the shared `/list` poll: the key's traffic learns it first (spacing, back-off,
//! stop), then the list goes to every machine that follows calls — history, placement, room
//! janitor, each call's controls — and to the views.

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::records::{SipCall, parse_call_list};
use leptos::prelude::*;

use super::session::{Session, now_ms};
use super::storage;

impl Session {
    pub(super) fn on_poll_answer(&self, generation: u64, result: Result<String, ApiError>) {
        let now = now_ms();
        let result: Result<Vec<SipCall>, ApiError> =
            result.and_then(|b| parse_call_list(&b).map_err(|_| ApiError::BadResponse));
        if self.inner.borrow().generation != generation {
            // Sent before a sign-out or new credentials: it only counts for spacing.
            self.inner
                .borrow_mut()
                .traffic
                .on_poll_answer(now, result, 0.0);
            return;
        }
        if let Err(e) = &result {
            self.raise_banner(e);
        }
        let random = js_sys::Math::random();
        let dropped = self
            .inner
            .borrow_mut()
            .traffic
            .on_poll_answer(now, result.clone(), random);
        if let Err(e) = &result {
            self.fail_dropped(dropped, e);
        }
        let Ok(calls) = result else { return };
        {
            let mut inner = self.inner.borrow_mut();
            let interval = inner.traffic.poller().interval_ms();
            inner.history.merge(&calls, false, now, interval);
            storage::save_history(&inner.history);
            if let Some(p) = inner.placement.as_mut() {
                p.on_poll(now, &calls);
            }
            inner.rooms.on_poll(&calls);
            for (id, controls) in inner.controls.iter_mut() {
                controls.on_poll(now, calls.iter().find(|c| &c.sip_call_id == id));
            }
            // Controls of calls no longer listed have nothing left to confirm.
            inner
                .controls
                .retain(|id, _| calls.iter().any(|c| &c.sip_call_id == id));
            self.signals.history.set(inner.history.entries.clone());
        }
        self.signals.calls.set(calls);
        self.signals.controls_version.update(|v| *v += 1);
    }
}
