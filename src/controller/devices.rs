//! Device choice in the browser: performs the core's `DeviceAction`s (setSinkId here; a new
//! microphone or camera and the processing go to the call page's machine, which says which
//! stream gets them) and the machine's device actions (capture one device, replace the call's
//! track, apply the processing), and publishes the lists and choices to the UI.

use dialtone_core::client::{Input, LocalStream, OpId};
use dialtone_core::devices::{AudioProcessing, DeviceAction, DeviceKind, ProcessingKind};
use dialtone_core::errors::CaptureFailure;
use dialtone_core::protocol::MediaKind;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlMediaElement, MediaStream, RtcRtpSender};

use super::{Controller, DevicesView};
use crate::media::devices::{capture_device, enumerate, replace_track, set_sink, sink_of};
use crate::media::track_ends::TrackEnds;
use crate::media::user_media::{Capture, ProcessingError, apply_processing, microphone_track, processing_of, stop_all_tracks};

impl Controller {
    /// Reads the device list again (at start, after permission, on every devicechange).
    pub fn refresh_devices(&self) {
        let this = self.weak();
        spawn_local(async move {
            let list = enumerate().await;
            let Some(this) = this.upgrade() else { return };
            let actions = this.inner.borrow_mut().devices.update(list);
            this.perform_device_actions(actions);
        });
    }

    pub fn choose_device(&self, kind: DeviceKind, id: String) {
        if kind == DeviceKind::Speaker {
            // The page's select only offers what is there; a stale choice just changes nothing.
            let _ = self.choose_output(id);
            return;
        }
        let actions = {
            let mut inner = self.inner.borrow_mut();
            match kind {
                DeviceKind::Camera => inner.devices.choose_camera(id),
                DeviceKind::Microphone => inner.devices.choose_microphone(id),
                DeviceKind::Speaker => Vec::new(), // chosen above
            }
        };
        self.perform_device_actions(actions);
    }

