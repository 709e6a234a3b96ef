//! The sender's side: numbers events (per call, from 1) and keeps those sent over the data
//! channel until the peer acknowledges them, each with the time at which it also goes over the
//! signaling server.

use std::collections::VecDeque;

use super::ControlEvent;

/// Unacknowledged events kept; the oldest is forgotten beyond this (a peer that never acks is
/// an older Dialtone page: its events went over the server anyway).
const PENDING_KEPT: usize = 64;

#[derive(Debug, Clone)]
struct Pending {
    event: ControlEvent,
    /// When it goes over the server too; `None` once it has (or when the server cannot carry it).
    fallback_at: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct Outbox {
    last_seq: u64,
    pending: VecDeque<Pending>,
}

impl Outbox {
    /// Gives `event` the next number.
    pub fn number(&mut self, mut event: ControlEvent) -> ControlEvent {
        self.last_seq += 1;
        event.set_seq(self.last_seq);
        event
    }

    /// Keeps a numbered event sent over the channel until it is acknowledged; at `fallback_at`
    /// (when given) it is due over the server.
    pub fn await_ack(&mut self, event: ControlEvent, fallback_at: Option<u64>) {
        self.pending.push_back(Pending { event, fallback_at });
        if self.pending.len() > PENDING_KEPT {
            self.pending.pop_front();
        }
    }

    /// The peer has event `seq`.
    pub fn acknowledged(&mut self, seq: u64) {
        self.pending.retain(|p| p.event.seq() != Some(seq));
    }

    /// Events whose acknowledgement is overdue at `now`: each is handed out once, to go over the
    /// server; it stays pending, so a late acknowledgement still clears it.
    pub fn overdue(&mut self, now: u64) -> Vec<ControlEvent> {
        self.pending
            .iter_mut()
            .filter(|p| p.fallback_at.is_some_and(|at| at <= now))
            .map(|p| {
                p.fallback_at = None;
                p.event.clone()
            })
            .collect()
    }

    /// The channel closed: every pending event that has not gone over the server yet is due now.
    pub fn channel_lost(&mut self) -> Vec<ControlEvent> {
        self.pending
            .drain(..)
            .filter(|p| p.fallback_at.is_some())
            .map(|p| p.event)
            .collect()
    }

    /// The earliest fallback deadline.
    pub fn next_deadline(&self) -> Option<u64> {
        self.pending.iter().filter_map(|p| p.fallback_at).min()
    }

    /// Events sent but not acknowledged.
    pub fn unacknowledged(&self) -> usize {
        self.pending.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{CallMedia, MediaSource};

    fn mute() -> ControlEvent {
        ControlEvent::Media(CallMedia { call_id: "c".into(), source: MediaSource::Mic, enabled: false, lost: false, seq: None })
    }

    #[test]
    fn events_are_numbered_from_one() {
        let mut outbox = Outbox::default();
        assert_eq!(outbox.number(mute()).seq(), Some(1));
        assert_eq!(outbox.number(mute()).seq(), Some(2));
    }

    #[test]
    fn an_acknowledged_event_never_falls_back() {
        let mut outbox = Outbox::default();
        let event = outbox.number(mute());
        outbox.await_ack(event, Some(600));
        outbox.acknowledged(1);
        assert!(outbox.overdue(10_000).is_empty());
        assert_eq!(outbox.next_deadline(), None);
    }

    #[test]
    fn an_overdue_event_falls_back_once() {
        let mut outbox = Outbox::default();
        let event = outbox.number(mute());
        outbox.await_ack(event.clone(), Some(600));
        assert!(outbox.overdue(599).is_empty());
        assert_eq!(outbox.overdue(600), vec![event]);
        assert!(outbox.overdue(10_000).is_empty(), "once");
        assert_eq!(outbox.unacknowledged(), 1, "a late ack still clears it");
        assert!(outbox.channel_lost().is_empty(), "it went over the server already");
    }

    #[test]
    fn a_lost_channel_hands_over_what_has_not_fallen_back() {
        let mut outbox = Outbox::default();
        let first = outbox.number(mute());
        let second = outbox.number(mute());
        outbox.await_ack(first, Some(600));
        outbox.await_ack(second.clone(), Some(700));
        outbox.overdue(650);
        assert_eq!(outbox.channel_lost(), vec![second]);
        assert_eq!(outbox.unacknowledged(), 0);
    }

    #[test]
    fn pending_events_are_bounded() {
        let mut outbox = Outbox::default();
        for _ in 0..(PENDING_KEPT + 10) {
            let event = outbox.number(mute());
            outbox.await_ack(event, None);
        }
        assert_eq!(outbox.unacknowledged(), PENDING_KEPT);
    }
}
