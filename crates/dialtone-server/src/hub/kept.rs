//! Frames kept for a client that is away within its resume grace, and what a fresh connection
//! can take at once. Both bounded by the same limits as a connection's outbox.

use std::collections::VecDeque;

use super::io::Outgoing;

/// How much one connection's queue may hold (and what is kept while its client is away).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueLimits {
    pub frames: usize,
    pub bytes: usize,
}

impl QueueLimits {
    /// At least one frame and one byte: a zero limit would make every client slow at once.
    pub fn at_least_one(self) -> QueueLimits {
        QueueLimits { frames: self.frames.max(1), bytes: self.bytes.max(1) }
    }
}

/// The newest frames sent to an away client, oldest first.
#[derive(Debug, Default)]
pub struct KeptFrames {
    frames: VecDeque<Outgoing>,
    bytes: usize,
}

impl KeptFrames {
    /// What an ended connection still had queued, within `limits` (the newest kept).
    pub fn from_unsent(unsent: Vec<Outgoing>, limits: QueueLimits) -> KeptFrames {
        let mut kept = KeptFrames::default();
        for frame in unsent {
            kept.push(frame, limits);
        }
        kept
    }

    /// Keeps `frame`; over the limits the oldest frames give way.
    pub fn push(&mut self, frame: Outgoing, limits: QueueLimits) {
        let limits = limits.at_least_one();
        self.bytes += frame.bytes();
        self.frames.push_back(frame);
        while self.frames.len() > limits.frames || self.bytes > limits.bytes {
            let Some(oldest) = self.frames.pop_front() else { break };
            self.bytes -= oldest.bytes();
        }
    }

    pub fn take_all(&mut self) -> VecDeque<Outgoing> {
        self.bytes = 0;
        std::mem::take(&mut self.frames)
    }
}

/// Counts what a fresh (empty) outbox can take, so a welcome never makes its client look slow:
/// history or a mailbox that does not fit is simply not replayed.
pub struct Fill {
    limits: QueueLimits,
    frames: usize,
    bytes: usize,
}

impl Fill {
    pub fn new(limits: QueueLimits) -> Fill {
        Fill { limits: limits.at_least_one(), frames: 0, bytes: 0 }
    }

    /// Takes room for `bytes` more; false (and nothing taken) when it does not fit.
    pub fn take(&mut self, bytes: usize) -> bool {
        if self.frames >= self.limits.frames || self.bytes + bytes > self.limits.bytes {
            return false;
        }
        self.frames += 1;
        self.bytes += bytes;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: QueueLimits = QueueLimits { frames: 3, bytes: 10 };

    #[test]
    fn kept_frames_are_the_newest_within_bounds() {
        let mut kept = KeptFrames::default();
        for text in ["aaaa", "bbbb", "cccc", "dd"] {
            kept.push(Outgoing::of(text), LIMITS);
        }
        let texts: Vec<String> = kept.take_all().iter().map(|f| f.text.to_string()).collect();
        assert_eq!(texts, ["bbbb", "cccc", "dd"], "oldest dropped first (12 bytes > 10), order kept");
    }

    #[test]
    fn a_fill_stops_at_the_frame_or_byte_bound() {
        let mut fill = Fill::new(LIMITS);
        assert!(fill.take(4) && fill.take(4));
        assert!(!fill.take(3), "11 bytes > 10");
        assert!(fill.take(1));
        assert!(!fill.take(1), "4 frames > 3");
    }
}
