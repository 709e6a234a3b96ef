//! The host-mode page as a sans-IO machine (specs/host-protocol.md §1.4, §4, §5, §7).
//!
//! [`HostPage`] is everything the page decides: which command runs, what each one asks of the
//! browser, when a reply or an event goes out and with which bytes. The page's glue feeds it
//! [`Input`]s — socket frames, results of browser work, user clicks, ticks — with the time in
//! milliseconds, and performs the [`Action`]s drained with [`HostPage::poll_action`]. It never
//! reads a clock: [`HostPage::next_deadline`] says when to feed [`Input::Tick`].
//!
//! Browser work that takes time is an action carrying an [`OpId`]; its result comes back as an
//! input with the same id. A result for an op that is no longer awaited (the call ended meanwhile)
//! is refused with [`Ignored`] and changes nothing, so late promises are harmless.
//!
//! Commands run one at a time in arrival order; `end` runs at once (§1.4). Page buttons and
//! device changes go through the same queue as a host's `media` command, and their result is sent
//! as a page-originated `ok`/`error` with the command echoed and no `corrId` (§5.1).
//!
//! Choices where the spec is silent:
//! - `encryption` in replies is the page's capability, whether or not this call has a key.
//! - An `offer` with no preview before it (no `capabilities`) acquires media the way `start` does.
//! - A peer connection that cannot be created, even retried without `stuns:` servers, answers
//!   `UNSUPPORTED` (the spec names no code).
//! - A failed description step answers the command with the browser's `BAD_SDP` and, for `start`
//!   and `offer`, ends the new call silently; a failed `answer` leaves the call as it was.
//! - The 30 s check asks the browser for fresh states ([`Action::CheckConnection`]) rather than
//!   reusing the last reported ones.
//! - A call lost while a command runs (disconnect, failed transform) answers that command
//!   `CALL_ENDED` before the `ended` event.
//! - The end-button fallback ends the call locally without sending anything more.
//! - Candidates beyond the 256 kept (early, or waiting for the remote description) are dropped;
//!   the reply is the same as for kept ones.
//! - Against an old peer without video, the local camera is turned off through a page-originated
//!   `media camera false`, queued like a button press.

mod commands;
mod io;
mod media;
mod monitor;
mod negotiation;
mod permission;
mod setup;

use std::collections::VecDeque;

use io::ignored;
pub use io::*;
pub use permission::PermissionBrowser;

use super::envelope::Received;
use super::frame_crypto::FrameKey;
use super::ice_batch::IceBatcher;
use super::remote_media::RemoteMedia;
use super::signal::{IceCandidateInit, SessionDescription};
use super::wire::{CallMediaSource, CallMediaType, IceServer, VideoCamera};

/// Unstarted commands kept; more are answered `BUSY` (§1.4).
pub const MAX_QUEUED_COMMANDS: usize = 64;
/// Remote candidates kept for a call that does not exist yet (§4.5).
pub const MAX_EARLY_CANDIDATES: usize = 256;
/// Remote candidates one call adds at most (the offer's or answer's, the early ones and every
/// `ice` since). A peer has a few dozen; without a bound, a hostile peer or host could have this
/// browser check connectivity to any number of addresses.
pub const MAX_REMOTE_CANDIDATES: usize = 512;
/// Host text shown on the page is cut to this many characters (§8.5).
pub const MAX_DISPLAY_CHARS: usize = 1_024;
/// The `connected` event follows reaching `connected` by this much (§4.7).
pub const CONNECTED_REPORT_DELAY_MS: u64 = 500;
/// The connection is checked this long after t0 unless it connected (§4.7).
pub const CONNECTION_CHECK_MS: u64 = 30_000;
/// After the end button, the page ends by itself if the host did nothing for this long (§7).
pub const END_FALLBACK_MS: u64 = 5_000;
/// `iceCandidatePoolSize` of every peer connection (§4.6).
pub const ICE_CANDIDATE_POOL_SIZE: u8 = 10;

/// Local media as it really is (after confirmation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalMedia {
    pub mic: bool,
    pub camera: bool,
    pub screen_video: bool,
    pub facing: VideoCamera,
}

