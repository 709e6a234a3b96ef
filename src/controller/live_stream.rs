//! The live audio stream of a call (specs/audio.md): the core's `AudioStream` machine on its own
//! driver, started once the call page's machine says so. The worklet's PCM, the sink socket's
//! events and the user's switch go in as inputs; the performer opens, feeds and closes sockets,
//! and starts and stops the PCM converter when the machine says (never on its own: a stream
//! that gave up stops it). Nothing here touches the call: a failing sink changes only the
//! stream's own status.
//!
//! The stream has a driver of its own (not the call page's) because it is a separate machine
//! with its own lifetime: one per call, dropped when the call ends.

use std::rc::{Rc, Weak};

use dialtone_core::audio_stream::{
    AudioStream, ConnectionId, StreamAction, StreamInput, StreamStatus, StreamView,
};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::MediaStream;

use super::Controller;
use crate::driver::{Driver, Perform};
use crate::media::pcm_stream::PcmStream;
use crate::net::audio_sink::{SinkEvent, SinkSocket};
use crate::settings::StreamSettings;

/// The stream of the call in progress: its machine on its own driver.
pub(super) type StreamDriver = Driver<AudioStream, StreamPerformer>;


/// The worklet that turns the call's audio into PCM, as the machine last asked for it.
enum Converter {
    Off,
    /// Asked for; the worklet module and node are being made.
    Loading,
    On {
        pcm: PcmStream,
        /// Whether the remote side is already fed to it.
        has_remote: bool,
    },
}

/// What the call screen shows of the stream (`None` in `UiState::stream`: no stream configured).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamUi {
    pub view: StreamView,
    /// On for this call (the user can turn it off and on).
    pub on: bool,
}

/// Performs what the stream's machine decides: the sink sockets and the status shown.
pub(super) struct StreamPerformer {
    url: String,
    socket: Option<(ConnectionId, SinkSocket)>,
    /// Closed sockets, kept until no event of theirs can be running: a socket closed from inside
    /// its own callback must not free the closure that is executing.
    retired: Vec<SinkSocket>,
    converter: Converter,
    /// Where the call's audio graph and streams are.
    controller: Weak<Controller>,
    ui: RwSignal<Option<StreamUi>>,
}

impl Perform<AudioStream> for StreamPerformer {
    fn perform(&mut self, driver: &Rc<StreamDriver>, action: StreamAction) {
        match action {
            StreamAction::Connect(id) => {
                // Connects come from the user or the retry timer, never from a socket's event.
                self.retired.clear();
                self.open(driver, id);
            }
            StreamAction::Send { id, frame } => {
                if let Some((open, socket)) = &self.socket
                    && *open == id
                {
                    socket.send(&frame);
                }
            }
            StreamAction::Disconnect(id) => self.forget(id, true),
            StreamAction::StartAudio => {
                self.converter = Converter::Loading;
                start_converter(&self.controller, driver);
            }
            // Dropping the converter disconnects the worklet: no audio is processed any more.
            StreamAction::StopAudio => self.converter = Converter::Off,
        }
    }

    fn settled(&mut self, machine: &AudioStream) {
        let view = machine.view();
        let ui = StreamUi {
            view,
            on: view.status != StreamStatus::Idle,
        };
        if self.ui.with_untracked(|s| s.as_ref() != Some(&ui)) {
            self.ui.set(Some(ui));
        }
    }
}

impl StreamPerformer {
    fn open(&mut self, driver: &Rc<StreamDriver>, id: ConnectionId) {
        let weak = Rc::downgrade(driver);
        let opened = SinkSocket::open(&self.url, move |event| {
            if let Some(driver) = weak.upgrade() {
                on_sink_event(&driver, id, event);
            }
        });
        match opened {
            Ok(socket) => self.socket = Some((id, socket)),
            // A URL the browser refuses: the same as a connection that failed. The driver
            // handles it once this batch is done.
            Err(_) => {
                driver.feed(StreamInput::SinkClosed {
                    id,
                    random: js_sys::Math::random(),
                });
            }
        }
    }

    /// Drops socket `id` (closing it first when we are the side that ends it).
    fn forget(&mut self, id: ConnectionId, close: bool) {
        if let Some((_, socket)) = self.socket.take_if(|(open, _)| *open == id) {
            if close {
                socket.close();
            }
            self.retired.push(socket);
        }
    }
}

fn on_sink_event(driver: &Rc<StreamDriver>, id: ConnectionId, event: SinkEvent) {
    match event {
        SinkEvent::Opened => {
            driver.feed(StreamInput::SinkOpened(id));
            // Whatever waited for the socket goes out now.
            offer_room(driver);
        }
        // Handled at once: no frame may go out after the sink asked to close.
        SinkEvent::Text(text) => {
            driver.feed(StreamInput::SinkMessage {
                id,
                text,
                random: js_sys::Math::random(),
            });
        }
        SinkEvent::Closed => {
            // A socket that closed is done: forget it before the machine decides.
            if let Some(mut performer) = driver.performer() {
                performer.forget(id, false);
            }
            driver.feed(StreamInput::SinkClosed {
                id,
                random: js_sys::Math::random(),
            });
        }
    }
}

