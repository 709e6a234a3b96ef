use super::*;
use proptest::prelude::*;

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
    assert_eq!(
        parse_time_ms("2024-03-01T11:30:00-0030"),
        Some(1_709_294_400_000)
    );
    assert_eq!(parse_time_ms("2024-03-01 12:00"), Some(1_709_294_400_000));
    assert_eq!(
        parse_time_ms("2024-03-01T12:00:00.5"),
        Some(1_709_294_400_500)
    );
    assert_eq!(parse_time_ms("1709294400"), Some(1_709_294_400_000));
    assert_eq!(parse_time_ms("1709294400250"), Some(1_709_294_400_250));
    assert_eq!(parse_time_ms("yesterday"), None);
    assert_eq!(parse_time_ms("2024-13-01T00:00:00Z"), None);
}

#[test]
fn a_non_ascii_zone_offset_is_not_a_time() {
    // Issue #12, finding 9: this sliced inside 'é' and panicked.
    assert_eq!(parse_time_ms("2024-05-01T10:00:00+1é1"), None);
    assert_eq!(parse_time_ms("2024-05-01T10:00:00+é"), None);
    assert_eq!(parse_time_ms("2024-05-01T10:00:00-ééé"), None);
}

#[test]
fn a_huge_year_or_epoch_is_not_a_time() {
    // Issue #12, finding 9: this overflowed (a panic in debug builds).
    assert_eq!(parse_time_ms("9223372036854775807-01-01T00:00:00Z"), None);
    assert_eq!(parse_time_ms("99999999999999999999-01-01T00:00:00Z"), None);
    assert_eq!(parse_time_ms("18446744073709551616"), None);
    assert_eq!(parse_time_ms("9999999999"), Some(9_999_999_999_000));
    assert_eq!(parse_time_ms("18446744073709551615"), Some(u64::MAX));
}

#[test]
fn out_of_range_fields_and_trailing_junk_are_not_times() {
    for bad in [
        "2024-02-30T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:61Z",
        "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+01:60",
        "2024-01-01T00:00:00+1:000",
        "2024-01-01T00:00:00Zjunk",
        "2024-01-01T00:00:00.25x",
        "2024-01-01T00:00:00.",
        "1969-12-31T23:59:59Z",
        "2024-01-01",
        "+2024-01-01T00:00:00Z",
    ] {
        assert_eq!(parse_time_ms(bad), None, "{bad}");
    }
    assert_eq!(
        parse_time_ms("2024-02-29T00:00:00Z"),
        Some(1_709_164_800_000)
    );
}

#[test]
fn every_single_character_edit_of_a_good_time_parses_or_is_none() {
    // Deterministic: each position of a valid time replaced by, and prefixed with, awkward
    // characters (multi-byte ones included). Only "does not panic" is asserted.
    let good = "2024-05-01T10:00:00.123+01:00";
    let awkward = [
        'é', '€', '𝟙', '\u{0}', '-', '+', ':', '.', 'Z', 'T', ' ', '9', '0',
    ];
    let chars: Vec<char> = good.chars().collect();
    for i in 0..=chars.len() {
        for a in awkward {
            let mut replaced = chars.clone();
            if i < replaced.len() {
                replaced[i] = a;
            }
            let _ = parse_time_ms(&replaced.iter().collect::<String>());
            let mut inserted = chars.clone();
            inserted.insert(i, a);
            let _ = parse_time_ms(&inserted.iter().collect::<String>());
        }
    }
}

#[test]
fn labels_for_clock_and_duration() {
    assert_eq!(clock_label(1_709_294_400_250 + 3_723_000), "13:02:03");
    assert_eq!(duration_label(65), "1:05");
    assert_eq!(duration_label(3_725), "1:02:05");
}

/// Pieces a hostile or sloppy server might glue together into a time.
fn time_ish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,25}",
        "[-:T .Zz+]",
        "[+-][0-9é:]{0,5}",
        any::<char>().prop_map(String::from),
        Just("2024-05-01T10:00:00".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn the_time_parser_never_panics_on_any_text(s in any::<String>()) {
        let _ = parse_time_ms(&s);
    }

    #[test]
    fn the_time_parser_never_panics_on_time_shaped_junk(s in time_ish()) {
        let _ = parse_time_ms(&s);
    }

    #[test]
    fn a_zone_offset_shifts_the_time_by_exactly_that_much(
        year in 1971u32..=9999, month in 1u32..=12, day in 1u32..=28,
        hour in 0u32..24, minute in 0u32..60, second in 0u32..60, millis in 0u32..1000,
        east in any::<bool>(), off_h in 0u32..24, off_m in 0u32..60,
    ) {
        let local = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}");
        let utc = parse_time_ms(&format!("{local}Z"));
        prop_assert!(utc.is_some(), "{local}Z");
        prop_assert_eq!(parse_time_ms(&local), utc);
        let sign = if east { '+' } else { '-' };
        let shifted = parse_time_ms(&format!("{local}{sign}{off_h:02}:{off_m:02}"));
        let offset_ms = i128::from(off_h * 60 + off_m) * 60_000;
        let expected = i128::from(utc.unwrap_or(0)) + if east { -offset_ms } else { offset_ms };
        prop_assert_eq!(shifted.map(i128::from), Some(expected));
    }

    #[test]
    fn epoch_digits_are_seconds_up_to_ten_digits_then_milliseconds(n in any::<u64>()) {
        let text = n.to_string();
        let expected = if text.len() <= 10 { n.checked_mul(1000) } else { Some(n) };
        prop_assert_eq!(parse_time_ms(&text), expected);
    }
}
