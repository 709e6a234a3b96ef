//! Who is in a call, as the frames a peer relays show it: an offer puts its sender in a call, an
//! answer puts both sides in that one call, a `call-end` (sent or received) or the partner
//! leaving takes it out. Peers see it as `busy` in `peer-list` profiles and in a repeated
//! `peer-joined`. It is advisory (a client could lie about its own calls), so it only ever
//! informs, never gates anything.

use super::*;
use super::news::CallNote;

/// Calls tracked per peer: one active, one waiting, a little slack; a flood of offers with new
/// call ids cannot grow it.
pub(super) const MAX_CALLS_PER_PEER: usize = 4;
const MAX_CALL_ID_BYTES: usize = 128;

/// What one relayed frame says about calls.
pub(super) enum CallStep {
    Offer(String),
    Answer(String),
    End(String),
}

impl CallStep {
    /// What `message` says about calls: read from its typed payload, never from the raw JSON.
    pub(super) fn of(message: &Message) -> Option<CallStep> {
        let (step, call_id): (fn(String) -> CallStep, &str) = match message {
            Message::Offer(offer) => (CallStep::Offer, offer.payload.call_id.as_deref()?),
            Message::Answer(answer) => (CallStep::Answer, answer.payload.call_id.as_deref()?),
            Message::CallEnd(end) => (CallStep::End, end.payload.call_id.as_str()),
            _ => return None,
        };
        if call_id.is_empty() || call_id.len() > MAX_CALL_ID_BYTES {
            return None;
        }
        Some(step(call_id.to_owned()))
    }

    /// What the receiving side learns (an offer does not make the callee busy: it only rings).
    pub(super) fn note_for_receiver(&self, from: &str) -> Option<CallNote> {
        let from = from.to_owned();
        match self {
            CallStep::Offer(_) => None,
            CallStep::Answer(id) => Some(CallNote { call_id: id.clone(), ends: false, from }),
            CallStep::End(id) => Some(CallNote { call_id: id.clone(), ends: true, from }),
        }
    }
}

fn is_busy(state: &State, id: &str) -> bool {
    state.peers.get(id).is_some_and(|p| !p.calls.is_empty())
}

/// Applies `change` to a local peer's calls; its id when that flipped its busy state.
fn change_calls(state: &mut State, id: &str, change: impl FnOnce(&mut Vec<(String, PeerId)>)) -> Option<PeerId> {
    let before = is_busy(state, id);
    let peer = state.peers.get_mut(id)?;
    let old_calls = peer.calls.clone();
    change(&mut peer.calls);
    peer.calls.truncate(MAX_CALLS_PER_PEER);
    state.members.calls_changed(id, &old_calls, &peer.calls);
    let after = !peer.calls.is_empty();
    (before != after).then(|| id.to_owned())
}

/// The sender's side of a relayed call frame.
pub(super) fn sent(state: &mut State, sender: &str, to: &str, step: &CallStep) -> Option<PeerId> {
    change_calls(state, sender, |calls| apply_sent(calls, to, step))
}

fn apply_sent(calls: &mut Vec<(String, PeerId)>, to: &str, step: &CallStep) {
    match step {
        CallStep::Offer(id) => {
            if !calls.iter().any(|(c, _)| c == id) {
                calls.push((id.clone(), to.to_owned()));
            }
        }
        CallStep::Answer(id) => *calls = vec![(id.clone(), to.to_owned())],
        CallStep::End(id) => calls.retain(|(c, _)| c != id),
    }
}

fn apply_received(calls: &mut Vec<(String, PeerId)>, note: &CallNote) {
    if note.ends {
        calls.retain(|(c, _)| *c != note.call_id);
    } else if calls.iter().any(|(c, partner)| *c == note.call_id && *partner == note.from) {
        *calls = vec![(note.call_id.clone(), note.from.clone())];
    }
}

/// How many local peers' busy state a relayed call frame would flip (0 to 2: sender and
/// receiver), without changing anything: each flip is news for their whole room, which the
/// sender pays for before the frame goes.
pub(super) fn flips(state: &State, sender: &str, to: &str, step: &CallStep, note: Option<&CallNote>) -> usize {
    let flips_one = |id: &str, change: &dyn Fn(&mut Vec<(String, PeerId)>)| {
        state.peers.get(id).is_some_and(|peer| {
            let mut calls = peer.calls.clone();
            change(&mut calls);
            calls.is_empty() != peer.calls.is_empty()
        })
    };
    let sender_flips = flips_one(sender, &|calls| apply_sent(calls, to, step));
    let receiver_flips = note.is_some_and(|note| flips_one(to, &|calls| apply_received(calls, note)));
    usize::from(sender_flips) + usize::from(receiver_flips)
}

/// The receiver's side (a local peer, whichever node the sender is on). An answer only counts
/// for a call the receiver itself offered to that sender: nobody can make a third party look
/// busy by sending it an answer it never asked for.
pub(super) fn received(state: &mut State, to: &str, note: &CallNote) -> Option<PeerId> {
    change_calls(state, to, |calls| apply_received(calls, note))
}

/// `gone` left: whoever was in a call with it is not any more.
pub(super) fn partner_left(state: &mut State, gone: &str) -> Vec<PeerId> {
    state
        .members
        .in_a_call_with(gone)
        .into_iter()
        .filter_map(|id| change_calls(state, &id, |calls| calls.retain(|(_, partner)| partner != gone)))
        .collect()
}

/// Tells the rooms (here and on other nodes) that these local peers' busy state changed.
pub(super) fn changed(state: &mut State, changed: Vec<PeerId>) {
    for id in changed {
        let Some(peer) = state.peers.get(&id) else { continue };
        let (name, room, busy) = (peer.name.clone(), peer.room.clone(), !peer.calls.is_empty());
        remote::save_record_of(state, &id, None);
        remote::announce(state, Event::Profile { id: id.clone(), name: name.clone(), room: room.clone(), old_room: room.clone(), busy });
        let news = Message::PeerJoined(PeerInfo { id: id.clone(), name, busy: Some(busy), calls: None }).to_json();
        broadcast(state, &room, Some(&id), &news);
    }
}
