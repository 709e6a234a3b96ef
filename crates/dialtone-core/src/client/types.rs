//! What goes into the call page's machine and what comes out, and the small records the page
//! shows.

use super::StreamOffer;
use crate::call::{self, CallView};
use crate::devices::{AudioProcessing, DeviceKind, DevicesView};
use crate::errors::{CaptureFailure, ClientError};
use crate::history::HistoryEntry;
use crate::presence::PeerSummary;
use crate::protocol::{EndReason, ErrorCode, ErrorFrame, MediaKind, PeerId};
use crate::server::ServerKind;

use super::{DeviceCheckView, DeviceInput, OpId};

#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// The page opened: connect, fetch the ICE servers, show what is stored.
    Start,
    /// The signaling socket closed, or could not be opened.
    SocketClosed,
    /// A text frame from the signaling server, as it arrived.
    Frame(String),
    /// A frame the page's loader sent on the signaling socket before the page took it (the
    /// people-list request): what this connection has already asked for.
    SentByLoader(String),
    /// Call intents and call-related browser results the call machine takes as they are.
    Call(call::Input),
    /// getUserMedia for `op` gave a stream (the page holds it until told what to do with it).
    /// The op says whose it is: a call's, the device check's, or a device switch's.
    MediaCaptured { op: OpId },
    /// getUserMedia for `op` failed with this code.
    MediaCaptureFailed { op: OpId, reason: EndReason },
    /// The recorder the machine asked for could not start.
    RecorderFailed,
    /// The call's peer connection has a remote stream with this id.
    RemoteStream { stream_id: String },
    /// The ICE-server request `op` answered: the HTTP status and body, `None` when the request
    /// itself failed (network).
    IceServersFetched { op: OpId, response: Option<(u16, String)> },
    /// The person sends a chat line: to one peer, or to the room. `id`: a fresh random id.
    SendChat { to: Option<PeerId>, text: String, id: String },
    /// The person changes their display name (as typed).
    Rename(String),
    /// The page met a problem the person should see (a screen share refused, an embedding site
    /// not allowed).
    Report(Notice),
    /// The browser's microphone permission is granted (`true`) or not (prompt, denied, unknown);
    /// told at start and on every change. Decides when a placed call is drawn (`screen.rs`).
    MicrophoneGranted(bool),
    /// The page's audio as the browser reports it: told once it is made, and on every change
    /// (`silent_ringing.rs` reads from it whether the browser holds the page's sound).
    PageAudio { state: AudioState, policy: Option<AutoplayPolicy> },
    DismissNotice,
    /// The live-stream settings as typed: a sink URL (blank: none) and the channels.
    StreamSettings { url: String, channels: u16 },
    /// The person allows (`true`) or dismisses a link's ask for a sink.
    StreamOffer { allow: bool },
    /// The person closed the notice about the server; it does not come back for this page.
    DismissServerNotice,
    ClearHistory,
    /// The person takes the last Clear back.
    UndoClearHistory,
    /// The person starts the mic check in Devices (`camera` false) or the pre-call check (true).
    StartDeviceCheck { camera: bool },
    /// The person stops the device check.
    StopDeviceCheck,
    /// A view that showed the device check goes away (`camera`: the pre-call check's view).
    LeaveDeviceCheck { camera: bool },
    /// The level meter could not be put on the microphone of the check's stream `op`.
    DeviceCheckMeterFailed { op: OpId },
    /// The track captured for the switch `op` replaced the call's, or could not.
    CallTrackReplaced { op: OpId, result: Result<(), EndReason> },
    /// The devices: their list, the person's choices, and what the browser did with them.
    Devices(DeviceInput),
}

/// The state of the page's AudioContext.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioState {
    Running,
    Suspended,
    /// Closed, or taken away by the system (Safari's "interrupted"): no click brings it back.
    Other,
}

/// `navigator.getAutoplayPolicy("audiocontext")`, where the browser has it (Firefox does,
/// Chrome does not): whether a context may start now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutoplayPolicy {
    Allowed,
    AllowedMuted,
    Disallowed,
}

