//! Who else is here: the peer directory the UI lists, built from `client-id`, `peer-list`,
//! `peer-joined` and `peer-left`. It applies the base-server tolerances of specs/signaling.md:
//! a base server may list our own id or echo our own `peer-joined`, so we filter ourselves out;
//! a repeated `peer-joined` is an update of that peer's profile (upsert by id), including
//! whether the peer is in a call (`busy`; a base server never says, so it stays false).

use std::collections::BTreeMap;

use crate::protocol::{Message, PeerId, Profile};

/// Peers listed at most; a hostile server cannot grow the page's memory without bound.
pub const MAX_LISTED_PEERS: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerSummary {
    pub id: PeerId,
    pub name: Option<String>,
    /// In a call with someone (the server says so from the call frames it relays).
    pub busy: bool,
    /// Its browser can make and take calls (false only when the peer said it cannot).
    pub takes_calls: bool,
}

impl PeerSummary {
    /// What to call this peer on screen.
    pub fn display_name(&self) -> String {
        self.name.clone().unwrap_or_else(|| format!("Peer {}", short_id(&self.id)))
    }
}

/// The first characters of an id: enough to tell peers apart on screen.
pub fn short_id(id: &str) -> &str {
    id.char_indices().nth(6).map(|(at, _)| &id[..at]).unwrap_or(id)
}

#[derive(Debug, Clone, Default)]
pub struct PeerDirectory {
    self_id: Option<PeerId>,
    self_name: Option<String>,
    peers: BTreeMap<PeerId, Profile>,
    /// Names peers gave themselves over a call's channel, for where the server gives none.
    told_names: BTreeMap<PeerId, String>,
}

/// Names told over calls that are remembered.
const MAX_TOLD_NAMES: usize = 256;

impl PeerDirectory {
    /// Updates the directory from a signaling message; returns whether the list changed.
    pub fn apply(&mut self, message: &Message) -> bool {
        match message {
            Message::ClientId(info) => {
                // A new id (a base server has no resume) means a fresh session: forget the list.
                self.self_id = Some(info.id.clone());
                self.self_name = info.name.clone();
                self.peers.remove(&info.id);
                true
            }
            Message::PeerList(listing) => {
                let before = std::mem::take(&mut self.peers);
                for id in listing.peers.iter().take(MAX_LISTED_PEERS) {
                    if Some(id) == self.self_id.as_ref() {
                        continue;
                    }
                    let mut profile = listing.profiles.as_ref().and_then(|p| p.get(id)).cloned().unwrap_or_default();
                    // What the page learned of a listed peer that the server does not say (it
                    // cannot take calls, from its refusal) outlives a refreshed list: the page
                    // asks for one whenever the link is quiet (`client/link_watch.rs`).
                    if profile.calls.is_none() {
                        profile.calls = before.get(id).and_then(|known| known.calls);
                    }
                    self.peers.insert(id.clone(), profile);
                }
                true
            }
            Message::PeerJoined(peer) => {
                if Some(&peer.id) == self.self_id.as_ref()
                    || (self.peers.len() >= MAX_LISTED_PEERS && !self.peers.contains_key(&peer.id))
                {
                    return false;
                }
                let entry = self.peers.entry(peer.id.clone()).or_default();
                entry.name = peer.name.clone();
                if peer.busy.is_some() {
                    entry.busy = peer.busy;
                }
                if peer.calls.is_some() {
                    entry.calls = peer.calls;
                }
                true
            }
            Message::PeerLeft(peer) => self.peers.remove(&peer.id).is_some(),
            _ => false,
        }
    }

    pub fn self_id(&self) -> Option<&str> {
        self.self_id.as_deref()
    }


    /// The listed peers, by name (ASCII letters regardless of case, other characters as written)
    /// then id: a stable order. A page shows them in its reader's collation; folding case here
    /// would bring the whole Unicode case tables into every page's wasm.
    pub fn peers(&self) -> Vec<PeerSummary> {
        let mut list: Vec<PeerSummary> = self
            .peers
            .iter()
            .map(|(id, profile)| PeerSummary {
                id: id.clone(),
                name: profile.name.clone().or_else(|| self.told_names.get(id).cloned()),
                busy: profile.busy.unwrap_or(false),
                takes_calls: profile.calls != Some(false),
            })
            .collect();
        list.sort_by(|a, b| {
            (a.display_name().to_ascii_lowercase(), &a.id).cmp(&(b.display_name().to_ascii_lowercase(), &b.id))
        });
        list
    }

    /// Whether `id` is in the room's list now.
    pub fn is_listed(&self, id: &str) -> bool {
        self.peers.contains_key(id)
    }

    pub fn name_of(&self, id: &str) -> Option<String> {
        self.peers.get(id).and_then(|p| p.name.clone()).or_else(|| self.told_names.get(id).cloned())
    }

    /// Every name known, by peer id: what [`PeerDirectory::name_of`] gives for each (for a view
    /// that shows names of peers no longer listed, such as a call's peer while the server is away).
    pub fn names(&self) -> BTreeMap<PeerId, String> {
        let mut names = self.told_names.clone();
        for (id, profile) in &self.peers {
            if let Some(name) = &profile.name {
                names.insert(id.clone(), name.clone());
            }
        }
        names
    }