/// Tells the machine how much the open socket can take now, so it releases that many frames.
fn offer_room(driver: &Rc<StreamDriver>) {
    let room = driver.performer().and_then(|performer| {
        let (id, socket) = performer.socket.as_ref()?;
        Some((*id, socket.room()))
    });
    if let Some((id, bytes)) = room {
        driver.feed(StreamInput::SinkRoom { id, bytes });
    }
}

/// One batch of interleaved PCM16 from the worklet (about every 20 ms).
fn on_samples(driver: &Rc<StreamDriver>, samples: Vec<i16>) {
    // The worklet's callback is no socket's: sockets closed earlier can go now.
    if let Some(mut performer) = driver.performer() {
        performer.retired.clear();
    }
    driver.feed(StreamInput::Samples(samples));
    offer_room(driver);
}

/// Makes the converter for the call's current streams; it is kept only if the machine still
/// wants it when it is ready (the call or the switch may have moved on while the worklet loaded).
fn start_converter(controller: &Weak<Controller>, driver: &Rc<StreamDriver>) {
    let controller = controller.clone();
    let samples_to: Weak<StreamDriver> = Rc::downgrade(driver);
    let ready_to = Rc::downgrade(driver);
    let channels = driver.machine().channels();
    spawn_local(async move {
        let streams = |this: &Controller| {
            let inner = this.inner.borrow();
            (inner.local_stream.clone(), inner.remote_stream.clone())
        };
        let Some((context, (local, remote))) = controller.upgrade().and_then(|this| Some((this.audio_graph()?, streams(&this)))) else {
            web_sys::console::warn_1(&"live audio stream: no audio graph for the converter".into());
            return;
        };
        let pcm = context
            .pcm_stream(local.as_ref(), remote.as_ref(), channels, move |samples| {
                if let Some(driver) = samples_to.upgrade() {
                    on_samples(&driver, samples);
                }
            })
            .await;
        let Some(driver) = ready_to.upgrade() else { return };
        match pcm {
            Ok(mut pcm) => {
                // The peer's stream may have arrived while the worklet loaded, when there was no
                // converter to hand it to.
                let mut has_remote = remote.is_some();
                if !has_remote
                    && let Some((_, Some(arrived))) = controller.upgrade().map(|this| streams(&this))
                {
                    has_remote = pcm.connect(&arrived, 1).is_ok();
                }
                if let Some(mut performer) = driver.performer()
                    && matches!(performer.converter, Converter::Loading)
                {
                    performer.converter = Converter::On { pcm, has_remote };
                }
            }
            Err(error) => {
                web_sys::console::warn_2(&"live audio stream: no converter".into(), &error)
            }
        }
    });
}

impl Controller {
    /// Starts the call's stream to `url` (the machine decided: the call connected, a sink is set).
    pub(super) fn start_live_stream(&self, url: String, channels: u16) {
        if self.inner.borrow().live_stream.is_some() {
            self.end_live_stream();
        }
        let performer = StreamPerformer {
            url,
            socket: None,
            retired: Vec::new(),
            converter: Converter::Off,
            controller: self.weak(),
            ui: self.ui.stream,
        };
        self.inner.borrow_mut().live_stream = Some(Driver::new(AudioStream::new(channels), performer));
        self.set_live_stream_on(true);
    }

    /// The stream's driver, if a stream is set up; cloned so no borrow of the controller is
    /// held while the driver runs.
    fn live_stream_driver(&self) -> Option<Rc<StreamDriver>> {
        self.inner.borrow().live_stream.clone()
    }

    /// The per-call switch.
    pub fn set_live_stream_on(&self, on: bool) {
        if let Some(driver) = self.live_stream_driver() {
            driver.feed(if on { StreamInput::Start } else { StreamInput::Stop });
        }
    }

    /// The retry button after `failed`.
    pub fn retry_live_stream(&self) {
        if let Some(driver) = self.live_stream_driver() {
            driver.feed(StreamInput::Start);
        }
    }

    /// Feeds the remote side to the converter once the peer's stream arrives.
    pub(super) fn live_stream_remote_arrived(&self, remote: &MediaStream) {
        let Some(driver) = self.live_stream_driver() else { return };
        let Some(mut performer) = driver.performer() else { return };
        if let Converter::On { pcm, has_remote } = &mut performer.converter
            && !*has_remote
            && pcm.connect(remote, 1).is_ok()
        {
            *has_remote = true;
        }
    }

    /// Settings: a new sink URL (empty turns the stream off) and channel layout, remembered on
    /// this device; they apply from the next call. Returns false for a URL that is not one.
    pub fn set_stream_settings(&self, url: &str, channels: u16) -> bool {
        self.feed(dialtone_core::client::Input::StreamSettings {
            url: url.to_owned(),
            channels,
        })
        .is_ok()
    }

    /// The person allows a link's ask for a sink, or dismisses it.
    pub fn answer_stream_offer(&self, allow: bool) {
        let _ = self.feed(dialtone_core::client::Input::StreamOffer { allow });
    }

    pub(super) fn save_stream_settings(&self, url: Option<String>, channels: u16) {
        let settings = StreamSettings { url, channels };
        settings.save();
        self.ui.stream_settings.set(settings);
    }

    /// The call ended: send what is ready, close the socket, drop the converter.
    pub(super) fn end_live_stream(&self) {
        if let Some(driver) = self.live_stream_driver() {
            offer_room(&driver);
            driver.feed(StreamInput::Stop);
        }
        self.inner.borrow_mut().live_stream = None;
        self.ui.stream.set(None);
    }
}