/// What the page performs, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Open the signaling socket (closing any old one); report frames and its close.
    OpenSocket { name: String, resume: Option<String> },
    /// Send this text on the signaling socket.
    Send(String),
    /// Close the signaling socket, reporting nothing more of it (the machine took it as closed).
    CloseSocket,
    /// Get ready for a first call with nothing the person must consent to: the page's audio
    /// graph and the meter's worklet module, the WebRTC stack and its codecs. Nothing is captured.
    /// Once, when the page is first online (after the people list is asked for), so it never
    /// delays the page itself.
    PrepareCalls,
    /// Ask the server for ICE servers; report `IceServersFetched` with `op`.
    FetchIceServers { op: OpId },
    /// The request for `op` had its time (`ICE_FETCH_LIMIT_MS`): abort it; its answer is refused.
    AbandonIceFetch { op: OpId },
    /// Use these ICE servers (an `iceServers` JSON array) for new connections and the current one.
    UseIceServers(String),
    /// getUserMedia with the chosen devices, for a call of this kind or the device check (video:
    /// with the camera); report `MediaCaptured` or `MediaCaptureFailed` with `op`.
    Capture { op: OpId, kind: MediaKind },
    /// getUserMedia for this one device alone, to replace the call's; report `MediaCaptured` or
    /// `MediaCaptureFailed` with `op`.
    CaptureDevice { op: OpId, kind: DeviceKind, device_id: String },
    /// The track captured for `op` replaces the call's track of its kind, in the call's stream
    /// and on the senders, `enabled` as the call's microphone or camera is now (mute carries over,
    /// a mute made while the old device was gone too); report `CallTrackReplaced` with `op`.
    ReplaceCallTrack { op: OpId, kind: DeviceKind, enabled: bool },
    /// The stream captured for `op` is the call's local stream now (its tracks go to the
    /// connection); nothing is shown yet.
    UseCapture { op: OpId },
    /// Show the call's own media (preview, level meter) and read the device names the
    /// permission made readable. It follows the call's first offer or answer onto the wire, so
    /// the set-up of a first call never waits behind the page's rendering or a device scan.
    ShowLocalMedia,
    /// The stream captured for `op` is not wanted (its call or check is over): stop its tracks.
    DiscardCapture { op: OpId },
    /// The stream captured for `op` is the device check's now: preview it, meter its microphone.
    UseCaptureForCheck { op: OpId },
    /// The device check's stream lets go of its devices (stop its tracks and its meter).
    ReleaseCheckStream,
    ShowDeviceCheck(DeviceCheckView),
    /// Ask this stream's live microphone for the processing (applyConstraints; none open: it
    /// waits for the next capture); report what it does with `DeviceInput::ProcessingApplied`.
    ApplyProcessing { seq: u64, processing: AudioProcessing, stream: Option<LocalStream> },
    /// The microphone kept its old processing: open it again with this one, the old track
    /// stopped first, the new one in its place (on the call's senders, muted if it was); report
    /// with `DeviceInput::ProcessingApplied`.
    ReopenMicrophone { seq: u64, processing: AudioProcessing, stream: LocalStream },
    /// Remember the processing the person asked for on this device.
    RememberProcessing(AudioProcessing),
    /// Send the call's audio to this output (setSinkId on the call's element; with none, there
    /// is nothing to switch yet); report `DeviceInput::OutputApplied` with `seq`.
    ApplyOutput { seq: u64, device_id: String },
    ShowDevices(DevicesView),
    /// Play the speaker test's chime `seq` to `output` ("" = the system default), stopping any
    /// other; report `SpeakerTestInput::Started`, then `Over` or `Failed`, with `seq`.
    PlayChime { seq: u64, output: String },
    /// Stop the speaker test's chime and let it go.
    StopChime,
    ShowSpeakerTest(crate::devices::speaker_test::SpeakerTestView),
    /// A remote stream that arrived is shown as the call's own, or as the peer's screen share.
    ShowRemoteStream { stream_id: String, role: RemoteRole },
    /// The rest of what the call machine asks (peer connection, descriptions, tones, ...).
    Call(call::Action),
    ShowLink(LinkStatus),
    /// Say that a call coming in would ring silently, and how to let it sound (`false`: the
    /// sound can play, say nothing).
    ShowSilentRinging(bool),
    ShowMe(Me),
    ShowPeers(Vec<PeerSummary>),
    /// The notice on screen (none: clear it).
    ShowNotice(Option<Notice>),
    /// What the page says about the server: the base-server notice (shown once) and its kind.
    ShowServer { notice: Option<Notice>, kind: ServerKind },
    ShowChat(ChatLine),
    /// Why the last chat line was refused (none: the composer is fine).
    ShowChatRefusal(Option<Notice>),
    ShowHistory(Vec<HistoryEntry>),
    /// How many entries the last Clear took and Undo would bring back (0: no Undo to offer).
    ShowHistoryUndo(usize),
    /// Store the history (JSON) on this device.
    SaveHistory(String),
    /// Remember our display name on this device.
    RememberName(String),
    /// Start the call's live audio stream to this sink URL.
    StartLiveStream { url: String, channels: u16 },
    /// The call of the live stream ended: flush, close and drop it.
    EndLiveStream,
    /// A link's ask for a sink, to show until answered (none: it is answered).
    ShowStreamOffer(Option<StreamOffer>),
    /// Remember the live-stream settings on this device (and show them).
    SaveStreamSettings { url: Option<String>, channels: u16 },
}

