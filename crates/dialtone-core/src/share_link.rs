//! Links people share: one to join a room (`/?room=<room>`) and one to call a person there
//! (`/?room=<room>&call=<name>`). Opening a call link never dials: the page offers a "Call Bob"
//! button once someone of that name is online, and the person decides.

use crate::presence::PeerSummary;

/// The query parameter naming the person a link asks to call.
pub const CALL_PARAM: &str = "call";

/// The link to a room on the server at `origin` (`https://host:port`, no trailing slash). No
/// room: the server's default room, which the bare page joins.
pub fn room_link(origin: &str, room: Option<&str>) -> String {
    match room.map(str::trim).filter(|r| !r.is_empty()) {
        Some(room) => format!("{origin}/?room={}", encode(room)),
        None => format!("{origin}/"),
    }
}

/// The link that offers to call `name` in `room`.
pub fn call_link(origin: &str, room: Option<&str>, name: &str) -> String {
    let name = encode(name.trim());
    match room.map(str::trim).filter(|r| !r.is_empty()) {
        Some(room) => format!("{origin}/?room={}&{CALL_PARAM}={name}", encode(room)),
        None => format!("{origin}/?{CALL_PARAM}={name}"),
    }
}

/// The person a call link means, among those online: the same name, exactly or else ignoring
/// the case of ASCII letters (names are not unique; the first in the list's order wins, an exact
/// match first).
pub fn callee_for<'a>(peers: &'a [PeerSummary], wanted: &str) -> Option<&'a PeerSummary> {
    let wanted = wanted.trim();
    if wanted.is_empty() {
        return None;
    }
    peers
        .iter()
        .find(|p| p.name.as_deref().map(str::trim) == Some(wanted))
        // A typed link may differ in case: ASCII letters only (links the page makes carry the exact
        // name; Unicode case tables would cost every page's wasm about 15 KB gzip).
        .or_else(|| peers.iter().find(|p| p.name.as_deref().is_some_and(|n| n.trim().eq_ignore_ascii_case(wanted))))
}

/// What a call link's prompt offers, given the people online.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallLinkOffer<'a> {
    /// Nobody of that name is online here yet.
    Waiting,
    /// They are here and can be called (`busy`: in another call right now, which the prompt
    /// says; the call is still placed, and their page answers it).
    Ready(&'a PeerSummary),
    /// They are here, but their browser cannot take calls.
    CannotTake(&'a PeerSummary),
}

pub fn call_link_offer<'a>(peers: &'a [PeerSummary], wanted: &str) -> CallLinkOffer<'a> {
    match callee_for(peers, wanted) {
        None => CallLinkOffer::Waiting,
        Some(peer) if !peer.takes_calls => CallLinkOffer::CannotTake(peer),
        Some(peer) => CallLinkOffer::Ready(peer),
    }
}

/// Percent-encodes a query value: everything but the unreserved characters of RFC 3986.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(id: &str, name: Option<&str>) -> PeerSummary {
        PeerSummary { id: id.into(), name: name.map(str::to_owned), busy: false, takes_calls: true }
    }

    #[test]
    fn a_call_link_waits_for_its_person_and_says_when_they_cannot_take_calls() {
        let mut bob = peer("b", Some("Bob"));
        assert_eq!(call_link_offer(&[peer("a", Some("Alice"))], "Bob"), CallLinkOffer::Waiting);
        assert_eq!(call_link_offer(std::slice::from_ref(&bob), "bob"), CallLinkOffer::Ready(&bob));
        bob.busy = true;
        assert_eq!(call_link_offer(std::slice::from_ref(&bob), "Bob"), CallLinkOffer::Ready(&bob), "busy is still callable");
        bob.takes_calls = false;
        assert_eq!(call_link_offer(std::slice::from_ref(&bob), "Bob"), CallLinkOffer::CannotTake(&bob));
    }

    #[test]
    fn a_room_link_names_the_room_or_is_the_bare_page() {
        assert_eq!(room_link("https://x.test", Some("team")), "https://x.test/?room=team");
        assert_eq!(room_link("https://x.test", None), "https://x.test/");
        assert_eq!(room_link("https://x.test", Some("  ")), "https://x.test/");
    }

    #[test]
    fn names_and_rooms_are_encoded_so_the_link_survives_any_text() {
        assert_eq!(
            call_link("http://127.0.0.1:8080", Some("a b&c"), "Zoë=1"),
            "http://127.0.0.1:8080/?room=a%20b%26c&call=Zo%C3%AB%3D1"
        );
        assert_eq!(call_link("https://x.test", None, " Bob "), "https://x.test/?call=Bob");
    }

    #[test]
    fn the_callee_is_found_by_name_exact_first_then_ignoring_case() {
        let peers = vec![peer("1", Some("bob")), peer("2", Some("Bob")), peer("3", None)];
        assert_eq!(callee_for(&peers, "Bob").map(|p| p.id.as_str()), Some("2"));
        assert_eq!(callee_for(&peers, "BOB").map(|p| p.id.as_str()), Some("1"));
        assert_eq!(callee_for(&peers, " bob ").map(|p| p.id.as_str()), Some("1"));
        assert_eq!(callee_for(&peers, "Carol"), None);
        assert_eq!(callee_for(&peers, ""), None, "an empty name matches nobody, not the unnamed");
    }

    #[test]
    fn other_scripts_match_as_written() {
        let peers = vec![peer("1", Some("Émile")), peer("2", Some("Zoë"))];
        assert_eq!(callee_for(&peers, "Émile").map(|p| p.id.as_str()), Some("1"));
        assert_eq!(callee_for(&peers, "ZOë").map(|p| p.id.as_str()), Some("2"), "ASCII letters ignore case");
        // The page's own links carry the exact name; only ASCII case is folded.
        assert_eq!(callee_for(&peers, "émile"), None);
    }
}
