//! The display name the page starts with: from a link, it is anyone's text.

use super::*;

#[test]
fn a_name_from_a_link_is_cleaned_shown_cleaned_and_remembered_so() {
    let start = |name: &str| {
        let mut client = Client::new(ClientConfig { name: name.into(), wall_origin: ORIGIN, ..ClientConfig::default() });
        client.handle(0, Input::Start).unwrap();
        drain(&mut client)
    };
    let long = "x".repeat(500);
    for (given, shown) in [("  Bob\u{7}\n ", "Bob"), (long.as_str(), &long[..MAX_NAME_CHARS]), ("\u{1b}\u{7}", "Guest")] {
        let actions = start(given);
        assert_eq!(actions.first(), Some(&Action::RememberName(shown.into())), "{given:?}");
        assert!(actions.contains(&Action::ShowMe(Me { id: None, name: shown.into() })), "{actions:?}");
    }
    // A clean name is neither changed nor stored again.
    let actions = start("Bob");
    assert!(!actions.iter().any(|a| matches!(a, Action::RememberName(_))));
    assert!(actions.contains(&Action::ShowMe(Me { id: None, name: "Bob".into() })));
}
