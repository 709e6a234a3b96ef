//! Start/end times as MediaSFU writes them (§3): ISO-8601, or epoch seconds / milliseconds in a
//! string. No clock and no date library: a small civil-date conversion is enough.

/// Milliseconds since the Unix epoch, or `None` when the text is not a time we understand.
pub fn parse_time_ms(raw: &str) -> Option<u64> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        let n: u64 = s.parse().ok()?;
        // Ten digits or fewer are seconds (good until 2286); more are milliseconds.
        return Some(if s.len() <= 10 {
            n.checked_mul(1000)?
        } else {
            n
        });
    }
    parse_iso8601_ms(s)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_iso8601_ms(s: &str) -> Option<u64> {
    let (date, time) = s.split_once(['T', ' '])?;
    let mut dp = date.split('-');
    let (y, mo, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
    if dp.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
        return None;
    }
    // Split off the zone: Z, +hh:mm, -hh:mm or +hhmm. No zone means UTC.
    let (clock, offset_min) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(pos) = time.rfind(['+', '-']) {
        let (c, z) = time.split_at(pos);
        let sign = if z.starts_with('-') { -1 } else { 1 };
        let z = z[1..].replace(':', "");
        if z.len() != 4 {
            return None;
        }
        (c, sign * (num(&z[..2])? * 60 + num(&z[2..])?))
    } else {
        (time, 0)
    };
    let (hms, frac) = clock.split_once('.').unwrap_or((clock, ""));
    let mut tp = hms.split(':');
    let (h, mi) = (num(tp.next()?)?, num(tp.next()?)?);
    let sec = match tp.next() {
        Some(x) => num(x)?,
        None => 0,
    };
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let ms = if frac.is_empty() {
        0
    } else {
        let f: String = frac.chars().chain("000".chars()).take(3).collect();
        num(&f)?
    };
    let total = (days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60)
        * 1000
        + ms;
    u64::try_from(total).ok()
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
mod tests {
    use super::*;

    #[test]
    fn start_time_accepts_iso_and_epoch_seconds_or_milliseconds() {
        assert_eq!(parse_time_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_time_ms("2024-03-01T12:00:00.250Z"),
            Some(1_709_294_400_250)
        );
        assert_eq!(
            parse_time_ms("2024-03-01T13:00:00+01:00"),
            Some(1_709_294_400_000)
        );
        assert_eq!(parse_time_ms("1709294400"), Some(1_709_294_400_000));
        assert_eq!(parse_time_ms("1709294400250"), Some(1_709_294_400_250));
        assert_eq!(parse_time_ms("yesterday"), None);
        assert_eq!(parse_time_ms("2024-13-01T00:00:00Z"), None);
    }

    #[test]
    fn labels_for_clock_and_duration() {
        assert_eq!(clock_label(1_709_294_400_250 + 3_723_000), "13:02:03");
        assert_eq!(duration_label(65), "1:05");
        assert_eq!(duration_label(3_725), "1:02:05");
    }
}
