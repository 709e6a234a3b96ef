//! Rooms Dialtone created for agent-first calls (spec §4.2), deleted once they have no further
//! use, so attempts do not leave rooms behind: at once when the placement failed, or when the call
//! placed into the room has ended (a successful poll shows it ended or gone). A room named by the
//! user is never ours and never deleted. Deletion is one request per room through the gate; a 429
//! or a lost answer gets one more try, anything else ends the matter (a 404 means it is gone).

use super::api_error::ApiError;
use super::records::SipCall;
use super::request::{self, Request};

/// A room a placement created, to delete once it has no further use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomRelease {
    pub room: String,
    /// The call placed into it, if any: the room goes when that call has ended.
    pub call_id: Option<String>,
}

/// Tries per room (the first, and one more after a 429 or a lost answer).
const TRIES: u8 = 2;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Adopted {
    room: String,
    call_id: Option<String>,
    /// Nothing in it any more: delete when the gate allows.
    due: bool,
    tries: u8,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomJanitor {
    rooms: Vec<Adopted>,
    /// The room whose deletion is queued or on the wire.
    deleting: Option<String>,
}

impl RoomJanitor {
    /// Take over a finished placement's room.
    pub fn adopt(&mut self, release: RoomRelease) {
        if self.rooms.iter().any(|r| r.room == release.room) {
            return;
        }
        self.rooms.push(Adopted {
            due: release.call_id.is_none(),
            room: release.room,
            call_id: release.call_id,
            tries: 0,
        });
    }

    /// Every successful unfiltered poll: a room whose call has ended or vanished becomes due.
    pub fn on_poll(&mut self, calls: &[SipCall]) {
        for r in self.rooms.iter_mut().filter(|r| !r.due) {
            let live = r.call_id.as_ref().is_some_and(|id| {
                calls
                    .iter()
                    .any(|c| &c.sip_call_id == id && c.phase().is_live())
            });
            r.due = !live;
        }
    }

    /// The deletion to queue now, if any (one at a time), with the room it is for.
    pub fn next_request(&mut self) -> Option<(String, Request)> {
        if self.deleting.is_some() {
            return None;
        }
        let r = self.rooms.iter_mut().find(|r| r.due)?;
        r.tries += 1;
        self.deleting = Some(r.room.clone());
        Some((r.room.clone(), request::delete_room(&r.room)))
    }

    /// The answer to the deletion of `room`.
    pub fn on_deleted(&mut self, room: &str, result: &Result<String, ApiError>) {
        if self.deleting.as_deref() == Some(room) {
            self.deleting = None;
        }
        let again = matches!(
            result,
            Err(ApiError::RateLimited { .. } | ApiError::Timeout | ApiError::Network | ApiError::ServerError { .. })
        );
        self.rooms
            .retain(|r| r.room != room || (again && r.tries < TRIES));
    }

    /// Rooms still held (waiting for their call to end, or to be deleted).
    pub fn held(&self) -> usize {
        self.rooms.len()
    }

    /// Sign-out or a 401/403: nothing more will be sent for these.
    pub fn forget(&mut self) {
        self.rooms.clear();
        self.deleting = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mediasfu::records::parse_call_list;

    fn list(json: &str) -> Vec<SipCall> {
        parse_call_list(json).expect("list")
    }

    #[test]
    fn a_failed_placements_room_is_deleted_at_once() {
        let mut j = RoomJanitor::default();
        j.adopt(RoomRelease { room: "s1".into(), call_id: None });
        let (room, r) = j.next_request().expect("delete");
        assert_eq!(room, "s1");
        assert_eq!(r.path, "/v1/rooms/");
        assert_eq!(r.body.expect("body"), serde_json::json!({"action": "delete", "meetingID": "s1"}));
        assert!(j.next_request().is_none(), "one at a time");
        j.on_deleted("s1", &Ok("{}".into()));
        assert_eq!(j.held(), 0);
    }

    #[test]
    fn a_calls_room_is_deleted_once_a_poll_shows_the_call_ended_or_gone() {
        let mut j = RoomJanitor::default();
        j.adopt(RoomRelease { room: "s1".into(), call_id: Some("c1".into()) });
        j.adopt(RoomRelease { room: "s2".into(), call_id: Some("c2".into()) });
        assert!(j.next_request().is_none(), "its call may still be live");
        j.on_poll(&list(r#"[{"sipCallId":"c1","status":"connected"},{"sipCallId":"c2","status":"ended"}]"#));
        let (_, r) = j.next_request().expect("s2 is done");
        assert_eq!(r.body.expect("body")["meetingID"], "s2");
        j.on_deleted("s2", &Ok("{}".into()));
        j.on_poll(&list("[]"));
        assert_eq!(j.next_request().expect("s1 vanished").0, "s1");
    }

    #[test]
    fn a_rate_limited_deletion_gets_one_more_try_and_a_refusal_none() {
        let mut j = RoomJanitor::default();
        j.adopt(RoomRelease { room: "s1".into(), call_id: None });
        j.next_request();
        j.on_deleted("s1", &Err(ApiError::RateLimited { retry_after_s: None }));
        assert!(j.next_request().is_some(), "one more try");
        j.on_deleted("s1", &Err(ApiError::RateLimited { retry_after_s: None }));
        assert_eq!(j.held(), 0, "then it is left to expire");
        j.adopt(RoomRelease { room: "s2".into(), call_id: None });
        j.next_request();
        j.on_deleted("s2", &Err(ApiError::RequestRefused { status: 404, text: String::new() }));
        assert_eq!(j.held(), 0);
    }
}
