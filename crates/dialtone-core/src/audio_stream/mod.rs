//! The live audio stream's connection policy (specs/audio.md, "Live audio stream"): when to
//! connect and reconnect to the sink, which frames to send, keep or drop. Sans-IO: the browser
//! side reports the socket's events and asks for the next frame to send; time and randomness
//! are inputs, so hours of outages run instantly in tests.
//!
//! Every 20 ms frame gets the next sequence number and goes into a bounded queue (100 frames =
//! 2 s). The queue drains only while the sink is connected; when it is full the oldest frame is
//! dropped and counted. So after a short outage the sink gets every frame once and in order;
//! after a long one it gets the newest 2 s and the count says how many went missing. Reconnects
//! back off exponentially with jitter (the `backoff` module), at most 10 times, then the stream
//! is `Failed` until the user retries. The call itself never depends on any of this.

pub mod frame;

use std::collections::VecDeque;

use crate::backoff::Backoff;

/// 2 s of 20 ms frames.
pub const BUFFER_FRAMES: usize = 100;
/// Reconnect attempts after a drop (or a first connection that fails) before giving up.
pub const MAX_ATTEMPTS: u32 = 10;
const BACKOFF_BASE_MS: u64 = 250;
const BACKOFF_CAP_MS: u64 = 8_000;

/// What the status indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StreamStatus {
    /// Off for this call.
    #[default]
    Idle,
    /// First connection to the sink.
    Connecting,
    Active,
    /// Lost the sink; waiting to retry or retrying.
    Reconnecting,
    /// Gave up after the attempts; a retry button starts again.
    Failed,
}

impl StreamStatus {
    /// Stable name for `data-status` attributes and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamStatus::Idle => "idle",
            StreamStatus::Connecting => "connecting",
            StreamStatus::Active => "active",
            StreamStatus::Reconnecting => "reconnecting",
            StreamStatus::Failed => "failed",
        }
    }

    /// Text for people (and screen readers) next to the coloured dot.
    pub fn label(self) -> &'static str {
        match self {
            StreamStatus::Idle => "Live stream off",
            StreamStatus::Connecting => "Live stream connecting",
            StreamStatus::Active => "Live stream on",
            StreamStatus::Reconnecting => "Live stream reconnecting",
            StreamStatus::Failed => "Live stream failed",
        }
    }
}

/// Identifies one socket, so events of an old one are not taken for the current one's.
pub type ConnectionId = u64;

/// What the browser side must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamAction {
    /// Open a socket to the sink and report `connected` / `disconnected` with this id.
    Connect(ConnectionId),
    /// Close this socket (after sending what was handed to it).
    Disconnect(ConnectionId),
}

/// What the screen shows of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamView {
    pub status: StreamStatus,
    /// Frames dropped because the 2 s buffer was full.
    pub dropped: u64,
    /// Frames waiting for the sink.
    pub buffered: usize,
    /// Reconnect attempts since the last successful connection.
    pub attempts: u32,
    /// Frames handed to the sink.
    pub sent: u64,
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    Idle,
    Connecting { id: ConnectionId, reconnect: bool },
    Active { id: ConnectionId },
    WaitingToRetry { at_ms: u64 },
    Failed,
}

#[derive(Debug, Clone)]
pub struct AudioStream {
    state: State,
    channels: u16,
    queue: VecDeque<Vec<u8>>,
    next_seq: u32,
    next_id: ConnectionId,
    dropped: u64,
    sent: u64,
    /// Reconnect attempts since the last successful connection (or the user's start).
    attempts: u32,
    backoff: Backoff,
    actions: VecDeque<StreamAction>,
}

impl AudioStream {
    /// A stream of `channels` (1: mixed, 2: local and remote), off until [`AudioStream::start`].
    pub fn new(channels: u16) -> AudioStream {
        AudioStream {
            state: State::Idle,
            channels: channels.clamp(1, 2),
            queue: VecDeque::with_capacity(BUFFER_FRAMES),
            next_seq: 0,
            next_id: 0,
            dropped: 0,
            sent: 0,
            attempts: 0,
            backoff: Backoff::new(BACKOFF_BASE_MS, BACKOFF_CAP_MS, Some(MAX_ATTEMPTS)),
            actions: VecDeque::new(),
        }
    }

    pub fn channels(&self) -> u16 {
        self.channels
    }

    /// Turns the stream on (or retries after `Failed`): connects now, with a fresh attempt count.
    pub fn start(&mut self) {
        if matches!(self.state, State::Idle | State::Failed) {
            self.backoff.reset();
            self.attempts = 0;
            self.connect(false);
        }
    }

    /// Turns the stream off: closes the socket and forgets what was waiting (those numbers
    /// never reach the sink). Audio while off is not numbered; numbering goes on from where it
    /// was, so numbers stay unique within the call.
    pub fn stop(&mut self) {
        if let State::Connecting { id, .. } | State::Active { id } = self.state {
            self.actions.push_back(StreamAction::Disconnect(id));
        }
        self.state = State::Idle;
        self.queue.clear();
    }

    /// One 20 ms frame of audio (`channels * 320` interleaved samples) from the worklet. It is
    /// numbered and queued; while the stream is off it is ignored.
    pub fn push_frame(&mut self, samples: &[i16]) {
        if self.state == State::Idle {
            return;
        }
        let bytes = frame::encode(self.next_seq, self.channels, samples);
        self.next_seq = self.next_seq.wrapping_add(1);
        if self.queue.len() >= BUFFER_FRAMES {
            self.queue.pop_front();
            self.dropped += 1;
        }
        self.queue.push_back(bytes);
    }

