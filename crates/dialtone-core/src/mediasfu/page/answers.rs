//! Answers, matched to their request by id alone. The key's traffic learns each one first
//! (spacing, rate limits, 401/403 stopping everything), then the part that asked: the list goes to
//! every part that follows calls; SIP configs, placement steps, room deletions and controls each
//! to their own.

use super::super::api_error::{ApiError, Transport};
use super::super::gate::Ticket;
use super::super::notices::{self, banner_for};
use super::super::records::{SipCall, parse_call_list, parse_sip_configs};
use super::super::request::ControlKind;
use super::sending::Purpose;
use super::{Ignored, RequestId, TelephonyPage};

impl TelephonyPage {
    pub(super) fn on_answer(
        &mut self,
        now: u64,
        id: RequestId,
        transport: Transport,
        jitter: f64,
    ) -> Result<(), Ignored> {
        let Some(request) = self.in_flight.remove(&id) else {
            return Err(Ignored {
                reason: "no request with this id is awaited",
            });
        };
        let result = ApiError::classify(transport, request.disposable, request.via_proxy);
        if request.purpose == Purpose::Poll {
            let list = result.and_then(|b| parse_call_list(&b).map_err(|_| ApiError::BadResponse));
            self.on_poll_answer(now, request.current, list, jitter);
            return Ok(());
        }
        if !request.current {
            self.traffic
                .on_discarded_answer(now, request.ticket, &result);
            return Ok(());
        }
        let dropped = self
            .traffic
            .on_answer(now, request.ticket, &result, jitter);
        if let Err(e) = &result {
            self.raise_banner(e);
            self.fail_dropped(now, dropped, e);
        }
        self.route_answer(now, request.purpose, result);
        Ok(())
    }

    /// An error that stops all traffic becomes the banner (§8.1); the other lines point at it.
    fn raise_banner(&mut self, e: &ApiError) {
        let proxy = self.settings.as_ref().is_some_and(|s| s.proxy);
        if let Some(banner) = banner_for(e, proxy) {
            self.banner = Some(banner);
        }
    }

    /// A 401/403 dropped these from the queue: their owners learn why.
    fn fail_dropped(&mut self, now: u64, dropped: Vec<Ticket>, error: &ApiError) {
        for ticket in dropped {
            if let Some(q) = self.queued.remove(&ticket) {
                self.route_answer(now, q.purpose, Err(error.clone()));
            }
        }
    }

    fn route_answer(&mut self, now: u64, purpose: Purpose, result: Result<String, ApiError>) {
        match purpose {
            // A poll dropped by a stop: the poller already knows.
            Purpose::Poll => {}
            Purpose::Configs { user } => self.on_configs_answer(now, user, result),
            Purpose::PlacementStep => {
                if let Some(p) = self.placement.as_mut()
                    && p.on_answer(now, result)
                {
                    // The call may be in the list now: poll as soon as the gate allows.
                    self.traffic.poll_soon();
                }
                self.follow_draft(now);
            }
            Purpose::RoomDeletion { room } => self.rooms.on_deleted(&room, &result),
            Purpose::Control { call_id, kind } => {
                self.on_control_answer(now, call_id, kind, result)
            }
        }
    }

    fn on_poll_answer(
        &mut self,
        now: u64,
        current: bool,
        list: Result<Vec<SipCall>, ApiError>,
        jitter: f64,
    ) {
        if !current {
            // Sent before a sign-out or new credentials: it only counts for spacing.
            self.traffic.on_poll_answer(now, list, 0.0);
            return;
        }
        if let Err(e) = &list {
            self.raise_banner(e);
        }
        let dropped = self.traffic.on_poll_answer(now, list.clone(), jitter);
        let calls = match list {
            Ok(calls) => calls,
            Err(e) => {
                self.fail_dropped(now, dropped, &e);
                return;
            }
        };
        if let Some(p) = self.placement.as_mut() {
            p.on_poll(now, &calls);
        }
        // The placement may have found its call: the draft takes its id before the merge.
        self.follow_draft(now);
        let interval = self.traffic.poller().interval_ms();
        let wall = self.wall(now);
        self.log.merge(&calls, false, wall, interval);
        self.store_log();
        self.rooms.on_poll(&calls);
        for (id, controls) in self.controls.iter_mut() {
            controls.on_poll(now, calls.iter().find(|c| &c.sip_call_id == id));
        }
        // Controls of calls no longer listed have nothing left to confirm.
        self.controls
            .retain(|id, _| calls.iter().any(|c| &c.sip_call_id == id));
    }

    fn on_configs_answer(&mut self, now: u64, user: bool, result: Result<String, ApiError>) {
        let parsed = result.and_then(|b| parse_sip_configs(&b).map_err(|_| ApiError::BadResponse));
        self.config_fetch.on_result(now, &parsed);
        let line = match &parsed {
            Ok(configs) => {
                let eligible = configs
                    .iter()
                    .filter(|c| c.is_eligible_for_outgoing())
                    .count();
                notices::settings_line(Ok((configs.len(), eligible)))
            }
            Err(e) => notices::settings_line(Err(e)),
        };
        // A background retry that got through says so too; a background failure stays in the
        // caller-ID list rather than overwriting what the user last saw here.
        if user || parsed.is_ok() {
            self.settings_line = Some(line);
        }
        if let Ok(configs) = parsed {
            self.configs = configs;
        }
    }

    fn on_control_answer(
        &mut self,
        now: u64,
        call_id: String,
        kind: ControlKind,
        result: Result<String, ApiError>,
    ) {
        // A change was made: poll as soon as the gate allows, so the effect shows.
        if result.is_ok() {
            self.traffic.poll_soon();
        }
        let record = self
            .traffic
            .poller()
            .calls()
            .iter()
            .find(|c| c.sip_call_id == call_id);
        self.controls.entry(call_id).or_default().on_result(
            kind,
            now,
            result.map(|_| ()),
            record,
        );
    }
}
