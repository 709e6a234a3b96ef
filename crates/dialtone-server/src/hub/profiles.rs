//! What peers know of each other: the room's list with profiles (name, busy, whether it can take
//! calls), and a `hello` that changes one's name, room or `calls`, told to both rooms (and, name
//! and room, to other nodes).

use super::*;

impl Hub {
    /// The `peer-list` frame for `sender`: everyone else in its room, with their profiles.
    pub(super) fn peer_list_of(&self, sender: &str) -> Option<String> {
        let frame = {
            let state = &self.state;
            let me = state.peers.get(sender)?;
            let mut listing = PeerListing {
                peers: Vec::new(),
                profiles: Some(Default::default()),
            };
            let local = state
                .members
                .local_in(&me.room)
                .filter(|id| id.as_str() != sender)
                .filter_map(|id| state.peers.get_key_value(id))
                .map(|(id, peer)| (id, &peer.name, !peer.calls.is_empty(), peer.takes_calls));
            let elsewhere = state
                .members
                .remote_in(&me.room)
                .filter_map(|id| state.remote.get_key_value(id))
                .map(|(id, peer)| (id, &peer.name, peer.busy, None));
            let mut others: Vec<(&PeerId, &Option<String>, bool, Option<bool>)> = local.chain(elsewhere).collect();
            others.sort_by(|a, b| a.0.cmp(b.0));
            for (id, name, busy, calls) in others {
                listing.peers.push(id.clone());
                if let Some(profiles) = listing.profiles.as_mut() {
                    profiles.insert(id.clone(), Profile { name: name.clone(), busy: Some(busy), calls });
                }
            }
            Message::PeerList(listing).to_json()
        };
        Some(frame)
    }

    pub(super) fn update_identity(&mut self, sender: &str, name: Option<String>, room: Option<String>, calls: Option<bool>) {
        let state = &mut self.state;
        let Some(peer) = state.peers.get_mut(sender) else {
            return;
        };
        if let Some(name) = name.as_deref() {
            peer.name = clean_name(name);
        }
        let old_room = peer.room.clone();
        if calls.is_some() {
            peer.takes_calls = calls;
        }
        if let Some(room) = room.as_deref() {
            members::move_local(state, sender, &clean_room(room));
        }
        let Some(peer) = state.peers.get(sender) else { return };
        let (new_room, new_name, takes_calls) = (peer.room.clone(), peer.name.clone(), peer.takes_calls);
        let busy = !peer.calls.is_empty();
        remote::save_record_of(state, sender, None);
        remote::announce(state, Event::Profile {
            id: sender.to_owned(),
            name: new_name.clone(),
            room: new_room.clone(),
            old_room: old_room.clone(),
            busy,
        });
        if new_room != old_room {
            let left = Message::PeerLeft(PeerInfo {
                id: sender.to_owned(),
                name: new_name.clone(), busy: None, calls: None });
            broadcast(state, &old_room, Some(sender), &left.to_json());
        }
        // peer-joined doubles as "profile changed": clients upsert by id.
        let joined = Message::PeerJoined(PeerInfo {
            id: sender.to_owned(),
            name: new_name,
            busy: Some(busy),
            calls: takes_calls,
        });
        broadcast(state, &new_room, Some(sender), &joined.to_json());
    }
}
