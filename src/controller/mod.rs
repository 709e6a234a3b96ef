//! The controller: the one place where the browser meets the core.
//!
//! Every user intent, signaling frame and browser event becomes one core input
//! ([`Controller::input`]); every action the core returns is performed by [`actions`]. The UI's
//! signals ([`UiState`]) are written only from here, from what the core decided.

mod actions;
mod ui_state;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use dialtone_core::backoff::Backoff;
use dialtone_core::call::{Ignored, Input, Phone};
use dialtone_core::presence::PeerDirectory;
use dialtone_core::devices::Devices;
use dialtone_core::embed::Snapshot;
use dialtone_core::history::{History, HistoryEntry};
use dialtone_core::protocol::{MediaKind, MediaSource};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::MediaStream;

use crate::media::tones::TonePlayer;
use crate::net::signaling::SignalingSocket;
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
mod webrtc_support;

pub use levels::Levels;
pub use live_stream::StreamUi;
pub use quality::QualityUi;
pub use mic_check::{CameraCheckView, MicCheckView};
pub use recording::RecordingFile;
pub use ui_state::{ChatLine, DevicesView, LinkStatus, Me, Notice, UiState};

/// How often timers are checked and the call clock on screen advances.
const TICK_MS: i32 = 250;

const HISTORY_KEY: &str = "dialtone.history";

struct Inner {
    /// The call's network quality, sampled once a second while connected.
    quality: quality::QualitySampler,
    recorder: Option<crate::media::recorder::CallRecorder>,
    mic_check: Option<mic_check::MicCheck>,
    live_stream: Option<live_stream::LiveStream>,
    stream_settings: crate::settings::StreamSettings,
    meters: Option<Rc<crate::media::meter::MeterContext>>,
    local_meter: Option<crate::media::meter::Meter>,
    remote_meter: Option<crate::media::meter::Meter>,
    /// The call's control channel (an RTCDataChannel of the current peer connection).
    control: Option<crate::rtc::control_channel::ControlChannel>,
    /// What the signaling server offers, and whether its notice was shown.
    server: dialtone_core::server::ServerSession,
    /// Which arriving chat messages to show (own echo, repeats, someone else's).
    chat: dialtone_core::chat::ChatInbox,
    /// A clone of the microphone track that stays on while muted (for the muted-speaking hint).
    meter_track: Option<web_sys::MediaStreamTrack>,
    local_speech: dialtone_core::speaking::SpeakingDetector,
    remote_speech: dialtone_core::speaking::SpeakingDetector,
    /// STUN/TURN servers for new peer connections (credentials refreshed before expiry).
    ice: crate::rtc::peer::IceConfig,
    ice_retry: Backoff,
    /// From the last client-id: lets a reconnect take our id back (the call goes on).
    resume_token: Option<String>,
    devices: Devices,
    history: History,
    phone: Phone,
    directory: PeerDirectory,
    backoff: Backoff,
    socket: Option<SignalingSocket>,
    peer: Option<PeerConnection>,
    local_stream: Option<MediaStream>,
    remote_stream: Option<MediaStream>,
    /// Our screen share: its stream and the senders that carry it.
    screen: Option<(MediaStream, Vec<web_sys::RtcRtpSender>)>,
    /// The peer's screen share, when they share.
    remote_screen: Option<MediaStream>,
    tones: TonePlayer,
}

