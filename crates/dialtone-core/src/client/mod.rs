//! The call page as one sans-IO machine (specs/signaling.md, specs/call-lifecycle.md).
//!
//! [`Client`] is everything the call page decides: it takes the signaling server's frames as
//! text, the socket's open and close, the person's intents and the results of browser work, with
//! the time in milliseconds, and queues [`Action`]s for the page to perform, in order. It wraps
//! the call machine ([`Phone`]) and owns what sits around a call: the peer directory, the
//! reconnect back-off and resume token, the chat inbox, the ICE-server refresh, the history, the
//! device check and device switching, whether a call would ring silently, and the rule for which problems the person sees. It never reads a clock: [`Client::next_deadline`]
//! says when to call [`Client::handle_timeout`].
//!
//! Browser work whose result may arrive too late (getUserMedia, the ICE-server fetch) is an
//! action carrying an [`OpId`]; its result comes back with the same id, and a result nobody waits
//! for any more (the call ended meanwhile) is refused and undone, never handed to the next call.
//!
//! Time is monotonic (the driver's clock). What people read as a time of day (chat lines, call
//! records, the call's start) is stamped with `wall_origin + now`: the wall-clock time at which the
//! monotonic clock read zero (`performance.timeOrigin` in a browser).
//!
//! Choices where the specs are silent:
//! - A server error the call machine did not act on is shown, except the expected race of
//!   trickling (or ending) to a peer who just left.
//! - A chat line is shown as ours only once it went to an open socket; while the page is offline
//!   the line is refused and the person's text stays in the composer.
//! - A recorder that cannot start is switched off again, and the peer told so.
//! - The second remote stream of a call (another stream id) is the peer's screen share; a third
//!   replaces it.
//! - A device check that failed may be started again (the pre-call check's button retries).
//! - A microphone or camera that would not switch says it "may be in use by another
//!   application" whatever the browser's reason, unless permission was refused.

mod device_check;
mod device_choice;
mod device_loss;
mod device_switch;
mod frames;
mod link_watch;
mod history;
mod intents;
mod live_stream;
mod phone_actions;
mod screen;
mod silent_ringing;
mod types;

use std::collections::VecDeque;

pub use device_check::{CheckDevice, DeviceCheckView};
pub use device_choice::{DeviceInput, ProcessingOutcome};
pub use device_switch::{CAMERA_SWITCH_FAILED, MICROPHONE_SWITCH_FAILED, PROCESSING_FAILED, switch_failed};
pub use intents::MAX_NAME_CHARS;
pub use live_stream::{StreamLink, StreamOffer, StreamSink};
pub use types::*;

use crate::backoff::Backoff;
use crate::call::{CallTimers, CallView, Ignored, Phone};
use crate::chat::ChatInbox;
use crate::history::History;
pub use crate::machine::OpId;
use crate::presence::PeerDirectory;
use crate::protocol::{CallId, PeerId};
use crate::server::ServerSession;

/// What the page knows when it starts.
#[derive(Debug, Clone, Default)]
pub struct ClientConfig {
    /// Our display name (remembered on this device).
    pub name: String,
    pub timers: CallTimers,
    /// This browser has no WebRTC: calls are refused both ways (see `Phone::set_webrtc_missing`).
    pub webrtc_missing: bool,
    /// The stored call history (JSON), if any.
    pub stored_history: Option<String>,
    /// Wall-clock ms at monotonic time zero.
    pub wall_origin: u64,
    /// Seeds the jitter of retries (any value; the browser passes a random one).
    pub seed: u64,
    /// Where a connected call's live audio stream goes, if anywhere.
    pub stream_sink: Option<StreamSink>,
    /// A link's ask for a sink (`live_stream.rs`), and whether this is the widget.
    pub stream_link: Option<StreamLink>,
    pub embedded: bool,
    /// The microphone's processing as remembered on this device.
    pub audio_processing: crate::devices::AudioProcessing,
}

