//! Local call history (spec §8.6): upserted by `sipCallId` from every successful unfiltered
//! `/list`, capped at 100, and calls that vanish while live are ended with a computed duration.
//! Serialised as JSON for `localStorage` (`dialtone.mediasfu.history.v1`) by the web layer.

use serde::{Deserialize, Serialize};

use super::records::SipCall;
use super::status::{Outcome, Phase};

pub const STORAGE_KEY: &str = "dialtone.mediasfu.history.v1";
pub const CAPACITY: usize = 100;
/// The status of a call that was live when the page stopped following calls (sign-out).
pub const NOT_FOLLOWED: &str = "Not followed (signed out)";
/// Its code, as [`Phase::code`] gives the others'.
pub const NOT_FOLLOWED_CODE: &str = "not-followed";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallLogEntry {
    /// Empty for a local draft whose id is not known yet.
    pub sip_call_id: String,
    pub direction: String,
    pub caller: String,
    pub callee: String,
    pub room_name: String,
    pub raw_status: String,
    /// The normalised phase label ("Connected", "Ended (Busy)"), in English.
    pub status: String,
    /// The status's stable code ([`Phase::code`], or [`NOT_FOLLOWED_CODE`]): the page shows its
    /// own words for it. Empty in entries stored before codes were kept; `status` shows then.
    #[serde(default)]
    pub status_code: String,
    pub live: bool,
    /// Answered and not over (connected or on hold): only then does talk time grow.
    #[serde(default)]
    pub talking: bool,
    pub call_ended: bool,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    pub duration_seconds: u64,
    /// The end time (and so the duration) was estimated by us, not reported.
    pub estimated: bool,
    pub first_seen_ms: u64,
    pub last_seen_live_ms: Option<u64>,
}

impl CallLogEntry {
    fn sort_key(&self) -> u64 {
        self.start_ms.unwrap_or(self.first_seen_ms)
    }

    /// Shown duration: a call being talked on counts up from the last poll's value, so the live
    /// row and the history agree with the server's talk time between polls. A call not yet
    /// answered does not count (it would jump back to the server's 0:00 at every poll).
    pub fn shown_duration_seconds(&self, now_ms: u64) -> u64 {
        match (self.live && self.talking, self.last_seen_live_ms) {
            (true, Some(seen)) => self.duration_seconds + now_ms.saturating_sub(seen) / 1000,
            _ => self.duration_seconds,
        }
    }

    /// The talk time as `m:ss`, `None` while the call is not answered yet (the page shows "—",
    /// and marks it estimated when `estimated`).
    pub fn talk_time_label(&self, now_ms: u64) -> Option<String> {
        (!self.live || self.talking).then(|| super::time::duration_label(self.shown_duration_seconds(now_ms)))
    }

}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallLog {
    pub entries: Vec<CallLogEntry>,
    /// When the last successful unfiltered list was merged (for the polling-gap rule).
    #[serde(default)]
    pub last_merge_ms: Option<u64>,
}

fn entry_from(record: &SipCall, now_ms: u64) -> CallLogEntry {
    let phase = record.phase();
    let live = phase.is_live();
    let start_ms = record.start_ms();
    let end_ms = record.end_ms();
    let duration_seconds = match (record.duration_seconds, live, start_ms, end_ms) {
        (Some(d), _, _, _) => d,
        (None, false, Some(s), Some(e)) => e.saturating_sub(s) / 1000,
        (None, true, Some(s), _) => now_ms.saturating_sub(s) / 1000,
        _ => 0,
    };
    CallLogEntry {
        sip_call_id: record.sip_call_id.clone(),
        direction: record.direction().label().to_string(),
        caller: record.caller().number_label(),
        callee: record.callee().number_label(),
        room_name: record.room_name.clone(),
        raw_status: record.status.clone().unwrap_or_default(),
        status: phase.label(),
        status_code: phase.code(),
        live,
        talking: matches!(phase, Phase::Connected | Phase::OnHold),
        call_ended: !live,
        start_ms,
        end_ms: if live { None } else { end_ms },
        duration_seconds,
        estimated: false,
        first_seen_ms: now_ms,
        last_seen_live_ms: live.then_some(now_ms),
    }
}

