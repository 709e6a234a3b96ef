//! Performing the call machine's actions (peer connection, descriptions, candidates, media,
//! tones, control channel). Each is one browser operation; its outcome comes back as one input
//! through the driver, after the batch in progress. Nothing here decides anything about the call.

use dialtone_core::call::{Action, Input};
use dialtone_core::protocol::{EndReason, IceCandidate, MediaSource, SessionDescription};
use wasm_bindgen::JsCast;
use web_sys::MediaStreamTrack;
use wasm_bindgen_futures::spawn_local;

use super::Controller;
use crate::media::user_media::stop_all_tracks;
use crate::js::error_text;
use crate::rtc::peer::{PeerConnection, PeerEvent};

/// The local description an action asks for; `first`: the call's first exchange.
#[derive(Debug, Clone, Copy)]
enum Description {
    Offer { first: bool, ice_restart: bool },
    Answer { first: bool },
}

impl Description {
    fn adds_tracks(self) -> bool {
        matches!(self, Description::Offer { first: true, .. } | Description::Answer { first: true })
    }
}

impl Controller {
    pub(super) fn perform_call(&self, action: Action) {
        match action {
            Action::CreatePeerConnection => self.create_peer_connection(),
            Action::CreateControlChannel => self.create_control_channel(),
            Action::SendControl(text) => self.send_control(&text),
            Action::CreateOffer => self.create_description(Description::Offer { first: true, ice_restart: false }),
            Action::CreateAnswer => self.create_description(Description::Answer { first: true }),
            Action::PrepareSending(media) => {
                if let Some(peer) = self.inner.borrow().peer.as_ref() {
                    peer.handle().prepare_sending(media.has_video());
                }
            }
            Action::SendLocalMedia => {
                let inner = self.inner.borrow();
                if let (Some(peer), Some(stream)) = (inner.peer.as_ref(), inner.local_stream.as_ref()) {
                    peer.handle().fill_sending(stream);
                }
            }
            Action::CreateRenegotiationOffer { ice_restart } => {
                self.create_description(Description::Offer { first: false, ice_restart })
            }
            Action::CreateRenegotiationAnswer => self.create_description(Description::Answer { first: false }),
            Action::ApplyRemoteDescription(description) => self.apply_remote(description),
            Action::AddRemoteCandidate(candidate) => self.add_candidate(candidate),
            Action::ApplyMedia {
                source,
                seq,
                enabled,
            } => self.apply_media(source, seq, enabled),
            Action::PlayTone(tone) => {
                if let Some(graph) = self.audio_graph() {
                    self.inner.borrow_mut().tones.play(graph.audio_context(), tone);
                }
            }
            Action::StopTones => self.inner.borrow_mut().tones.stop(),
            Action::StartRecording => self.start_recording(),
            Action::StopRecording => self.stop_recording(),
            Action::ReleaseCall => self.release_call(),
            // The client machine takes these itself: frames, captures, names, notices, history.
            Action::Send(_)
            | Action::AcquireMedia(_)
            | Action::PeerIntroduced { .. }
            | Action::Notify(_)
            | Action::Ended(_) => {}
        }
    }

