//! A thin wrapper over RTCPeerConnection. Each browser callback becomes one [`PeerEvent`]; each
//! method performs one operation the call machine asked for. No call decisions here.

use dialtone_core::call::ConnectionState;
use dialtone_core::protocol::{IceCandidate, SdpType, SessionDescription};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, MediaStreamTrack, RtcConfiguration, RtcIceCandidateInit, RtcIceTransportPolicy, RtcOfferOptions, RtcPeerConnection,
    RtcPeerConnectionIceEvent, RtcPeerConnectionState, RtcSdpType, RtcSessionDescriptionInit,
    RtcTrackEvent,
};

pub enum PeerEvent {
    NegotiationNeeded,
    LocalCandidate(IceCandidate),
    ConnectionChanged(ConnectionState),
    RemoteStream(MediaStream),
    /// The peer opened a data channel (the caller's control channel, on the callee's side).
    DataChannel(web_sys::RtcDataChannel),
}

/// How peer connections reach each other: the ICE servers, and whether only relays may be used.
#[derive(Clone, Default)]
pub struct IceConfig {
    pub servers: Option<JsValue>,
    pub relay_only: bool,
}

impl IceConfig {
    fn to_rtc(&self) -> RtcConfiguration {
        let config = RtcConfiguration::new();
        // Loopback and LAN calls need no STUN; TURN comes from /api/ice-servers.
        config.set_ice_servers(self.servers.as_ref().unwrap_or(&js_sys::Array::new().into()));
        if self.relay_only {
            config.set_ice_transport_policy(RtcIceTransportPolicy::Relay);
        }
        config
    }
}

pub struct PeerConnection {
    pc: RtcPeerConnection,
    _callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

fn connection_state(state: RtcPeerConnectionState) -> ConnectionState {
    match state {
        RtcPeerConnectionState::Connecting => ConnectionState::Connecting,
        RtcPeerConnectionState::Connected => ConnectionState::Connected,
        RtcPeerConnectionState::Disconnected => ConnectionState::Disconnected,
        RtcPeerConnectionState::Failed => ConnectionState::Failed,
        RtcPeerConnectionState::Closed => ConnectionState::Closed,
        _ => ConnectionState::New,
    }
}

/// A readable message from a rejected browser promise.
pub fn js_error_text(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown browser error".to_owned())
}

impl PeerConnection {
    pub fn new(ice: &IceConfig, on_event: impl Fn(PeerEvent) + 'static) -> Result<PeerConnection, JsValue> {
        let pc = RtcPeerConnection::new_with_configuration(&ice.to_rtc())?;
        let on_event = std::rc::Rc::new(on_event);

        let events = on_event.clone();
        let on_candidate = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let event: RtcPeerConnectionIceEvent = event.unchecked_into();
            let candidate = match event.candidate() {
                Some(c) => IceCandidate {
                    candidate: c.candidate(),
                    sdp_mid: c.sdp_mid(),
                    sdp_m_line_index: c.sdp_m_line_index(),
                    call_id: None,
                    ufrag: Reflect::get(&c, &"usernameFragment".into())
                        .ok()
                        .and_then(|v| v.as_string()),
                    call_end: None,
                },
                // Gathering is complete: signal end-of-candidates.
                None => IceCandidate {
                    candidate: String::new(),
                    sdp_mid: None,
                    sdp_m_line_index: None,
                    call_id: None,
                    ufrag: None,
                    call_end: None,
                },
            };
            events(PeerEvent::LocalCandidate(candidate));
        });
        pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));

        let events = on_event.clone();
        let watched = pc.clone();
        let on_state = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
            events(PeerEvent::ConnectionChanged(connection_state(watched.connection_state())));
        });
        pc.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));

        let events = on_event.clone();
        let on_negotiation = Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
            events(PeerEvent::NegotiationNeeded);
        });
        pc.set_onnegotiationneeded(Some(on_negotiation.as_ref().unchecked_ref()));

        let events = on_event.clone();
        let on_channel = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let event: web_sys::RtcDataChannelEvent = event.unchecked_into();
            events(PeerEvent::DataChannel(event.channel()));
        });
        pc.set_ondatachannel(Some(on_channel.as_ref().unchecked_ref()));

        let events = on_event;
        let on_track = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let event: RtcTrackEvent = event.unchecked_into();
            let stream = event
                .streams()
                .get(0)
                .dyn_into::<MediaStream>()
                .ok()
                .or_else(|| {
                    let stream = MediaStream::new().ok()?;
                    stream.add_track(&event.track());
                    Some(stream)
                });
            if let Some(stream) = stream {
                events(PeerEvent::RemoteStream(stream));
            }
        });
        pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));

        Ok(PeerConnection {
            pc,
            _callbacks: vec![on_candidate, on_state, on_negotiation, on_channel, on_track],
        })
    }

    /// A handle for the asynchronous operations, which outlive a borrow of the controller.
    pub fn handle(&self) -> PeerHandle {
        PeerHandle(self.pc.clone())
    }

    /// Fresh ICE servers (renewed TURN credentials) for later ICE restarts of this call.
    pub fn update_ice(&self, ice: &IceConfig) {
        let _ = self.pc.set_configuration_with_configuration(&ice.to_rtc());
    }

    /// Detaches our callbacks: the call is over, no late events reach it.
    pub fn detach(&self) {
        self.pc.set_onicecandidate(None);
        self.pc.set_onconnectionstatechange(None);
        self.pc.set_ontrack(None);
        self.pc.set_onnegotiationneeded(None);
        self.pc.set_ondatachannel(None);
    }

    /// Detaches our callbacks and closes.
    pub fn close(&self) {
        self.detach();
        self.pc.close();
    }

    /// Creates a data channel (in band: the peer learns of it from the offer and an open message).
    pub fn create_data_channel(&self, label: &str, protocol: &str) -> web_sys::RtcDataChannel {
        let init = web_sys::RtcDataChannelInit::new();
        init.set_ordered(true);
        init.set_protocol(protocol);
        self.pc.create_data_channel_with_data_channel_dict(label, &init)
    }
}