impl CallLog {
    pub fn from_json(text: &str) -> CallLog {
        // A corrupt stored history starts empty rather than breaking the page.
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// A call placed before its id is known (§8.6): kept as a draft (no `sipCallId`) until the
    /// placement resolves its id ([`CallLog::resolve_draft`]) or gives up ([`CallLog::end_draft`]).
    /// A list never ends a draft without an id: the list cannot name it.
    pub fn add_draft(&mut self, room_name: &str, caller: &str, callee: &str, now_ms: u64) {
        self.entries.push(CallLogEntry {
            sip_call_id: String::new(),
            direction: "Outgoing".into(),
            caller: caller.into(),
            callee: callee.into(),
            room_name: room_name.into(),
            raw_status: String::new(),
            status: Phase::Dialing.label(),
            status_code: Phase::Dialing.code(),
            live: true,
            talking: false,
            call_ended: false,
            start_ms: Some(now_ms),
            end_ms: None,
            duration_seconds: 0,
            estimated: false,
            first_seen_ms: now_ms,
            last_seen_live_ms: Some(now_ms),
        });
        self.cap();
    }

    fn draft_mut(&mut self, room_name: &str) -> Option<&mut CallLogEntry> {
        self.entries
            .iter_mut()
            .find(|e| e.live && e.sip_call_id.is_empty() && e.room_name == room_name)
    }

    /// The placement into `room_name` learned its call's id: the draft becomes that call's entry,
    /// upserted by id from then on. If a list already brought the call in, the draft goes and the
    /// listed entry keeps the draft's start when it has none. Returns whether anything changed.
    pub fn resolve_draft(&mut self, room_name: &str, sip_call_id: &str) -> bool {
        let Some(draft) = self.draft_mut(room_name) else {
            return false;
        };
        let start = draft.start_ms;
        match self.entries.iter().position(|e| e.sip_call_id == sip_call_id) {
            Some(listed) => {
                if self.entries[listed].start_ms.is_none() {
                    self.entries[listed].start_ms = start;
                }
                self.entries
                    .retain(|e| !(e.live && e.sip_call_id.is_empty() && e.room_name == room_name));
            }
            None => {
                if let Some(draft) = self.draft_mut(room_name) {
                    draft.sip_call_id = sip_call_id.to_owned();
                }
            }
        }
        self.cap();
        true
    }

    /// The placement into `room_name` ended without a call id (refused, or never found): the
    /// draft ends with `outcome` at `now_ms`, 0 s long. Returns whether there was one.
    pub fn end_draft(&mut self, room_name: &str, now_ms: u64, outcome: Outcome) -> bool {
        let Some(draft) = self.draft_mut(room_name) else {
            return false;
        };
        draft.live = false;
        draft.talking = false;
        draft.call_ended = true;
        draft.status = Phase::Ended(outcome).label();
        draft.status_code = Phase::Ended(outcome).code();
        draft.end_ms = Some(now_ms);
        draft.duration_seconds = 0;
        true
    }

    /// Merge one successful list. `filtered` lists and failed polls never end anything.
    pub fn merge(&mut self, calls: &[SipCall], filtered: bool, now_ms: u64, poll_interval_ms: u64) {
        for record in calls {
            let fresh = entry_from(record, now_ms);
            // Drafts are matched by id only, once the placement resolved theirs
            // ([`CallLog::resolve_draft`]): a named room may hold older calls.
            let pos = self
                .entries
                .iter()
                .position(|e| e.sip_call_id == record.sip_call_id);
            match pos {
                Some(i) => {
                    let old = &self.entries[i];
                    let mut merged = fresh;
                    merged.first_seen_ms = old.first_seen_ms;
                    if merged.start_ms.is_none() {
                        merged.start_ms = old.start_ms;
                    }
                    if merged.live {
                        merged.last_seen_live_ms = Some(now_ms);
                    } else {
                        merged.last_seen_live_ms = old.last_seen_live_ms;
                        // An ended call's stored numbers stay once final, unless the server
                        // reports better ones (its durationSeconds / endTimeISO win).
                        if !old.live
                            && record.duration_seconds.is_none()
                            && record.end_ms().is_none()
                        {
                            merged.duration_seconds = old.duration_seconds;
                            merged.end_ms = old.end_ms;
                            merged.estimated = old.estimated;
                        } else if record.duration_seconds.is_none() && merged.end_ms.is_none() {
                            let end = now_ms;
                            merged.end_ms = Some(end);
                            merged.duration_seconds =
                                merged.start_ms.map_or(0, |s| end.saturating_sub(s) / 1000);
                            merged.estimated = true;
                        }
                    }
                    self.entries[i] = merged;
                }
                None => self.entries.push(fresh),
            }
        }
        if !filtered {
            let gap = self
                .last_merge_ms
                .is_some_and(|t| now_ms.saturating_sub(t) > 2 * poll_interval_ms);
            for e in self.entries.iter_mut() {
                let present = !e.sip_call_id.is_empty()
                    && calls.iter().any(|c| c.sip_call_id == e.sip_call_id);
                if e.live && !e.sip_call_id.is_empty() && !present {
                    let end = if gap {
                        e.last_seen_live_ms.unwrap_or(now_ms)
                    } else {
                        now_ms
                    };
                    e.live = false;
                    e.talking = false;
                    e.call_ended = true;
                    e.status = Phase::Ended(Outcome::Completed).label();
                    e.status_code = Phase::Ended(Outcome::Completed).code();
                    e.end_ms = Some(end);
                    e.duration_seconds = e.start_ms.map_or(0, |s| end.saturating_sub(s) / 1000);
                    e.estimated = true;
                }
            }
            self.last_merge_ms = Some(now_ms);
        }
        self.cap();
    }

    /// The page stops following calls (sign-out): nothing will tell it how a live call goes on.
    /// Each live entry keeps the talk time it had reached at `now_ms`, instead of counting up for
    /// ever, marked estimated and "Not followed (signed out)". Returns whether any entry changed.
    pub fn stop_following(&mut self, now_ms: u64) -> bool {
        let mut changed = false;
        for entry in self.entries.iter_mut().filter(|e| e.live) {
            entry.duration_seconds = entry.shown_duration_seconds(now_ms);
            entry.live = false;
            entry.talking = false;
            entry.estimated = true;
            entry.status = NOT_FOLLOWED.to_owned();
            entry.status_code = NOT_FOLLOWED_CODE.to_owned();
            changed = true;
        }
        changed
    }

    /// Keep the 100 newest (by start time, else first seen), newest first.
    fn cap(&mut self) {
        self.entries
            .sort_by_key(|e| std::cmp::Reverse(e.sort_key()));
        self.entries.truncate(CAPACITY);
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.last_merge_ms = None;
    }

}

impl CallLogEntry {
    /// The history filter: a case-insensitive match on numbers, room, id, or the status and
    /// direction in the words the page shows them in (a reader filters by what they see); an
    /// empty query keeps everything.
    pub fn matches_shown(&self, query: &str, status: &str, direction: &str) -> bool {
        let q = query.trim().to_lowercase();
        q.is_empty()
            || [&self.caller, &self.callee, &self.room_name, &self.sip_call_id]
                .into_iter()
                .map(String::as_str)
                .chain([status, direction])
                .any(|f| f.to_lowercase().contains(&q))
    }
}

#[cfg(test)]
#[path = "call_log_tests.rs"]
mod tests;
