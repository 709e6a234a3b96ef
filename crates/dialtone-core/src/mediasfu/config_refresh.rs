//! When to fetch the SIP configurations (spec §4.1, §6): when credentials are saved or tested (the
//! user asks), again when the cached list is older than an hour, and again after a fetch that did
//! not get through — a 429 after its wait, a lost answer or a server error after 30 s (three tries,
//! then the user's Save or Retry) — so a rate-limited fetch never leaves the caller-ID list empty.
//! Time is an input; the gate spaces the requests like any other.

use super::api_error::ApiError;

/// §6: "when the cache is older than 1 h".
pub const MAX_AGE_MS: u64 = 60 * 60 * 1_000;
/// A lost answer or a server error: the next try.
pub const RETRY_AFTER_FAILURE_MS: u64 = 30_000;
/// Tries for one fetch before waiting for the user.
pub const TRIES: u32 = 3;
/// A 429 without `Retry-After`: wait at least the window.
const RATE_LIMIT_WAIT_MS: u64 = super::gate::WINDOW_MS;

/// True when configs were fetched at `fetched_at_ms` and are now older than `max_age_ms`.
/// Never fetched (`None`) is not "stale": the first fetch belongs to saving the credentials.
pub fn refresh_due(fetched_at_ms: Option<u64>, now_ms: u64, max_age_ms: u64) -> bool {
    fetched_at_ms.is_some_and(|at| now_ms.saturating_sub(at) > max_age_ms)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Stage {
    /// Nothing asked yet (no credentials saved).
    Idle,
    /// Asked, waiting in the gate or on the wire.
    Fetching,
    Fetched { at_ms: u64 },
    /// Did not get through; tried again at `retry_at_ms` unless `None` (the user must act).
    Failed {
        error: ApiError,
        retry_at_ms: Option<u64>,
    },
}

/// What the caller-ID list says while it has nothing to offer, in parts (the page says it in the
/// reader's words); `code` is the stable code of the error that kept the list empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerIdNotice {
    NotSignedIn,
    Loading,
    NoneEligible,
    Retrying { code: &'static str, in_s: u64 },
    /// A 401/403: the page's banner says why.
    SeeBanner { code: &'static str },
    /// Saving the settings again tries again.
    SaveToRetry { code: &'static str },
}

impl CallerIdNotice {
    /// `idle`, `loading`, `retrying`, `failed`, `none-eligible`.
    pub fn state(&self) -> &'static str {
        match self {
            CallerIdNotice::NotSignedIn => "idle",
            CallerIdNotice::Loading => "loading",
            CallerIdNotice::NoneEligible => "none-eligible",
            CallerIdNotice::Retrying { .. } => "retrying",
            CallerIdNotice::SeeBanner { .. } | CallerIdNotice::SaveToRetry { .. } => "failed",
        }
    }

    /// The notice in English.
    pub fn english(&self) -> String {
        match self {
            CallerIdNotice::NotSignedIn => "Save your MediaSFU settings to load caller IDs.".into(),
            CallerIdNotice::Loading => "Loading caller IDs…".into(),
            CallerIdNotice::NoneEligible => "No SIP configuration of this account allows outgoing calls.".into(),
            CallerIdNotice::Retrying { code, in_s } => format!("Caller IDs not loaded ({code}); trying again in {in_s} s."),
            CallerIdNotice::SeeBanner { code } => format!("Caller IDs not loaded ({code}): see the alert at the top."),
            CallerIdNotice::SaveToRetry { code } => format!("Caller IDs not loaded ({code}); Save to try again."),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFetch {
    stage: Stage,
    max_age_ms: u64,
    tries: u32,
}

impl ConfigFetch {
    pub fn new(max_age_ms: u64) -> Self {
        ConfigFetch {
            stage: Stage::Idle,
            max_age_ms,
            tries: 0,
        }
    }

    /// The user asked (Save, Test, Retry): a fresh fetch with a fresh count of tries.
    pub fn on_requested(&mut self) {
        self.stage = Stage::Fetching;
        self.tries = 0;
    }

    /// A background fetch is due now: the list is over its age, or a failed fetch's wait is over.
    /// The driver then queues one with background priority and calls [`ConfigFetch::on_requested_again`].
    pub fn due(&self, now_ms: u64) -> bool {
        match &self.stage {
            Stage::Fetched { at_ms } => refresh_due(Some(*at_ms), now_ms, self.max_age_ms),
            Stage::Failed {
                retry_at_ms: Some(at),
                ..
            } => now_ms >= *at,
            _ => false,
        }
    }

    /// A background fetch was queued (refresh or retry): the count of tries goes on.
    pub fn on_requested_again(&mut self) {
        if matches!(self.stage, Stage::Fetched { .. }) {
            self.tries = 0;
        }
        self.stage = Stage::Fetching;
    }

    /// The fetch's outcome (the configs already parsed by the caller).
    pub fn on_result<T>(&mut self, now_ms: u64, result: &Result<T, ApiError>) {
        self.tries += 1;
        self.stage = match result {
            Ok(_) => {
                self.tries = 0;
                Stage::Fetched { at_ms: now_ms }
            }
            Err(e) => {
                let retry_at_ms = match e {
                    _ if self.tries >= TRIES => None,
                    ApiError::RateLimited { retry_after_s } => Some(
                        now_ms
                            + retry_after_s
                                .map_or(0, |s| s.saturating_mul(1_000))
                                .max(RATE_LIMIT_WAIT_MS),
                    ),
                    e if e.counts_as_failure() => Some(now_ms + RETRY_AFTER_FAILURE_MS),
                    // A refusal (4xx, 401/403) will not change by itself.
                    _ => None,
                };
                Stage::Failed {
                    error: e.clone(),
                    retry_at_ms,
                }
            }
        };
    }

    /// Sign-out: back to nothing.
    pub fn reset(&mut self) {
        self.stage = Stage::Idle;
        self.tries = 0;
    }

    /// When the next background fetch is due, for the driver's timer.
    pub fn next_deadline(&self) -> Option<u64> {
        match &self.stage {
            Stage::Fetched { at_ms } => Some(at_ms + self.max_age_ms + 1),
            Stage::Failed { retry_at_ms, .. } => *retry_at_ms,
            _ => None,
        }
    }

    pub fn last_error(&self) -> Option<&ApiError> {
        match &self.stage {
            Stage::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// What an empty caller-ID list says, given how many eligible configs there are.
    pub fn caller_id_notice(&self, now_ms: u64, eligible: usize) -> Option<CallerIdNotice> {
        if eligible > 0 {
            return None;
        }
        Some(match &self.stage {
            Stage::Idle => CallerIdNotice::NotSignedIn,
            Stage::Fetching => CallerIdNotice::Loading,
            Stage::Fetched { .. } => CallerIdNotice::NoneEligible,
            Stage::Failed { error, retry_at_ms: Some(at) } => CallerIdNotice::Retrying {
                code: error.code(),
                in_s: at.saturating_sub(now_ms).div_ceil(1_000).max(1),
            },
            // A 401/403 is the page's banner: point at it rather than repeat it.
            Stage::Failed { error, .. } if error.stops_polling() => CallerIdNotice::SeeBanner { code: error.code() },
            Stage::Failed { error, .. } => CallerIdNotice::SaveToRetry { code: error.code() },
        })
    }
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

    #[test]
    fn fetched_configs_are_fetched_again_after_an_hour() {
        let mut f = ConfigFetch::new(MAX_AGE_MS);
        assert!(!f.due(u64::MAX), "never asked: nothing to refresh");
        f.on_requested();
        f.on_result(1_000, &Ok::<(), ApiError>(()));
        assert!(!f.due(1_000 + MAX_AGE_MS));
        assert!(f.due(1_000 + MAX_AGE_MS + 1));
        assert_eq!(f.next_deadline(), Some(1_000 + MAX_AGE_MS + 1));
    }

    #[test]
    fn a_rate_limited_fetch_is_retried_after_its_wait_so_the_caller_ids_do_not_stay_empty() {
        let mut f = ConfigFetch::new(MAX_AGE_MS);
        f.on_requested();
        f.on_result(
            1_000,
            &Err::<(), _>(ApiError::RateLimited { retry_after_s: None }),
        );
        assert!(!f.due(5_999));
        assert!(f.due(6_000));
        let n = f.caller_id_notice(2_000, 0).expect("notice");
        assert_eq!(n.state(), "retrying");
        assert_eq!(n.english(), "Caller IDs not loaded (RATE_LIMITED); trying again in 4 s.");
        f.on_requested_again();
        f.on_result(
            7_000,
            &Err::<(), _>(ApiError::RateLimited { retry_after_s: Some(20) }),
        );
        assert!(!f.due(26_999) && f.due(27_000), "a longer Retry-After is honoured");
        f.on_requested_again();
        f.on_result(28_000, &Ok::<(), ApiError>(()));
        assert_eq!(f.caller_id_notice(28_000, 1), None);
        assert_eq!(f.caller_id_notice(28_000, 0).expect("n").state(), "none-eligible");
    }

    #[test]
    fn lost_answers_are_retried_twice_then_wait_for_the_user_and_refusals_at_once() {
        let mut f = ConfigFetch::new(MAX_AGE_MS);
        f.on_requested();
        for i in 0..2 {
            f.on_result(i * 40_000, &Err::<(), _>(ApiError::Timeout));
            assert!(f.due(i * 40_000 + RETRY_AFTER_FAILURE_MS));
            f.on_requested_again();
        }
        f.on_result(100_000, &Err::<(), _>(ApiError::Network));
        assert!(!f.due(u64::MAX));
        assert_eq!(f.caller_id_notice(0, 0).expect("n").state(), "failed");
        f.on_requested();
        f.on_result(
            200_000,
            &Err::<(), _>(ApiError::RequestRefused { status: 400, text: String::new() }),
        );
        assert!(!f.due(u64::MAX));
    }

    #[test]
    fn the_empty_list_says_what_is_happening() {
        let mut f = ConfigFetch::new(MAX_AGE_MS);
        assert_eq!(f.caller_id_notice(0, 0).expect("n").state(), "idle");
        f.on_requested();
        assert_eq!(f.caller_id_notice(0, 0).expect("n").english(), "Loading caller IDs…");
        f.reset();
        assert_eq!(f.caller_id_notice(0, 0).expect("n").state(), "idle");
    }
}
