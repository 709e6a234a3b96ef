//! The host-mode peer connection (§4.6): created from the core's [`PeerConfig`], four
//! transceivers in fixed mid order, VP8 first, tracks swapped with `replaceTrack` (a disabled
//! source sends nothing, §5.3), stats for `connected` and the `peerMedia` byte counters. It sits
//! on the one adapter (`rtc::connection`), whose events become host [`PeerEvent`]s; no decision
//! is taken here.

use dialtone_core::host::page::{OldPeer, PeerConfig};
use dialtone_core::host::{
    CallMediaSource, CallMediaType, ConnectionStates, IceCandidateInit, SdpType, SessionDescription,
};
use wasm_bindgen::prelude::*;
use web_sys::{MediaStreamTrack, RtcPeerConnection};

use crate::js;
use crate::rtc::connection::{Connection, ConnectionEvent};

pub enum PeerEvent {
    Candidate(IceCandidateInit),
    GatheringComplete,
    StateChanged(ConnectionStates),
    /// A remote track arrived on the transceiver with this mid.
    Track {
        mid: Option<String>,
        track: MediaStreamTrack,
    },
}

/// Why creating a description failed: a description step (`BAD_SDP`), or the frame transforms
/// (the call must end, never fall back to clear media, §6.2).
pub enum Attached {
    Sdp(String),
    Transform(String),
}

/// The fixed transceiver order, by mid (§4.6).
const ORDER: [CallMediaSource; 4] = [
    CallMediaSource::Mic,
    CallMediaSource::Camera,
    CallMediaSource::ScreenAudio,
    CallMediaSource::ScreenVideo,
];

pub struct HostPeer {
    connection: Connection,
}

fn rtc_configuration(config: &PeerConfig, without_stuns: bool) -> JsValue {
    let servers: js_sys::Array = config
        .ice_servers
        .iter()
        .filter(|server| !(without_stuns && server.urls.iter().any(|u| u.starts_with("stuns:"))))
        .map(|server| {
            let urls: js_sys::Array = server.urls.iter().map(|u| JsValue::from_str(u)).collect();
            let entry = js::object(&[("urls", urls.into())]);
            if let Some(username) = &server.username {
                js::set(&entry, "username", &username.into());
            }
            if let Some(credential) = &server.credential {
                js::set(&entry, "credential", &credential.into());
            }
            entry
        })
        .collect();
    let policy = if config.relay_only { "relay" } else { "all" };
    let rtc = js::object(&[
        ("iceServers", servers.into()),
        ("iceTransportPolicy", policy.into()),
        (
            "iceCandidatePoolSize",
            config.ice_candidate_pool_size.into(),
        ),
    ]);
    // Dialtone: Chromium (156) runs an RTCRtpScriptTransform on transceivers made by
    // setRemoteDescription, or attached after setLocalDescription, only when the connection was
    // created with this flag; without it frames silently bypass the worker (in clear). So it is
    // set for every call with a key, not only on the createEncodedStreams path (§6.3).
    if config.encrypted {
        js::set(&rtc, "encodedInsertableStreams", &JsValue::TRUE);
    }
    rtc
}

/// The four states as the browser reports them now.
pub fn states_of(pc: &RtcPeerConnection) -> ConnectionStates {
    let read = |key| js::get_string(pc, key).unwrap_or_default();
    ConnectionStates::new(
        &read("connectionState"),
        &read("iceConnectionState"),
        &read("iceGatheringState"),
        &read("signalingState"),
    )
}

impl HostPeer {
    /// Creates the connection; when that throws, once more without `stuns:` servers (§4.6).
    pub fn new(
        config: &PeerConfig,
        on_event: impl Fn(PeerEvent) + 'static,
    ) -> Result<HostPeer, JsValue> {
        let on_event = std::rc::Rc::new(on_event);
        let create = |without_stuns| {
            let on_event = on_event.clone();
            let watched = std::rc::Rc::new(std::cell::OnceCell::<RtcPeerConnection>::new());
            let state_of = watched.clone();
            let connection = Connection::open(
                &rtc_configuration(config, without_stuns),
                move |event| match event {
                    ConnectionEvent::Candidate(None) => on_event(PeerEvent::GatheringComplete),
                    // An empty candidate is Chromium's per-m-line end marker: nothing to send.
                    ConnectionEvent::Candidate(Some(candidate)) => {
                        if !candidate.candidate.is_empty() {
                            on_event(PeerEvent::Candidate(candidate));
                        }
                    }
                    ConnectionEvent::StateChanged => {
                        if let Some(pc) = state_of.get() {
                            on_event(PeerEvent::StateChanged(states_of(pc)));
                        }
                    }
                    ConnectionEvent::Track { mid, track, .. } => {
                        on_event(PeerEvent::Track { mid, track })
                    }
                    // The transceivers are fixed (§4.6) and host mode has no data channel.
                    ConnectionEvent::NegotiationNeeded | ConnectionEvent::DataChannel(_) => {}
                },
            )?;
            let _ = watched.set(connection.pc().clone());
            Ok::<_, JsValue>(connection)
        };
        let connection = create(false).or_else(|_| create(true))?;
        Ok(HostPeer { connection })
    }