    fn create_peer_connection(&self) {
        let this = self.weak();
        let ice = self.inner.borrow().ice.clone();
        let created = PeerConnection::new(&ice, move |event| {
            let Some(this) = this.upgrade() else { return };
            match event {
                PeerEvent::NegotiationNeeded => {
                    let _ = this.input(Input::NegotiationNeeded);
                }
                PeerEvent::LocalCandidate(candidate) => {
                    let _ = this.input(Input::LocalCandidate(candidate));
                }
                PeerEvent::ConnectionChanged(state) => {
                    let _ = this.input(Input::ConnectionChanged(state));
                }
                PeerEvent::DataChannel(channel) => {
                    // The caller's control channel; any other channel is not ours to use.
                    // web-sys has no getter for `protocol` yet.
                    let protocol = js_sys::Reflect::get(&channel, &"protocol".into())
                        .ok()
                        .and_then(|p| p.as_string())
                        .unwrap_or_default();
                    let ours = dialtone_core::control::is_control_channel(&channel.label(), &protocol);
                    if ours && this.inner.borrow().control.is_none() {
                        this.watch_control_channel(channel);
                    }
                }
                PeerEvent::RemoteStream(stream) => {
                    // Kept until the machine says whether it is the call's or a screen share.
                    let stream_id = stream.id();
                    {
                        let mut inner = this.inner.borrow_mut();
                        let known = |s: &web_sys::MediaStream| s.id() == stream_id;
                        let shown = inner.remote_stream.as_ref().is_some_and(known)
                            || inner.remote_screen.as_ref().is_some_and(known);
                        if !shown && !inner.arrived.iter().any(known) {
                            inner.arrived.push(stream);
                        }
                    }
                    let _ = this.feed(dialtone_core::client::Input::RemoteStream { stream_id });
                    // A track added to a stream already shown: the players pick it up.
                    this.publish_streams();
                }
            }
        });
        match created {
            Ok(peer) => {
                if let Some(old) = self.inner.borrow_mut().peer.replace(peer) {
                    old.close();
                }
            }
            Err(error) => {
                web_sys::console::error_1(&format!("RTCPeerConnection: {}", error_text(&error)).into());
                let _ = self.input(Input::LocalDescriptionFailed);
            }
        }
    }

    /// Creates the local offer or answer the core asked for and sets it locally. The first
    /// exchange adds the local tracks first; a mid-call one uses the tracks as they are. The
    /// browser starts on it now; its outcome comes back as one input.
    fn create_description(&self, what: Description) {
        let peer_and_stream = {
            let inner = self.inner.borrow();
            inner.peer.as_ref().map(|p| (p.handle(), inner.local_stream.clone()))
        };
        let Some((peer, stream)) = peer_and_stream else {
            let _ = self.input(Input::LocalDescriptionFailed);
            return;
        };
        if what.adds_tracks()
            && let Some(stream) = stream.as_ref()
        {
            peer.add_local_stream(stream);
        }
        let this = self.weak();
        match what {
            Description::Offer { ice_restart, .. } => {
                let offer = peer.create_offer_with(ice_restart);
                spawn_local(async move { report_description(this, offer.await.map(|sdp| Input::OfferCreated { sdp })) });
            }
            Description::Answer { .. } => {
                let answer = peer.create_answer();
                spawn_local(async move { report_description(this, answer.await.map(|sdp| Input::AnswerCreated { sdp })) });
            }
        }
    }

    fn apply_remote(&self, description: SessionDescription) {
        let peer = self.inner.borrow().peer.as_ref().map(PeerConnection::handle);
        let Some(peer) = peer else {
            let _ = self.input(Input::RemoteDescriptionFailed);
            return;
        };
        let applied = peer.apply_remote(&description);
        let this = self.weak();
        spawn_local(async move {
            let Some(this) = this.upgrade() else { return };
            match applied.await {
                Ok(()) => {
                    let _ = this.input(Input::RemoteDescriptionApplied);
                }
                Err(error) => {
                    web_sys::console::error_1(&format!("remote description refused: {}", error_text(&error)).into());
                    let _ = this.input(Input::RemoteDescriptionFailed);
                }
            }
        });
    }

    fn add_candidate(&self, candidate: IceCandidate) {
        let peer = self.inner.borrow().peer.as_ref().map(PeerConnection::handle);
        let Some(peer) = peer else { return };
        let added = peer.add_candidate(&candidate);
        spawn_local(async move {
            if let Err(error) = added.await {
                // One bad candidate does not end a call: others may still connect.
                web_sys::console::warn_1(&format!("remote candidate refused: {}", error_text(&error)).into());
            }
        });
    }

