//! The driver's half of call controls (§8.5): hand an intent to the call's core machine, send what
//! it admits, and feed the result back; the poller learns of every request so spacing holds.

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::controls::CallControls;
use dialtone_core::mediasfu::request::{self, Control};
use leptos::prelude::*;

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

    pub fn control(&self, id: String, control: Control) {
        let now = now_ms();
        let kind = control.kind();
        {
            let mut inner = self.inner.borrow_mut();
            let sent = inner
                .controls
                .entry(id.clone())
                .or_default()
                .on_sent(control.clone(), now);
            if !sent {
                return;
            }
            inner.poller.on_other_request_sent(now);
        }
        self.signals.controls_version.update(|v| *v += 1);
        self.perform(request::control(&id, &control), move |s, result| {
            let now = now_ms();
            let random = js_sys::Math::random();
            if let Err(e) = &result
                && e.stops_polling()
            {
                s.show_error(e, false);
            }
            {
                let mut inner = s.inner.borrow_mut();
                let record = s
                    .signals
                    .calls
                    .with_untracked(|calls| calls.iter().find(|c| c.sip_call_id == id).cloned());
                match &result {
                    Ok(_) => inner.poller.on_action_succeeded(),
                    Err(ApiError::RateLimited { retry_after_s }) => inner
                        .poller
                        .on_action_rate_limited(now, *retry_after_s, random),
                    Err(_) => {}
                }
                inner.controls.entry(id.clone()).or_default().on_result(
                    kind,
                    now,
                    result.map(|_| ()),
                    record.as_ref(),
                );
            }
            s.signals.controls_version.update(|v| *v += 1);
        });
    }
}
