//! When to re-fetch the SIP configurations (spec §6): on credential change and manual refresh (the
//! driver does those), and when the cached list is older than an hour. Time is an input.

/// §6: "when the cache is older than 1 h".
pub const MAX_AGE_MS: u64 = 60 * 60 * 1_000;

/// True when configs were fetched at `fetched_at_ms` and are now older than `max_age_ms`.
/// Never fetched (`None`) is not "stale": the first fetch belongs to saving the credentials, and a
/// failed one is shown to the user rather than retried behind their back.
pub fn refresh_due(fetched_at_ms: Option<u64>, now_ms: u64, max_age_ms: u64) -> bool {
    fetched_at_ms.is_some_and(|at| now_ms.saturating_sub(at) > max_age_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_only_after_an_hour() {
        let t0 = 1_000_000;
        assert!(!refresh_due(Some(t0), t0, MAX_AGE_MS));
        assert!(!refresh_due(Some(t0), t0 + MAX_AGE_MS, MAX_AGE_MS));
        assert!(refresh_due(Some(t0), t0 + MAX_AGE_MS + 1, MAX_AGE_MS));
        assert!(!refresh_due(None, t0 + 10 * MAX_AGE_MS, MAX_AGE_MS));
        // A clock that went backwards is not staleness.
        assert!(!refresh_due(Some(t0), t0 - 5, MAX_AGE_MS));
    }
}