pub struct Controller {
    inner: RefCell<Inner>,
    /// Our display name; the user may change it (see [`Controller::rename`]).
    name: RefCell<String>,
    room: Option<String>,
    token: Option<String>,
    pub mode: crate::settings::Mode,
    pub ui: UiState,
    this: Weak<Controller>,
    _ticker: RefCell<Option<Closure<dyn FnMut()>>>,
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl Controller {
    pub fn start(ui: UiState) -> Rc<Controller> {
        let settings = Settings::load();
        let controller = Rc::new_cyclic(|this| Controller {
            inner: RefCell::new(Inner {
                quality: Default::default(),
                recorder: None,
                mic_check: None,
                live_stream: None,
                stream_settings: settings.audio_stream.clone(),
                meters: None,
                local_meter: None,
                remote_meter: None,
                meter_track: None,
                control: None,
                server: Default::default(),
                chat: Default::default(),
                local_speech: Default::default(),
                remote_speech: Default::default(),
                ice: crate::rtc::peer::IceConfig { servers: None, relay_only: settings.relay_only },
                ice_retry: dialtone_core::backoff::credential_retry(),
                resume_token: None,
                devices: Devices::with_processing(crate::settings::audio_processing()),
                history: crate::settings::storage()
                    .and_then(|s| s.get_item(HISTORY_KEY).ok().flatten())
                    .map(|stored| History::from_json(&stored))
                    .unwrap_or_default(),
                phone: {
                    let mut phone = Phone::new(settings.timers);
                    // Told to the peer over the call's channel: a base server never names anyone.
                    phone.set_display_name(Some(settings.name.clone()));
                    phone
                },
                directory: PeerDirectory::default(),
                backoff: Backoff::signaling(),
                socket: None,
                peer: None,
                local_stream: None,
                remote_stream: None,
                screen: None,
                remote_screen: None,
                tones: TonePlayer::new(),
            }),
            name: RefCell::new(settings.name.clone()),
            room: settings.room.clone(),
            token: settings.token.clone(),
            mode: settings.mode,
            ui,
            this: this.clone(),
            _ticker: RefCell::new(None),
        });
        crate::settings::apply_theme(settings.theme);
        let webrtc_missing = webrtc_support::webrtc_missing();
        controller.inner.borrow_mut().phone.set_webrtc_missing(webrtc_missing);
        ui.webrtc_missing.set(webrtc_missing);
        ui.me.set(Some(Me {
            id: None,
            name: settings.name,
        }));
        let entries = controller.inner.borrow().history.entries().to_vec();
        ui.history.set(entries);
        controller.start_ticker();
        controller.refresh_ice_servers();
        controller.refresh_devices();
        let weak = controller.weak();
        crate::media::devices::on_device_change(move || {
            if let Some(this) = weak.upgrade() {
                this.refresh_devices();
            }
        });
        controller.connect();
        controller
    }

    fn weak(&self) -> Weak<Controller> {
        self.this.clone()
    }

    fn start_ticker(&self) {
        let this = self.weak();
        let tick = Closure::<dyn FnMut()>::new(move || {
            if let Some(this) = this.upgrade() {
                this.ui.now.set(now_ms());
                this.sample_quality();
                let due = this
                    .inner
                    .borrow()
                    .phone
                    .next_deadline()
                    .is_some_and(|at| at <= now_ms());
                if due {
                    let _ = this.input(Input::Tick);
                }
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
                tick.as_ref().unchecked_ref(),
                TICK_MS,
            );
        }
        *self._ticker.borrow_mut() = Some(tick);
    }

    /// Runs `task` on this controller after `delay_ms` (if the page still has it then).
    pub(super) fn run_after(&self, delay_ms: u64, task: impl FnOnce(&Controller) + 'static) {
        let this = self.weak();
        let callback = Closure::once_into_js(move || {
            if let Some(this) = this.upgrade() {
                task(&this);
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                delay_ms.min(i32::MAX as u64) as i32,
            );
        }
    }

    /// Feeds one input to the call machine and performs what it decides. An input that does not
    /// fit the call's state comes back with the machine's reason.
    pub fn input(&self, input: Input) -> Result<(), Ignored> {
        let (taken, actions) = {
            let mut inner = self.inner.borrow_mut();
            let taken = inner.phone.handle(now_ms(), input);
            if let Err(ignored) = &taken {
                web_sys::console::debug_1(&format!("call input ignored: {}", ignored.reason).into());
            }
            (taken, std::iter::from_fn(|| inner.phone.poll_action()).collect::<Vec<_>>())
        };
        for action in actions {
            self.perform(action);
        }
        let view = self.inner.borrow().phone.view();
        self.ui.call.set(view);
        self.sync_live_stream();
        self.stop_mic_check_for_call();
        taken
    }

    // ---- user intents -------------------------------------------------------------------

    pub fn place_call(&self, peer: String, media: MediaKind) -> Result<String, Ignored> {
        self.ui.notice.set(None);
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

    pub fn switch_to_waiting(&self) -> Result<(), Ignored> {
        self.input(Input::SwitchToWaiting)
    }

    pub fn reject_waiting(&self) -> Result<(), Ignored> {
        self.input(Input::RejectWaiting)
    }

    pub fn set_media(&self, source: MediaSource, enabled: bool) -> Result<(), Ignored> {
        self.input(Input::SetMedia { source, enabled })
    }

    /// The peer of the call in progress, if any.
    pub fn call_peer(&self) -> Option<String> {
        self.inner.borrow().phone.view().filter(|v| v.ended.is_none()).map(|v| v.peer)
    }

    pub fn clear_history(&self) {
        self.inner.borrow_mut().history.clear();
        self.save_history();
    }

    fn save_history(&self) {
        let (stored, entries) = {
            let inner = self.inner.borrow();
            (inner.history.to_json(), inner.history.entries().to_vec())
        };
        if let Some(storage) = crate::settings::storage() {
            let _ = storage.set_item(HISTORY_KEY, &stored);
        }
        self.ui.history.set(entries);
    }

    /// Keeps a finished call in the history, with the peer's name as it was.
    pub(super) fn remember(&self, record: &dialtone_core::call::CallRecord) {
        let name = self.inner.borrow().directory.name_of(&record.peer);
        self.inner.borrow_mut().history.record(HistoryEntry::from_record(record, name));
        self.save_history();
    }

    /// The current state as the embedding host may see it.
    pub fn snapshot(&self) -> Snapshot {
        let inner = self.inner.borrow();
        Snapshot {
            self_id: inner.directory.self_id().map(str::to_owned),
            self_name: Some(self.name()),
            peers: inner.directory.peers(),
            call: inner.phone.view(),
        }
    }

    pub fn toggle_media(&self, source: MediaSource) {
        let _ = self.input(Input::ToggleMedia { source });
    }

    pub fn name(&self) -> String {
        self.name.borrow().clone()
    }

    /// Changes our display name: remembered on this device, told to the server (and so to the
    /// room) with a `hello`, and to the peer of a call over its channel. Blank names are ignored.
    pub fn rename(&self, raw: &str) -> bool {
        let name: String = raw.trim().chars().filter(|c| !c.is_control()).take(40).collect();
        if name.is_empty() || name == self.name() {
            return false;
        }
        *self.name.borrow_mut() = name.clone();
        crate::settings::remember_name(&name);
        self.inner.borrow_mut().phone.set_display_name(Some(name.clone()));
        self.send(&dialtone_core::protocol::Message::Hello(dialtone_core::protocol::Hello {
            name: Some(name.clone()),
            room: None,
            calls: None,
        }));
        self.ui.me.update(|me| {
            if let Some(me) = me.as_mut() {
                me.name = name;
            }
        });
        true
    }

    /// Clears the summary of a finished call from the screen.
    pub fn dismiss_ended(&self) {
        if self.input(Input::DismissEnded).is_ok() {
            self.forget_recording_file();
        }
    }

    pub fn dismiss_notice(&self) {
        self.ui.notice.set(None);
    }

    /// Closes the notice about the server; it does not come back for this page.
    pub fn dismiss_server_notice(&self) {
        self.inner.borrow_mut().server.dismiss();
        self.show_server();
    }


    // ---- signaling ----------------------------------------------------------------------





}

/// A fresh call id (UUID v4 from the browser's CSPRNG).
fn new_call_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("call-{}-{}", now_ms(), (js_sys::Math::random() * 1e9) as u64))
}