impl LocalMedia {
    fn set(&mut self, source: CallMediaSource, enable: bool) {
        match source {
            CallMediaSource::Mic => self.mic = enable,
            CallMediaSource::Camera => self.camera = enable,
            CallMediaSource::ScreenVideo => self.screen_video = enable,
            CallMediaSource::ScreenAudio => {}
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The callee: `start`, then `answer`.
    Offerer,
    /// The caller: `capabilities`, then `offer`.
    Answerer,
}

/// What a call needs before its peer connection exists.
#[derive(Debug, Clone)]
struct Setup {
    role: Role,
    media: CallMediaType,
    key: Option<FrameKey>,
    servers: Vec<IceServer>,
    relay: bool,
    retried: bool,
    /// Answerer: the peer's offer and its candidates.
    offer: Option<(SessionDescription, Vec<IceCandidateInit>)>,
}

/// The command in progress and what it waits for.
#[derive(Debug, Clone)]
struct Running {
    received: Received,
    op: OpId,
    step: Step,
}

#[derive(Debug, Clone)]
enum Step {
    /// `capabilities`: waiting for the preview's media.
    Preview,
    /// `start`/`offer`: waiting for local media (no preview yet).
    CallMedia(Setup),
    /// Waiting for the peer connection.
    Connecting(Setup),
    /// Waiting for the local description and the initial batch.
    Describing,
    /// `answer`: waiting for the remote description.
    ApplyingAnswer {
        candidates: Vec<IceCandidateInit>,
    },
    /// `media`/`camera`: waiting for the tracks.
    Media {
        source: CallMediaSource,
        enable: bool,
    },
    Camera {
        facing: VideoCamera,
    },
}

/// A call: from its peer connection (t0) to its end.
#[derive(Debug, Clone)]
struct Call {
    role: Role,
    batcher: IceBatcher,
    /// The initial batch, taken and waiting for the local description.
    initial: Option<Vec<IceCandidateInit>>,
    /// The local description's LZ string.
    local_description: Option<String>,
    reply_sent: bool,
    /// Flushes that fell due before the reply (sent right after it).
    held: Vec<IceCandidateInit>,
    remote_description_set: bool,
    /// Remote candidates to add once the remote description is set.
    pending_remote: Vec<IceCandidateInit>,
    /// Remote candidates added so far ([`MAX_REMOTE_CANDIDATES`] at most).
    remote_added: usize,
    watching: bool,
    connected: bool,
    check_at: Option<u64>,
    check_op: Option<OpId>,
    stats_at: Option<u64>,
    stats_op: Option<OpId>,
    poll_at: u64,
    remote: RemoteMedia,
    /// An old peer without a camera: `media camera true` is `PEER_OLD_VERSION`.
    peer_without_camera: bool,
}

/// The page in host mode.
#[derive(Debug, Default)]
pub struct HostPage {
    config: PageConfig,
    queue: VecDeque<Received>,
    running: Option<Running>,
    /// Local media of the preview or the call; `None` with neither.
    local: Option<LocalMedia>,
    call: Option<Call>,
    early_candidates: Vec<IceCandidateInit>,
    end_fallback_at: Option<u64>,
    closed: bool,
    next_op: u64,
    actions: VecDeque<Action>,
}

impl HostPage {
    pub fn new(config: PageConfig) -> Self {
        HostPage {
            config,
            ..HostPage::default()
        }
    }

    /// The next action to perform.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// When to feed [`Input::Tick`] next.
    pub fn next_deadline(&self) -> Option<u64> {
        let call = self.call.as_ref().map(|call| {
            let batch = if call.reply_sent || !call.batcher.initial_taken() {
                call.batcher.next_deadline()
            } else {
                None
            };
            [batch, call.check_at, call.stats_at, Some(call.poll_at)]
                .into_iter()
                .flatten()
                .min()
        });
        [call.flatten(), self.end_fallback_at]
            .into_iter()
            .flatten()
            .min()
    }

    /// A call exists (its peer connection was created and it has not ended).
    pub fn in_call(&self) -> bool {
        self.call.is_some()
    }

    /// Local media as confirmed, while a preview or a call exists.
    pub fn local_media(&self) -> Option<LocalMedia> {
        self.local
    }

    /// The socket closed; nothing more happens.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Applies one input at time `now` (ms).
    pub fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        if self.closed {
            return ignored("the socket is closed");
        }
        let result = match input {
            Input::Frame(text) => {
                self.on_frame(now, &text);
                Ok(())
            }
            Input::BinaryFrame { len } => {
                self.on_binary_frame(len);
                Ok(())
            }
            Input::SocketClosed => {
                self.on_socket_closed();
                Ok(())
            }
            Input::MediaAcquired { op, mic, camera } => {
                self.on_media_acquired(now, op, mic, camera)
            }
            Input::PeerConnectionCreated { op } => self.on_peer_connection_created(now, op),
            Input::PeerConnectionFailed { op } => self.on_peer_connection_failed(now, op),
            Input::LocalDescriptionSet { op, sdp, old_peer } => {
                self.on_local_description(now, op, sdp, old_peer)
            }
            Input::RemoteDescriptionApplied { op, old_peer } => {
                self.on_answer_applied(now, op, old_peer)
            }
            Input::NegotiationFailed { op, error } => self.on_negotiation_failed(now, op, error),
            Input::LocalCandidate(candidate) => self.on_local_candidate(candidate),
            Input::GatheringComplete => self.on_gathering_complete(now),
            Input::ConnectionStateChanged(states) => self.on_connection_state(now, states),
            Input::ConnectionChecked { op, states } => self.on_connection_checked(now, op, states),
            Input::Stats { op, info } => self.on_stats(op, info),
            Input::InboundBytes(samples) => self.on_inbound_bytes(samples),
            Input::MediaApplied { op } => self.on_media_applied(now, op),
            Input::MediaFailed { op, error } => self.on_media_failed(now, op, error),
            Input::MediaButton { source, enable } => self.on_page_media(now, source, enable),
            Input::SourceEnded { source } => self.on_page_media(now, source, false),
            Input::EncryptionFailed => self.on_encryption_failed(now),
            Input::EndPressed => self.on_end_pressed(now),
            Input::Tick => Ok(()),
        };
        self.on_time(now);
        result
    }

    fn op(&mut self) -> OpId {
        self.next_op += 1;
        OpId(self.next_op)
    }

    /// The running command, when `op` is what it waits for.
    fn running_for(&self, op: OpId) -> Option<&Running> {
        self.running.as_ref().filter(|running| running.op == op)
    }
}

impl crate::machine::Machine for HostPage {
    type Input = Input;
    type Action = Action;

    fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        HostPage::handle(self, now, input)
    }

    fn handle_timeout(&mut self, now: u64) {
        // Refused only once the socket is closed, when no timer matters any more.
        let _ = HostPage::handle(self, now, Input::Tick);
    }

    fn poll_action(&mut self) -> Option<Action> {
        HostPage::poll_action(self)
    }

    fn next_deadline(&self) -> Option<u64> {
        HostPage::next_deadline(self)
    }
}
