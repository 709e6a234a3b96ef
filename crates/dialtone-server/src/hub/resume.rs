//! Resume: a client whose connection vanished keeps its id for the grace period, with the frames
//! sent to it meanwhile, and takes it back with its single-use token; one that says goodbye leaves.

use super::*;

impl Hub {
    /// Gives a reconnecting client its id back: same id, no peer-left / peer-joined for the
    /// room, and the frames that arrived meanwhile first. A connection still holding the id
    /// (a half-open socket) is closed. The token is single-use: a fresh one comes with client-id.
    pub(super) fn resume(&self, token: &str) -> Option<Registration> {
        let mut state = self.lock();
        let id = state.resume_tokens.remove(token)?;
        let fresh_token = new_resume_token();
        let outbox = self.new_outbox();
        let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
        let peer = state.peers.get_mut(&id)?;
        let hello = client_id_frame(&id, &fresh_token, &peer.name, &peer.room);
        outbox.push(Outgoing::of(hello));
        // What waited for it (or was still queued on a half-open socket), in order.
        for frame in peer.outbox.take_all() {
            outbox.push(frame);
        }
        let previous = std::mem::replace(&mut peer.outbox, outbox.clone());
        previous.close();
        peer.connection = connection;
        peer.detached = false;
        peer.resume_token = fresh_token.clone();
        self.save_record(&id, peer, Some(token.to_owned()));
        state.resume_tokens.insert(fresh_token, id.clone());
        tracing::info!(peer = %id, "peer resumed");
        Some(Registration { id, outbox, connection, resumed: true })
    }
    /// A connection ended. Within the resume grace the id stays (peers see nothing) and frames
    /// for it are kept; after it, the peer leaves. A connection that was replaced does nothing.
    pub fn disconnect(self: &Arc<Self>, id: &str, connection: u64) {
        if self.resume_grace.is_zero() {
            return self.leave_if_current(id, connection);
        }
        {
            let mut state = self.lock();
            let Some(peer) = state.peers.get_mut(id).filter(|p| p.connection == connection) else {
                return;
            };
            // Frames still queued stay in the closed outbox, for the resume.
            peer.outbox.close();
            peer.detached = true;
        }
        let hub = Arc::clone(self);
        let id = id.to_owned();
        tokio::spawn(async move {
            tokio::time::sleep(hub.resume_grace).await;
            let still_detached = hub
                .lock()
                .peers
                .get(&id)
                .is_some_and(|p| p.connection == connection && p.detached);
            if still_detached {
                hub.leave(&id);
            }
        });
    }
    /// The client left for good (it said goodbye): peers are told at once.
    pub fn leave_if_current(&self, id: &str, connection: u64) {
        let current = self.lock().peers.get(id).is_some_and(|p| p.connection == connection);
        if current {
            self.leave(id);
        }
    }
}
