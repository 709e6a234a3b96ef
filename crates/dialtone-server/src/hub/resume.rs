//! Resume: a client whose connection vanished keeps its id for the grace period, with the frames
//! sent to it meanwhile, and takes it back with its single-use token; one that says goodbye leaves.

use super::*;

impl Hub {
    /// Gives a reconnecting client its id back: same id, no peer-left / peer-joined for the
    /// room, and the frames that arrived meanwhile first. A connection still holding the id
    /// (a half-open socket) is closed, and what was queued on it moves to the new one. The
    /// token is single-use: a fresh one comes with client-id. False: the token is unknown.
    pub(super) fn resume(&mut self, conn: ConnId, token: &str) -> bool {
        let state = &mut self.state;
        let Some(id) = state.resume_tokens.remove(token) else { return false };
        let Some(peer) = state.peers.get_mut(&id) else { return false };
        let fresh_token = new_resume_token();
        let hello = client_id_frame(&id, &fresh_token, &peer.name, &peer.room);
        let mut fill = Fill::new(state.queue);
        fill.take(hello.len());
        state.out.push_back(HubOutput::Deliver { conn, frame: Outgoing::of(hello) });
        if let Some(previous) = peer.connection.replace(conn) {
            state.conns.remove(&previous);
            state.out.push_back(HubOutput::Close { conn: previous, unsent: Unsent::MoveTo(conn) });
        }
        // What waited for it, in order: the newest frames a fresh connection takes after its
        // client-id (what was kept fits the queue, so at most the oldest give way).
        if let Some(mut away) = peer.away.take() {
            let kept = away.kept.take_all();
            let fitting = kept.iter().rev().take_while(|frame| fill.take(frame.bytes())).count();
            let older = kept.len() - fitting;
            for frame in kept.into_iter().skip(older) {
                state.out.push_back(HubOutput::Deliver { conn, frame });
            }
        }
        peer.resume_token = fresh_token.clone();
        state.conns.insert(conn, id.clone());
        state.resume_tokens.insert(fresh_token, id.clone());
        remote::save_record_of(state, &id, Some(token.to_owned()));
        tracing::info!(peer = %id, "peer resumed");
        true
    }

    /// A connection ended. A client that said goodbye leaves at once (peers are told); any
    /// other end keeps its id for the resume grace, with what was still queued for it. While
    /// the node shuts down, a goodbye only answers ours: the client will resume. A connection
    /// that was replaced does nothing.
    pub(super) fn gone(&mut self, now: Instant, conn: ConnId, goodbye: bool, unsent: Vec<Outgoing>) {
        let Some(id) = self.state.conns.remove(&conn) else { return };
        let queue = self.state.queue;
        let Some(peer) = self.state.peers.get_mut(&id) else { return };
        peer.connection = None;
        if (goodbye && !self.closing) || self.resume_grace.is_zero() {
            return self.leave(&id);
        }
        let until = now + self.resume_grace;
        peer.away = Some(Away { until, kept: KeptFrames::from_unsent(unsent, queue) });
        self.grace_given(until);
    }
}
