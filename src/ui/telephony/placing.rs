//! Placing a call (spec §8.4): the page side of the core's `Placement` machine. It validates
//! through the core, sends the room and `outgoingCall` steps the machine asks for, and feeds the
//! answers back; the poller then tracks the call.

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::credentials::CredentialsProblem;
use dialtone_core::mediasfu::placement::{
    DialRequest, Placement, PlacementFailure, PlacementState, plan_placement,
};
use dialtone_core::mediasfu::records::{parse_placed_call_id, parse_room_name};
use leptos::prelude::*;

use super::session::{Message, Session, now_ms};

impl Session {
    pub fn place_call(&self, dial: DialRequest) {
        let busy = self
            .inner
            .borrow()
            .placement
            .as_ref()
            .is_some_and(|p| !p.is_finished());
        if busy {
            self.signals
                .dial_message
                .set(Some(Message::new("BUSY", "A call is being placed.")));
            return;
        }
        let plan = {
            let inner = self.inner.borrow();
            let creds = match (&inner.settings, &inner.credentials) {
                (None, _) => Some(Err(CredentialsProblem::KeyMissing)),
                (Some(s), _) if s.proxy => None,
                (Some(_), Some(c)) => Some(Ok(c)),
                (Some(_), None) => Some(Err(CredentialsProblem::KeyMissing)),
            };
            plan_placement(creds, &inner.configs, &dial)
        };
        match plan {
            Ok(plan) => {
                self.signals.dial_message.set(None);
                self.inner.borrow_mut().placement = Some(Placement::new(plan));
                self.drive_placement(now_ms());
            }
            Err(e) => self
                .signals
                .dial_message
                .set(Some(Message::new(e.code(), e.sentence()))),
        }
    }

    pub(super) fn drive_placement(&self, now: u64) {
        let req = {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.placement.as_mut() else {
                return;
            };
            p.on_tick(now);
            let req = p.next_request(now);
            if req.is_some() {
                inner.poller.on_other_request_sent(now);
            }
            req
        };
        let Some(req) = req else { return };
        let creating_room = req.path == "/v1/rooms/";
        self.perform(req, move |s, result| {
            let now = now_ms();
            {
                let mut inner = s.inner.borrow_mut();
                if let Some(p) = inner.placement.as_mut() {
                    if creating_room {
                        p.on_room_created(
                            now,
                            result.and_then(|b| {
                                parse_room_name(&b).map_err(|_| ApiError::BadResponse)
                            }),
                        );
                    } else {
                        let placed = result.and_then(|b| {
                            parse_placed_call_id(&b).map_err(|_| ApiError::BadResponse)
                        });
                        if placed.is_ok() {
                            inner.poller.on_action_succeeded();
                        }
                        if let Some(p) = inner.placement.as_mut() {
                            p.on_call_placed(now, placed);
                        }
                    }
                }
            }
            s.refresh_placement_label();
        });
        self.refresh_placement_label();
    }

    pub(super) fn refresh_placement_label(&self) {
        let inner = self.inner.borrow();
        let label = match inner.placement.as_ref().map(Placement::state) {
            None => String::new(),
            Some(PlacementState::CreatingRoom) => "Creating a room…".into(),
            Some(PlacementState::Placing { .. }) => "Placing the call…".into(),
            Some(PlacementState::WaitingToResend { .. }) => {
                "Rate limited; sending again shortly…".into()
            }
            Some(PlacementState::FindingByRoom { .. }) => "Sent; looking for the call…".into(),
            Some(PlacementState::Tracking { phase, .. }) => format!("Call: {}", phase.label()),
            Some(PlacementState::Failed(PlacementFailure::Local(e))) => {
                format!("Failed: {}", e.sentence())
            }
            Some(PlacementState::Failed(PlacementFailure::Api(e))) => {
                format!("Failed: {}", e.sentence())
            }
        };
        let hint = inner
            .placement
            .as_ref()
            .is_some_and(|p| p.shows_outbound_hint(now_ms()));
        let label = if hint {
            format!("{label} (still dialing: outbound calling may not be enabled for this account)")
        } else {
            label
        };
        if self.signals.placement.with_untracked(|l| *l != label) {
            self.signals.placement.set(label);
        }
    }
}
