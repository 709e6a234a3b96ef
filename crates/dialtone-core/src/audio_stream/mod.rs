//! The live audio stream's connection policy (specs/audio.md, "Live audio stream"): when to
//! connect and reconnect to the sink, which frames to send, keep or drop. Sans-IO: the browser
//! side reports the socket's events and room, and sends the frames released; time and
//! randomness are inputs, so hours of outages run instantly in tests.
//!
//! Every 20 ms frame gets the next sequence number and goes into a bounded queue (100 frames =
//! 2 s). The queue drains only while the sink is connected; when it is full the oldest frame is
//! dropped and counted. So after a short outage the sink gets every frame once and in order;
//! after a long one it gets the newest 2 s and the count says how many went missing. Reconnects
//! back off exponentially with jitter (the `backoff` module), at most 10 times, then the stream
//! is `Failed` until the user retries. The call itself never depends on any of this.
//!
//! The machine also says when the call's audio is to be turned into PCM at all
//! ([`StreamAction::StartAudio`] / [`StreamAction::StopAudio`]): from the user's start until the
//! stream is off or has given up. A stream that failed costs the call nothing: no converter runs
//! on a phone's battery for frames nobody will take, and the 2 s it held are counted as dropped.

pub mod frame;
mod sink;
mod view;

pub use sink::{CLOSING_MESSAGE, MAX_URL_LEN, sink_host, sink_url_for_call, stream_id, valid_sink_url};
use sink::is_closing_message;
pub use view::{StreamStatus, StreamView};

use std::collections::VecDeque;

use crate::backoff::Backoff;
use crate::machine::{Ignored, Machine};

/// 2 s of 20 ms frames.
pub const BUFFER_FRAMES: usize = 100;
/// Reconnect attempts after a drop (or a first connection that fails) before giving up.
pub const MAX_ATTEMPTS: u32 = 10;
const BACKOFF_BASE_MS: u64 = 250;
const BACKOFF_CAP_MS: u64 = 8_000;

/// Identifies one socket, so events of an old one are not taken for the current one's.
pub type ConnectionId = u64;

/// What the stream is told: the user's switch, the worklet's audio, the sink socket's events.
/// Randomness for the retry jitter travels inside the inputs that may schedule a retry.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamInput {
    /// Turns the stream on (or retries after `Failed`).
    Start,
    /// Turns the stream off.
    Stop,
    /// A batch of interleaved PCM16 from the worklet; whole 20 ms frames of it are queued.
    Samples(Vec<i16>),
    /// The socket `id` opened.
    SinkOpened(ConnectionId),
    /// The socket `id` can take `bytes` more before it backs up: frames that fit are released.
    SinkRoom { id: ConnectionId, bytes: u32 },
    /// A text message from the sink on socket `id`.
    SinkMessage {
        id: ConnectionId,
        text: String,
        random: f64,
    },
    /// The socket `id` closed or failed to open. `random` is uniform in [0, 1) for the jitter.
    SinkClosed { id: ConnectionId, random: f64 },
}

/// What the browser side must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamAction {
    /// Open a socket to the sink and report its open / close / messages with this id.
    Connect(ConnectionId),
    /// Hand this frame to socket `id`.
    Send { id: ConnectionId, frame: Vec<u8> },
    /// Close this socket (after sending what was handed to it).
    Disconnect(ConnectionId),
    /// Start turning the call's audio into PCM and feeding it back as [`StreamInput::Samples`].
    StartAudio,
    /// Stop doing so: the stream is off or has given up.
    StopAudio,
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
    /// Whether the browser was last told to convert the call's audio.
    listening: bool,
    actions: VecDeque<StreamAction>,
}

