//! The live audio stream of a call (specs/audio.md): performs what the core's `AudioStream`
//! decides, once the call page's machine said to start one. The worklet's PCM goes in as 20 ms frames; frames the core releases go to the sink
//! socket; socket events and retry timers go back in. Nothing here touches the call: a failing
//! sink changes only the stream's own status.

use dialtone_core::audio_stream::frame::SAMPLES_PER_FRAME;
use dialtone_core::audio_stream::{AudioStream, ConnectionId, StreamAction, StreamView};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::MediaStream;

use super::{Controller, now_ms};
use crate::media::pcm_stream::PcmStream;
use crate::net::audio_sink::{SinkEvent, SinkSocket};
use crate::settings::StreamSettings;

/// The stream of the call in progress.
pub(super) struct LiveStream {
    url: String,
    machine: AudioStream,
    socket: Option<(ConnectionId, SinkSocket)>,
    pcm: Option<PcmStream>,
    /// Whether the remote side is already fed to the converter.
    pcm_has_remote: bool,
    /// The retry deadline a timer is already set for.
    timer_for: Option<u64>,
}

/// What the call screen shows of the stream (`None` in `UiState::stream`: no stream configured).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamUi {
    pub view: StreamView,
    /// On for this call (the user can turn it off and on).
    pub on: bool,
}

impl Controller {
    /// Starts the call's stream to `url` (the machine decided: the call connected, a sink is set).
    pub(super) fn start_live_stream(&self, url: String, channels: u16) {
        if self.inner.borrow().live_stream.is_some() {
            self.end_live_stream();
        }
        self.inner.borrow_mut().live_stream = Some(LiveStream {
            url,
            machine: AudioStream::new(channels),
            socket: None,
            pcm: None,
            pcm_has_remote: false,
            timer_for: None,
        });
        self.set_live_stream_on(true);
    }

    /// The per-call switch.
    pub fn set_live_stream_on(&self, on: bool) {
        let running = {
            let mut inner = self.inner.borrow_mut();
            let Some(stream) = inner.live_stream.as_mut() else {
                return;
            };
            if on {
                stream.machine.start();
            } else {
                stream.machine.stop();
                stream.pcm = None;
                stream.pcm_has_remote = false;
            }
            stream.pcm.is_some()
        };
        if on && !running {
            self.start_converter();
        }
        self.drive_live_stream(|_| {});
    }

    /// The retry button after `failed`.
    pub fn retry_live_stream(&self) {
        self.drive_live_stream(|machine| machine.start());
    }

    /// Feeds the remote side to the converter once the peer's stream arrives.
    pub(super) fn live_stream_remote_arrived(&self, remote: &MediaStream) {
        let mut inner = self.inner.borrow_mut();
        if let Some(stream) = inner.live_stream.as_mut()
            && !stream.pcm_has_remote
            && let Some(pcm) = stream.pcm.as_mut()
            && pcm.connect(remote, 1).is_ok()
        {
            stream.pcm_has_remote = true;
        }
    }

    /// Settings: a new sink URL (empty turns the stream off) and channel layout, remembered on
    /// this device; they apply from the next call. Returns false for a URL that is not one.
    pub fn set_stream_settings(&self, url: &str, channels: u16) -> bool {
        self.feed(dialtone_core::client::Input::StreamSettings { url: url.to_owned(), channels }).is_ok()
    }

    pub(super) fn save_stream_settings(&self, url: Option<String>, channels: u16) {
        let settings = StreamSettings { url, channels };
        settings.save();
        self.ui.stream_settings.set(settings);
    }

    fn start_converter(&self) {
        let Some(context) = self.meter_context() else {
            return;
        };
        let (local, remote, channels) = {
            let inner = self.inner.borrow();
            let Some(stream) = inner.live_stream.as_ref() else {
                return;
            };
            (
                inner.local_stream.clone(),
                inner.remote_stream.clone(),
                stream.machine.channels(),
            )
        };
        let this = self.weak();
        spawn_local(async move {
            let weak = this.clone();
            let pcm = context
                .pcm_stream(local.as_ref(), remote.as_ref(), channels, move |samples| {
                    if let Some(this) = weak.upgrade() {
                        this.live_stream_samples(&samples);
                    }
                })
                .await;
            let Some(this) = this.upgrade() else { return };
            match pcm {
                Ok(pcm) => {
                    let mut inner = this.inner.borrow_mut();
                    if let Some(stream) = inner.live_stream.as_mut().filter(|s| {
                        s.machine.view().status != dialtone_core::audio_stream::StreamStatus::Idle
                    }) {
                        stream.pcm_has_remote = remote.is_some();
                        stream.pcm = Some(pcm);
                    }
                }
                Err(error) => {
                    web_sys::console::warn_2(&"live audio stream: no converter".into(), &error)
                }
            }
        });
    }

