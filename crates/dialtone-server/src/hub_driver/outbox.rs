//! A connection's queue of frames to write. The driver fills it with what the hub delivers,
//! without ever waiting; the connection's one task empties it. It is bounded in frames and in bytes: while the connection
//! is open, a full queue marks a slow client (it is dropped, and keeps its resume grace); once
//! closed, the queue keeps the newest frames within the same bounds, for the client's resume.
//!
//! Frames are `Utf8Bytes`: a broadcast allocates its text once and every recipient's queue holds
//! a reference to it, so a room's fan-out costs one copy, not one per reader.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

use crate::hub::{Outgoing, QueueLimits};

/// What became of a pushed frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Pushed {
    Queued,
    /// The connection is open but not reading fast enough: the frame was not queued.
    Full,
    /// The connection is gone: the frame was kept for a resume, perhaps in place of older ones.
    KeptForResume,
}

#[derive(Default)]
struct Queue {
    frames: VecDeque<Outgoing>,
    bytes: usize,
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    wake: Notify,
    limits: QueueLimits,
}

#[derive(Clone)]
pub struct Outbox {
    shared: Arc<Shared>,
}

impl Outbox {
    pub fn new(limits: QueueLimits) -> Outbox {
        Outbox {
            shared: Arc::new(Shared {
                queue: Mutex::new(Queue::default()),
                wake: Notify::new(),
                limits: limits.at_least_one(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Queue> {
        // The queue is only ever changed whole under the lock: a panic elsewhere cannot leave it
        // inconsistent.
        self.shared.queue.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn push(&self, frame: Outgoing) -> Pushed {
        let limits = self.shared.limits;
        let mut queue = self.lock();
        let size = frame.bytes();
        if !queue.closed {
            if queue.frames.len() >= limits.frames || queue.bytes + size > limits.bytes {
                return Pushed::Full;
            }
            queue.bytes += size;
            queue.frames.push_back(frame);
            drop(queue);
            self.shared.wake.notify_one();
            return Pushed::Queued;
        }
        queue.bytes += size;
        queue.frames.push_back(frame);
        while queue.frames.len() > limits.frames || queue.bytes > limits.bytes {
            let Some(oldest) = queue.frames.pop_front() else { break };
            queue.bytes -= oldest.bytes();
        }
        Pushed::KeptForResume
    }

    /// Ends the connection that reads this outbox; frames pushed from now on are kept for a
    /// resume. Idempotent.
    pub fn close(&self) {
        self.lock().closed = true;
        self.shared.wake.notify_one();
    }

    /// Takes every frame still queued (in order), e.g. to hand them to the next connection.
    pub fn take_all(&self) -> VecDeque<Outgoing> {
        let mut queue = self.lock();
        queue.bytes = 0;
        std::mem::take(&mut queue.frames)
    }

    /// Waits for frames and moves up to `max` of them into `batch`; false once closed. Cancel-safe:
    /// frames move only after the wait, with no await in between.
    pub async fn next_batch(&self, batch: &mut Vec<Outgoing>, max: usize) -> bool {
        loop {
            {
                let mut queue = self.lock();
                if queue.closed {
                    return false;
                }
                if !queue.frames.is_empty() {
                    let take = queue.frames.len().min(max.max(1));
                    let mut drained = 0;
                    for frame in queue.frames.drain(..take) {
                        drained += frame.bytes();
                        batch.push(frame);
                    }
                    queue.bytes -= drained;
                    // An idle connection should cost little: give back a queue grown by a burst.
                    if queue.frames.is_empty() && queue.frames.capacity() > 16 {
                        queue.frames = VecDeque::new();
                    }
                    return true;
                }
            }
            self.shared.wake.notified().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: QueueLimits = QueueLimits { frames: 3, bytes: 10 };

    #[test]
    fn an_open_queue_refuses_past_its_frame_or_byte_bound() {
        let outbox = Outbox::new(LIMITS);
        assert_eq!(outbox.push(Outgoing::of("1234")), Pushed::Queued);
        assert_eq!(outbox.push(Outgoing::of("1234")), Pushed::Queued);
        assert_eq!(outbox.push(Outgoing::of("123")), Pushed::Full, "11 bytes > 10");
        assert_eq!(outbox.push(Outgoing::of("1")), Pushed::Queued);
        assert_eq!(outbox.push(Outgoing::of("1")), Pushed::Full, "4 frames > 3");
        assert_eq!(outbox.take_all().len(), 3);
    }

    #[test]
    fn a_closed_queue_keeps_the_newest_frames_within_bounds() {
        let outbox = Outbox::new(LIMITS);
        outbox.close();
        for text in ["aaaa", "bbbb", "cccc", "dd"] {
            assert_eq!(outbox.push(Outgoing::of(text)), Pushed::KeptForResume);
        }
        let kept: Vec<String> = outbox.take_all().iter().map(|f| f.text.to_string()).collect();
        assert_eq!(kept, ["bbbb", "cccc", "dd"], "oldest dropped first (12 bytes > 10), order kept");
    }

    #[tokio::test]
    async fn a_batch_takes_what_is_queued_and_a_close_ends_the_wait() {
        let outbox = Outbox::new(QueueLimits { frames: 100, bytes: 1000 });
        for n in 0..5 {
            outbox.push(Outgoing::of(format!("{n}")));
        }
        let mut batch = Vec::new();
        assert!(outbox.next_batch(&mut batch, 3).await);
        assert_eq!(batch.len(), 3);
        let reader = outbox.clone();
        let waiting = tokio::spawn(async move {
            let mut batch = Vec::new();
            let first = reader.next_batch(&mut batch, 10).await;
            let second = reader.next_batch(&mut batch, 10).await;
            (first, second, batch.len())
        });
        tokio::task::yield_now().await;
        outbox.close();
        let (first, second, taken) = waiting.await.expect("task");
        assert!(first && taken == 2, "the two frames left are taken at once");
        assert!(!second, "closing ends the wait");
    }
}
