//! Start/end times as MediaSFU writes them (§3): ISO-8601, or epoch seconds / milliseconds in a
//! string. No clock and no date library: a small civil-date conversion is enough.
//!
//! The text comes from the network, so the parser walks bytes, accepts ASCII only, validates
//! every field's range before using it, and does its arithmetic with checked operations: odd input
//! is `None`, never a panic or an overflow (issue #12, finding 9).

/// Milliseconds since the Unix epoch, or `None` when the text is not a time we understand.
pub fn parse_time_ms(raw: &str) -> Option<u64> {
    let s = raw.trim().as_bytes();
    if s.is_empty() {
        return None;
    }
    if s.iter().all(u8::is_ascii_digit) {
        let n = Digits(s).value()?;
        // Ten digits or fewer are seconds (good until 2286); more are milliseconds.
        return if s.len() <= 10 {
            n.checked_mul(1000)
        } else {
            Some(n)
        };
    }
    parse_iso8601_ms(s)
}

/// A run of ASCII digits.
struct Digits<'a>(&'a [u8]);

impl Digits<'_> {
    fn value(&self) -> Option<u64> {
        self.0.iter().try_fold(0u64, |n, &b| {
            let digit = b.checked_sub(b'0').filter(|d| *d <= 9)?;
            n.checked_mul(10)?.checked_add(u64::from(digit))
        })
    }
}

/// A forward-only reader over the ISO text's bytes.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// Between `min` and `max` ASCII digits (as many as there are, up to `max`).
    fn digits(&mut self, min: usize, max: usize) -> Option<Digits<'a>> {
        let len = self
            .rest
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if len < min {
            return None;
        }
        let (run, rest) = self.rest.split_at(len);
        self.rest = rest;
        Some(Digits(run))
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u64> {
        self.digits(min, max)?.value()
    }

    /// Consumes `byte` when it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        self.eat_any(&[byte]).is_some()
    }

    /// Consumes the next byte when it is one of `bytes`.
    fn eat_any(&mut self, bytes: &[u8]) -> Option<u8> {
        let (&first, rest) = self.rest.split_first()?;
        if !bytes.contains(&first) {
            return None;
        }
        self.rest = rest;
        Some(first)
    }

    fn at_end(&self) -> bool {
        self.rest.is_empty()
    }
}

fn is_leap_year(y: u64) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u64, m: u64) -> u64 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), for a validated date.
fn days_from_civil(y: u64, m: u64, d: u64) -> Option<i64> {
    let y = i64::try_from(y).ok()?;
    let (m, d) = (i64::try_from(m).ok()?, i64::try_from(d).ok()?);
    let y = if m <= 2 { y.checked_sub(1)? } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = m.checked_add(9)?.rem_euclid(12);
    let doy = mp
        .checked_mul(153)?
        .checked_add(2)?
        .checked_div(5)?
        .checked_add(d)?
        .checked_sub(1)?;
    let doe = yoe
        .checked_mul(365)?
        .checked_add(yoe / 4)?
        .checked_sub(yoe / 100)?
        .checked_add(doy)?;
    era.checked_mul(146_097)?
        .checked_add(doe)?
        .checked_sub(719_468)
}

/// `YYYY-MM-DD(T| )hh:mm[:ss[.fraction]][Z|±hh:mm|±hhmm]`; no zone means UTC.
fn parse_iso8601_ms(s: &[u8]) -> Option<u64> {
    let mut c = Cursor { rest: s };
    let year = c.number(4, 4)?;
    let month = c.eat(b'-').then(|| c.number(1, 2))??;
    let day = c.eat(b'-').then(|| c.number(1, 2))??;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    c.eat_any(b"Tt ")?;
    let hour = c.number(1, 2)?;
    let minute = c.eat(b':').then(|| c.number(1, 2))??;
    let second = if c.eat(b':') { c.number(1, 2)? } else { 0 };
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let millis = if c.eat(b'.') {
        fraction_ms(c.digits(1, 9)?)?
    } else {
        0
    };
    let offset_minutes: i64 = match c.eat_any(b"Zz+-") {
        None => 0,
        Some(b'Z' | b'z') => 0,
        Some(sign) => {
            let h = c.number(2, 2)?;
            c.eat(b':');
            let m = c.number(2, 2)?;
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i64::try_from(h.checked_mul(60)?.checked_add(m)?).ok()?;
            if sign == b'-' { -minutes } else { minutes }
        }
    };
    if !c.at_end() {
        return None;
    }
    let clock = hour
        .checked_mul(3600)?
        .checked_add(minute.checked_mul(60)?)?
        .checked_add(second)?;
    let seconds = days_from_civil(year, month, day)?
        .checked_mul(86_400)?
        .checked_add(i64::try_from(clock).ok()?)?
        .checked_sub(offset_minutes.checked_mul(60)?)?;
    u64::try_from(seconds)
        .ok()?
        .checked_mul(1000)?
        .checked_add(millis)
}

/// The first three digits of a fraction of a second, as milliseconds (`.5` is 500).
fn fraction_ms(digits: Digits<'_>) -> Option<u64> {
    let first_three = &digits.0[..digits.0.len().min(3)];
    let value = Digits(first_three).value()?;
    let scale = match first_three.len() {
        1 => 100,
        2 => 10,
        _ => 1,
    };
    value.checked_mul(scale)
}

/// `hh:mm:ss` (UTC) for "stale since" labels.
pub fn clock_label(ms: u64) -> String {
    let s = (ms / 1000) % 86_400;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// `m:ss` or `h:mm:ss` for durations.
pub fn duration_label(seconds: u64) -> String {
    if seconds >= 3600 {
        format!(
            "{}:{:02}:{:02}",
            seconds / 3600,
            (seconds / 60) % 60,
            seconds % 60
        )
    } else {
        format!("{}:{:02}", seconds / 60, seconds % 60)
    }
}

#[cfg(test)]
#[path = "time_tests.rs"]
mod tests;
