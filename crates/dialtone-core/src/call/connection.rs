//! The browser's connection state and the call's timers: connected, disconnected (ICE restart),
//! failed, and what each expiring timer means.

use super::*;

impl Phone {
    pub(super) fn on_connection_changed(&mut self, now: u64, state: ConnectionState) -> Result<(), Ignored> {
        let timers = self.timers;
        let call = self.active_mut().ok_or(Ignored {
            reason: "connection state with no call",
        })?;
        match state {
            ConnectionState::Connected
                if !matches!(
                    call.state,
                    CallState::AnswerReceived | CallState::AnswerSent | CallState::Negotiated | CallState::Connected
                ) =>
            {
                ignored("no offer/answer exchange has completed: cannot be connected")
            }
            ConnectionState::Connected => {
                call.state = CallState::Connected;
                call.connected_at.get_or_insert(now);
                call.deadline = None;
                Ok(())
            }
            ConnectionState::Disconnected if call.state == CallState::Connected => {
                if call.deadline.is_none() {
                    call.deadline = Some((now + timers.disconnected_grace_ms, Timer::DisconnectedGrace));
                }
                Ok(())
            }
            // A call that was up gets one more chance through an ICE restart, which needs its
            // first offer and answer settled; without them the failure ends it (below).
            ConnectionState::Failed if call.connected_at.is_some() && call.negotiation.established => {
                call.deadline = Some((now + timers.disconnected_ms, Timer::Disconnected));
                if !call.polite() {
                    return self.on_negotiation_needed(true);
                }
                Ok(())
            }
            ConnectionState::Failed => self.end_active(now, EndReason::ConnectionFailed, true),
            ConnectionState::Connecting if call.state == CallState::AnswerSent => {
                call.state = CallState::Negotiated;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    pub(super) fn on_tick(&mut self, now: u64) -> Result<(), Ignored> {
        if self.waiting.as_ref().is_some_and(|w| now >= w.since + self.timers.ring_ms) {
            let _ = self.reject_waiting();
        }
        self.ring_if_due(now, false);
        self.fall_back_overdue(now);
        self.resend_offer_if_due(now);
        if let Some(ended) = self.end_if_media_overdue(now) {
            return ended;
        }
        let Some((at, timer)) = self.active().and_then(|call| call.deadline) else {
            return Ok(());
        };
        if now < at {
            return Ok(());
        }
        let reason = match timer {
            Timer::Ring => EndReason::NoAnswer,
            Timer::Media => EndReason::DeviceTimeout,
            Timer::Connect => {
                // One ICE restart by the caller before giving up (once the first exchange is done).
                let connect_ms = self.timers.connect_ms;
                let Some(call) = self.active_mut() else { return Ok(()) };
                // A restart still waiting behind another exchange (one whose answer never came)
                // is the one chance already taken.
                let can_restart = call.negotiation.established
                    && call.negotiation.ice_restarts == 0
                    && !call.negotiation.pending_ice_restart;
                if can_restart {
                    call.deadline = Some((now + connect_ms, Timer::Connect));
                    if !call.polite() {
                        return self.on_negotiation_needed(true);
                    }
                    // The callee waits for the caller's restart, but only once.
                    call.negotiation.ice_restarts += 1;
                    return Ok(());
                }
                EndReason::ConnectionFailed
            }
            Timer::Disconnected => EndReason::ConnectionLost,
            Timer::DisconnectedGrace => {
                // Still disconnected after the grace: the caller restarts ICE; both give it
                // `disconnected_ms` more before calling the connection lost.
                let lost_ms = self.timers.disconnected_ms;
                let Some(call) = self.active_mut() else { return Ok(()) };
                call.deadline = Some((now + lost_ms, Timer::Disconnected));
                if call.polite() {
                    return Ok(());
                }
                return self.on_negotiation_needed(true);
            }
        };
        let notify = self.active().is_some_and(|call| call.signaled || call.direction == Direction::Incoming);
        self.end_active(now, reason, notify)
    }
}