    /// Chooses the audio output ("" = system default), as the page's select or the embedding
    /// host asks; the core refuses one that is not there. The switch itself is confirmed
    /// later, like every output choice.
    pub fn choose_output(&self, id: String) -> Result<(), &'static str> {
        let actions = self.inner.borrow_mut().devices.choose_output(id)?;
        self.perform_device_actions(actions);
        Ok(())
    }

    /// The stage hands over the call's media element (on every change of its streams): a new
    /// one gets the chosen output, switched and confirmed like any choice.
    pub fn apply_output_to(&self, element: HtmlMediaElement) {
        let actions = {
            let mut inner = self.inner.borrow_mut();
            if inner.remote_element.as_ref() == Some(&element) {
                return;
            }
            inner.remote_element = Some(element.clone());
            inner.devices.output_element_appeared(sink_of(&element))
        };
        self.perform_device_actions(actions);
    }

    /// The chosen microphone and camera, and the processing wanted: what a capture asks for.
    pub(super) fn chosen_capture(&self) -> Capture {
        let inner = self.inner.borrow();
        Capture {
            microphone: inner.devices.microphone().map(str::to_owned),
            camera: inner.devices.camera().map(str::to_owned),
            processing: inner.devices.processing_wanted(),
        }
    }

    /// The user flips one of the microphone's processing switches (the core says which way);
    /// remembered on this device and applied to the live microphone (a call's or the check's),
    /// if there is one.
    pub fn toggle_processing(&self, kind: ProcessingKind) {
        let (actions, wanted) = {
            let mut inner = self.inner.borrow_mut();
            let actions = inner.devices.toggle_processing(kind);
            (actions, inner.devices.processing_wanted())
        };
        crate::settings::remember_audio_processing(wanted);
        self.perform_device_actions(actions);
    }

    /// A microphone just opened: the switches show what it really does.
    pub(super) fn observe_processing(&self, stream: &MediaStream) {
        let Some(track) = microphone_track(stream) else { return };
        {
            let mut inner = self.inner.borrow_mut();
            let asked = inner.devices.processing_wanted();
            inner.devices.processing_observed(processing_of(&track, asked));
        }
        self.publish_devices();
    }

    /// Applies the processing to the stream the machine chose (none: it waits for the next
    /// capture); reports what the microphone really does.
    pub(super) fn apply_processing(&self, seq: u64, wanted: AudioProcessing, to: Option<LocalStream>) {
        let (target, senders, microphone) = {
            let inner = self.inner.borrow();
            // Clone::clone, not MediaStream's clone() (a new stream with new tracks).
            let target = match to {
                Some(LocalStream::Call) => inner.local_stream.as_ref().map(Clone::clone),
                Some(LocalStream::Check) => inner.mic_check.as_ref().map(|c| Clone::clone(&c.stream)),
                None => None,
            };
            let senders: Vec<RtcRtpSender> = match to {
                Some(LocalStream::Call) => inner.peer.as_ref().map(|p| p.handle().senders()).unwrap_or_default(),
                _ => Vec::new(),
            };
            (target, senders, inner.devices.microphone().map(str::to_owned))
        };
        let Some(stream) = target else {
            self.processing_settled(seq, wanted);
            return;
        };
        let in_call = to == Some(LocalStream::Call);
        if in_call && let Some(clone) = self.inner.borrow_mut().meter_track.take() {
            // The meter's clone shares the microphone: it must let go for a fresh capture.
            clone.stop();
        }
        let this = self.weak();
        spawn_local(async move {
            let result = apply_processing(&stream, &senders, microphone.as_deref(), wanted).await;
            let Some(this) = this.upgrade() else { return };
            let actual = match result {
                Ok(actual) => actual,
                // The call's microphone was stopped to reopen it and did not reopen: it is lost,
                // and the machine's device-loss path opens one again or says so (MIC_REOPENED,
                // MIC_LOST). Said as "kept what it had", the call would go on silent.
                Err(ProcessingError::MicrophoneStopped) if in_call => {
                    let confirmed = this.inner.borrow().devices.processing().0;
                    this.processing_settled(seq, confirmed);
                    this.call_track_ended(DeviceKind::Microphone);
                    return;
                }
                Err(_) => {
                    let _ = this.feed(Input::ProcessingFailed);
                    let confirmed = this.inner.borrow().devices.processing().0;
                    microphone_track(&stream).map(|t| processing_of(&t, confirmed)).unwrap_or(confirmed)
                }
            };
            if in_call {
                // The processing may have opened the microphone anew: its track is watched too.
                this.watch_call_tracks();
                this.start_local_meter(&stream);
                this.publish_streams();
            } else {
                this.remeter_check();
            }
            this.processing_settled(seq, actual);
        });
    }

    fn processing_settled(&self, seq: u64, actual: AudioProcessing) {
        let next = self.inner.borrow_mut().devices.processing_applied(seq, actual);
        self.perform_device_actions(next);
    }

    fn perform_device_actions(&self, actions: Vec<DeviceAction>) {
        for action in actions {
            match action {
                // The machine decides which stream a new device or the processing goes to.
                DeviceAction::UseMicrophone(device_id) => {
                    let _ = self.feed(Input::SwitchDevice { kind: DeviceKind::Microphone, device_id });
                }
                DeviceAction::UseCamera(device_id) => {
                    let _ = self.feed(Input::SwitchDevice { kind: DeviceKind::Camera, device_id });
                }
                DeviceAction::ApplyOutput { seq, device_id } => self.apply_output(seq, device_id),
                DeviceAction::ApplyProcessing { seq, processing } => {
                    let _ = self.feed(Input::ApplyProcessing { seq, processing });
                }
            }
        }
        self.publish_devices();
    }

    /// getUserMedia for the one device the machine asked for; the stream waits in `captures`
    /// until the machine says whether the call still wants it.
    pub(super) fn capture_device(&self, op: OpId, kind: DeviceKind, device_id: String) {
        let processing = self.inner.borrow().devices.processing_wanted();
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
                this.inner.borrow_mut().devices.opened(kind);
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

    /// The call's `kind` device stopped by itself: the device choice names what to open in its
    /// place, the machine does the rest.
    fn call_track_ended(&self, kind: DeviceKind) {
        let reopen = self.inner.borrow_mut().devices.device_lost(kind);
        let _ = self.feed(Input::DeviceLost { kind, reopen });
    }

    fn apply_output(&self, seq: u64, device_id: String) {
        let this = self.weak();
        // The element the stage handed over, while it is still on the page.
        let element = self.inner.borrow().remote_element.clone().filter(|e| e.is_connected());
        spawn_local(async move {
            let outcome = match &element {
                Some(element) => set_sink(element, &device_id).await.map_err(|failure| (failure.code(), sink_of(element))),
                // No call playing: the choice is simply kept for the next call's element.
                None => Ok(()),
            };
            let Some(this) = this.upgrade() else { return };
            let next = {
                let mut inner = this.inner.borrow_mut();
                match outcome {
                    Ok(()) => inner.devices.output_applied(seq, device_id),
                    Err((code, actual)) => inner.devices.output_failed(seq, code, actual),
                }
            };
            this.perform_device_actions(next);
        });
    }

    fn publish_devices(&self) {
        let view = {
            let inner = self.inner.borrow();
            let devices = &inner.devices;
            let list = |kind| devices.list(kind).into_iter().cloned().collect::<Vec<_>>();
            let (output, pending) = devices.output();
            DevicesView {
                microphones: list(DeviceKind::Microphone),
                cameras: list(DeviceKind::Camera),
                speakers: list(DeviceKind::Speaker),
                microphone: devices.microphone().map(str::to_owned),
                camera: devices.camera().map(str::to_owned),
                output: output.to_owned(),
                output_pending: pending.map(str::to_owned),
                output_error: devices.output_error(),
                processing: devices.processing().0,
                processing_pending: devices.processing().1,
                processing_refused: ProcessingKind::ALL.into_iter().filter(|k| devices.processing_refused(*k)).collect(),
            }
        };
        self.ui.devices.set(view);
    }
}
