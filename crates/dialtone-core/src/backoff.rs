//! Reconnect and retry policy: exponential back-off with full jitter, a cap, and an optional
//! attempt limit. The random source is passed in, so the policy is deterministic under test.

/// The random source for retry jitter: uniform samples in [0, 1) from a seed (xorshift64*), so
/// a machine given the same seed retries at the same times.
#[derive(Debug, Clone)]
pub struct Jitter(u64);

impl Jitter {
    pub fn new(seed: u64) -> Jitter {
        // xorshift must not start at zero.
        Jitter(seed | 1)
    }

    pub fn sample(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How long to wait before each retry.
#[derive(Debug, Clone, PartialEq)]
pub struct Backoff {
    base_ms: u64,
    cap_ms: u64,
    max_attempts: Option<u32>,
    attempt: u32,
}

impl Backoff {
    pub fn new(base_ms: u64, cap_ms: u64, max_attempts: Option<u32>) -> Self {
        Backoff {
            base_ms,
            cap_ms,
            max_attempts,
            attempt: 0,
        }
    }

    /// The signaling socket's policy: 0.5 s doubling to 10 s, forever (a calling app that gives up
    /// on its server is useless; the user sees the status meanwhile).
    pub fn signaling() -> Self {
        Backoff::new(500, 10_000, None)
    }

    /// The widget asking its server which sites may control it: 0.5 s doubling to 8 s, six
    /// times (about 30 s), then it says the server did not answer.
    pub fn embed_config() -> Self {
        Backoff::new(500, 8_000, Some(6))
    }

    /// The delay before the next attempt, or `None` once the attempt limit is reached.
    /// `random` is a uniform sample in [0, 1): the delay is drawn from [ceiling/2, ceiling], so
    /// clients that lost the same server do not come back in lockstep, yet none retries at once.
    pub fn next_delay_ms(&mut self, random: f64) -> Option<u64> {
        if self.max_attempts.is_some_and(|max| self.attempt >= max) {
            return None;
        }
        let exponent = self.attempt.min(32);
        let ceiling = self.base_ms.saturating_mul(1u64 << exponent).min(self.cap_ms);
        self.attempt += 1;
        let random = random.clamp(0.0, 1.0);
        let half = ceiling / 2;
        Some(half + ((ceiling - half) as f64 * random) as u64)
    }

    /// A successful connection starts the sequence again.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }

}

/// When to fetch TURN credentials again: before they expire, by a fifth of their lifetime but at
/// most a minute (so a long TTL is not wasted), and never sooner than a second from now.
pub fn credential_refresh_delay_ms(ttl_secs: u64) -> u64 {
    // The server says the ttl: at most a day is believed, so no figure it sends can put the
    // refresh out of reach (or, added to the clock, past the end of u64).
    let ttl_ms = ttl_secs.saturating_mul(1000).min(MAX_CREDENTIAL_TTL_MS);
    let margin = (ttl_ms / 5).min(60_000);
    ttl_ms.saturating_sub(margin).max(1_000)
}

/// The longest credential lifetime the refresh believes: a day.
pub const MAX_CREDENTIAL_TTL_MS: u64 = 24 * 60 * 60 * 1000;

/// Retries of a failed credential fetch: 1 s doubling to 30 s, never giving up (a call needs them).
pub fn credential_retry() -> Backoff {
    Backoff::new(1_000, 30_000, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn delays_double_up_to_the_cap() {
        let mut backoff = Backoff::new(100, 1_000, None);
        let ceilings: Vec<u64> = (0..6).map(|_| backoff.next_delay_ms(1.0).unwrap_or(0)).collect();
        assert_eq!(ceilings, vec![100, 200, 400, 800, 1_000, 1_000]);
    }

    #[test]
    fn the_attempt_limit_ends_the_sequence() {
        let mut backoff = Backoff::new(100, 1_000, Some(2));
        assert!(backoff.next_delay_ms(0.5).is_some());
        assert!(backoff.next_delay_ms(0.5).is_some());
        assert_eq!(backoff.next_delay_ms(0.5), None);
    }

    #[test]
    fn credentials_are_refreshed_before_they_expire() {
        assert_eq!(credential_refresh_delay_ms(3_600), 3_540_000, "a minute early for an hour");
        assert_eq!(credential_refresh_delay_ms(5), 4_000, "a fifth early for short ones");
        assert_eq!(credential_refresh_delay_ms(0), 1_000, "never a busy loop");
        // A server's absurd ttl is believed for a day at most.
        assert_eq!(credential_refresh_delay_ms(u64::MAX), MAX_CREDENTIAL_TTL_MS - 60_000);
        assert_eq!(credential_refresh_delay_ms(7 * 24 * 3_600), MAX_CREDENTIAL_TTL_MS - 60_000);
    }

    #[test]
    fn reset_starts_again_from_the_base() {
        let mut backoff = Backoff::new(100, 1_000, None);
        backoff.next_delay_ms(1.0);
        backoff.next_delay_ms(1.0);
        backoff.reset();
        assert_eq!(backoff.next_delay_ms(1.0), Some(100));
    }

    proptest! {
        #[test]
        fn every_delay_lies_between_half_the_ceiling_and_the_cap(
            randoms in proptest::collection::vec(0.0f64..1.0, 1..40)
        ) {
            let mut backoff = Backoff::new(250, 8_000, None);
            for (attempt, random) in randoms.into_iter().enumerate() {
                let ceiling = (250u64 << attempt.min(32)).min(8_000);
                let delay = backoff.next_delay_ms(random).unwrap_or(u64::MAX);
                prop_assert!(delay >= ceiling / 2 && delay <= ceiling);
            }
        }
    }
}
