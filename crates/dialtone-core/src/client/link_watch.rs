//! Whether the signaling link is alive, from this side.
//!
//! The server pings every 20 s, but the browser answers those pings itself and never tells the
//! page: a connection whose network went away without a close (a phone moving from Wi-Fi to
//! mobile data, a NAT that forgot it, a proxy that hung) looked online for as long as the
//! system's TCP took to give up — many minutes in which calls to this page went nowhere and it
//! said "Online". So the page watches too: a socket that has not become online within
//! `OPEN_LIMIT_MS`, or that stays silent for `QUIET_MS` and then does not answer a `list-peers`
//! (answered by every server, base ones too) within `PROBE_LIMIT_MS`, is closed and reconnected
//! like a dropped one.

use super::*;
use crate::protocol::Message;

/// From opening the socket to its `client-id` (a few round trips even on a slow mobile link).
pub const OPEN_LIMIT_MS: u64 = 15_000;
/// Silence after which the page asks the server for something.
pub const QUIET_MS: u64 = 25_000;
/// How long the server has to answer that.
pub const PROBE_LIMIT_MS: u64 = 10_000;
/// A timer this late means the page itself was asleep (a frozen tab, a phone's screen off):
/// what it waited for may be queued behind the timer, so it is given another chance, once.
const LATE_WAKE_MS: u64 = 2_000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum LinkWatch {
    /// No socket.
    #[default]
    Idle,
    /// Opened at this time, not online yet.
    Opening { since: u64 },
    /// Online; last heard from at this time.
    Listening { heard: u64 },
    /// Silent too long: asked at this time, waiting for any frame; `again`: asked a second
    /// time after the page slept through the first wait.
    Probing { asked: u64, again: bool },
    /// Opening, and the page slept through its limit: a last short wait.
    OpeningAgain { until: u64 },
}

impl LinkWatch {
    fn deadline(self) -> Option<u64> {
        match self {
            LinkWatch::Idle => None,
            LinkWatch::Opening { since } => Some(since + OPEN_LIMIT_MS),
            LinkWatch::Listening { heard } => Some(heard + QUIET_MS),
            LinkWatch::Probing { asked, .. } => Some(asked + PROBE_LIMIT_MS),
            LinkWatch::OpeningAgain { until } => Some(until),
        }
    }
}

impl Client {
    pub(super) fn watch_opening(&mut self, now: u64) {
        self.link_watch = LinkWatch::Opening { since: now };
    }

    /// A frame arrived: the link is alive (once online, it is listened to from now).
    pub(super) fn watch_heard(&mut self, now: u64) {
        if self.online {
            self.link_watch = LinkWatch::Listening { heard: now };
        }
    }

    pub(super) fn watch_closed(&mut self) {
        self.link_watch = LinkWatch::Idle;
    }

    pub(super) fn link_deadline(&self) -> Option<u64> {
        self.link_watch.deadline()
    }

    pub(super) fn watch_link(&mut self, now: u64) {
        let Some(due) = self.link_watch.deadline().filter(|at| now >= *at) else {
            return;
        };
        let slept = now > due + LATE_WAKE_MS;
        match self.link_watch {
            LinkWatch::Listening { .. } => self.probe(now, false),
            LinkWatch::Probing { again: false, .. } if slept => self.probe(now, true),
            LinkWatch::Opening { .. } if slept => self.link_watch = LinkWatch::OpeningAgain { until: now + LATE_WAKE_MS },
            // Never came up, or stopped answering: closed here, and reconnected as a drop is.
            LinkWatch::Opening { .. } | LinkWatch::OpeningAgain { .. } | LinkWatch::Probing { .. } => {
                self.actions.push_back(Action::CloseSocket);
                self.on_socket_closed(now);
            }
            LinkWatch::Idle => {}
        }
    }

    /// Asks with what every server answers (`list-peers`).
    fn probe(&mut self, now: u64, again: bool) {
        self.send(&Message::ListPeers);
        self.link_watch = LinkWatch::Probing { asked: now, again };
    }
}
