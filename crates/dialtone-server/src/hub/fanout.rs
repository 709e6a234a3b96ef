//! What a frame's fan-out costs and who pays: the sender (a byte budget; a room chat costs its
//! size times its readers) and, for room chat, the room. Over budget, the sender is told
//! RATE_LIMITED and nothing is written, so readers who keep up never pay for a burst.

use super::*;

/// What one piece of news about a person (a profile or busy change: `peer-joined` or
/// `peer-left` with an id and a name of 40 characters at most) costs per reader, rounded up.
pub(super) const PROFILE_NEWS_BYTES: usize = 256;

impl Hub {
    /// Everyone who reads news `sender` causes in its room (here and on other nodes).
    pub(super) fn readers_of(&self, sender: &str) -> usize {
        let Some(room) = self.state.peers.get(sender).map(|p| p.room.as_str()) else { return 0 };
        capacity::people_in(&self.state, room).saturating_sub(1)
    }

    /// Takes what a frame will cost to write from its sender's budget; `Err` (with the sentence
    /// for the sender) when it is over it. `readers` is how many times the frame is written.
    pub(super) fn charge_sender(&mut self, now: Instant, sender: &str, bytes: usize, readers: usize) -> Result<(), String> {
        let now = self.now_ms(now);
        let cost = u64::try_from(bytes.saturating_mul(readers.max(1))).unwrap_or(u64::MAX);
        let Some(peer) = self.state.peers.get_mut(sender) else { return Ok(()) };
        if peer.fanout.try_take_n(cost, now) {
            return Ok(());
        }
        let per_sec = self.limits.fanout_bytes_per_sec / 1024;
        Err(if cost > u64::from(self.limits.fanout_burst_bytes) {
            format!("this message would be written {readers} times ({cost} bytes): too large for this room; send less")
        } else {
            format!("you are sending faster than this server relays ({per_sec} KiB a second, counting every reader): slow down")
        })
    }

    pub(super) fn broadcast_chat(&mut self, now: Instant, sender: &str, payload: Option<serde_json::Value>) -> Result<(), Rejection> {
        let now_ms = self.now_ms(now);
        let Some(room) = self.state.peers.get(sender).map(|p| p.room.clone()) else {
            return Ok(());
        };
        let frame = Envelope::relayed(MessageKind::Chat, sender, None, payload).to_json();
        let readers = self.readers_of(sender);
        let charged = self.charge_sender(now, sender, frame.len(), readers).and_then(|()| {
            if self.state.rooms.charge_chat(&room, frame.len(), now_ms) {
                Ok(())
            } else {
                let per_sec = self.state.rooms.limits().chat_bytes_per_sec / 1024;
                Err(format!("this room's chat is at its limit ({per_sec} KiB a second for everyone): try again shortly"))
            }
        });
        if let Err(message) = charged {
            return Err(self.refuse(sender, ErrorCode::RateLimited, message, MessageKind::Chat));
        }
        let state = &mut self.state;
        let frame: axum::extract::ws::Utf8Bytes = frame.into();
        let kept = state.rooms.remember(&room, frame.clone(), now_ms);
        remote::tell_cluster(state, ClusterOp::SaveChat { room: room.clone(), frame: frame.as_str().to_owned(), keep: kept });
        remote::announce(state, Event::Chat { room: room.clone(), from: sender.to_owned(), frame: frame.as_str().to_owned() });
        broadcast_received(state, &room, Some(sender), frame, Some(now));
        Ok(())
    }
}
