//! DTMF key presses buffered into one `digits` string (spec §8.5), to keep within the rate limit:
//! sent after 1.5 s without a press, at most 32 digits.

pub const QUIET_MS: u64 = 1_500;
pub const MAX_DIGITS: usize = 32;

#[derive(Debug, Clone, Default)]
pub struct DtmfBuffer {
    digits: String,
    last_press_ms: u64,
}

impl DtmfBuffer {
    /// Keys `0-9*#`; anything else is ignored. Returns false when refused (invalid or full).
    pub fn press(&mut self, key: char, now_ms: u64) -> bool {
        if !(key.is_ascii_digit() || key == '*' || key == '#') || self.digits.len() >= MAX_DIGITS {
            return false;
        }
        self.digits.push(key);
        self.last_press_ms = now_ms;
        true
    }

    pub fn pending(&self) -> &str {
        &self.digits
    }

    /// When the buffer should be sent, if it holds digits.
    pub fn flush_at(&self) -> Option<u64> {
        if self.digits.is_empty() {
            None
        } else if self.digits.len() >= MAX_DIGITS {
            Some(self.last_press_ms)
        } else {
            Some(self.last_press_ms + QUIET_MS)
        }
    }

    /// The digits to send now, emptying the buffer, once quiet for 1.5 s (or full).
    pub fn take_due(&mut self, now_ms: u64) -> Option<String> {
        if self.flush_at().is_some_and(|t| now_ms >= t) {
            Some(std::mem::take(&mut self.digits))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dtmf_presses_are_sent_as_one_string_after_1_5_s_without_a_press() {
        let mut b = DtmfBuffer::default();
        assert!(b.press('1', 0));
        assert!(b.press('#', 1_000));
        assert_eq!(b.take_due(2_400), None);
        assert_eq!(b.take_due(2_500), Some("1#".into()));
        assert_eq!(b.take_due(9_000), None);
    }

    #[test]
    fn dtmf_keys_are_0_to_9_star_and_hash_at_most_32() {
        let mut b = DtmfBuffer::default();
        assert!(!b.press('A', 0));
        for _ in 0..32 {
            assert!(b.press('5', 0));
        }
        assert!(!b.press('5', 0));
        assert_eq!(
            b.take_due(0).map(|d| d.len()),
            Some(32),
            "a full buffer goes at once"
        );
    }
}
