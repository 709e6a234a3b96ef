//! Device work in the browser, as the call page's machine decides it (`client::device_choice`):
//! the device list and its changes go in, the person's choices go in, and the machine's device
//! actions are performed here (switch the output on the call's element, capture one device,
//! replace the call's track, apply the processing), each outcome reported back.

use dialtone_core::client::{DeviceInput, Input, LocalStream, OpId, ProcessingOutcome};
use dialtone_core::devices::{AudioProcessing, DeviceKind, DevicesView, ProcessingKind};
use dialtone_core::errors::CaptureFailure;
use dialtone_core::protocol::MediaKind;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlMediaElement, MediaStream, RtcRtpSender};

use super::Controller;
use crate::media::devices::{capture_device, enumerate, replace_track, set_sink, sink_of};
use crate::media::track_ends::TrackEnds;
use crate::media::user_media::{Capture, apply_constraints, microphone_track, processing_of, reopen_microphone, stop_all_tracks};

impl Controller {
    fn feed_devices(&self, input: DeviceInput) -> Result<(), &'static str> {
        self.feed(Input::Devices(input)).map_err(|ignored| ignored.reason)
    }

    /// Reads the device list again (at start, after permission, on every devicechange).
    pub fn refresh_devices(&self) {
        let this = self.weak();
        spawn_local(async move {
            let list = enumerate().await;
            if let Some(this) = this.upgrade() {
                let _ = this.feed_devices(DeviceInput::Listed(list));
            }
        });
    }

    /// The person (or the embedding site) chooses a device ("": the system default). An output
    /// the browser does not list is refused with its code (`DEVICE_NOT_FOUND`), for the site.
    pub fn choose_device(&self, kind: DeviceKind, id: String) -> Result<(), &'static str> {
        self.feed_devices(DeviceInput::Choose { kind, device_id: id })
    }

    /// The stage hands over the call's media element (on every change of its streams): a new
    /// one gets the chosen output, switched and confirmed like any choice.
    pub fn call_element_shown(&self, element: HtmlMediaElement) {
        {
            let mut inner = self.inner.borrow_mut();
            if inner.remote_element.as_ref() == Some(&element) {
                return;
            }
            inner.remote_element = Some(element.clone());
        }
        // Called from the stage's effect: what the machine's actions read must not subscribe it.
        untrack(|| {
            let _ = self.feed_devices(DeviceInput::OutputElement { actual: sink_of(&element) });
        });
    }

    /// The chosen microphone and camera, and the processing wanted: what a capture asks for.
    pub(super) fn chosen_capture(&self) -> Capture {
        let client = self.client();
        let devices = client.devices();
        Capture {
            microphone: devices.microphone().map(str::to_owned),
            camera: devices.camera().map(str::to_owned),
            processing: devices.processing_wanted(),
        }
    }

    /// The person flips one of the microphone's processing switches.
    pub fn toggle_processing(&self, kind: ProcessingKind) {
        let _ = self.feed_devices(DeviceInput::ToggleProcessing(kind));
    }

    /// Remembers the processing the person asked for on this device.
    pub(super) fn remember_processing(&self, wanted: AudioProcessing) {
        crate::settings::remember_audio_processing(wanted);
    }

    /// A microphone just opened: the switches show what it really does.
    pub(super) fn observe_processing(&self, stream: &MediaStream) {
        let Some(track) = microphone_track(stream) else { return };
        let asked = self.client().devices().processing_wanted();
        let _ = self.feed_devices(DeviceInput::ProcessingObserved(processing_of(&track, asked)));
    }

    /// The page's own stream the machine named, and the call's senders when it is the call's.
    fn processing_target(&self, to: Option<LocalStream>) -> Option<(MediaStream, Vec<RtcRtpSender>)> {
        let inner = self.inner.borrow();
        // Clone::clone, not MediaStream's clone() (a new stream with new tracks).
        match to? {
            LocalStream::Call => {
                let senders = inner.peer.as_ref().map(|p| p.handle().senders()).unwrap_or_default();
                inner.local_stream.as_ref().map(|stream| (Clone::clone(stream), senders))
            }
            LocalStream::Check => inner.mic_check.as_ref().map(|c| (Clone::clone(&c.stream), Vec::new())),
        }
    }

    /// Asks the microphone of the stream the machine chose for the processing (none: it waits
    /// for the next capture); reports what it does.
    pub(super) fn apply_processing(&self, seq: u64, wanted: AudioProcessing, to: Option<LocalStream>) {
        let Some((stream, _)) = self.processing_target(to) else {
            let _ = self.feed_devices(DeviceInput::ProcessingApplied { seq, outcome: ProcessingOutcome::Applied(wanted) });
            return;
        };
        let this = self.weak();
        spawn_local(async move {
            let actual = apply_constraints(&stream, wanted).await;
            let Some(this) = this.upgrade() else { return };
            let outcome = match actual {
                Some(actual) => ProcessingOutcome::Applied(actual),
                None => ProcessingOutcome::NoMicrophone,
            };
            let _ = this.feed_devices(DeviceInput::ProcessingApplied { seq, outcome });
        });
    }

    /// Opens the microphone of the stream the machine named again with the processing.
    pub(super) fn reopen_microphone(&self, seq: u64, wanted: AudioProcessing, to: LocalStream) {
        let Some((stream, senders)) = self.processing_target(Some(to)) else {
            let _ = self.feed_devices(DeviceInput::ProcessingApplied { seq, outcome: ProcessingOutcome::NoMicrophone });
            return;
        };
        let in_call = to == LocalStream::Call;
        if in_call && let Some(clone) = self.inner.borrow_mut().meter_track.take() {
            // The meter's clone shares the microphone: it must let go for a fresh capture.
            clone.stop();
        }
        let microphone = self.client().devices().microphone().map(str::to_owned);
        let this = self.weak();
        spawn_local(async move {
            let reopened = reopen_microphone(&stream, &senders, microphone.as_deref(), wanted).await;
            let Some(this) = this.upgrade() else { return };
            let outcome = match reopened {
                Some(actual) if in_call => {
                    // A new track: watched, metered and shown like the one it replaced.
                    this.watch_call_tracks();
                    this.start_local_meter(&stream);
                    this.publish_streams();
                    ProcessingOutcome::Applied(actual)
                }
                Some(actual) => {
                    this.remeter_check();
                    ProcessingOutcome::Applied(actual)
                }
                None => {
                    if !in_call {
                        // The check's meter follows its stream, whatever is left of it.
                        this.remeter_check();
                    }
                    ProcessingOutcome::MicrophoneStopped
                }
            };
            let _ = this.feed_devices(DeviceInput::ProcessingApplied { seq, outcome });
        });
    }

    /// getUserMedia for the one device the machine asked for; the stream waits in `captures`
    /// until the machine says whether the call still wants it.
    pub(super) fn capture_device(&self, op: OpId, kind: DeviceKind, device_id: String) {
        let processing = self.client().devices().processing_wanted();
        self.hold_capture(op, async move { capture_device(&device_id, kind == DeviceKind::Camera, processing).await });
    }

    /// The track captured for `op` takes the place of the call's (in its stream and on the
    /// senders, so no renegotiation is needed), on or off as the machine says.
    pub(super) fn replace_call_track(&self, op: OpId, kind: DeviceKind, enabled: bool) {
        let video = kind == DeviceKind::Camera;
        let (fresh, stream, senders) = {
            let mut inner = self.inner.borrow_mut();
            let senders: Vec<RtcRtpSender> = inner.peer.as_ref().map(|p| p.handle().senders()).unwrap_or_default();
            (inner.captures.remove(&op), inner.local_stream.clone(), senders)
        };
        let Some(fresh) = fresh else { return };
        let this = self.weak();
        spawn_local(async move {
            let result = match &stream {
                Some(stream) => replace_track(stream, &senders, &fresh, video, enabled).await,
                None => {
                    stop_all_tracks(&fresh);
                    Err(JsValue::from_str("the call has no stream"))
                }
            };
            let Some(this) = this.upgrade() else { return };
            let media = if video { MediaKind::Video } else { MediaKind::Audio };
            let result = result.map_err(|error| {
                let name = js_sys::Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
                CaptureFailure::from_dom_exception(&name).end_reason(media)
            });
            if let (Ok(()), Some(stream)) = (&result, &stream) {
                this.watch_call_tracks();
                // The meter follows the new microphone.
                if !video {
                    this.start_local_meter(stream);
                    this.observe_processing(stream);
                }
                this.publish_streams();
            }
            let _ = this.feed(Input::CallTrackReplaced { op, result });
        });
    }

    /// Listens for the call's own tracks stopping by themselves (again after each replacement:
    /// the listeners are on the tracks, not the stream).
    pub(super) fn watch_call_tracks(&self) {
        let stream = self.inner.borrow().local_stream.clone();
        let this = self.weak();
        let watch = stream.map(|stream| {
            TrackEnds::watch(&stream, move |kind| {
                if let Some(this) = this.upgrade() {
                    this.call_track_ended(kind);
                }
            })
        });
        self.inner.borrow_mut().call_track_ends = watch;
    }

    /// The call's `kind` device stopped by itself: the machine says what opens in its place.
    fn call_track_ended(&self, kind: DeviceKind) {
        let _ = self.feed_devices(DeviceInput::TrackEnded(kind));
    }

    /// Switches the call's element to the output the machine asked for; with no element on
    /// the page there is nothing to switch yet (the next call's element gets it).
    pub(super) fn apply_output(&self, seq: u64, device_id: String) {
        let this = self.weak();
        // The element the stage handed over, while it is still on the page.
        let element = self.inner.borrow().remote_element.clone().filter(|e| e.is_connected());
        spawn_local(async move {
            let (actual, failure) = match &element {
                Some(element) => match set_sink(element, &device_id).await {
                    Ok(()) => (device_id, None),
                    Err(failure) => (sink_of(element), Some(failure)),
                },
                None => (device_id, None),
            };
            if let Some(this) = this.upgrade() {
                let _ = this.feed_devices(DeviceInput::OutputApplied { seq, actual, failure });
            }
        });
    }

    pub(super) fn show_devices(&self, view: DevicesView) {
        self.ui.devices.set(view);
    }
}