    /// One batch of interleaved PCM16 from the worklet: cut into 20 ms frames for the core.
    fn live_stream_samples(&self, samples: &[i16]) {
        self.drive_live_stream(|machine| {
            let frame_len = SAMPLES_PER_FRAME * machine.channels() as usize;
            for frame in samples.chunks_exact(frame_len) {
                machine.push_frame(frame);
            }
        });
    }

    /// Applies `change` to the stream's machine, then performs what it asks: open or close
    /// sockets, send the frames it releases, set the retry timer; and shows the new status.
    fn drive_live_stream(&self, change: impl FnOnce(&mut AudioStream)) {
        if let Some(stream) = self.inner.borrow_mut().live_stream.as_mut() {
            change(&mut stream.machine);
        }
        self.perform_live_stream();
    }

    fn perform_live_stream(&self) {
        let (actions, url) = {
            let mut inner = self.inner.borrow_mut();
            let Some(stream) = inner.live_stream.as_mut() else {
                return;
            };
            (
                std::iter::from_fn(|| stream.machine.poll_action()).collect::<Vec<_>>(),
                stream.url.clone(),
            )
        };
        for action in actions {
            match action {
                StreamAction::Connect(id) => self.open_sink(id, &url),
                StreamAction::Disconnect(id) => {
                    let socket = self
                        .inner
                        .borrow_mut()
                        .live_stream
                        .as_mut()
                        .and_then(|s| s.socket.take_if(|(open, _)| *open == id));
                    if let Some((_, socket)) = socket {
                        socket.close();
                    }
                }
            }
        }
        let (deadline, ui) = {
            let mut inner = self.inner.borrow_mut();
            let Some(stream) = inner.live_stream.as_mut() else {
                return;
            };
            if let Some((_, socket)) = &stream.socket {
                while socket.can_send() {
                    let Some(frame) = stream.machine.next_frame() else {
                        break;
                    };
                    socket.send(&frame);
                }
            }
            let deadline = stream
                .machine
                .next_deadline()
                .filter(|at| stream.timer_for != Some(*at));
            if deadline.is_some() {
                stream.timer_for = deadline;
            }
            let view = stream.machine.view();
            let on = view.status != dialtone_core::audio_stream::StreamStatus::Idle;
            (deadline, StreamUi { view, on })
        };
        if let Some(at) = deadline {
            self.run_after(at.saturating_sub(now_ms()), |this| {
                this.drive_live_stream(|m| m.handle_timeout(now_ms()))
            });
        }
        if self.ui.stream.with_untracked(|s| s.as_ref() != Some(&ui)) {
            self.ui.stream.set(Some(ui));
        }
    }

    fn open_sink(&self, id: ConnectionId, url: &str) {
        let this = self.weak();
        let opened = SinkSocket::open(url, move |event| {
            let Some(this) = this.upgrade() else { return };
            match event {
                SinkEvent::Opened => this.drive_live_stream(|m| m.connected(id)),
                // Handled at once: no frame may go out after the sink asked to close.
                SinkEvent::Text(text) => this.drive_live_stream(|m| {
                    m.sink_message(now_ms(), id, &text, js_sys::Math::random())
                }),
                SinkEvent::Closed => {
                    // A socket that closed is done: forget it before the machine decides. It is
                    // dropped after this callback returns (its closures are running now).
                    let closed = this
                        .inner
                        .borrow_mut()
                        .live_stream
                        .as_mut()
                        .and_then(|s| s.socket.take_if(|(open, _)| *open == id));
                    if let Some(closed) = closed {
                        this.run_after(0, move |_| drop(closed));
                    }
                    this.drive_live_stream(|m| {
                        m.disconnected(now_ms(), id, js_sys::Math::random())
                    });
                }
            }
        });
        match opened {
            Ok(socket) => {
                if let Some(stream) = self.inner.borrow_mut().live_stream.as_mut() {
                    stream.socket = Some((id, socket));
                }
            }
            // A URL the browser refuses: the same as a connection that failed.
            Err(_) => {
                let this = self.weak();
                self.run_after(0, move |_| {
                    if let Some(this) = this.upgrade() {
                        this.drive_live_stream(|m| {
                            m.disconnected(now_ms(), id, js_sys::Math::random())
                        });
                    }
                });
            }
        }
    }

    /// The call ended: send what is ready, close the socket, drop the converter.
    pub(super) fn end_live_stream(&self) {
        self.drive_live_stream(|_| {});
        self.drive_live_stream(|machine| machine.stop());
        self.inner.borrow_mut().live_stream = None;
        self.ui.stream.set(None);
    }
}
