//! SIP configurations (§4.1, §6): fetched when credentials are saved or tested, and again from the
//! poller tick once the cached list is older than an hour (`config_refresh` decides).

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::config_refresh::refresh_due;
use dialtone_core::mediasfu::records::parse_sip_configs;
use dialtone_core::mediasfu::request;
use leptos::prelude::*;

use super::session::{Message, Session, now_ms};

impl Session {
    pub(super) fn fetch_configs(&self, page_size: u32) {
        let now = now_ms();
        {
            let mut inner = self.inner.borrow_mut();
            inner.poller.on_other_request_sent(now);
            // Stamped when sent, so a failed refresh waits its hour instead of taking every tick.
            inner.configs_fetched_at = Some(now);
        }
        self.signals
            .settings_message
            .set(Some(Message::new("PENDING", "Checking with MediaSFU…")));
        self.perform(request::sip_configs(page_size), |s, result| {
            match result.and_then(|b| parse_sip_configs(&b).map_err(|_| ApiError::BadResponse)) {
                Ok(configs) => {
                    let eligible = configs.iter().filter(|c| c.is_eligible_for_outgoing()).count();
                    s.signals.settings_message.set(Some(Message::new(
                        "OK",
                        format!("Connected: {} SIP configuration(s), {eligible} usable for outgoing calls.", configs.len()),
                    )));
                    s.inner.borrow_mut().configs = configs.clone();
                    s.signals.configs.set(configs);
                }
                Err(e) => s.show_error(&e, true),
            }
        });
    }

    /// Called on a due poll tick: spends that tick on the configs instead when they are stale, so
    /// the refresh never adds a request on top of the poller's spacing.
    pub(super) fn refresh_configs_if_stale(&self, now: u64) -> bool {
        let due = {
            let inner = self.inner.borrow();
            refresh_due(inner.configs_fetched_at, now, inner.configs_max_age_ms)
        };
        if due {
            self.fetch_configs(20);
        }
        due
    }
}
