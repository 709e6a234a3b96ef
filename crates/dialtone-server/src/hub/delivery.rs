//! Getting frames to clients: onto the connection that holds the id, or, while a client is away
//! within the resume grace, into what is kept for it (bounded, the newest kept).

use axum::extract::ws::Utf8Bytes;

use super::*;

pub(super) fn client_id_frame(id: &str, token: &str, name: &Option<String>, room: &str) -> String {
    Message::ClientId(ClientIdInfo {
        id: id.to_owned(),
        resume: Some(token.to_owned()),
        name: name.clone(),
        room: Some(room.to_owned()),
        limits: Some(Limits { max_frame: MAX_FRAME_BYTES }),
    })
    .to_json()
}

/// Sends `frame` to one peer of this node (nothing if there is no such peer).
pub(super) fn deliver(state: &mut State, to: &str, frame: Outgoing) {
    let queue = state.queue;
    let Some(peer) = state.peers.get_mut(to) else {
        return;
    };
    send_to(&mut state.out, peer, frame, queue);
}

fn send_to(out: &mut VecDeque<HubOutput>, peer: &mut Peer, frame: Outgoing, queue: QueueLimits) {
    if let Some(conn) = peer.connection {
        out.push_back(HubOutput::Deliver { conn, frame });
    } else if let Some(away) = peer.away.as_mut() {
        away.kept.push(frame, queue);
    }
}

/// Sends `frame` to everyone in `room` but `except`.
pub(super) fn broadcast(state: &mut State, room: &str, except: Option<&str>, frame: &str) {
    broadcast_received(state, room, except, frame.to_owned().into(), None)
}

/// The frame's text is shared by every recipient (one allocation per broadcast).
pub(super) fn broadcast_received(
    state: &mut State,
    room: &str,
    except: Option<&str>,
    frame: Utf8Bytes,
    received_at: Option<Instant>,
) {
    let queue = state.queue;
    let out = &mut state.out;
    for id in state.members.local_in(room) {
        if Some(id.as_str()) == except {
            continue;
        }
        if let Some(peer) = state.peers.get_mut(id) {
            send_to(out, peer, Outgoing { text: frame.clone(), received_at }, queue);
        }
    }
}
