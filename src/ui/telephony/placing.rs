//! Placing a call (spec §8.4): the page side of the core's `Placement` machine. It plans through
//! the core, queues each step the machine asks for in the gate (user priority), and hands the raw
//! answers back; once the placement is over, the room it created goes to the room janitor.

use dialtone_core::mediasfu::api_error::ApiError;
use dialtone_core::mediasfu::credentials::CredentialsProblem;
use dialtone_core::mediasfu::gate::Priority;
use dialtone_core::mediasfu::notices::Notice;
use dialtone_core::mediasfu::placement::{DialRequest, LocalError, Placement, plan_placement};
use leptos::prelude::*;

use super::requests::Purpose;
use super::session::{Session, now_ms};

impl Session {
    pub fn place_call(&self, dial: DialRequest) {
        let busy = self
            .inner
            .borrow()
            .placement
            .as_ref()
            .is_some_and(|p| !p.is_finished());
        let plan = if busy {
            Err(LocalError::Busy)
        } else {
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
                let now = now_ms();
                let placement = self
                    .signals
                    .calls
                    .with_untracked(|calls| Placement::new(plan, calls, now));
                self.inner.borrow_mut().placement = Some(placement);
                self.pump();
            }
            Err(e) => self
                .signals
                .dial_message
                .set(Some(Notice::new(e.code(), e.sentence()))),
        }
    }

    /// Called by every pump: time passes for the placement, its next step is queued, and a
    /// finished placement hands its room over and remembers the name its call went out under.
    pub(super) fn queue_placement_step(&self, now: u64) {
        let step = {
            let mut guard = self.inner.borrow_mut();
            let inner = &mut *guard;
            let Some(p) = inner.placement.as_mut() else { return };
            p.on_tick(now);
            if let Some(id) = p.call_id() {
                inner
                    .placed_as
                    .entry(id.to_owned())
                    .or_insert_with(|| p.plan().initiator_name.clone());
            }
            if let Some(release) = p.room_release() {
                inner.rooms.adopt(release);
            }
            p.next_request(now)
        };
        if let Some(req) = step {
            self.enqueue(Priority::User, req, Purpose::PlacementStep);
        }
    }

    pub(super) fn on_placement_answer(&self, now: u64, result: Result<String, ApiError>) {
        let mut inner = self.inner.borrow_mut();
        let Some(p) = inner.placement.as_mut() else { return };
        // A placed call (or one that may be) shows in the next poll, a window from now.
        if p.on_answer(now, result) {
            inner.traffic.poll_soon();
        }
    }

    /// The deletion the janitor says is due (user priority: it frees what the account pays for).
    pub(super) fn queue_room_deletion(&self) {
        let next = self.inner.borrow_mut().rooms.next_request();
        if let Some((room, req)) = next {
            self.enqueue(Priority::User, req, Purpose::RoomDeletion { room });
        }
    }
}