    pub fn handle(&self) -> PeerHandle {
        PeerHandle(self.connection.pc().clone())
    }

    /// Detaches the callbacks (no late events) and closes.
    pub fn close(&self) {
        self.connection.close();
    }
}

/// The asynchronous operations, on a handle that outlives a borrow of the driver.
#[derive(Clone)]
pub struct PeerHandle(pub(super) RtcPeerConnection);

fn description(kind: SdpType, sdp: &str) -> JsValue {
    let kind = match kind {
        SdpType::Offer => "offer",
        SdpType::Answer => "answer",
    };
    js::object(&[("type", kind.into()), ("sdp", sdp.into())])
}

impl PeerHandle {
    pub fn states(&self) -> ConnectionStates {
        states_of(&self.0)
    }

    pub(super) fn transceivers(&self) -> Vec<JsValue> {
        js::call(&self.0, "getTransceivers", &[])
            .map(|list| js::items(&list))
            .unwrap_or_default()
    }

    /// The transceiver of `source`: by mid, or by position before mids exist.
    fn transceiver(&self, source: CallMediaSource) -> Option<JsValue> {
        let all = self.transceivers();
        let by_mid = all
            .iter()
            .find(|t| js::get_string(t, "mid").as_deref() == Some(source.mid()))
            .cloned();
        by_mid.or_else(|| {
            let index = ORDER.iter().position(|s| *s == source)?;
            all.get(index)
                .filter(|t| js::get(t, "mid").is_null())
                .cloned()
        })
    }

    /// VP8 first on a video transceiver, the rest in their order; failures tolerated (§4.6).
    fn prefer_vp8(&self, transceiver: &JsValue) {
        let receiver_class = js::get(&js_sys::global(), "RTCRtpReceiver");
        let Ok(capabilities) = js::call(&receiver_class, "getCapabilities", &["video".into()])
        else {
            return;
        };
        let codecs = js::items(&js::get(&capabilities, "codecs"));
        let is_vp8 = |c: &JsValue| {
            js::get_string(c, "mimeType").is_some_and(|m| m.eq_ignore_ascii_case("video/VP8"))
        };
        let ordered: js_sys::Array = codecs
            .iter()
            .filter(|c| is_vp8(c))
            .chain(codecs.iter().filter(|c| !is_vp8(c)))
            .collect();
        if js::call(transceiver, "setCodecPreferences", &[ordered.into()]).is_err() {
            web_sys::console::warn_1(
                &"setCodecPreferences failed; default codec order kept".into(),
            );
        }
    }

    /// Offerer (§4.3): the four transceivers, VP8 first, the offer set locally.
    /// `attach` puts the frame transforms on the transceivers once their mids exist (§6.3).
    pub async fn make_offer(
        &self,
        media: CallMediaType,
        mic: Option<MediaStreamTrack>,
        camera: Option<MediaStreamTrack>,
        attach: impl FnOnce(&[JsValue]) -> Result<(), String>,
    ) -> Result<String, Attached> {
        let _ = media;
        let init = || js::object(&[("direction", "sendrecv".into())]);
        let first: [(JsValue, bool); 4] = [
            (
                mic.map(JsValue::from).unwrap_or_else(|| "audio".into()),
                false,
            ),
            (
                camera.map(JsValue::from).unwrap_or_else(|| "video".into()),
                true,
            ),
            ("audio".into(), false),
            ("video".into(), true),
        ];
        for (track_or_kind, video) in first {
            let transceiver = js::call(&self.0, "addTransceiver", &[track_or_kind, init()])
                .map_err(|e| Attached::Sdp(js::error_text(&e)))?;
            if video {
                self.prefer_vp8(&transceiver);
            }
        }
        let offer = js::call_async(&self.0, "createOffer", &[])
            .await
            .map_err(|e| Attached::Sdp(js::error_text(&e)))?;
        let sdp = self.set_local(offer).await.map_err(Attached::Sdp)?;
        attach(&self.transceivers()).map_err(Attached::Transform)?;
        Ok(sdp)
    }

    async fn set_local(&self, description: JsValue) -> Result<String, String> {
        js::call_async(&self.0, "setLocalDescription", &[description])
            .await
            .map_err(|e| js::error_text(&e))?;
        js::get_string(&js::get(&self.0, "localDescription"), "sdp")
            .ok_or_else(|| "no local description".to_owned())
    }

    /// Answerer (§4.2): the offer applied, local tracks on mids 0 and 1, all `sendrecv`, VP8
    /// first, the answer set locally. An old peer (≤ 2 m-lines) gets its tracks with `addTrack`.
    pub async fn make_answer(
        &self,
        offer: &SessionDescription,
        mic: Option<MediaStreamTrack>,
        camera: Option<MediaStreamTrack>,
        attach: impl FnOnce(&[JsValue]) -> Result<(), String>,
    ) -> Result<(String, Option<OldPeer>), Attached> {
        self.answer_steps(offer, mic, camera, attach).await
    }

