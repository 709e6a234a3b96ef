//! Phone numbers and names sent to MediaSFU (spec §8.2): paste cleanup, strict E.164 (a `+` is
//! required: we do not guess a country code), and the initiator name.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberProblem {
    Empty,
    /// Digits without the leading `+`: "include the country code".
    MissingCountryCode,
    NotE164,
}

impl NumberProblem {
    pub fn sentence(self) -> &'static str {
        match self {
            NumberProblem::Empty => "Enter a number.",
            NumberProblem::MissingCountryCode => "Include the country code, starting with +.",
            NumberProblem::NotE164 => "Not a valid international number (+ then up to 15 digits).",
        }
    }
}

/// Strip what people paste around numbers: spaces (also non-breaking), `-`, `.`, `(` and `)`.
pub fn clean_pasted_number(raw: &str) -> String {
    raw.chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')' | '\u{a0}')))
        .collect()
}

/// A key of the dialer's keypad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeypadKey {
    Digit(char),
    Plus,
    Back,
}

/// What a typed number may grow to from the keypad: `+` and E.164's 15 digits.
const KEYPAD_MAX_CHARS: usize = 16;

/// The dialer's number after a keypad press: Back removes the last character, `+` only starts a
/// number, and digits stop at [`KEYPAD_MAX_CHARS`].
pub fn after_keypad_press(number: &str, key: KeypadKey) -> String {
    let mut number = number.to_owned();
    match key {
        KeypadKey::Back => {
            number.pop();
        }
        KeypadKey::Plus if number.is_empty() => number.push('+'),
        KeypadKey::Plus => {}
        KeypadKey::Digit(digit) if number.chars().count() < KEYPAD_MAX_CHARS => number.push(digit),
        KeypadKey::Digit(_) => {}
    }
    number
}

/// Clean, then require `^\+[1-9]\d{1,14}$`. Returns the cleaned number.
pub fn validate_e164(raw: &str) -> Result<String, NumberProblem> {
    let n = clean_pasted_number(raw);
    if n.is_empty() {
        return Err(NumberProblem::Empty);
    }
    let Some(digits) = n.strip_prefix('+') else {
        return Err(if n.chars().all(|c| c.is_ascii_digit()) {
            NumberProblem::MissingCountryCode
        } else {
            NumberProblem::NotE164
        });
    };
    let ok = (2..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    if ok {
        Ok(n)
    } else {
        Err(NumberProblem::NotE164)
    }
}

/// §8.2: keep the alphanumerics, at most 10; `dialtone` when nothing is left.
pub fn initiator_name(raw: &str) -> String {
    let name: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(10)
        .collect();
    if name.is_empty() {
        "dialtone".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_cleanup_strips_spaces_dashes_dots_and_parentheses() {
        assert_eq!(clean_pasted_number(" +1 (555) 123-45.67 "), "+15551234567");
        assert_eq!(
            clean_pasted_number("+44\u{a0}20 7946 0000"),
            "+442079460000"
        );
    }

    #[test]
    fn the_keypad_starts_with_plus_stops_at_sixteen_and_backs_out() {
        assert_eq!(after_keypad_press("", KeypadKey::Plus), "+");
        assert_eq!(after_keypad_press("+1", KeypadKey::Plus), "+1", "a + only starts a number");
        assert_eq!(after_keypad_press("+1", KeypadKey::Digit('5')), "+15");
        let full = "+123456789012345";
        assert_eq!(after_keypad_press(full, KeypadKey::Digit('6')), full, "+ and 15 digits at most");
        assert_eq!(after_keypad_press("+15", KeypadKey::Back), "+1");
        assert_eq!(after_keypad_press("", KeypadKey::Back), "");
    }

    #[test]
    fn numbers_must_match_e164_after_cleanup() {
        assert_eq!(validate_e164("+1 555 123 4567"), Ok("+15551234567".into()));
        assert_eq!(validate_e164("+12"), Ok("+12".into()));
        assert_eq!(validate_e164("+1"), Err(NumberProblem::NotE164));
        assert_eq!(validate_e164("+0123456"), Err(NumberProblem::NotE164));
        assert_eq!(
            validate_e164("+1234567890123456"),
            Err(NumberProblem::NotE164)
        );
        assert_eq!(validate_e164("+1555abc"), Err(NumberProblem::NotE164));
        assert_eq!(validate_e164(""), Err(NumberProblem::Empty));
    }

    #[test]
    fn a_number_without_plus_is_rejected_with_include_the_country_code() {
        assert_eq!(
            validate_e164("5551234567"),
            Err(NumberProblem::MissingCountryCode)
        );
        assert!(
            NumberProblem::MissingCountryCode
                .sentence()
                .contains("country code")
        );
    }

    #[test]
    fn initiator_name_keeps_alphanumerics_truncated_to_10_else_dialtone() {
        assert_eq!(initiator_name("Ann-Marie O'Neil"), "AnnMarieON");
        assert_eq!(initiator_name("bob"), "bob");
        assert_eq!(initiator_name("--- ---"), "dialtone");
        assert_eq!(initiator_name("Zoë"), "Zo");
    }
}
