//! A token bucket: `rate` tokens a second, at most `burst` saved up. Time is passed in, so the
//! policy runs the same in tests, on the server, and in the browser.

#[derive(Debug, Clone)]
pub struct TokenBucket {
    burst: f64,
    per_ms: f64,
    tokens: f64,
    last_ms: u64,
}

impl TokenBucket {
    /// A full bucket at time `now_ms`.
    pub fn new(rate_per_second: u32, burst: u32, now_ms: u64) -> Self {
        TokenBucket {
            burst: f64::from(burst.max(1)),
            per_ms: f64::from(rate_per_second) / 1000.0,
            tokens: f64::from(burst.max(1)),
            last_ms: now_ms,
        }
    }

    /// Takes one token if there is one; false means "over the limit".
    pub fn try_take(&mut self, now_ms: u64) -> bool {
        self.try_take_n(1, now_ms)
    }

    /// Takes `n` tokens at once (e.g. bytes) if there are that many; false takes none. A cost
    /// above the burst can never be paid.
    pub fn try_take_n(&mut self, n: u64, now_ms: u64) -> bool {
        let elapsed = now_ms.saturating_sub(self.last_ms) as f64;
        self.last_ms = self.last_ms.max(now_ms);
        self.tokens = (self.tokens + elapsed * self.per_ms).min(self.burst);
        let cost = n as f64;
        if self.tokens >= cost {
            self.tokens -= cost;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_burst_is_allowed_then_the_rate_applies() {
        let mut bucket = TokenBucket::new(50, 200, 0);
        assert_eq!((0..300).filter(|_| bucket.try_take(0)).count(), 200);
        assert!(!bucket.try_take(0));
        // 100 ms later: 5 more.
        assert_eq!((0..10).filter(|_| bucket.try_take(100)).count(), 5);
    }

    #[test]
    fn a_cost_of_many_tokens_is_taken_whole_or_not_at_all() {
        let mut bucket = TokenBucket::new(1000, 4000, 0);
        assert!(bucket.try_take_n(3000, 0));
        assert!(!bucket.try_take_n(1001, 0), "only 1000 left");
        assert!(bucket.try_take_n(1000, 0));
        assert!(!bucket.try_take_n(4001, 10_000), "above the burst: never");
        assert!(bucket.try_take_n(500, 500), "half a second refills 500");
    }

    #[test]
    fn an_idle_bucket_refills_only_up_to_the_burst() {
        let mut bucket = TokenBucket::new(50, 10, 0);
        for _ in 0..10 {
            bucket.try_take(0);
        }
        assert_eq!((0..100).filter(|_| bucket.try_take(3_600_000)).count(), 10);
    }

    proptest! {
        #[test]
        fn over_any_window_no_more_than_burst_plus_rate_times_time_pass(
            gaps in proptest::collection::vec(0u64..50, 1..2000)
        ) {
            let mut bucket = TokenBucket::new(50, 20, 0);
            let mut now = 0;
            let mut taken = 0u64;
            for gap in gaps {
                now += gap;
                if bucket.try_take(now) { taken += 1; }
            }
            prop_assert!(taken <= 20 + now * 50 / 1000 + 1);
        }
    }
}
