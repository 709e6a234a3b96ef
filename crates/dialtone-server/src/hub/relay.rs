//! Peer-to-peer frames (offer, answer, ice-candidate, call-end, call-media, direct chat): to a
//! peer in the sender's room on this node, or through the cluster to the node that holds it.

use super::*;

impl Hub {
    /// Relays a peer-to-peer message to its `to`, with `from` stamped and the payload passed on
    /// untouched. `call`: what the message says about calls (busy.rs).
    pub(super) fn relay(
        &mut self,
        now: Instant,
        sender: &str,
        kind: MessageKind,
        to: Option<PeerId>,
        payload: Option<serde_json::Value>,
        call: Option<busy::CallStep>,
    ) -> Result<(), Rejection> {
        let Some(to) = to else {
            return Err(self.refuse(sender, ErrorCode::Malformed, format!("`{kind}` needs `to`"), kind));
        };
        if to == sender {
            return Err(self.refuse(sender, ErrorCode::NotAllowed, "you cannot send to yourself".to_owned(), kind));
        }
        let keep_to = (kind == MessageKind::Chat).then_some(to.as_str());
        let frame = Envelope::relayed(kind, sender, keep_to, payload).to_json();
        let note = call.as_ref().and_then(|s| s.note_for_receiver(sender));
        // A frame that puts someone in a call or out of one is also news for the whole room
        // (`busy`): the sender pays for that too, or offers and ends to nobody would be a
        // room-wide flood at the price of two small frames.
        let flips = call.as_ref().map_or(0, |step| busy::flips(&self.state, sender, &to, step, note.as_ref()));
        let news = PROFILE_NEWS_BYTES.saturating_mul(flips).saturating_mul(self.readers_of(sender));
        if let Err(message) = self.charge_sender(now, sender, frame.len().saturating_add(news), 1) {
            return Err(self.refuse(sender, ErrorCode::RateLimited, message, kind));
        }
        let state = &mut self.state;
        // The sender's own calls change whether or not the peer is still there (a call-end to
        // someone who just left frees the sender too).
        let mut changed: Vec<PeerId> = call.iter().filter_map(|s| busy::sent(state, sender, &to, s)).collect();
        let my_room = state.peers.get(sender).map(|me| me.room.clone());
        let relayed = match (my_room, state.peers.get(&to), state.remote.get(&to)) {
            (Some(mine), Some(them), _) if them.room == mine => {
                changed.extend(note.iter().filter_map(|n| busy::received(state, &to, n)));
                deliver(state, &to, Outgoing { text: frame.into(), received_at: Some(now) });
                true
            }
            (Some(mine), None, Some(them)) if them.room == mine => {
                let node = them.node.clone();
                remote::relay_to_node(state, &node, &to, frame, note);
                true
            }
            _ => false,
        };
        busy::changed(state, changed);
        if !relayed {
            return Err(self.refuse(sender, ErrorCode::UnknownPeer, format!("no peer `{to}` in your room"), kind));
        }
        tracing::trace!(from = %sender, to = %to, kind = %kind, "relayed");
        Ok(())
    }
}