/// One of the page's own streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalStream {
    /// The call's microphone (and camera).
    Call,
    /// The device check's.
    Check,
}

/// Which remote stream of the call this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteRole {
    /// The call's own audio (and camera).
    Call,
    /// The peer shares a screen.
    Screen,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    pub id: Option<String>,
    pub name: String,
}

/// The signaling connection as the header shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LinkStatus {
    Connecting,
    Online,
    /// Offline since the link was lost. `retry_at`: wall-clock ms of the next attempt (now or
    /// past while one is being made). `room_full`: the server is there, but the last attempt
    /// was refused because the room has no place (ROOM_FULL).
    Reconnecting { retry_at: u64, room_full: bool },
}

/// What chat's rules need to know of the link: whether a message can go, and if not, why.
impl From<LinkStatus> for crate::chat::Reach {
    fn from(link: LinkStatus) -> Self {
        match link {
            LinkStatus::Online => crate::chat::Reach::Online,
            LinkStatus::Reconnecting { room_full: true, .. } => crate::chat::Reach::RoomFull,
            LinkStatus::Connecting | LinkStatus::Reconnecting { .. } => crate::chat::Reach::Offline,
        }
    }
}

impl LinkStatus {
    /// Offline since the link was lost (and retrying): no call can start or come in, so the
    /// page says so where it would otherwise offer calls. Not the first connection's wait.
    pub fn is_lost(self) -> bool {
        matches!(self, LinkStatus::Reconnecting { .. })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Connecting => "connecting",
            LinkStatus::Online => "online",
            LinkStatus::Reconnecting { .. } => "reconnecting",
        }
    }
}

/// A problem to show: a stable code and a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub code: String,
    pub message: String,
}

/// How a notice reads: something went wrong, or a wait that ends on its own while the page keeps
/// trying (a full room). A wait is not painted as an error, nor read out as an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    Problem,
    Wait,
}

impl NoticeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Problem => "problem",
            NoticeKind::Wait => "wait",
        }
    }
}

impl Notice {
    pub fn kind(&self) -> NoticeKind {
        if self.code == ErrorCode::RoomFull.as_str() { NoticeKind::Wait } else { NoticeKind::Problem }
    }

    pub fn from_client_error(error: ClientError) -> Notice {
        Notice {
            code: error.code().to_owned(),
            message: error.sentence().to_owned(),
        }
    }

    pub fn from_end_reason(reason: EndReason) -> Notice {
        Notice {
            code: reason.code().to_owned(),
            message: reason.sentence().to_owned(),
        }
    }

