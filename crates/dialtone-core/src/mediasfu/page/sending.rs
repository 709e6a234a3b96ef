//! The only way a telephony request leaves the page: it is submitted to the key's gate with what
//! it is for, and [`TelephonyPage::pump`] sends whatever the gate says is due — one request on the
//! wire at a time, a window plus margin after the previous answer, user actions before polls.
//! Each request on the wire has a [`RequestId`]; its answer is matched by that id alone.

use super::super::gate::{Priority, Ticket};
use super::super::poller::poller_should_run;
use super::super::request::{self, ControlKind, Request};
use super::super::traffic::Outgoing;
use super::{Action, RequestId, TelephonyPage};

/// What a request is for: who gets its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Purpose {
    /// The shared `GET /v1/sipcall/list`.
    Poll,
    /// SIP configs; `user` when Save/Test/Retry asked (the settings line reports it).
    Configs { user: bool },
    PlacementStep,
    RoomDeletion { room: String },
    Control { call_id: String, kind: ControlKind },
}

/// A request waiting in the gate.
#[derive(Debug)]
pub(super) struct Queued {
    pub(super) request: Request,
    pub(super) purpose: Purpose,
}

/// A request on the wire.
#[derive(Debug)]
pub(super) struct InFlight {
    pub(super) ticket: Ticket,
    pub(super) purpose: Purpose,
    /// False once sign-out or new credentials made its purpose void: the answer then only
    /// counts for spacing.
    pub(super) current: bool,
    /// How its credentials read a 401 (§5: a disposable key "may have expired"; the proxy's).
    pub(super) disposable: bool,
    pub(super) via_proxy: bool,
}

impl TelephonyPage {
    /// Queue a request in the gate; [`TelephonyPage::pump`] sends it when its turn comes.
    pub(super) fn enqueue(&mut self, priority: Priority, request: Request, purpose: Purpose) {
        let ticket = self.traffic.submit(priority);
        self.queued.insert(ticket, Queued { request, purpose });
    }

    /// Whether the poller should run now (§8.3): signed in; tab visible, or a call live.
    pub(super) fn polling(&self) -> bool {
        let any_live = self
            .traffic
            .poller()
            .calls()
            .iter()
            .any(|c| c.phase().is_live());
        self.settings.is_some() && poller_should_run(true, any_live, self.hidden)
    }

    /// Let the parts queue what time made due, and send what the gate says is due now.
    pub(super) fn pump(&mut self, now: u64) {
        if self.settings.is_none() {
            return;
        }
        self.queue_placement_step(now);
        self.queue_room_deletion();
        self.queue_config_refresh(now);
        self.flush_dtmf(now);
        let polling = self.polling();
        match self.traffic.next_outgoing(now, polling) {
            Some(Outgoing::Poll(ticket)) => {
                self.send(ticket, request::list_calls(), Purpose::Poll);
            }
            Some(Outgoing::Submitted(ticket)) => {
                if let Some(q) = self.queued.remove(&ticket) {
                    self.on_dispatched(now, &q.purpose);
                    self.send(ticket, q.request, q.purpose);
                }
            }
            None => {}
        }
    }

    fn send(&mut self, ticket: Ticket, request: Request, purpose: Purpose) {
        self.next_request_id += 1;
        let id = RequestId(self.next_request_id);
        let base_url = self
            .settings
            .as_ref()
            .map(|s| s.request_base())
            .unwrap_or_default();
        let via_proxy = self.settings.as_ref().is_some_and(|s| s.proxy);
        let disposable = self
            .credentials
            .as_ref()
            .is_some_and(|c| c.key_kind().is_disposable());
        self.in_flight.insert(
            id,
            InFlight {
                ticket,
                purpose,
                current: true,
                disposable,
                via_proxy,
            },
        );
        self.actions.push_back(Action::Send {
            id,
            request,
            base_url,
            credentials: self.credentials.clone(),
            timeout_ms: self.config.request_timeout_ms,
        });
    }

    /// Tell the asking part its request is on the wire: a queued control becomes "sent"; a
    /// placement's `outgoingCall` writes the call's draft in the log (§8.6).
    fn on_dispatched(&mut self, now: u64, purpose: &Purpose) {
        match purpose {
            Purpose::PlacementStep => {
                let Some(p) = self.placement.as_mut() else {
                    return;
                };
                p.on_dispatched();
                if let super::super::placement::PlacementState::Placing { room } = p.state()
                    && self.draft_room.is_none()
                {
                    let plan = p.plan();
                    let (caller, callee) = (plan.caller_id_number.clone(), plan.called_did.clone());
                    let room = room.clone();
                    let wall = self.wall(now);
                    self.log.add_draft(&room, &caller, &callee, wall);
                    self.draft_room = Some(room);
                    self.store_log();
                }
            }
            Purpose::Control { call_id, kind } => {
                if let Some(c) = self.controls.get_mut(call_id) {
                    c.on_dispatched(*kind);
                }
            }
            Purpose::Poll | Purpose::Configs { .. } | Purpose::RoomDeletion { .. } => {}
        }
    }

    /// A background SIP-config fetch when one is due (§6: the list is over an hour old, or a
    /// fetch that did not get through is to be tried again).
    fn queue_config_refresh(&mut self, now: u64) {
        if self.config_fetch.due(now) {
            self.config_fetch.on_requested_again();
            self.enqueue(
                Priority::Background,
                request::sip_configs(20),
                Purpose::Configs { user: false },
            );
        }
    }

    /// Save, Test or Retry: SIP configs now, with the user's priority.
    pub(super) fn fetch_configs_now(&mut self, page_size: u32) {
        self.config_fetch.on_requested();
        self.settings_line = Some(super::super::notices::SettingsLine::Checking);
        self.enqueue(
            Priority::User,
            request::sip_configs(page_size),
            Purpose::Configs { user: true },
        );
    }

    /// The deletion the janitor says is due (user priority: it frees what the account pays for).
    fn queue_room_deletion(&mut self) {
        if let Some((room, req)) = self.rooms.next_request() {
            self.enqueue(Priority::User, req, Purpose::RoomDeletion { room });
        }
    }
}
