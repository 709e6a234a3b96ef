//! Watching a call (§4.7, §5.3, §7): connection events, the 30 s check, the `connected` report,
//! remote media polling, and every timer of the page.

use super::{Action, HostPage, Ignored, OpId, ignored};
use crate::host::remote_media::POLL_INTERVAL_MS;
use crate::host::response::{ConnectionInfo, ConnectionStates, Response};
use crate::host::wire::CallMediaSource;

impl HostPage {
    /// Runs whatever fell due at `now`.
    pub(super) fn on_time(&mut self, now: u64) {
        if self.closed {
            return;
        }
        if self.end_fallback_at.is_some_and(|at| now >= at) {
            // The host neither answered the end button nor closed the socket.
            self.end_fallback_at = None;
            self.running = None;
            self.queue.clear();
            self.end_everything();
            return;
        }
        self.reply_when_ready(now);
        self.flush_candidates(now);
        let Some(call) = self.call.as_mut() else {
            return;
        };
        if call.check_at.is_some_and(|at| now >= at) {
            call.check_at = None;
            self.next_op += 1;
            let op = OpId(self.next_op);
            call.check_op = Some(op);
            self.actions.push_back(Action::CheckConnection { op });
        }
        let Some(call) = self.call.as_mut() else {
            return;
        };
        if call.stats_at.is_some_and(|at| now >= at) {
            call.stats_at = None;
            self.next_op += 1;
            let op = OpId(self.next_op);
            call.stats_op = Some(op);
            self.actions.push_back(Action::CollectStats { op });
        }
        let Some(call) = self.call.as_mut() else {
            return;
        };
        if now >= call.poll_at {
            let behind = (now - call.poll_at) / POLL_INTERVAL_MS + 1;
            call.poll_at += behind * POLL_INTERVAL_MS;
            self.actions.push_back(Action::PollInbound);
        }
    }

    /// `connectionstatechange`: reported unless `failed` (§4.7).
    pub(super) fn on_connection_state(
        &mut self,
        now: u64,
        states: ConnectionStates,
    ) -> Result<(), Ignored> {
        let Some(call) = self.call.as_mut() else {
            return ignored("no call");
        };
        if !call.watching {
            return ignored("no longer watching");
        }
        // Chromium may reach `failed` while the peer has not answered: only the 30 s check acts on it.
        if states.connection_state == "failed" {
            return Ok(());
        }
        let state = states.connection_state.clone();
        if state == "connected" && !call.connected {
            call.connected = true;
            call.check_at = None;
            call.check_op = None;
            call.stats_at = Some(now + super::CONNECTED_REPORT_DELAY_MS);
        }
        self.send_event(Response::Connection { state: states });
        if state == "disconnected" {
            self.lose_call(now);
        }
        Ok(())
    }

    /// The 30 s check: reported whatever the state; `failed` or `disconnected` end the call.
    pub(super) fn on_connection_checked(
        &mut self,
        now: u64,
        op: OpId,
        states: ConnectionStates,
    ) -> Result<(), Ignored> {
        let Some(call) = self.call.as_mut().filter(|c| c.check_op == Some(op)) else {
            return ignored("no connection check pending");
        };
        call.check_op = None;
        let lost = matches!(states.connection_state.as_str(), "failed" | "disconnected");
        self.send_event(Response::Connection { state: states });
        if lost {
            self.lose_call(now);
        }
        Ok(())
    }

    pub(super) fn on_stats(&mut self, op: OpId, info: ConnectionInfo) -> Result<(), Ignored> {
        let Some(call) = self.call.as_mut().filter(|c| c.stats_op == Some(op)) else {
            return ignored("no stats pending");
        };
        call.stats_op = None;
        self.send_event(Response::Connected {
            connection_info: info,
        });
        Ok(())
    }

    pub(super) fn on_inbound_bytes(
        &mut self,
        samples: Vec<(CallMediaSource, u64)>,
    ) -> Result<(), Ignored> {
        let Some(call) = self.call.as_mut() else {
            return ignored("no call");
        };
        let changes: Vec<(CallMediaSource, bool)> = samples
            .into_iter()
            .filter_map(|(source, bytes)| {
                call.remote
                    .observe(source, bytes)
                    .map(|enabled| (source, enabled))
            })
            .collect();
        for (source, enabled) in changes {
            self.actions
                .push_back(Action::RemoteMedia { source, enabled });
            self.send_event(Response::PeerMedia { source, enabled });
        }
        Ok(())
    }

    /// Never fall back to clear media (§6.2): the call ends.
    pub(super) fn on_encryption_failed(&mut self, now: u64) -> Result<(), Ignored> {
        if self.call.is_none() {
            return ignored("no call");
        }
        self.lose_call(now);
        Ok(())
    }
}
