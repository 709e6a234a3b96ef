//! The hub's clock-driven work: resume graces that run out, and empty rooms forgotten in time.

use super::*;

impl Hub {
    /// When [`Hub::handle_timeout`] has something to do: the first resume grace to run out, or
    /// the next look at empty rooms.
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.first_grace_end.into_iter().chain(std::iter::once(self.next_sweep)).min()
    }

    /// A grace that runs out at `until` was given.
    pub(super) fn grace_given(&mut self, until: Instant) {
        self.first_grace_end = Some(self.first_grace_end.map_or(until, |first| first.min(until)));
    }

    /// Peers whose grace ran out leave (their room is told); empty rooms are forgotten in time.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.first_grace_end.is_some_and(|first| first <= now) {
            let expired: Vec<PeerId> = self
                .state
                .peers
                .iter()
                .filter(|(_, p)| p.away.as_ref().is_some_and(|a| a.until <= now))
                .map(|(id, _)| id.clone())
                .collect();
            for id in expired {
                self.leave(&id);
            }
            self.first_grace_end = self.state.peers.values().filter_map(|p| p.away.as_ref().map(|a| a.until)).min();
        }
        if now >= self.next_sweep {
            self.sweep_rooms(now);
            self.next_sweep = now + self.sweep_every;
        }
    }

    /// Rooms nobody has been in for a while are forgotten (history and budget).
    fn sweep_rooms(&mut self, now: Instant) {
        let now = self.now_ms(now);
        let state = &mut self.state;
        let occupied = state.members.occupied();
        state.rooms.sweep(&occupied, now);
    }
}
