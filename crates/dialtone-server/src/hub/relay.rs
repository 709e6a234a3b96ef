//! Peer-to-peer frames (offer, answer, ice-candidate, call-end, call-media, direct chat): to a
//! peer in the sender's room on this node, or through the cluster to the node that holds it.

use super::*;

impl Hub {
    /// Relays a peer-to-peer message (offer, answer, ice-candidate, call-end, call-media, direct
    /// chat) to its `to`, with `from` stamped and the payload passed on untouched.
    pub(super) fn relay(
        &self,
        sender: &str,
        kind: MessageKind,
        to: Option<PeerId>,
        payload: Option<serde_json::Value>,
        received_at: Instant,
    ) -> bool {
        let Some(to) = to else {
            self.refuse(sender, ErrorCode::Malformed, format!("`{kind}` needs `to`"), kind);
            return false;
        };
        if to == sender {
            self.refuse(sender, ErrorCode::NotAllowed, "you cannot send to yourself".to_owned(), kind);
            return false;
        }
        let step = busy::CallStep::of(kind, &payload);
        let mut slow = Vec::new();
        let outcome = {
            let mut state = self.lock();
            let keep_to = (kind == MessageKind::Chat).then_some(to.as_str());
            let frame = Envelope::relayed(kind, sender, keep_to, payload).to_json();
            if let Err(message) = self.charge_sender(&mut state, sender, frame.len(), 1) {
                drop(state);
                self.refuse(sender, ErrorCode::RateLimited, message, kind);
                return false;
            }
            // The sender's own calls change whether or not the peer is still there (a call-end
            // to someone who just left frees the sender too).
            let mut changed: Vec<PeerId> = step.iter().filter_map(|s| busy::sent(&mut state, sender, &to, s)).collect();
            let note = step.as_ref().and_then(|s| s.note_for_receiver(sender));
            let my_room = state.peers.get(sender).map(|me| me.room.clone());
            let outcome = match (my_room, state.peers.get(&to), state.remote.get(&to)) {
                (Some(mine), Some(them), _) if them.room == mine => {
                    let outgoing = Outgoing { text: frame.into(), received_at: Some(received_at) };
                    changed.extend(note.iter().filter_map(|n| busy::received(&mut state, &to, n)));
                    Some(deliver(&mut state, &to, outgoing))
                }
                (Some(mine), None, Some(them)) if them.room == mine => {
                    let node = them.node.clone();
                    let node_dead = state.dead_nodes.contains(&node);
                    self.relay_to_node(&node, node_dead, &to, frame, note);
                    Some(Ok(()))
                }
                _ => None,
            };
            slow.extend(self.busy_changed(&mut state, changed));
            outcome
        };
        self.disconnect_slow(slow);
        match outcome {
            Some(Ok(())) => {
                tracing::trace!(from = %sender, to = %to, kind = %kind, "relayed");
                true
            }
            Some(Err(slow)) => {
                self.disconnect_slow(vec![slow]);
                true
            }
            None => {
                self.refuse(sender, ErrorCode::UnknownPeer, format!("no peer `{to}` in your room"), kind);
                false
            }
        }
    }
}