/// The operations the call machine asks of a peer connection.
#[derive(Clone)]
pub struct PeerHandle(RtcPeerConnection);

impl PeerHandle {
    /// The connection's statistics (`getStats()`); [`super::stats`] reads what it needs.
    pub fn stats_report(&self) -> js_sys::Promise {
        self.0.get_stats()
    }

    /// Adds every track of `stream` as a new sender (a mid-call addition: renegotiation follows).
    pub fn add_stream(&self, stream: &MediaStream) -> Vec<web_sys::RtcRtpSender> {
        stream
            .get_tracks()
            .iter()
            .filter_map(|t| t.dyn_into::<MediaStreamTrack>().ok())
            .map(|track| self.0.add_track_0(&track, stream))
            .collect()
    }

    pub fn remove_senders(&self, senders: &[web_sys::RtcRtpSender]) {
        for sender in senders {
            self.0.remove_track(sender);
        }
    }

    pub fn senders(&self) -> Vec<web_sys::RtcRtpSender> {
        self.0.get_senders().iter().filter_map(|s| s.dyn_into().ok()).collect()
    }

    /// Sends every track of `stream` (reusing the transceivers a remote offer created).
    pub fn add_local_stream(&self, stream: &MediaStream) {
        for track in stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                self.0.add_track_0(&track, stream);
            }
        }
    }

    async fn set_local(&self, description: JsValue) -> Result<String, JsValue> {
        JsFuture::from(self.0.set_local_description(description.unchecked_ref())).await?;
        let sdp = Reflect::get(&description, &"sdp".into())?;
        sdp.as_string().ok_or_else(|| JsValue::from_str("local description has no sdp"))
    }

    /// A mid-call offer from the current tracks; `ice_restart` gathers fresh ICE credentials.
    pub async fn create_offer_with(&self, ice_restart: bool) -> Result<String, JsValue> {
        let options = RtcOfferOptions::new();
        options.set_ice_restart(ice_restart);
        let offer = JsFuture::from(self.0.create_offer_with_rtc_offer_options(&options)).await?;
        self.set_local(offer).await
    }

    pub async fn create_answer(&self) -> Result<String, JsValue> {
        let answer = JsFuture::from(self.0.create_answer()).await?;
        self.set_local(answer).await
    }

    pub async fn apply_remote(&self, description: &SessionDescription) -> Result<(), JsValue> {
        let kind = match description.sdp_type {
            SdpType::Offer => RtcSdpType::Offer,
            SdpType::Answer => RtcSdpType::Answer,
        };
        let init = RtcSessionDescriptionInit::new(kind);
        init.set_sdp(&description.sdp);
        JsFuture::from(self.0.set_remote_description(&init)).await?;
        Ok(())
    }

    pub async fn add_candidate(&self, candidate: &IceCandidate) -> Result<(), JsValue> {
        let init = RtcIceCandidateInit::new(&candidate.candidate);
        init.set_sdp_mid(candidate.sdp_mid.as_deref());
        init.set_sdp_m_line_index(candidate.sdp_m_line_index);
        if let Some(ufrag) = candidate.ufrag.as_deref() {
            // web-sys has no setter for this member yet.
            Reflect::set(&init, &"usernameFragment".into(), &ufrag.into())?;
        }
        JsFuture::from(self.0.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(&init))).await?;
        Ok(())
    }

}