    /// A screen share that did not start (the call goes on either way). A refusal (the picker
    /// closed, or capture forbidden by the browser's settings) says sharing was not allowed; any
    /// other failure is the capture's (`SCREEN_CAPTURE_FAILED`), never "no microphone or camera".
    pub fn screen_share_failed(failure: CaptureFailure) -> Notice {
        match failure {
            CaptureFailure::PermissionDenied => Notice::from_end_reason(EndReason::ScreenPermissionDenied),
            CaptureFailure::DeviceInUse | CaptureFailure::DeviceNotFound => {
                Notice::from_client_error(ClientError::ScreenCaptureFailed)
            }
        }
    }

    pub fn from_server_error(error: &ErrorFrame) -> Notice {
        Notice {
            code: error.code.as_str().to_owned(),
            message: format!("The server refused a message: {}", error.message),
        }
    }
}

/// A chat line the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatLine {
    pub from: String,
    pub name: Option<String>,
    pub text: String,
    pub direct: bool,
    /// Sent by this page.
    pub mine: bool,
    /// Direct messages: the other party (recipient of ours, sender of theirs).
    pub with: Option<String>,
    /// When it was written (wall-clock ms).
    pub at: u64,
}

/// The call view with its times moved from the monotonic clock to the wall clock.
pub(super) fn on_wall_clock(mut view: CallView, origin: u64) -> CallView {
    let wall = |t: u64| origin.saturating_add(t);
    view.started_at = wall(view.started_at);
    view.connected_at = view.connected_at.map(wall);
    if let Some(waiting) = view.waiting.as_mut() {
        waiting.since = wall(waiting.since);
    }
    if let Some(record) = view.ended.as_mut() {
        *record = record_on_wall_clock(record.clone(), origin);
    }
    view
}

pub(super) fn record_on_wall_clock(mut record: call::CallRecord, origin: u64) -> call::CallRecord {
    let wall = |t: u64| origin.saturating_add(t);
    record.started_at = wall(record.started_at);
    record.connected_at = record.connected_at.map(wall);
    record.ended_at = wall(record.ended_at);
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_room_is_a_wait_and_every_other_notice_a_problem() {
        let room_full = ErrorFrame { code: ErrorCode::RoomFull, message: "full".into(), reference: None };
        assert_eq!(Notice::from_server_error(&room_full).kind(), NoticeKind::Wait);
        let limited = ErrorFrame { code: ErrorCode::RateLimited, message: "slow".into(), reference: None };
        assert_eq!(Notice::from_server_error(&limited).kind(), NoticeKind::Problem);
        assert_eq!(Notice::from_client_error(ClientError::ScreenCaptureFailed).kind(), NoticeKind::Problem);
        assert_eq!(Notice::from_end_reason(EndReason::ScreenPermissionDenied).kind(), NoticeKind::Problem);
    }

    #[test]
    fn a_screen_share_that_did_not_start_is_said_as_a_screen_problem_never_a_microphone_one() {
        let said = |name: &str| Notice::screen_share_failed(CaptureFailure::from_dom_exception(name));
        assert_eq!(said("NotAllowedError").code, "SCREEN_PERMISSION_DENIED", "the picker closed, or capture forbidden");
        for name in ["NotReadableError", "AbortError", "NotFoundError", "InvalidStateError", ""] {
            let notice = said(name);
            assert_eq!(notice.code, "SCREEN_CAPTURE_FAILED", "{name}");
            assert!(!notice.message.contains("microphone") && !notice.message.contains("camera"), "{name}: {}", notice.message);
            assert!(notice.message.contains("The call goes on"));
        }
        assert_eq!(CaptureFailure::PermissionDenied.screen_reason(), EndReason::ScreenPermissionDenied);
        assert_eq!(CaptureFailure::DeviceInUse.screen_reason(), EndReason::DeviceNotFound);
    }

    #[test]
    fn chat_reads_a_room_refused_as_full_apart_from_no_connection() {
        use crate::chat::Reach;
        assert_eq!(Reach::from(LinkStatus::Online), Reach::Online);
        assert_eq!(Reach::from(LinkStatus::Connecting), Reach::Offline);
        assert_eq!(Reach::from(LinkStatus::Reconnecting { retry_at: 9, room_full: false }), Reach::Offline);
        assert_eq!(Reach::from(LinkStatus::Reconnecting { retry_at: 9, room_full: true }), Reach::RoomFull);
    }
}
