//! Remote ICE candidates that arrive before the remote description is applied are held here, in
//! arrival order, and released once it is (specs/call-lifecycle.md, "ICE candidate buffering").
//!
//! The buffer belongs to one call. It is bounded: overflow is a protocol error, because an honest
//! peer never sends hundreds of candidates before its description is applied. Candidates of an old
//! ICE generation (ufrag) are dropped and counted, never applied.

use crate::protocol::IceCandidate;

/// Candidates held per call before the call is ended with PROTOCOL_ERROR.
pub const DEFAULT_CANDIDATE_LIMIT: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IceBufferError {
    /// More candidates arrived before the remote description than the bound allows.
    Overflow { limit: usize },
}

/// What happened to a candidate handed to the buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum CandidateDisposition {
    /// Apply it now: the remote description is in place.
    ApplyNow(IceCandidate),
    /// Held until the remote description is applied.
    Held,
    /// Dropped: it belongs to an ICE generation that is no longer current.
    DroppedStale,
}

#[derive(Debug, Clone)]
pub struct IceBuffer {
    held: Vec<IceCandidate>,
    limit: usize,
    remote_description_applied: bool,
    /// The current remote ICE generation, once known; candidates naming another are stale.
    current_ufrag: Option<String>,
    dropped_stale: usize,
}

impl Default for IceBuffer {
    fn default() -> Self {
        IceBuffer::with_limit(DEFAULT_CANDIDATE_LIMIT)
    }
}

impl IceBuffer {
    pub fn with_limit(limit: usize) -> Self {
        IceBuffer {
            held: Vec::new(),
            limit,
            remote_description_applied: false,
            current_ufrag: None,
            dropped_stale: 0,
        }
    }

    /// A remote candidate arrived.
    pub fn accept(&mut self, candidate: IceCandidate) -> Result<CandidateDisposition, IceBufferError> {
        if let (Some(current), Some(theirs)) = (&self.current_ufrag, &candidate.ufrag) {
            if current != theirs {
                self.dropped_stale += 1;
                return Ok(CandidateDisposition::DroppedStale);
            }
        }
        if self.remote_description_applied {
            return Ok(CandidateDisposition::ApplyNow(candidate));
        }
        if self.held.len() >= self.limit {
            return Err(IceBufferError::Overflow { limit: self.limit });
        }
        self.held.push(candidate);
        Ok(CandidateDisposition::Held)
    }

    /// The remote description is applied: returns the held candidates in arrival order.
    pub fn release_after_remote_description(&mut self) -> Vec<IceCandidate> {
        self.remote_description_applied = true;
        std::mem::take(&mut self.held)
    }

    /// A new remote description with a new ICE generation is about to be applied (ICE restart):
    /// candidates are held again, and those of other generations become stale.
    pub fn start_generation(&mut self, ufrag: Option<String>) {
        self.remote_description_applied = false;
        if ufrag.is_some() {
            let stale = self
                .held
                .iter()
                .filter(|c| c.ufrag.is_some() && c.ufrag != ufrag)
                .count();
            self.dropped_stale += stale;
            self.held.retain(|c| c.ufrag.is_none() || c.ufrag == ufrag);
        }
        self.current_ufrag = ufrag;
    }

    pub fn is_remote_description_applied(&self) -> bool {
        self.remote_description_applied
    }

    pub fn held_count(&self) -> usize {
        self.held.len()
    }

    pub fn dropped_stale_count(&self) -> usize {
        self.dropped_stale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(n: u16, ufrag: Option<&str>) -> IceCandidate {
        IceCandidate {
            candidate: format!("candidate:{n} 1 udp 2122260223 127.0.0.1 {} typ host", 50000 + n),
            sdp_mid: Some("0".into()),
            sdp_m_line_index: Some(0),
            call_id: Some("c".into()),
            ufrag: ufrag.map(str::to_owned),
            call_end: None,
        }
    }

    #[test]
    fn candidates_before_the_description_are_held_and_released_in_arrival_order() {
        let mut buffer = IceBuffer::default();
        for n in 0..5 {
            assert_eq!(buffer.accept(candidate(n, None)), Ok(CandidateDisposition::Held));
        }
        let released = buffer.release_after_remote_description();
        assert_eq!(released, (0..5).map(|n| candidate(n, None)).collect::<Vec<_>>());
        assert_eq!(buffer.held_count(), 0);
    }

    #[test]
    fn candidates_after_the_description_apply_at_once() {
        let mut buffer = IceBuffer::default();
        assert!(buffer.release_after_remote_description().is_empty());
        assert_eq!(
            buffer.accept(candidate(1, None)),
            Ok(CandidateDisposition::ApplyNow(candidate(1, None)))
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_silent_drop() {
        let mut buffer = IceBuffer::with_limit(3);
        for n in 0..3 {
            assert!(buffer.accept(candidate(n, None)).is_ok());
        }
        assert_eq!(
            buffer.accept(candidate(9, None)),
            Err(IceBufferError::Overflow { limit: 3 })
        );
    }

    #[test]
    fn candidates_of_an_old_generation_are_dropped_and_counted() {
        let mut buffer = IceBuffer::default();
        buffer.accept(candidate(1, Some("old"))).ok();
        buffer.start_generation(Some("new".into()));
        assert_eq!(buffer.dropped_stale_count(), 1);
        assert_eq!(
            buffer.accept(candidate(2, Some("old"))),
            Ok(CandidateDisposition::DroppedStale)
        );
        assert_eq!(buffer.accept(candidate(3, Some("new"))), Ok(CandidateDisposition::Held));
        assert_eq!(buffer.release_after_remote_description(), vec![candidate(3, Some("new"))]);
        assert_eq!(buffer.dropped_stale_count(), 2);
    }
}
