//! What a client may say about itself: a display name and a room, both cleaned and bounded.
//! Ids are never taken from the client: the server assigns them.

use rand::Rng;

pub const DEFAULT_ROOM: &str = "lobby";
const MAX_NAME_CHARS: usize = 40;
const MAX_ROOM_CHARS: usize = 40;

/// Invisible formatting characters a name could use to pass for someone else: bidi overrides,
/// embeddings and isolates (U+202E turns "ecilA" into "Alice" on screen), zero-width characters,
/// the word joiner family, the soft hyphen and the byte-order mark.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// A display name with control and invisible formatting characters removed, whitespace trimmed
/// and length capped. `None` when nothing printable is left.
pub fn clean_name(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control() && !is_invisible_format(*c))
        .take(MAX_NAME_CHARS)
        .collect::<String>()
        .trim()
        .to_owned();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// A room name: letters, digits, `-` and `_`, capped; anything else falls back to the lobby.
pub fn clean_room(raw: &str) -> String {
    let valid = !raw.is_empty()
        && raw.chars().count() <= MAX_ROOM_CHARS
        && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid { raw.to_owned() } else { DEFAULT_ROOM.to_owned() }
}

/// A fresh peer id: 10 lowercase hex digits, random.
pub fn new_peer_id() -> String {
    let n: u64 = rand::rng().random();
    format!("{:010x}", n & 0xff_ffff_ffff)
}

/// A node's name in a cluster: random per process, so a restarted node is a new node.
pub fn new_node_id() -> String {
    let n: u64 = rand::rng().random();
    format!("n{n:016x}")
}

/// 128 random bits, hex: unguessable, so only the client that got it can resume.
pub fn new_resume_token() -> String {
    let bits: u128 = rand::random();
    format!("{bits:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_control_characters_and_are_capped() {
        assert_eq!(clean_name("  Al\u{0}ice\n "), Some("Alice".into()));
        assert_eq!(clean_name("\u{7}\u{8}"), None);
        assert_eq!(clean_name(&"é".repeat(100)).map(|n| n.chars().count()), Some(40));
    }

    #[test]
    fn names_lose_bidi_overrides_and_zero_width_characters() {
        assert_eq!(clean_name("\u{202E}ecilA\u{200B}x"), Some("ecilAx".into()));
        assert_eq!(clean_name("\u{2066}Bob\u{2069}\u{FEFF}"), Some("Bob".into()));
        assert_eq!(clean_name("\u{200D}\u{200C}"), None);
        assert_eq!(clean_name("Zoë Ωmega"), Some("Zoë Ωmega".into()), "letters of every script stay");
    }

    #[test]
    fn rooms_outside_the_safe_alphabet_fall_back_to_the_lobby() {
        assert_eq!(clean_room("team-7_a"), "team-7_a");
        assert_eq!(clean_room("../etc"), DEFAULT_ROOM);
        assert_eq!(clean_room(""), DEFAULT_ROOM);
    }

    #[test]
    fn peer_ids_are_ten_hex_digits() {
        let id = new_peer_id();
        assert_eq!(id.len(), 10);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    }
}
