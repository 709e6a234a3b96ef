//! A lone node's memory across a restart: on a graceful stop it writes who was connected (ids,
//! names, rooms, resume tokens) and the rooms' chat to a state file; the next start reads it
//! back, so clients reconnecting within the resume grace get their ids again and calls carry
//! on. The file holds resume tokens: it is written owner-only and deleted once read. Nodes of a
//! cluster keep this in Redis instead.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::*;

/// A state file larger than this is not read (a corrupt or hostile file cannot exhaust memory).
const MAX_STATE_FILE_BYTES: u64 = 32 * 1024 * 1024;
const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
pub struct Snapshot {
    version: u32,
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
        let state = self.lock();
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
    pub fn restore(self: &Arc<Self>, snapshot: Snapshot) {
        let mut restored = Vec::new();
        {
            let mut state = self.lock();
            let now = self.now_ms();
            for (room, frames) in snapshot.chat {
                state.rooms.set_history(&clean_room(&room), frames, now);
            }
            for saved in snapshot.peers {
                if state.peers.contains_key(&saved.id) || saved.token.is_empty() {
                    continue;
                }
                // Nobody reads this outbox: it is closed, and keeps frames until the client resumes.
                let outbox = Outbox::closed_with(self.limits.queue, []);
                let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
                state.resume_tokens.insert(saved.token.clone(), saved.id.clone());
                let peer = Peer {
                    name: saved.name.as_deref().and_then(clean_name),
                    room: clean_room(&saved.room),
                    outbox,
                    resume_token: saved.token,
                    connection,
                    detached: true,
                    calls: saved.calls.into_iter().take(busy::MAX_CALLS_PER_PEER).collect(),
                    fanout: self.new_fanout_budget(),
                    // The client says again in its hello after the resume.
                    takes_calls: None,
                };
                state.peers.insert(saved.id.clone(), peer);
                restored.push((saved.id, connection));
            }
        }
        tracing::info!(peers = restored.len(), "restored the peers of the last run; they may resume");
        for (id, connection) in restored {
            self.disconnect(&id, connection);
        }
    }
}

/// Reads and deletes the state file; nothing when there is none. A bad file is an error that
/// names it (the server then starts without it rather than guess).
pub fn take_state_file(path: &Path) -> std::io::Result<Option<Snapshot>> {
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let invalid = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("{}: {why}", path.display()));
    if size > MAX_STATE_FILE_BYTES {
        return Err(invalid(format!("{size} bytes is more than a state file can be")));
    }
    let text = std::fs::read_to_string(path)?;
    std::fs::remove_file(path)?;
    let snapshot: Snapshot = serde_json::from_str(&text).map_err(|e| invalid(e.to_string()))?;
    if snapshot.version != VERSION {
        return Err(invalid(format!("version {} is not {VERSION}", snapshot.version)));
    }
    Ok(Some(snapshot))
}

/// Writes the state file owner-only, through a temporary file so a crash never leaves half of it.
pub fn write_state_file(path: &Path, snapshot: &Snapshot) -> std::io::Result<()> {
    use std::io::Write;
    let json = serde_json::to_vec(snapshot).map_err(std::io::Error::other)?;
    let temporary = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary)?;
    file.write_all(&json)?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
}