    /// Turns the local tracks of `source` on or off, then reports what they really are. The
    /// report comes back asynchronously, as a slower operation (replaceTrack, setSinkId) would.
    fn apply_media(&self, source: MediaSource, seq: u64, enabled: bool) {
        if source == MediaSource::Screen {
            return self.apply_screen(seq, enabled);
        }
        let stream = self.inner.borrow().local_stream.clone();
        let tracks: Vec<MediaStreamTrack> = match (&stream, source) {
            (Some(stream), MediaSource::Mic) => stream.get_audio_tracks().iter().filter_map(|t| t.dyn_into().ok()).collect(),
            (Some(stream), MediaSource::Camera) => stream.get_video_tracks().iter().filter_map(|t| t.dyn_into().ok()).collect(),
            _ => Vec::new(),
        };
        let live: Vec<&MediaStreamTrack> = tracks
            .iter()
            .filter(|t| t.ready_state() == web_sys::MediaStreamTrackState::Live)
            .collect();
        for track in &live {
            track.set_enabled(enabled);
        }
        let actual = live.iter().any(|t| t.enabled());
        let input = if live.is_empty() {
            Input::MediaApplyFailed {
                source,
                seq,
                reason: EndReason::DeviceNotFound,
                enabled: false,
            }
        } else {
            Input::MediaApplied {
                source,
                seq,
                enabled: actual,
            }
        };
        let this = self.weak();
        spawn_local(async move {
            if let Some(this) = this.upgrade() {
                let _ = this.input(input);
            }
        });
    }

    fn release_call(&self) {
        self.stop_screen();
        self.stop_meters();
        let (peer, local, control) = {
            let mut inner = self.inner.borrow_mut();
            inner.remote_stream = None;
            inner.remote_screen = None;
            inner.arrived.clear();
            inner.call_track_ends = None;
            (inner.peer.take(), inner.local_stream.take(), inner.control.take())
        };
        // The microphone and camera go off now; the connection stays until the control channel
        // has flushed what is queued on it (an end the peer must get), then closes.
        if let Some(stream) = local {
            stop_all_tracks(&stream);
        }
        match (peer, control) {
            (Some(peer), Some(control)) => {
                peer.detach();
                control.close_then(move || peer.close());
            }
            (Some(peer), None) => peer.close(),
            (None, Some(control)) => control.close_then(|| {}),
            (None, None) => {}
        }
        self.publish_streams();
    }

    /// The caller's control channel, created before the first offer so that it carries it.
    fn create_control_channel(&self) {
        use dialtone_core::control::{CHANNEL_LABEL, CHANNEL_PROTOCOL};
        let channel = self.inner.borrow().peer.as_ref().map(|p| p.create_data_channel(CHANNEL_LABEL, CHANNEL_PROTOCOL));
        if let Some(channel) = channel {
            self.watch_control_channel(channel);
        }
    }

    /// Reports the channel's open, frames and close to the core, for this call only.
    fn watch_control_channel(&self, channel: web_sys::RtcDataChannel) {
        use crate::rtc::control_channel::{ChannelEvent, ControlChannel};
        let this = self.weak();
        let watched = ControlChannel::attach(channel, move |event| {
            let Some(this) = this.upgrade() else { return };
            let input = match event {
                ChannelEvent::Open => Input::ControlChannelOpen,
                ChannelEvent::Frame(text) => Input::ControlFrame(text),
                ChannelEvent::Closed => Input::ControlChannelClosed,
            };
            let _ = this.input(input);
        });
        self.inner.borrow_mut().control = Some(watched);
    }

    fn send_control(&self, text: &str) {
        let sent = self.inner.borrow().control.as_ref().is_some_and(|c| c.send(text));
        if !sent {
            // The core routes by what it knows; a channel that closed meanwhile reports it next.
            web_sys::console::debug_1(&"control channel not open: frame not sent".into());
        }
    }

}

/// A local description's outcome, as one input.
fn report_description(this: std::rc::Weak<Controller>, created: Result<Input, wasm_bindgen::JsValue>) {
    let Some(this) = this.upgrade() else { return };
    let input = created.unwrap_or_else(|error| {
        web_sys::console::error_1(&format!("local description: {}", error_text(&error)).into());
        Input::LocalDescriptionFailed
    });
    let _ = this.input(input);
}
