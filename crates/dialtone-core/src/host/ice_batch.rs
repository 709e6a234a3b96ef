//! Local candidate batching of host mode (specs/host-protocol.md §4.5): the host gets an initial
//! batch inside its `offer`/`answer` reply and later ones as `ice` events on a fixed grid.
//!
//! t0 is when the peer connection exists with local media. The initial batch is taken at the
//! earlier of gathering complete and t0 + 750 ms. If gathering completed first, nothing more is
//! ever sent. Otherwise a non-empty buffer is flushed every 1500 ms after the initial batch, until
//! t0 + 12 750 ms (a final flush) or gathering completes (a final flush); a candidate that comes
//! after the stop is held and flushed once when gathering completes. Holding flushes until the
//! reply is out is the caller's part ([`crate::host::page`] does not poll before it).

use super::signal::IceCandidateInit;

pub const INITIAL_BATCH_MS: u64 = 750;
pub const BATCH_INTERVAL_MS: u64 = 1_500;
/// Periodic sending stops this long after the initial batch.
pub const PERIODIC_FOR_MS: u64 = 12_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Collecting the initial batch.
    Initial,
    /// Sending on the grid until `stop_at`.
    Periodic { next_at: u64 },
    /// Past the 12 s stop: holding for the flush at gathering complete.
    Stopped,
    /// Nothing more will be sent.
    Done,
}

#[derive(Debug, Clone)]
pub struct IceBatcher {
    t0: u64,
    buffer: Vec<IceCandidateInit>,
    phase: Phase,
    complete: bool,
}

impl IceBatcher {
    pub fn new(t0: u64) -> Self {
        IceBatcher {
            t0,
            buffer: Vec::new(),
            phase: Phase::Initial,
            complete: false,
        }
    }

    fn stop_at(&self) -> u64 {
        self.t0 + INITIAL_BATCH_MS + PERIODIC_FOR_MS
    }

    /// A non-null local candidate from the browser.
    pub fn add(&mut self, candidate: IceCandidateInit) {
        if self.phase != Phase::Done {
            self.buffer.push(candidate);
        }
    }

    /// Gathering reached `complete`: a final flush when the initial batch is already out.
    pub fn gathering_complete(&mut self) -> Option<Vec<IceCandidateInit>> {
        self.complete = true;
        match self.phase {
            Phase::Initial | Phase::Done => None,
            Phase::Periodic { .. } | Phase::Stopped => {
                self.phase = Phase::Done;
                self.flush()
            }
        }
    }

    /// The initial batch, once it is due (possibly empty); `None` before, and after it was taken.
    pub fn take_initial(&mut self, now: u64) -> Option<Vec<IceCandidateInit>> {
        if self.phase != Phase::Initial || !(self.complete || now >= self.t0 + INITIAL_BATCH_MS) {
            return None;
        }
        self.phase = if self.complete {
            Phase::Done
        } else {
            Phase::Periodic {
                next_at: self.t0 + INITIAL_BATCH_MS + BATCH_INTERVAL_MS,
            }
        };
        Some(std::mem::take(&mut self.buffer))
    }

    /// A batch for an `ice` event, when one is due at `now`.
    pub fn poll(&mut self, now: u64) -> Option<Vec<IceCandidateInit>> {
        let Phase::Periodic { next_at } = self.phase else {
            return None;
        };
        if now >= self.stop_at() {
            self.phase = Phase::Stopped;
            return self.flush();
        }
        if now < next_at {
            return None;
        }
        // Late polls (the reply was slow) keep to the grid.
        let behind = (now - next_at) / BATCH_INTERVAL_MS + 1;
        self.phase = Phase::Periodic {
            next_at: next_at + behind * BATCH_INTERVAL_MS,
        };
        self.flush()
    }

    /// When [`take_initial`](Self::take_initial) or [`poll`](Self::poll) next has something to do.
    pub fn next_deadline(&self) -> Option<u64> {
        match self.phase {
            Phase::Initial => Some(self.t0 + INITIAL_BATCH_MS),
            Phase::Periodic { next_at } => Some(next_at.min(self.stop_at())),
            Phase::Stopped | Phase::Done => None,
        }
    }

    /// The initial batch has been taken.
    pub fn initial_taken(&self) -> bool {
        self.phase != Phase::Initial
    }

    fn flush(&mut self) -> Option<Vec<IceCandidateInit>> {
        (!self.buffer.is_empty()).then(|| std::mem::take(&mut self.buffer))
    }
}