/// The call page's machine. See the module documentation.
#[derive(Debug)]
pub struct Client {
    phone: Phone,
    directory: PeerDirectory,
    server: ServerSession,
    chat: ChatInbox,
    history: History,
    name: String,
    webrtc_missing: bool,
    wall_origin: u64,
    /// A socket was opened and has not closed (frames sent now are queued by the browser).
    socket_open: bool,
    reconnect: Backoff,
    reconnect_at: Option<u64>,
    /// From the last `client-id`: lets a reconnect take our id back (the call goes on).
    resume_token: Option<String>,
    ice_retry: Backoff,
    ice_fetch_at: Option<u64>,
    ice_fetching: Option<OpId>,
    /// The getUserMedia op the current call waits for, and that call.
    capture: Option<(OpId, CallId)>,
    /// The stream id of the call's own remote stream (another one is a screen share).
    remote_main: Option<String>,
    /// A capture was taken into the call and is not shown yet (see `Action::ShowLocalMedia`).
    local_media_unshown: bool,
    /// `Action::PrepareCalls` was asked for (once per page).
    calls_prepared: bool,
    /// This connection's people list was asked for already (by the loader, `SentByLoader`).
    list_asked: bool,
    /// The browser reports the microphone permission granted (`screen.rs`).
    microphone_granted: bool,
    /// A placed call is not drawn until then, unless its invitation is out sooner (`screen.rs`).
    screen_hold_until: Option<u64>,
    /// The server gave this connection its id, and it has not closed since.
    online: bool,
    link_watch: link_watch::LinkWatch,
    /// Whether a call would ring silently, and what the page shows of it.
    ringer: silent_ringing::Ringer,
    /// The notice on screen, as this machine last set it.
    notice: Option<Notice>,
    room: frames::RoomWait,
    streams: live_stream::LiveStreams,
    /// A call was in progress after the last input (a new one makes the device check give way).
    was_in_call: bool,
    /// The page holds the call's own stream (from `UseCapture` until `ReleaseCall`).
    call_captured: bool,
    check: device_check::DeviceCheck,
    /// The call's device switches in flight, at most one per kind (a newer one supersedes).
    switching: Vec<device_switch::DeviceSwitch>,
    /// The call's devices that stopped by themselves and have not been replaced yet.
    lost: device_loss::LostDevices,
    devices: device_choice::DeviceChoice,
    next_op: u64,
    jitter: crate::backoff::Jitter,
    actions: VecDeque<Action>,
}

impl Client {
    pub fn new(mut config: ClientConfig) -> Client {
        // A name from a link is anyone's text: cleaned as a typed one is (`intents.rs`), and the
        // device remembers the cleaned one.
        let raw = std::mem::take(&mut config.name);
        config.name = intents::clean_display_name(&raw).unwrap_or_else(|| "Guest".to_owned());
        let remember = (config.name != raw).then(|| Action::RememberName(config.name.clone()));
        let mut phone = Phone::new(config.timers);
        // Told to the peer over the call's channel: a base server never names anyone.
        phone.set_display_name(Some(config.name.clone()));
        phone.set_webrtc_missing(config.webrtc_missing);
        Client {
            phone,
            directory: PeerDirectory::default(),
            server: ServerSession::default(),
            chat: ChatInbox::default(),
            history: config.stored_history.as_deref().map(History::from_json).unwrap_or_default(),
            name: config.name,
            webrtc_missing: config.webrtc_missing,
            wall_origin: config.wall_origin,
            socket_open: false,
            reconnect: Backoff::signaling(),
            reconnect_at: None,
            resume_token: None,
            ice_retry: crate::backoff::credential_retry(),
            ice_fetch_at: None,
            ice_fetching: None,
            capture: None,
            remote_main: None,
            local_media_unshown: false,
            calls_prepared: false,
            list_asked: false,
            microphone_granted: false,
            screen_hold_until: None,
            online: false,
            link_watch: Default::default(),
            ringer: Default::default(),
            notice: None,
            room: Default::default(),
            streams: live_stream::LiveStreams::new(config.stream_sink, config.stream_link.as_ref(), config.embedded),
            was_in_call: false,
            call_captured: false,
            check: Default::default(),
            switching: Vec::new(),
            lost: Default::default(),
            devices: device_choice::DeviceChoice::new(config.audio_processing),
            next_op: 0,
            jitter: crate::backoff::Jitter::new(config.seed),
            actions: remember.into_iter().collect(),
        }
    }