    /// The next frame to hand to the socket, oldest first; only while connected. The browser
    /// side stops asking while the socket's own send buffer is full, so frames wait here
    /// (bounded) instead.
    pub fn next_frame(&mut self) -> Option<Vec<u8>> {
        if !matches!(self.state, State::Active { .. }) {
            return None;
        }
        let frame = self.queue.pop_front()?;
        self.sent += 1;
        Some(frame)
    }

    /// The socket `id` opened.
    pub fn connected(&mut self, id: ConnectionId) {
        if matches!(self.state, State::Connecting { id: current, .. } if current == id) {
            self.backoff.reset();
            self.attempts = 0;
            self.state = State::Active { id };
        }
    }

    /// The socket `id` closed or failed to open. `random` is uniform in [0, 1) for the jitter.
    pub fn disconnected(&mut self, now_ms: u64, id: ConnectionId, random: f64) {
        match self.state {
            State::Connecting { id: current, .. } | State::Active { id: current }
                if current == id => {}
            _ => return,
        }
        self.state = match self.backoff.next_delay_ms(random) {
            Some(delay) => State::WaitingToRetry {
                at_ms: now_ms.saturating_add(delay),
            },
            None => State::Failed,
        };
    }

    /// A text message from the sink on socket `id`. The only one defined is the polite close,
    /// `{"type":"closing"}`: the sink wants to go, so nothing more is sent on this socket and we
    /// close it ourselves. Everything handed to the socket before arrives ahead of our close, so a
    /// sink that asks first loses nothing (one that just closes may miss the frames that crossed
    /// its close). Other messages are ignored.
    pub fn sink_message(&mut self, now_ms: u64, id: ConnectionId, text: &str, random: f64) {
        if !is_closing_message(text)
            || !matches!(self.state, State::Active { id: current } if current == id)
        {
            return;
        }
        self.actions.push_back(StreamAction::Disconnect(id));
        self.disconnected(now_ms, id, random);
    }

    /// When [`AudioStream::handle_timeout`] should next be called.
    pub fn next_deadline(&self) -> Option<u64> {
        match self.state {
            State::WaitingToRetry { at_ms } => Some(at_ms),
            _ => None,
        }
    }

    pub fn handle_timeout(&mut self, now_ms: u64) {
        if let State::WaitingToRetry { at_ms } = self.state
            && now_ms >= at_ms
        {
            self.attempts += 1;
            self.connect(true);
        }
    }

    pub fn poll_action(&mut self) -> Option<StreamAction> {
        self.actions.pop_front()
    }

    pub fn view(&self) -> StreamView {
        let status = match self.state {
            State::Idle => StreamStatus::Idle,
            State::Connecting {
                reconnect: false, ..
            } => StreamStatus::Connecting,
            State::Connecting {
                reconnect: true, ..
            }
            | State::WaitingToRetry { .. } => StreamStatus::Reconnecting,
            State::Active { .. } => StreamStatus::Active,
            State::Failed => StreamStatus::Failed,
        };
        StreamView {
            status,
            dropped: self.dropped,
            buffered: self.queue.len(),
            attempts: self.attempts,
            sent: self.sent,
        }
    }

    fn connect(&mut self, reconnect: bool) {
        self.next_id += 1;
        let id = self.next_id;
        self.state = State::Connecting { id, reconnect };
        self.actions.push_back(StreamAction::Connect(id));
    }
}

/// The sink's polite close (see [`AudioStream::sink_message`]).
pub const CLOSING_MESSAGE: &str = r#"{"type":"closing"}"#;

fn is_closing_message(text: &str) -> bool {
    text.len() <= 256
        && serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v.get("type").and_then(|t| t.as_str()) == Some("closing"))
}

/// The longest sink URL accepted from settings or the page's URL.
pub const MAX_URL_LEN: usize = 1_024;

/// A configured sink URL if it is one: `ws://` or `wss://`, bounded, no spaces.
pub fn valid_sink_url(configured: &str) -> Option<String> {
    let url = configured.trim();
    let scheme_ok = url.starts_with("ws://") || url.starts_with("wss://");
    let host_present = url
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    (scheme_ok && host_present && url.len() <= MAX_URL_LEN && !url.contains(char::is_whitespace))
        .then(|| url.to_owned())
}

/// What one side's stream of a call is called at the sink: `<callId>-caller` or
/// `<callId>-callee`. Both people in a call may stream it, each with their own "local" channel;
/// one name per side keeps the two streams (and their sequence numbers) apart.
pub fn stream_id(call_id: &str, direction: crate::call::Direction) -> String {
    match direction {
        crate::call::Direction::Outgoing => format!("{call_id}-caller"),
        crate::call::Direction::Incoming => format!("{call_id}-callee"),
    }
}

/// The URL of one stream (see [`stream_id`]): `{callId}` in the configured URL is replaced by
/// it, or it is added as the last path segment (before any query), so one setting serves every
/// call. It is percent-encoded beyond `[A-Za-z0-9_-]`.
pub fn sink_url_for_call(configured: &str, call_id: &str) -> String {
    let id: String = call_id
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    if configured.contains("{callId}") {
        return configured.replace("{callId}", &id);
    }
    let (base, query) = match configured.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (configured, None),
    };
    let mut url = format!("{}/{id}", base.trim_end_matches('/'));
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

#[cfg(test)]
mod tests;
