//! Which remote sources are sending (specs/host-protocol.md §5.3). Signalling carries no mute
//! flag: a peer that turns a source off stops sending on its transceiver. The page reads each
//! remote transceiver's `inbound-rtp` `bytesReceived` once a second; the first increase reports
//! the source on, three polls in a row without increase report it off. A source starts counted
//! as silent, so nothing is reported before it first sends. Only changes are reported.

use super::wire::CallMediaSource;

/// Polls without increase after which a source is off.
pub const SILENT_POLLS: u32 = 3;
pub const POLL_INTERVAL_MS: u64 = 1_000;

#[derive(Debug, Clone, Copy)]
struct Source {
    last_bytes: Option<u64>,
    /// Polls in a row without increase; starts past the limit (silent).
    quiet: u32,
    enabled: bool,
}

#[derive(Debug, Clone)]
pub struct RemoteMedia {
    sources: [Source; 4],
}

impl Default for RemoteMedia {
    fn default() -> Self {
        let silent = Source {
            last_bytes: None,
            quiet: SILENT_POLLS + 1,
            enabled: false,
        };
        RemoteMedia {
            sources: [silent; 4],
        }
    }
}

impl RemoteMedia {
    fn slot(source: CallMediaSource) -> usize {
        CallMediaSource::ALL
            .iter()
            .position(|s| *s == source)
            .unwrap_or(0)
    }

    /// One poll's reading for a source; returns the new state when it changed.
    pub fn observe(&mut self, source: CallMediaSource, bytes_received: u64) -> Option<bool> {
        let s = &mut self.sources[Self::slot(source)];
        let increased = s.last_bytes.is_none_or(|last| bytes_received > last) && bytes_received > 0;
        s.last_bytes = Some(bytes_received);
        if increased {
            s.quiet = 0;
            if !s.enabled {
                s.enabled = true;
                return Some(true);
            }
            return None;
        }
        s.quiet = s.quiet.saturating_add(1);
        if s.enabled && s.quiet >= SILENT_POLLS {
            s.enabled = false;
            return Some(false);
        }
        None
    }

    /// Marks a source on without a reading (old peers, §4.6); true when that is a change.
    pub fn assume_enabled(&mut self, source: CallMediaSource) -> bool {
        let s = &mut self.sources[Self::slot(source)];
        s.quiet = 0;
        !std::mem::replace(&mut s.enabled, true)
    }

    pub fn enabled(&self, source: CallMediaSource) -> bool {
        self.sources[Self::slot(source)].enabled
    }
}
