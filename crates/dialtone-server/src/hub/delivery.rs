//! Getting frames to clients: into a connection's bounded queue, or, while a client is away
//! within the resume grace, into its bounded buffer; a full one marks a slow client.

use axum::extract::ws::Utf8Bytes;

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

/// Queues `frame` for `to`. `Err(id)` names a peer whose connection is too slow for it (its
/// outbox is full); a peer that is away keeps the newest frames for its resume.
pub(super) fn deliver(state: &mut State, to: &str, frame: Outgoing) -> Result<(), PeerId> {
    let Some(peer) = state.peers.get_mut(to) else {
        return Ok(());
    };
    match peer.outbox.push(frame) {
        Pushed::Queued | Pushed::KeptForResume => Ok(()),
        Pushed::Full => Err(to.to_owned()),
    }
}

/// Queues `frame` for everyone in `room` but `except`; returns the peers that were too slow.
pub(super) fn broadcast(state: &mut State, room: &str, except: Option<&str>, frame: &str) -> Vec<PeerId> {
    broadcast_received(state, room, except, frame.to_owned().into(), None)
}

/// The frame's text is shared by every recipient's queue (one allocation per broadcast).
pub(super) fn broadcast_received(
    state: &mut State,
    room: &str,
    except: Option<&str>,
    frame: Utf8Bytes,
    received_at: Option<Instant>,
) -> Vec<PeerId> {
    state
        .peers
        .iter()
        .filter(|(id, peer)| peer.room == room && Some(id.as_str()) != except)
        .filter_map(|(id, peer)| match peer.outbox.push(Outgoing { text: frame.clone(), received_at }) {
            Pushed::Queued | Pushed::KeptForResume => None,
            Pushed::Full => Some(id.clone()),
        })
        .collect()
}