    /// Applies one input at `now`. An input that does not fit is refused with the reason.
    pub fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        match input {
            Input::Start => {
                self.start(now);
                Ok(())
            }
            Input::SocketClosed => {
                self.on_socket_closed(now);
                Ok(())
            }
            Input::Frame(text) => self.on_frame(now, &text),
            Input::SentByLoader(text) => self.on_sent_by_loader(&text),
            Input::Call(input) => self.call(now, input),
            // The op says whose capture it is; one nobody waits for is the call path's to discard.
            Input::MediaCaptured { op } if self.check.awaits(op) => self.on_check_captured(op),
            Input::MediaCaptured { op } if self.awaits_switch(op) => self.on_switch_captured(op),
            Input::MediaCaptured { op } => self.on_captured(now, op),
            Input::MediaCaptureFailed { op, reason } if self.check.awaits(op) => self.on_check_capture_failed(reason),
            Input::MediaCaptureFailed { op, reason } if self.awaits_switch(op) => self.on_switch_failed(now, op, reason),
            Input::MediaCaptureFailed { op, reason } => self.on_capture_failed(now, op, reason),
            Input::RemoteStream { stream_id } => self.on_remote_stream(stream_id),
            // The peer was told we record: take it back, so the notice they see stays true.
            Input::RecorderFailed => self.call(now, crate::call::Input::SetRecording { on: false }),
            Input::IceServersFetched { op, response } => self.on_ice_servers(now, op, response),
            Input::SendChat { to, text, id } => self.send_chat(now, to, &text, id),
            Input::Rename(raw) => self.rename(&raw),
            Input::MicrophoneGranted(granted) => {
                self.microphone_granted = granted;
                Ok(())
            }
            Input::PageAudio { state, policy } => self.on_page_audio(state, policy),
            Input::Report(notice) => {
                self.set_notice(Some(notice));
                Ok(())
            }
            Input::DismissNotice => {
                self.set_notice(None);
                Ok(())
            }
            Input::DismissServerNotice => {
                self.server.dismiss();
                self.show_server();
                Ok(())
            }
            Input::StreamSettings { url, channels } => self.configure_stream(&url, channels),
            Input::StreamOffer { allow } => self.answer_stream_offer(allow),
            Input::ClearHistory => Ok(self.clear_history()),
            Input::UndoClearHistory => Ok(self.undo_clear_history()),
            Input::StartDeviceCheck { camera } => self.start_check(camera),
            Input::StopDeviceCheck => {
                self.stop_check();
                Ok(())
            }
            Input::LeaveDeviceCheck { camera } => self.leave_check(camera),
            Input::DeviceCheckMeterFailed { op } => self.check_meter_failed(op),
            Input::CallTrackReplaced { op, result } => self.on_call_track_replaced(now, op, result),
            Input::Devices(input) => self.on_device_input(now, input),
        }
    }

    /// The deadline from [`Client::next_deadline`] has passed: whatever is due runs.
    pub fn handle_timeout(&mut self, now: u64) {
        if self.reconnect_at.is_some_and(|at| at <= now) {
            self.reconnect_at = None;
            self.open_socket(now, LinkStatus::Reconnecting { retry_at: self.wall(now), room_full: self.room.full });
        }
        if self.ice_fetch_at.is_some_and(|at| at <= now) {
            self.ice_fetch_due(now);
        }
        if self.phone.next_deadline().is_some_and(|at| at <= now) {
            let _ = self.call(now, crate::call::Input::Tick);
        }
        self.settle_screen_hold(now);
        self.tell_peer_of_lost_devices(now);
        self.speaker_test_timeout(now);
        self.watch_link(now);
    }

    /// The next action for the page to perform.
    pub fn poll_action(&mut self) -> Option<Action> {
        self.actions.pop_front()
    }

    /// When [`Client::handle_timeout`] is due next.
    pub fn next_deadline(&self) -> Option<u64> {
        [self.phone.next_deadline(), self.reconnect_at, self.ice_fetch_at, self.screen_hold_until, self.lost.next_deadline(), self.devices.speaker_test.next_deadline(), self.link_deadline()]
            .into_iter()
            .flatten()
            .min()
    }

    // ---- what the page reads ------------------------------------------------------------

    /// The current (or just-ended) call, its times on the wall clock.
    pub fn call_view(&self) -> Option<CallView> {
        self.phone.view().map(|view| types::on_wall_clock(view, self.wall_origin))
    }

    /// The call machine (read only).
    pub fn phone(&self) -> &Phone {
        &self.phone
    }

    /// True while a call is in progress (not ended).
    pub fn in_call(&self) -> bool {
        self.phone.in_call()
    }

    /// The peer of the call in progress, if any.
    pub fn call_peer(&self) -> Option<PeerId> {
        self.phone.view().filter(|v| v.ended.is_none()).map(|v| v.peer)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn directory(&self) -> &PeerDirectory {
        &self.directory
    }

    pub fn capabilities(&self) -> crate::server::ServerCapabilities {
        self.server.capabilities()
    }

    /// A peer's name as the page shows it: the server's, the one told over a call, or a short id.
    pub fn peer_name(&self, id: &str) -> String {
        self.directory
            .name_of(id)
            .unwrap_or_else(|| format!("Peer {}", crate::presence::short_id(id)))
    }

    /// The chat's default recipient (a peer id), if not the room.
    pub fn default_chat_recipient(&self) -> Option<PeerId> {
        crate::chat::default_recipient(self.server.capabilities(), self.call_peer())
    }

    /// The state as an embedding host may see it.
    pub fn snapshot(&self) -> crate::embed::Snapshot {
        crate::embed::Snapshot {
            self_id: self.directory.self_id().map(str::to_owned),
            self_name: Some(self.name.clone()),
            peers: self.directory.peers(),
            call: self.call_view(),
            silent_ringing: self.silent_ringing(),
        }
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    // ---- shared helpers -----------------------------------------------------------------

    fn wall(&self, now: u64) -> u64 {
        self.wall_origin.saturating_add(now)
    }

    fn new_op(&mut self) -> OpId {
        self.next_op += 1;
        OpId(self.next_op)
    }

    fn set_notice(&mut self, notice: Option<Notice>) {
        if self.notice != notice {
            self.notice = notice.clone();
            self.actions.push_back(Action::ShowNotice(notice));
        }
    }

    fn show_peers(&mut self) {
        self.actions.push_back(Action::ShowPeers(self.directory.peers()));
    }

    fn show_server(&mut self) {
        let notice = self.server.notice().map(Notice::from_client_error);
        let kind = self.server.capabilities().kind;
        self.actions.push_back(Action::ShowServer { notice, kind });
    }
}

impl crate::machine::Machine for Client {
    type Input = Input;
    type Action = Action;

    fn handle(&mut self, now: u64, input: Input) -> Result<(), Ignored> {
        Client::handle(self, now, input)
    }

    fn handle_timeout(&mut self, now: u64) {
        Client::handle_timeout(self, now)
    }

    fn poll_action(&mut self) -> Option<Action> {
        Client::poll_action(self)
    }

    fn next_deadline(&self) -> Option<u64> {
        Client::next_deadline(self)
    }
}

#[cfg(test)]
mod tests;
