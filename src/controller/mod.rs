//! The controller: performs what the call page's core machine ([`Client`]) decides.
//!
//! The one driver loop ([`crate::driver::Driver`]) runs the machine: every user intent,
//! signaling frame and browser result becomes one core input ([`Controller::feed`]), and every
//! action the machine queues is performed by [`actions`], in order, before the next input is
//! handled. Nothing here decides anything about the call, the directory or the connection; the
//! UI's signals ([`UiState`]) are written from what the machine said.

mod actions;
mod call_actions;
mod ui_state;

use std::cell::{OnceCell, Ref, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use dialtone_core::call::{Ignored, Input};
use dialtone_core::client::{self, Client, ClientConfig, OpId};
use dialtone_core::embed::Snapshot;
use dialtone_core::protocol::{MediaKind, MediaSource};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::MediaStream;

use crate::driver::{Driver, Perform};
use crate::media::tones::TonePlayer;
use crate::net::text_socket::TextSocket;
use crate::rtc::peer::PeerConnection;
use crate::settings::Settings;

mod chat;
mod devices;
mod levels;
mod live_stream;
mod mic_check;
mod publish;
mod quality;
mod recording;
mod screen;
mod signaling;
mod speaker_test;
mod webrtc_support;

pub use levels::Levels;
pub use live_stream::StreamUi;
pub use mic_check::MicCheckView;
pub use recording::RecordingFile;
pub use ui_state::{LinkStatus, Notice, UiState};

/// How often the counts on screen (talk time, "retrying in N s") advance and the network
/// quality is sampled: once a second, the resolution of both. This interval only reads the
/// browser: it never feeds the machine, whose timers are the driver's one timeout.
const SCREEN_TICK_MS: i32 = 1_000;
// The quality sampler reads once a tick: the tick must come as often as it reads.
const _: () = assert!(SCREEN_TICK_MS as u64 == dialtone_core::quality::SAMPLE_EVERY_MS);

const HISTORY_KEY: &str = "dialtone.history";

type CallDriver = Driver<Client, Performer>;

/// The browser's side of the call page: what exists only in the browser (sockets, connections,
/// streams, sound, meters). What to do with them is the machine's.
struct Inner {
    /// The call's network quality, sampled once a second while connected.
    quality: dialtone_core::quality::QualitySampler,
    recorder: Option<crate::media::recorder::CallRecorder>,
    mic_check: Option<mic_check::MicCheck>,
    live_stream: Option<Rc<live_stream::StreamDriver>>,
    audio_graph: Option<Rc<crate::media::meter::AudioGraph>>,
    /// The call's one meter, both sides (`levels.rs`); the streams waiting for it while it is made.
    call_meter: Option<crate::media::meter::Meter>,
    meter_waiting: [Option<MediaStream>; 2],
    /// The call's control channel (an RTCDataChannel of the current peer connection).
    control: Option<crate::rtc::control_channel::ControlChannel>,
    /// A clone of the microphone track that stays on while muted (for the muted-speaking hint).
    meter_track: Option<web_sys::MediaStreamTrack>,
    call_levels: dialtone_core::speaking::CallLevels,
    /// STUN/TURN servers for new peer connections.
    ice: crate::rtc::peer::IceConfig,
    /// The request for them under way, to abort if the machine gives up on it.
    ice_fetch: Option<(OpId, web_sys::AbortController)>,
    /// The call's media element the stage last showed (the speaker choice is applied to it).
    remote_element: Option<web_sys::HtmlMediaElement>,
    socket: Option<TextSocket>,
    peer: Option<PeerConnection>,
    /// Streams getUserMedia gave, until the machine says whose they are.
    captures: HashMap<OpId, MediaStream>,
    /// Remote streams that arrived, until the machine says what they are.
    arrived: Vec<MediaStream>,
    local_stream: Option<MediaStream>,
    /// Listens for the call's own microphone or camera stopping by itself.
    call_track_ends: Option<crate::media::track_ends::TrackEnds>,
    remote_stream: Option<MediaStream>,
    /// Our screen share: its stream and the senders that carry it.
    screen: Option<(MediaStream, Vec<web_sys::RtcRtpSender>)>,
    /// The peer's screen share, when they share.
    remote_screen: Option<MediaStream>,
    tones: TonePlayer,
    /// The speaker test's element (while its view is shown) and the chime playing on it.
    speaker_element: Option<web_sys::HtmlMediaElement>,
    chime: Option<crate::media::speaker_test::Chime>,
    /// The chime the machine wants now (while it starts, and while it plays).
    chime_wanted: Option<u64>,
}

pub struct Controller {
    inner: RefCell<Inner>,
    driver: OnceCell<Rc<CallDriver>>,
    room: Option<String>,
    token: Option<String>,
    pub mode: crate::settings::Mode,
    pub ui: UiState,
    this: Weak<Controller>,
    _screen_tick: RefCell<Option<Closure<dyn FnMut()>>>,
}

/// The driver's performer: hands each action to the controller.
struct Performer {
    controller: Weak<Controller>,
}

impl Perform<Client> for Performer {
    fn perform(&mut self, _driver: &Rc<CallDriver>, action: client::Action) {
        if let Some(controller) = self.controller.upgrade() {
            controller.perform(action);
        }
    }

    fn settled(&mut self, machine: &Client) {
        if let Some(controller) = self.controller.upgrade() {
            controller.settled(machine);
        }
    }
}

/// The call page's clock, in wall-clock ms: when the page opened plus the monotonic time since,
/// which is the clock the core stamps its times with (the call's start, the next retry). Not
/// `Date.now()`: a system clock set back or forward during a call (a laptop's time corrected)
/// would stop or jump the talk time and hold the quality sampler and the speaking detector.
pub fn now_ms() -> u64 {
    wall_origin().saturating_add(crate::driver::now_ms())
}

impl Controller {
    pub fn start(ui: UiState) -> Rc<Controller> {
        let settings = Settings::load();
        let webrtc_missing = webrtc_support::webrtc_missing();
        let controller = Rc::new_cyclic(|this| Controller {
            inner: RefCell::new(Inner {
                quality: Default::default(),
                recorder: None,
                mic_check: None,
                live_stream: None,
                audio_graph: None,
                call_meter: None,
                meter_waiting: Default::default(),
                meter_track: None,
                control: None,
                call_levels: Default::default(),
                ice: crate::rtc::peer::IceConfig { servers: None, relay_only: settings.relay_only },
                ice_fetch: None,
                remote_element: None,
                socket: None,
                peer: None,
                captures: HashMap::new(),
                arrived: Vec::new(),
                local_stream: None,
                call_track_ends: None,
                remote_stream: None,
                screen: None,
                remote_screen: None,
                tones: TonePlayer::new(),
                speaker_element: None,
                chime: None,
                chime_wanted: None,
            }),
            driver: OnceCell::new(),
            room: settings.room.clone(),
            token: settings.token.clone(),
            mode: settings.mode,
            ui,
            this: this.clone(),
            _screen_tick: RefCell::new(None),
        });
        let machine = Client::new(ClientConfig {
            name: settings.name.clone(),
            timers: settings.timers,
            webrtc_missing,
            stored_history: crate::settings::storage().and_then(|s| s.get_item(HISTORY_KEY).ok().flatten()),
            wall_origin: wall_origin(),
            seed: (js_sys::Math::random() * u64::MAX as f64) as u64,
            stream_sink: settings.audio_stream.url.clone().map(|url| client::StreamSink {
                url,
                channels: settings.audio_stream.channels,
            }),
            stream_link: crate::settings::StreamSettings::linked(),
            embedded: settings.mode == crate::settings::Mode::Embed,
            audio_processing: crate::settings::audio_processing(),
        });
        let driver = Driver::new(machine, Performer { controller: controller.weak() });
        let _ = controller.driver.set(driver);
        crate::settings::apply_theme(settings.theme);
        ui.theme.set(settings.theme);
        ui.webrtc_missing.set(webrtc_missing);
        controller.start_screen_tick();
        controller.refresh_devices();
        let weak = controller.weak();
        crate::media::devices::on_device_change(move || {
            if let Some(this) = weak.upgrade() {
                this.refresh_devices();
            }
        });
        let weak = controller.weak();
        crate::media::devices::watch_microphone_permission(move |granted| {
            if let Some(this) = weak.upgrade() {
                let _ = this.feed(client::Input::MicrophoneGranted(granted));
            }
        });
        let _ = controller.feed(client::Input::Start);
        controller
    }

    fn weak(&self) -> Weak<Controller> {
        self.this.clone()
    }

    fn driver(&self) -> &Rc<CallDriver> {
        self.driver.get().expect("the driver is set right after the controller is made")
    }

    /// The machine, to read.
    pub(super) fn client(&self) -> Ref<'_, Client> {
        self.driver().machine()
    }

    /// Hands one input to the machine (through the driver: after the batch in progress, if any).
    /// The verdict of an input that had to wait is not known yet: it counts as taken.
    pub(super) fn feed(&self, input: client::Input) -> Result<(), Ignored> {
        self.driver().feed(input).unwrap_or(Ok(()))
    }

    /// Feeds one call input (an intent or a browser result the call machine takes as it is).
    pub fn input(&self, input: Input) -> Result<(), Ignored> {
        self.feed(client::Input::Call(input))
    }

    /// Mirrors the call as the screen draws it into its signal after each input.
    fn settled(&self, machine: &Client) {
        let view = machine.screen_call_view();
        if self.ui.call.with_untracked(|current| *current != view) {
            self.ui.call.set(view);
        }
        self.publish_names(machine.directory());
    }

    /// The call clock and the quality figures on screen advance; the machine is not involved.
    fn start_screen_tick(&self) {
        let this = self.weak();
        let tick = Closure::<dyn FnMut()>::new(move || {
            if let Some(this) = this.upgrade() {
                this.ui.now.set(now_ms());
                this.sample_quality();
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                SCREEN_TICK_MS,
            );
        }
        *self._screen_tick.borrow_mut() = Some(tick);
    }

    // ---- user intents -------------------------------------------------------------------

    pub fn place_call(&self, peer: String, media: MediaKind) -> Result<String, Ignored> {
        let call_id = new_call_id();
        self.input(Input::PlaceCall {
            peer,
            media,
            call_id: call_id.clone(),
        })
        .map(|()| call_id)
    }

    pub fn accept(&self) -> Result<(), Ignored> {
        self.input(Input::Accept)
    }

    pub fn reject(&self) -> Result<(), Ignored> {
        self.input(Input::Reject)
    }

    pub fn hang_up(&self) -> Result<(), Ignored> {
        self.input(Input::HangUp)
    }

    pub fn leave(&self) -> Result<(), Ignored> {
        self.input(Input::Leave)
    }

    pub fn switch_to_waiting(&self) -> Result<(), Ignored> {
        self.input(Input::SwitchToWaiting)
    }

    pub fn reject_waiting(&self) -> Result<(), Ignored> {
        self.input(Input::RejectWaiting)
    }

    pub fn set_media(&self, source: MediaSource, enabled: bool) -> Result<(), Ignored> {
        self.input(Input::SetMedia { source, enabled })
    }

    pub fn toggle_media(&self, source: MediaSource) {
        let _ = self.input(Input::ToggleMedia { source });
    }

    pub fn clear_history(&self) {
        let _ = self.feed(client::Input::ClearHistory);
    }

    pub fn undo_clear_history(&self) {
        let _ = self.feed(client::Input::UndoClearHistory);
    }

    /// The current state as the embedding host may see it.
    pub fn snapshot(&self) -> Snapshot {
        self.client().snapshot()
    }

    /// Changes our display name (the machine cleans it); false when nothing changed.
    pub fn rename(&self, raw: &str) -> bool {
        self.feed(client::Input::Rename(raw.to_owned())).is_ok()
    }

    /// Clears the summary of a finished call from the screen. Its recording, if any, stays
    /// until saved or discarded (`ui/recording_ready.rs`).
    pub fn dismiss_ended(&self) {
        let _ = self.input(Input::DismissEnded);
    }

    pub fn dismiss_notice(&self) {
        let _ = self.feed(client::Input::DismissNotice);
    }

    /// A problem the browser side met, for the person to see.
    pub(crate) fn report(&self, notice: Notice) {
        let _ = self.feed(client::Input::Report(notice));
    }

    /// Closes the notice about the server; it does not come back for this page.
    pub fn dismiss_server_notice(&self) {
        let _ = self.feed(client::Input::DismissServerNotice);
    }

    /// The person asked for calls to ring out loud: the page's sound may start now (the click
    /// is the use of the page that the browser waits for; `PageAudio` follows from it).
    pub fn allow_sound(&self) {
        if let Some(graph) = self.audio_graph() {
            crate::media::autoplay::let_go(graph.audio_context());
        }
    }

}

/// Wall-clock ms when the driver's clock (`performance.now()`) read zero; without a
/// `performance` the driver's clock is `Date.now()` itself, so the origin is zero.
fn wall_origin() -> u64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.time_origin() as u64)
        .unwrap_or(0)
}

/// A fresh call id (UUID v4 from the browser's CSPRNG).
fn new_call_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("call-{}-{}", now_ms(), (js_sys::Math::random() * 1e9) as u64))
}