    async fn answer_steps(
        &self,
        offer: &SessionDescription,
        mic: Option<MediaStreamTrack>,
        camera: Option<MediaStreamTrack>,
        attach: impl FnOnce(&[JsValue]) -> Result<(), String>,
    ) -> Result<(String, Option<OldPeer>), Attached> {
        let sdp_error = |e: JsValue| Attached::Sdp(js::error_text(&e));
        js::call_async(
            &self.0,
            "setRemoteDescription",
            &[description(SdpType::Offer, &offer.sdp)],
        )
        .await
        .map_err(sdp_error)?;
        let all = self.transceivers();
        let old_peer = (all.len() <= 2).then(|| OldPeer {
            sends_video: all.iter().any(|t| {
                js::get_string(&js::get(&js::get(t, "receiver"), "track"), "kind").as_deref()
                    == Some("video")
            }),
        });
        if old_peer.is_some() {
            let stream = web_sys::MediaStream::new().map_err(sdp_error)?;
            for track in [mic, camera].into_iter().flatten() {
                // Clone::clone: MediaStream's own clone() would put each track in a stream of its own.
                js::call(&self.0, "addTrack", &[track.into(), Clone::clone(&stream).into()])
                    .map_err(sdp_error)?;
            }
        } else {
            for (source, track) in [
                (CallMediaSource::Mic, mic),
                (CallMediaSource::Camera, camera),
            ] {
                if let (Some(transceiver), Some(track)) = (self.transceiver(source), track) {
                    js::call_async(
                        &js::get(&transceiver, "sender"),
                        "replaceTrack",
                        &[track.into()],
                    )
                    .await
                    .map_err(sdp_error)?;
                }
            }
            for transceiver in &all {
                js::set(transceiver, "direction", &"sendrecv".into());
                if js::get_string(&js::get(&js::get(transceiver, "receiver"), "track"), "kind")
                    .as_deref()
                    == Some("video")
                {
                    self.prefer_vp8(transceiver);
                }
            }
        }
        attach(&all).map_err(Attached::Transform)?;
        let answer = js::call_async(&self.0, "createAnswer", &[])
            .await
            .map_err(sdp_error)?;
        Ok((
            self.set_local(answer).await.map_err(Attached::Sdp)?,
            old_peer,
        ))
    }

    /// Offerer: the peer's answer; an old peer shows as transceiver 2 going `sendonly` (§4.6).
    pub async fn apply_answer(
        &self,
        answer: &SessionDescription,
    ) -> Result<Option<OldPeer>, String> {
        js::call_async(
            &self.0,
            "setRemoteDescription",
            &[description(SdpType::Answer, &answer.sdp)],
        )
        .await
        .map_err(|e| js::error_text(&e))?;
        let all = self.transceivers();
        let direction = |i: usize| {
            all.get(i)
                .and_then(|t| js::get_string(t, "currentDirection"))
        };
        Ok(
            (direction(2).as_deref() == Some("sendonly")).then(|| OldPeer {
                sends_video: matches!(direction(1).as_deref(), Some("sendrecv" | "recvonly")),
            }),
        )
    }

    /// `addIceCandidate` for each, in order; a refused one is logged and skipped.
    pub async fn add_candidates(&self, candidates: &[IceCandidateInit]) {
        for candidate in candidates {
            let init = js::object(&[("candidate", candidate.candidate.as_str().into())]);
            if let Some(mid) = &candidate.sdp_mid {
                js::set(&init, "sdpMid", &mid.into());
            }
            if let Some(index) = candidate.sdp_m_line_index {
                js::set(&init, "sdpMLineIndex", &index.into());
            }
            if let Some(ufrag) = &candidate.username_fragment {
                js::set(&init, "usernameFragment", &ufrag.into());
            }
            if let Err(error) = js::call_async(&self.0, "addIceCandidate", &[init]).await {
                web_sys::console::warn_1(
                    &format!("remote candidate refused: {}", js::error_text(&error)).into(),
                );
            }
        }
    }

    /// Sends `track` (or nothing) on the transceiver of `source`; resolves once replaced.
    pub async fn replace(
        &self,
        source: CallMediaSource,
        track: Option<&MediaStreamTrack>,
    ) -> Result<(), String> {
        let Some(transceiver) = self.transceiver(source) else {
            // An old peer without that m-line: nothing to send it on.
            return Ok(());
        };
        let track = track.map(JsValue::from).unwrap_or(JsValue::NULL);
        js::call_async(&js::get(&transceiver, "sender"), "replaceTrack", &[track])
            .await
            .map(|_| ())
            .map_err(|e| js::error_text(&e))
    }
}
