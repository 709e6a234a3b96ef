//! The receiver's side: each numbered event is applied at most once, whichever path brings it
//! first, and never after a newer event about the same thing.
//!
//! Both paths deliver in order (an SCTP stream and a WebSocket are ordered), so when every event
//! is sent both ways the first copy of each arrives in the sender's order and every event is
//! applied exactly once. An event sent one way only can overtake an older one sent the other way
//! (the channel opened in between): the older one is then stale — its news is out of date — and
//! is dropped, so the shown state is always the sender's latest.

use std::collections::BTreeSet;

use crate::protocol::MediaSource;

use super::ControlEvent;

/// Numbers remembered; anything at or below the forgotten floor counts as seen.
const SEEN_KEPT: usize = 512;

/// What to do with an arriving event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Apply,
    /// This number was applied already (it came the other way too).
    Duplicate,
    /// A newer event about the same source (or the recording) was applied already.
    Stale,
}

#[derive(Debug, Clone, Default)]
pub struct Inbox {
    seen: BTreeSet<u64>,
    /// Every number up to this one counts as seen (the set is bounded).
    floor: u64,
    /// The newest number applied per media source (mic, camera, screen), and for recording.
    newest_media: [u64; 3],
    newest_recording: u64,
    applied: u64,
    duplicates: u64,
    stale: u64,
}

impl Inbox {
    /// Decides about `event` and records the decision. An event without a number (an older
    /// Dialtone peer, over the server only) is always applied: there is nothing to match it with.
    pub fn admit(&mut self, event: &ControlEvent) -> Verdict {
        let verdict = match event.seq() {
            None => Verdict::Apply,
            Some(seq) if seq <= self.floor || self.seen.contains(&seq) => Verdict::Duplicate,
            Some(seq) => {
                self.remember(seq);
                let newest = match event {
                    ControlEvent::Media(media) => Some(&mut self.newest_media[slot(media.source)]),
                    ControlEvent::Recording(_) => Some(&mut self.newest_recording),
                    ControlEvent::End(_) => None,
                };
                match newest {
                    Some(newest) if *newest > seq => Verdict::Stale,
                    Some(newest) => {
                        *newest = seq;
                        Verdict::Apply
                    }
                    None => Verdict::Apply,
                }
            }
        };
        match verdict {
            Verdict::Apply => self.applied += 1,
            Verdict::Duplicate => self.duplicates += 1,
            Verdict::Stale => self.stale += 1,
        }
        verdict
    }

    fn remember(&mut self, seq: u64) {
        self.seen.insert(seq);
        while self.seen.len() > SEEN_KEPT {
            if let Some(oldest) = self.seen.pop_first() {
                self.floor = self.floor.max(oldest);
            }
        }
    }

    /// Events applied so far.
    pub fn applied(&self) -> u64 {
        self.applied
    }

    /// Second copies dropped so far.
    pub fn duplicates(&self) -> u64 {
        self.duplicates
    }

    /// Out-of-date events dropped so far.
    pub fn stale(&self) -> u64 {
        self.stale
    }
}

fn slot(source: MediaSource) -> usize {
    match source {
        MediaSource::Mic => 0,
        MediaSource::Camera => 1,
        MediaSource::Screen => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{CallEnd, CallMedia, EndReason};

    fn media(seq: Option<u64>, source: MediaSource, enabled: bool) -> ControlEvent {
        ControlEvent::Media(CallMedia { call_id: "c".into(), source, enabled, lost: false, seq })
    }

    #[test]
    fn the_second_copy_of_an_event_is_a_duplicate() {
        let mut inbox = Inbox::default();
        let mute = media(Some(1), MediaSource::Mic, false);
        assert_eq!(inbox.admit(&mute), Verdict::Apply);
        assert_eq!(inbox.admit(&mute), Verdict::Duplicate);
        assert_eq!((inbox.applied(), inbox.duplicates()), (1, 1));
    }

    #[test]
    fn an_older_event_about_the_same_source_is_stale_but_other_sources_are_not() {
        let mut inbox = Inbox::default();
        assert_eq!(inbox.admit(&media(Some(5), MediaSource::Mic, true)), Verdict::Apply);
        assert_eq!(inbox.admit(&media(Some(4), MediaSource::Mic, false)), Verdict::Stale);
        assert_eq!(inbox.admit(&media(Some(3), MediaSource::Camera, false)), Verdict::Apply);
    }

    #[test]
    fn events_without_a_number_are_always_applied() {
        let mut inbox = Inbox::default();
        let legacy = media(None, MediaSource::Mic, false);
        assert_eq!(inbox.admit(&legacy), Verdict::Apply);
        assert_eq!(inbox.admit(&legacy), Verdict::Apply);
    }

    #[test]
    fn memory_is_bounded_and_forgotten_numbers_still_count_as_seen() {
        let mut inbox = Inbox::default();
        for seq in 1..=(SEEN_KEPT as u64 + 100) {
            let end = ControlEvent::End(CallEnd { call_id: "c".into(), reason: EndReason::HungUp, seq: Some(seq) });
            assert_eq!(inbox.admit(&end), Verdict::Apply);
        }
        assert!(inbox.seen.len() <= SEEN_KEPT);
        assert_eq!(inbox.admit(&media(Some(1), MediaSource::Mic, false)), Verdict::Duplicate);
    }
}
