//! The only way a telephony request leaves the page: it is submitted to the key's gate (in the
//! core's `KeyTraffic`) with what it is for, and [`Session::pump`] sends whatever the gate says is
//! due — one request on the wire at a time, a window plus margin after the previous answer, user
//! actions before polls. The answer goes back to the gate first (spacing, rate limits, 401/403),
//! then to the machine that asked. `pump` runs after every submit and answer, on the page's tick,
//! and at a timer set to the next deadline.

use dialtone_core::mediasfu::api_error::{ApiError, Transport};
use dialtone_core::mediasfu::gate::{Priority, Ticket};
use dialtone_core::mediasfu::poller::poller_should_run;
use dialtone_core::mediasfu::request::{ControlKind, Request};
use dialtone_core::mediasfu::traffic::Outgoing;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen_futures::spawn_local;

use super::session::{Session, now_ms};
use crate::net::mediasfu::send;

/// What a submitted request is for: who gets its answer.
#[derive(Debug, Clone)]
pub(super) enum Purpose {
    /// SIP configs; `user` when Save/Test asked (the settings line reports it).
    Configs { user: bool },
    PlacementStep,
    RoomDeletion { room: String },
    Control { call_id: String, kind: ControlKind },
}

pub(super) struct Pending {
    request: Request,
    purpose: Purpose,
}

impl Session {
    /// Queue a request in the gate and send it if its turn has come (a user action).
    pub(super) fn submit(&self, priority: Priority, request: Request, purpose: Purpose) {
        self.enqueue(priority, request, purpose);
        self.pump();
    }

    /// Queue a request in the gate; the running pump sends it when its turn comes.
    pub(super) fn enqueue(&self, priority: Priority, request: Request, purpose: Purpose) {
        let mut inner = self.inner.borrow_mut();
        let ticket = inner.traffic.submit(priority);
        inner.pending.insert(ticket, Pending { request, purpose });
    }

    /// Whether the poller should run now (§8.3): signed in; tab visible, or a call live.
    fn polling(&self) -> bool {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        let any_live = self
            .signals
            .calls
            .with_untracked(|c| c.iter().any(|c| c.phase().is_live()));
        self.inner.borrow().settings.is_some() && poller_should_run(true, any_live, hidden)
    }

    /// Let the machines queue what they want, send what the gate says is due, re-arm the timer.
    pub(super) fn pump(&self) {
        let now = now_ms();
        if self.inner.borrow().settings.is_none() {
            self.refresh_views(now);
            return;
        }
        self.queue_placement_step(now);
        self.queue_room_deletion();
        self.queue_config_refresh(now);
        let polling = self.polling();
        let out = self.inner.borrow_mut().traffic.next_outgoing(now, polling);
        match out {
            Some(Outgoing::Poll(_)) => self.send_poll(),
            Some(Outgoing::Submitted(ticket)) => {
                let pending = self.inner.borrow_mut().pending.remove(&ticket);
                if let Some(p) = pending {
                    self.on_dispatched(&p.purpose);
                    self.send(ticket, p);
                }
            }
            None => {}
        }
        self.refresh_views(now);
        self.arm_wake(now, polling);
    }

    /// Tell the asking machine its request is on the wire (a queued control becomes "sent").
    fn on_dispatched(&self, purpose: &Purpose) {
        let mut inner = self.inner.borrow_mut();
        match purpose {
            Purpose::PlacementStep => {
                if let Some(p) = inner.placement.as_mut() {
                    p.on_dispatched();
                }
            }
            Purpose::Control { call_id, kind } => {
                if let Some(c) = inner.controls.get_mut(call_id) {
                    c.on_dispatched(*kind);
                }
                self.signals.controls_version.update(|v| *v += 1);
            }
            Purpose::Configs { .. } | Purpose::RoomDeletion { .. } => {}
        }
    }

    /// One timer at the earliest deadline the machines report, so a request waiting for the
    /// gate goes out the moment it opens rather than at the next tick.
    fn arm_wake(&self, now: u64, polling: bool) {
        let deadline = {
            let inner = self.inner.borrow();
            [
                inner.traffic.next_deadline(polling),
                inner.config_fetch.next_deadline(),
            ]
            .into_iter()
            .flatten()
            .min()
        };
        let Some(window) = web_sys::window() else { return };
        if let Some((id, _)) = self.wake.borrow_mut().take() {
            window.clear_timeout_with_handle(id);
        }
        let Some(deadline) = deadline else { return };
        let weak = self.weak();
        let wake = Closure::<dyn FnMut()>::new(move || {
            if let Some(s) = weak.upgrade() {
                s.pump();
            }
        });
        let delay = deadline.saturating_sub(now).min(i32::MAX as u64) as i32;
        if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            wake.as_ref().unchecked_ref(),
            delay,
        ) {
            *self.wake.borrow_mut() = Some((id, wake));
        }
    }

    /// Performs one request; the outcome is classified by the core and handed back.
    fn transmit(&self, request: Request, then: impl FnOnce(&Session, Result<String, ApiError>) + 'static) {
        let base = self.base_url();
        let (creds, timeout, disposable, proxy) = {
            let inner = self.inner.borrow();
            let disposable = inner
                .credentials
                .as_ref()
                .is_some_and(|c| c.key_kind().is_disposable());
            (inner.credentials.clone(), inner.timeout_ms, disposable, self.proxy())
        };
        let weak = self.weak();
        spawn_local(async move {
            let outcome: Transport = send(&base, &request, creds.as_ref(), timeout).await;
            if let Some(s) = weak.upgrade() {
                then(&s, ApiError::classify(outcome, disposable, proxy));
            }
        });
    }

    fn send(&self, ticket: Ticket, pending: Pending) {
        let generation = self.inner.borrow().generation;
        let Pending { request, purpose } = pending;
        self.transmit(request, move |s, result| {
            let now = now_ms();
            let current = s.inner.borrow().generation == generation;
            if !current {
                s.inner
                    .borrow_mut()
                    .traffic
                    .on_discarded_answer(now, ticket, &result);
                s.pump();
                return;
            }
            let dropped = s.inner.borrow_mut().traffic.on_answer(
                now,
                ticket,
                &result,
                js_sys::Math::random(),
            );
            if let Err(e) = &result {
                s.raise_banner(e);
                s.fail_dropped(dropped, e);
            }
            s.route_answer(now, purpose, result);
            s.pump();
        });
    }

    fn send_poll(&self) {
        let generation = self.inner.borrow().generation;
        self.transmit(dialtone_core::mediasfu::request::list_calls(), move |s, result| {
            s.on_poll_answer(generation, result);
            s.pump();
        });
    }

    /// A 401/403 dropped these from the queue: their owners learn why.
    pub(super) fn fail_dropped(&self, dropped: Vec<Ticket>, error: &ApiError) {
        let purposes: Vec<Purpose> = {
            let mut inner = self.inner.borrow_mut();
            dropped
                .iter()
                .filter_map(|t| inner.pending.remove(t).map(|p| p.purpose))
                .collect()
        };
        let now = now_ms();
        for purpose in purposes {
            self.route_answer(now, purpose, Err(error.clone()));
        }
    }

    fn route_answer(&self, now: u64, purpose: Purpose, result: Result<String, ApiError>) {
        match purpose {
            Purpose::Configs { user } => self.on_configs_answer(now, user, result),
            Purpose::PlacementStep => self.on_placement_answer(now, result),
            Purpose::RoomDeletion { room } => self.inner.borrow_mut().rooms.on_deleted(&room, &result),
            Purpose::Control { call_id, kind } => self.on_control_answer(now, call_id, kind, result),
        }
    }
}
