//! What the user asks of calls: place one (§8.4), press a control (§8.5), buffer keypad digits.
//! Each becomes a request queued in the gate with the user's priority.

use super::super::controls::human_name_for;
use super::super::credentials::CredentialsProblem;
use super::super::dtmf::DtmfBuffer;
use super::super::gate::Priority;
use super::super::notices::Notice;
use super::super::placement::{DialRequest, LocalError, Placement, plan_placement};
use super::super::request::{self, Control, validate_play_source};
use super::super::status::Outcome;
use super::sending::Purpose;
use super::{Ignored, TelephonyPage};

impl TelephonyPage {
    pub(super) fn place_call(&mut self, now: u64, dial: DialRequest) {
        let busy = self.placement.as_ref().is_some_and(|p| !p.is_finished());
        let plan = if busy {
            Err(LocalError::Busy)
        } else {
            let creds = match (&self.settings, &self.credentials) {
                (None, _) => Some(Err(CredentialsProblem::KeyMissing)),
                (Some(s), _) if s.proxy => None,
                (Some(_), Some(c)) => Some(Ok(c)),
                (Some(_), None) => Some(Err(CredentialsProblem::KeyMissing)),
            };
            plan_placement(creds, &self.configs, &dial)
        };
        match plan {
            Ok(plan) => {
                self.dial_message = None;
                let calls = self.traffic.poller().calls();
                self.placement = Some(Placement::new(plan, calls, now));
            }
            Err(e) => self.dial_message = Some(Notice::new(e.code(), e.sentence())),
        }
    }

    /// Every pump: time passes for the placement, its draft follows it, its next step is queued,
    /// and a finished placement hands its room over and remembers the name its call went out
    /// under.
    pub(super) fn queue_placement_step(&mut self, now: u64) {
        let Some(p) = self.placement.as_mut() else {
            return;
        };
        p.on_tick(now);
        if let Some(id) = p.call_id() {
            self.placed_as
                .entry(id.to_owned())
                .or_insert_with(|| p.plan().initiator_name.clone());
        }
        if let Some(release) = p.room_release() {
            self.rooms.adopt(release);
        }
        if let Some(req) = p.next_request(now) {
            self.enqueue(Priority::User, req, Purpose::PlacementStep);
        }
        self.follow_draft(now);
    }

    /// §8.6: the draft becomes the call once the placement knows its id, and ends when the
    /// placement failed without one.
    pub(super) fn follow_draft(&mut self, now: u64) {
        let (Some(room), Some(p)) = (self.draft_room.clone(), self.placement.as_ref()) else {
            return;
        };
        let changed = if let Some(id) = p.call_id() {
            let id = id.to_owned();
            self.log.resolve_draft(&room, &id)
        } else if matches!(
            p.state(),
            super::super::placement::PlacementState::Failed(_)
        ) {
            let wall = self.wall(now);
            self.log.end_draft(&room, wall, Outcome::Failed)
        } else {
            return;
        };
        self.draft_room = None;
        if changed {
            self.store_log();
        }
    }

    pub(super) fn control(&mut self, now: u64, call_id: String, control: Control) {
        let kind = control.kind();
        let admitted = self
            .controls
            .entry(call_id.clone())
            .or_default()
            .on_sent(control.clone(), now);
        if admitted {
            self.enqueue(
                Priority::User,
                request::control(&call_id, &control),
                Purpose::Control { call_id, kind },
            );
        }
    }

    /// "Play" (§8.5): only `sourceValue` goes out (the server tells text from URL); a URL must
    /// be `https://`. A source that fails the check is the row's failure and nothing is sent.
    pub(super) fn play(&mut self, now: u64, call_id: String, source: &str, is_url: bool) {
        match validate_play_source(source, is_url) {
            Ok(source) => {
                let play = Control::Play {
                    source,
                    looped: false,
                    immediately: true,
                };
                self.control(now, call_id, play);
            }
            Err(problem) => {
                let refused = Control::Play {
                    source: source.to_owned(),
                    looped: false,
                    immediately: true,
                };
                self.controls.entry(call_id).or_default().on_refused_locally(
                    refused,
                    problem.code(),
                    problem.sentence(),
                );
            }
        }
    }

    /// "To human" (§8.5): the record's participant, else the name we placed the call under, else
    /// the dialer's name (a call we did not place).
    pub(super) fn switch_to_human(&mut self, now: u64, call_id: String, our_name: &str) {
        let ours = self
            .placed_as
            .get(&call_id)
            .map_or(our_name, String::as_str);
        let record = self
            .traffic
            .poller()
            .calls()
            .iter()
            .find(|c| c.sip_call_id == call_id);
        let human_name = human_name_for(record, ours);
        self.control(now, call_id, Control::ToHuman { human_name });
    }

    pub(super) fn dtmf_key(&mut self, now: u64, call_id: String, key: char) -> Result<(), Ignored> {
        let live = self
            .traffic
            .poller()
            .calls()
            .iter()
            .any(|c| c.sip_call_id == call_id && c.phase().is_live());
        if !live {
            return Err(Ignored {
                reason: "no live call with this id",
            });
        }
        if self.dtmf.entry(call_id).or_default().press(key, now) {
            Ok(())
        } else {
            Err(Ignored {
                reason: "not a keypad key, or 32 digits already wait",
            })
        }
    }

    /// Digits quiet for 1.5 s (or 32 of them) go out as one `send-dtmf`.
    pub(super) fn flush_dtmf(&mut self, now: u64) {
        let due: Vec<(String, String)> = self
            .dtmf
            .iter_mut()
            .filter_map(|(id, b)| b.take_due(now).map(|d| (id.clone(), d)))
            .collect();
        self.dtmf.retain(|_, b: &mut DtmfBuffer| !b.pending().is_empty());
        for (call_id, digits) in due {
            self.control(now, call_id, Control::Dtmf(digits));
        }
    }
}