impl AudioStream {
    /// A stream of `channels` (1: mixed, 2: local and remote), off until [`StreamInput::Start`].
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
            listening: false,
            actions: VecDeque::new(),
        }
    }

    pub fn channels(&self) -> u16 {
        self.channels
    }

    fn start(&mut self) -> Result<(), Ignored> {
        if !matches!(self.state, State::Idle | State::Failed) {
            return Err(Ignored {
                reason: "the stream is already on",
            });
        }
        self.backoff.reset();
        self.attempts = 0;
        self.connect(false);
        Ok(())
    }

    /// Turns the stream off: closes the socket and forgets what was waiting (those numbers
    /// never reach the sink). Audio while off is not numbered; numbering goes on from where it
    /// was, so numbers stay unique within the call.
    fn stop(&mut self) {
        if let State::Connecting { id, .. } | State::Active { id } = self.state {
            self.actions.push_back(StreamAction::Disconnect(id));
        }
        self.state = State::Idle;
        self.queue.clear();
    }

    /// Cuts a worklet batch into 20 ms frames (`channels * 320` interleaved samples); a partial
    /// tail is not a frame. While the stream is off or has given up, audio is ignored (a batch
    /// already on its way when the converter was stopped).
    fn samples(&mut self, samples: &[i16]) -> Result<(), Ignored> {
        if !self.wants_audio() {
            return Err(Ignored {
                reason: "the stream is off or has given up",
            });
        }
        for frame in samples.chunks_exact(frame::SAMPLES_PER_FRAME * self.channels as usize) {
            self.push_frame(frame);
        }
        Ok(())
    }

    /// Numbers and queues one frame; when the 2 s buffer is full the oldest is dropped.
    fn push_frame(&mut self, samples: &[i16]) {
        let bytes = frame::encode(self.next_seq, self.channels, samples);
        self.next_seq = self.next_seq.wrapping_add(1);
        if self.queue.len() >= BUFFER_FRAMES {
            self.queue.pop_front();
            self.dropped += 1;
        }
        self.queue.push_back(bytes);
    }

    /// Releases the oldest frames while socket `id` has room; only while it is the connected
    /// one. A socket that is backed up gets nothing, so frames wait here (bounded) instead of
    /// piling up unbounded in the browser.
    fn release(&mut self, id: ConnectionId, mut room: u32) -> Result<(), Ignored> {
        if !matches!(self.state, State::Active { id: current } if current == id) {
            return Err(Ignored {
                reason: "not the connected socket",
            });
        }
        while room > 0 {
            let Some(frame) = self.queue.pop_front() else {
                break;
            };
            room = room.saturating_sub(frame.len() as u32);
            self.sent += 1;
            self.actions.push_back(StreamAction::Send { id, frame });
        }
        Ok(())
    }

    fn connected(&mut self, id: ConnectionId) -> Result<(), Ignored> {
        if !matches!(self.state, State::Connecting { id: current, .. } if current == id) {
            return Err(Ignored {
                reason: "not the socket being opened",
            });
        }
        self.backoff.reset();
        self.attempts = 0;
        self.state = State::Active { id };
        Ok(())
    }

    fn disconnected(&mut self, now_ms: u64, id: ConnectionId, random: f64) -> Result<(), Ignored> {
        match self.state {
            State::Connecting { id: current, .. } | State::Active { id: current }
                if current == id => {}
            _ => {
                return Err(Ignored {
                    reason: "not the current socket",
                });
            }
        }
        self.state = match self.backoff.next_delay_ms(random) {
            Some(delay) => State::WaitingToRetry {
                at_ms: now_ms.saturating_add(delay),
            },
            None => {
                // Given up: what waited would reach a sink only after the user retries, long
                // after it was said, so it is dropped and counted now.
                self.dropped += self.queue.len() as u64;
                self.queue.clear();
                State::Failed
            }
        };
        Ok(())
    }

    /// The only sink message defined is the polite close, `{"type":"closing"}`: the sink wants
    /// to go, so nothing more is sent on this socket and we close it ourselves. Everything handed
    /// to the socket before arrives ahead of our close, so a sink that asks first loses nothing
    /// (one that just closes may miss the frames that crossed its close). Others are ignored.
    fn sink_message(
        &mut self,
        now_ms: u64,
        id: ConnectionId,
        text: &str,
        random: f64,
    ) -> Result<(), Ignored> {
        if !is_closing_message(text) {
            return Err(Ignored {
                reason: "not a message the stream acts on",
            });
        }
        if !matches!(self.state, State::Active { id: current } if current == id) {
            return Err(Ignored {
                reason: "not the connected socket",
            });
        }
        self.actions.push_back(StreamAction::Disconnect(id));
        self.disconnected(now_ms, id, random)
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

    /// The call's audio is wanted from the user's start until the stream is off or has failed
    /// (retries included: their frames wait in the buffer).
    fn wants_audio(&self) -> bool {
        !matches!(self.state, State::Idle | State::Failed)
    }

    /// Tells the browser to start or stop converting audio when that changed.
    fn follow_audio(&mut self) {
        let wanted = self.wants_audio();
        if wanted != self.listening {
            self.listening = wanted;
            self.actions.push_back(if wanted {
                StreamAction::StartAudio
            } else {
                StreamAction::StopAudio
            });
        }
    }

    fn connect(&mut self, reconnect: bool) {
        self.next_id += 1;
        let id = self.next_id;
        self.state = State::Connecting { id, reconnect };
        self.actions.push_back(StreamAction::Connect(id));
    }
}

impl Machine for AudioStream {
    type Input = StreamInput;
    type Action = StreamAction;

    fn handle(&mut self, now: u64, input: StreamInput) -> Result<(), Ignored> {
        let verdict = self.handle_input(now, input);
        self.follow_audio();
        verdict
    }

    fn handle_timeout(&mut self, now: u64) {
        if let State::WaitingToRetry { at_ms } = self.state
            && now >= at_ms
        {
            self.attempts += 1;
            self.connect(true);
        }
        self.follow_audio();
    }

    fn poll_action(&mut self) -> Option<StreamAction> {
        self.actions.pop_front()
    }

    fn next_deadline(&self) -> Option<u64> {
        match self.state {
            State::WaitingToRetry { at_ms } => Some(at_ms),
            _ => None,
        }
    }
}

impl AudioStream {
    fn handle_input(&mut self, now: u64, input: StreamInput) -> Result<(), Ignored> {
        match input {
            StreamInput::Start => self.start(),
            StreamInput::Stop => {
                self.stop();
                Ok(())
            }
            StreamInput::Samples(samples) => self.samples(&samples),
            StreamInput::SinkOpened(id) => self.connected(id),
            StreamInput::SinkRoom { id, bytes } => self.release(id, bytes),
            StreamInput::SinkMessage { id, text, random } => {
                self.sink_message(now, id, &text, random)
            }
            StreamInput::SinkClosed { id, random } => self.disconnected(now, id, random),
        }
    }
}

#[cfg(test)]
mod tests;
