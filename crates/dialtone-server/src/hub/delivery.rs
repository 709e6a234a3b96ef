//! Getting frames to clients: into a connection's bounded queue, or, while a client is away
//! within the resume grace, into its bounded buffer; a full one marks a slow client.

use super::*;

pub(super) fn client_id_frame(id: &str, token: &str, name: &Option<String>, room: &str) -> String {
    Message::ClientId(ClientIdInfo {
        id: id.to_owned(),
        resume: Some(token.to_owned()),
        name: name.clone(),
        room: Some(room.to_owned()),
        limits: Some(Limits {
            max_frame: MAX_FRAME_BYTES,
        }),
    })
    .to_json()
}

/// 128 random bits, hex: unguessable, so only the client that got it can resume.
pub(super) fn new_resume_token() -> String {
    let bits: u128 = rand::random();
    format!("{bits:032x}")
}

/// Queues `frame` for `to`. `Err(id)` names a peer whose queue (or, while detached, whose
/// resume buffer) is full.
pub(super) fn deliver(state: &mut State, to: &str, frame: Outgoing, limit: usize) -> Result<(), PeerId> {
    let Some(peer) = state.peers.get_mut(to) else {
        return Ok(());
    };
    if let Some(buffer) = peer.detached.as_mut() {
        if buffer.len() >= limit {
            return Err(to.to_owned());
        }
        buffer.push_back(frame);
        return Ok(());
    }
    match peer.outbox.try_send(frame) {
        Ok(()) => Ok(()),
        Err(mpsc::error::TrySendError::Full(_)) => Err(to.to_owned()),
        // The connection is closing: nothing to deliver to.
        Err(mpsc::error::TrySendError::Closed(_)) => Ok(()),
    }
}

/// Queues `frame` for everyone in `room` but `except`; returns the peers that were too slow.
pub(super) fn broadcast(state: &mut State, room: &str, except: Option<&str>, frame: &str, limit: usize) -> Vec<PeerId> {
    broadcast_received(state, room, except, frame, limit, None)
}

pub(super) fn broadcast_received(
    state: &mut State,
    room: &str,
    except: Option<&str>,
    frame: &str,
    limit: usize,
    received_at: Option<Instant>,
) -> Vec<PeerId> {
    let targets: Vec<PeerId> = state
        .peers
        .iter()
        .filter(|(id, peer)| peer.room == room && Some(id.as_str()) != except)
        .map(|(id, _)| id.clone())
        .collect();
    targets
        .into_iter()
        .filter_map(|id| {
            let outgoing = Outgoing { text: frame.to_owned(), received_at };
            deliver(state, &id, outgoing, limit).err()
        })
        .collect()
}
