//! A lone node's memory across a restart: on a graceful stop the driver writes who was
//! connected (ids, names, rooms, resume tokens) and the rooms' chat to a state file
//! (hub_driver/state_file.rs); the next start hands it back, so clients reconnecting within the
//! resume grace get their ids again and calls carry on. Nodes of a cluster keep this in Redis.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::*;

pub const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    peers: Vec<SavedPeer>,
    chat: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SavedPeer {
    id: PeerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    room: String,
    token: String,
    /// The calls it was in (call id, partner), so the room still sees it busy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    calls: Vec<(String, PeerId)>,
}

impl Hub {
    pub fn snapshot(&self) -> Snapshot {
        let state = &self.state;
        let peers = state
            .peers
            .iter()
            .map(|(id, p)| SavedPeer {
                id: id.clone(),
                name: p.name.clone(),
                room: p.room.clone(),
                token: p.resume_token.clone(),
                calls: p.calls.clone(),
            })
            .collect();
        let chat = state.rooms.snapshot();
        Snapshot { version: VERSION, peers, chat }
    }

    /// Takes the saved peers back as if their connections had just dropped: each keeps its id
    /// for the resume grace, then leaves unless it came back.
    pub(super) fn restore(&mut self, now: Instant, snapshot: Snapshot) {
        let now_ms = self.now_ms(now);
        let until = now + self.resume_grace;
        let mut restored = 0;
        for (room, frames) in snapshot.chat {
            self.state.rooms.set_history(&clean_room(&room), frames, now_ms);
        }
        for saved in snapshot.peers {
            if self.state.peers.contains_key(&saved.id) || saved.token.is_empty() {
                continue;
            }
            let fanout = self.new_fanout_budget(now);
            self.state.resume_tokens.insert(saved.token.clone(), saved.id.clone());
            let peer = Peer {
                name: saved.name.as_deref().and_then(clean_name),
                room: clean_room(&saved.room),
                connection: None,
                away: Some(Away { until, kept: KeptFrames::default() }),
                resume_token: saved.token,
                calls: saved.calls.into_iter().take(busy::MAX_CALLS_PER_PEER).collect(),
                fanout,
                // The client says again in its hello after the resume.
                takes_calls: None,
            };
            members::insert_local(&mut self.state, saved.id, peer);
            restored += 1;
        }
        if restored > 0 {
            self.grace_given(until);
        }
        tracing::info!(peers = restored, "restored the peers of the last run; they may resume");
    }
}