    /// A peer told us its name over a call's channel (a base server never names anyone). It is
    /// used wherever the server gave no name, now or when the peer is listed later (the list is
    /// the server's: nobody is added to it this way). Returns whether the list shows it now.
    pub fn introduce(&mut self, id: &str, name: Option<String>) -> bool {
        let Some(name) = name else { return false };
        if Some(id) == self.self_id.as_deref() {
            return false;
        }
        if !self.told_names.contains_key(id) && self.told_names.len() >= MAX_TOLD_NAMES {
            self.told_names.pop_first();
        }
        self.told_names.insert(id.to_owned(), name);
        self.peers.get(id).is_some_and(|p| p.name.is_none())
    }

    /// A listed peer's page turned a call away with WEBRTC_UNAVAILABLE: its browser cannot take
    /// calls, whether or not the server said so (a base server relays no `calls`). Returns whether
    /// the list shows something new.
    pub fn learn_cannot_take_calls(&mut self, id: &str) -> bool {
        match self.peers.get_mut(id) {
            Some(profile) if profile.calls != Some(false) => {
                profile.calls = Some(false);
                true
            }
            _ => false,
        }
    }

    /// Forgets everyone (the signaling connection is gone; the list is stale).
    pub fn clear_peers(&mut self) {
        self.peers.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{ClientIdInfo, PeerInfo, PeerListing};

    fn me(id: &str) -> Message {
        Message::ClientId(ClientIdInfo { id: id.into(), resume: None, name: None, room: None, limits: None })
    }

    fn joined(id: &str, name: Option<&str>) -> Message {
        Message::PeerJoined(PeerInfo { id: id.into(), name: name.map(str::to_owned), busy: None, calls: None })
    }

    #[test]
    fn we_never_list_ourselves_even_when_a_base_server_does() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&Message::PeerList(PeerListing { peers: vec!["a".into(), "b".into()], profiles: None }));
        dir.apply(&joined("a", None));
        let ids: Vec<String> = dir.peers().into_iter().map(|p| p.id).collect();
        assert_eq!(ids, vec!["b"]);
    }

    #[test]
    fn the_order_is_by_name_ignoring_ascii_case_then_by_id() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        for (id, name) in [("e", "Émile"), ("z", "zoë"), ("d", "Dave"), ("b", "bob"), ("c", "Bob")] {
            dir.apply(&joined(id, Some(name)));
        }
        let ids: Vec<String> = dir.peers().into_iter().map(|p| p.id).collect();
        // Stable and total; the page lists them in its reader's collation ("Émile" after "Dave").
        assert_eq!(ids, vec!["b", "c", "d", "z", "e"]);
    }

    #[test]
    fn a_repeated_join_updates_the_name() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&joined("b", None));
        dir.apply(&joined("b", Some("Bob")));
        assert_eq!(dir.peers(), vec![PeerSummary { id: "b".into(), name: Some("Bob".into()), busy: false, takes_calls: true }]);
    }

    #[test]
    fn busy_comes_from_profiles_and_updates_and_a_bare_join_keeps_it() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        let mut profiles = std::collections::BTreeMap::new();
        profiles.insert("b".to_owned(), Profile { name: Some("Bob".into()), busy: Some(true), calls: None });
        dir.apply(&Message::PeerList(PeerListing { peers: vec!["b".into()], profiles: Some(profiles) }));
        assert!(dir.peers()[0].busy, "from the list's profile");
        dir.apply(&Message::PeerJoined(PeerInfo { id: "b".into(), name: Some("Bob".into()), busy: Some(false), calls: None }));
        assert!(!dir.peers()[0].busy, "a profile update frees Bob");
        dir.apply(&Message::PeerJoined(PeerInfo { id: "b".into(), name: Some("Bob".into()), busy: Some(true), calls: None }));
        dir.apply(&joined("b", Some("Bobby")));
        assert!(dir.peers()[0].busy, "a join without `busy` (a base server) changes only the name");
        assert_eq!(dir.peers()[0].display_name(), "Bobby");
    }

    #[test]
    fn a_peer_that_cannot_take_calls_says_so_and_a_bare_join_keeps_it() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        let mut profiles = std::collections::BTreeMap::new();
        profiles.insert("b".to_owned(), Profile { name: Some("Bob".into()), busy: Some(false), calls: Some(false) });
        profiles.insert("c".to_owned(), Profile { name: Some("Carol".into()), busy: None, calls: None });
        dir.apply(&Message::PeerList(PeerListing { peers: vec!["b".into(), "c".into()], profiles: Some(profiles) }));
        let takes = |dir: &PeerDirectory, id: &str| dir.peers().iter().find(|p| p.id == id).map(|p| p.takes_calls);
        assert_eq!(takes(&dir, "b"), Some(false), "from the list's profile");
        assert_eq!(takes(&dir, "c"), Some(true), "an older client that says nothing can take calls");
        dir.apply(&Message::PeerJoined(PeerInfo { id: "b".into(), name: Some("Bob".into()), busy: Some(true), calls: None }));
        assert_eq!(takes(&dir, "b"), Some(false), "a busy update without `calls` keeps it");
        dir.apply(&Message::PeerJoined(PeerInfo { id: "c".into(), name: Some("Carol".into()), busy: None, calls: Some(false) }));
        assert_eq!(takes(&dir, "c"), Some(false), "a hello from Carol's page changes it");
        dir.apply(&Message::PeerJoined(PeerInfo { id: "c".into(), name: Some("Carol".into()), busy: None, calls: Some(true) }));
        assert_eq!(takes(&dir, "c"), Some(true));
    }

    #[test]
    fn a_refusal_for_want_of_webrtc_marks_the_peer_until_its_page_says_otherwise() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&joined("b", Some("Bob")));
        assert!(dir.learn_cannot_take_calls("b"));
        assert!(!dir.learn_cannot_take_calls("b"), "already known");
        assert!(!dir.learn_cannot_take_calls("zz"), "nobody is added");
        assert!(!dir.peers()[0].takes_calls);
        assert!(!dir.peers()[0].busy);
        dir.apply(&Message::PeerJoined(PeerInfo { id: "b".into(), name: Some("Bob".into()), busy: None, calls: Some(true) }));
        assert!(dir.peers()[0].takes_calls, "Bob's page (reloaded in another browser) says it can");
    }

    #[test]
    fn what_was_learned_of_a_peer_outlives_a_refreshed_list_unless_the_server_says_otherwise() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&joined("b", Some("Bob")));
        dir.apply(&joined("c", Some("Carol")));
        dir.learn_cannot_take_calls("b");
        dir.learn_cannot_take_calls("c");
        // A base server's list (no profiles), as the page's quiet-link ask brings every 25 s.
        let list = |profiles| Message::PeerList(PeerListing { peers: vec!["b".into(), "c".into()], profiles });
        dir.apply(&list(None));
        assert!(dir.peers().iter().all(|p| !p.takes_calls), "{:?}", dir.peers());
        // The server's own word wins.
        let says = BTreeMap::from([("c".to_owned(), Profile { calls: Some(true), ..Default::default() })]);
        dir.apply(&list(Some(says)));
        let takes: Vec<bool> = dir.peers().iter().map(|p| p.takes_calls).collect();
        assert_eq!(takes, vec![false, true], "Bob as learned, Carol as her server says");
    }

    #[test]
    fn leaving_removes_and_listing_is_by_name() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&joined("z1", Some("alice")));
        dir.apply(&joined("b2", Some("Carol")));
        dir.apply(&joined("c3", Some("Bob")));
        dir.apply(&Message::PeerLeft(PeerInfo { id: "b2".into(), name: None, busy: None, calls: None }));
        let names: Vec<String> = dir.peers().iter().map(PeerSummary::display_name).collect();
        assert_eq!(names, vec!["alice", "Bob"]);
    }

    #[test]
    fn a_name_told_over_a_call_fills_in_where_the_server_gave_none() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&joined("b", None));
        dir.apply(&joined("c", Some("Carol")));
        assert!(dir.introduce("b", Some("Bob".into())));
        assert!(!dir.introduce("c", Some("Mallory".into())), "the server's name stands");
        assert!(!dir.introduce("a", Some("Me".into())), "never ourselves");
        assert_eq!(dir.name_of("b").as_deref(), Some("Bob"));
        assert_eq!(dir.name_of("c").as_deref(), Some("Carol"));
        assert!(!dir.introduce("d", Some("Dan".into())), "not listed: nobody is added");
        assert_eq!(dir.peers().len(), 2);
        dir.apply(&joined("d", None));
        assert_eq!(dir.peers().iter().find(|p| p.id == "d").and_then(|p| p.name.clone()).as_deref(), Some("Dan"));
    }

    #[test]
    fn names_are_what_name_of_gives_for_every_peer_known() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("a"));
        dir.apply(&joined("b", None));
        dir.apply(&joined("c", Some("Carol")));
        dir.introduce("b", Some("Bob".into()));
        dir.introduce("c", Some("Mallory".into()));
        dir.introduce("d", Some("Dan".into()));
        dir.apply(&joined("e", None));
        dir.clear_peers();
        dir.apply(&joined("c", Some("Carol")));
        let names = dir.names();
        for id in ["a", "b", "c", "d", "e"] {
            assert_eq!(names.get(id).cloned(), dir.name_of(id), "{id}");
        }
        assert_eq!(names.len(), 3, "b and d told, c listed; e has no name");
    }

    #[test]
    fn unnamed_peers_show_a_short_id() {
        let peer = PeerSummary { id: "0123456789".into(), name: None, busy: false, takes_calls: true };
        assert_eq!(peer.display_name(), "Peer 012345");
    }

    #[test]
    fn the_list_is_bounded() {
        let mut dir = PeerDirectory::default();
        dir.apply(&me("me"));
        for n in 0..(MAX_LISTED_PEERS + 50) {
            dir.apply(&joined(&format!("p{n}"), None));
        }
        assert_eq!(dir.peers().len(), MAX_LISTED_PEERS);
    }
}
