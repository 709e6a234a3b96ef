//! SIP configurations (§4.1, §6) through the gate: fetched when credentials are saved or tested
//! (user priority, reported in the settings line), and again in the background when the core's
//! `ConfigFetch` says so — the list is over an hour old, or a fetch did not get through (a 429, a
//! lost answer) and its wait is over.

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::gate::Priority;
use dialtone_core::mediasfu::notices::{self, Notice};
use dialtone_core::mediasfu::records::parse_sip_configs;
use dialtone_core::mediasfu::request;
use leptos::prelude::*;

use super::requests::Purpose;
use super::session::Session;

impl Session {
    /// Save or Test: ask now, with the user's priority.
    pub(super) fn fetch_configs_now(&self, page_size: u32) {
        self.inner.borrow_mut().config_fetch.on_requested();
        self.signals
            .settings_message
            .set(Some(Notice::new("PENDING", "Checking with MediaSFU…")));
        self.submit(
            Priority::User,
            request::sip_configs(page_size),
            Purpose::Configs { user: true },
        );
    }

    /// Called by every pump: a background fetch when one is due.
    pub(super) fn queue_config_refresh(&self, now: u64) {
        let due = {
            let mut inner = self.inner.borrow_mut();
            let due = inner.config_fetch.due(now);
            if due {
                inner.config_fetch.on_requested_again();
            }
            due
        };
        if due {
            self.enqueue(
                Priority::Background,
                request::sip_configs(20),
                Purpose::Configs { user: false },
            );
        }
    }

    pub(super) fn on_configs_answer(&self, now: u64, user: bool, result: Result<String, ApiError>) {
        let parsed = result.and_then(|b| parse_sip_configs(&b).map_err(|_| ApiError::BadResponse));
        self.inner.borrow_mut().config_fetch.on_result(now, &parsed);
        let line = match &parsed {
            Ok(configs) => {
                let eligible = configs.iter().filter(|c| c.is_eligible_for_outgoing()).count();
                notices::settings_line(Ok((configs.len(), eligible)))
            }
            Err(e) => notices::settings_line(Err(e)),
        };
        // A background retry that got through says so too; a background failure stays in the
        // caller-ID list rather than overwriting what the user last saw here.
        if user || parsed.is_ok() {
            self.signals.settings_message.set(Some(line));
        }
        if let Ok(configs) = parsed {
            self.inner.borrow_mut().configs = configs.clone();
            self.signals.configs.set(configs);
        }
    }
}
