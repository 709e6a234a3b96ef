//! The call page's peer connection, over the one adapter ([`super::connection`]): its events
//! become the call machine's [`PeerEvent`]s; each method performs one operation the machine
//! asked for. No call decisions here.

use dialtone_core::call::ConnectionState;
use dialtone_core::protocol::{IceCandidate, SdpType, SessionDescription};
use js_sys::Reflect;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MediaStream, MediaStreamTrack, RtcConfiguration, RtcIceCandidateInit, RtcIceTransportPolicy, RtcOfferOptions, RtcPeerConnection,
    RtcPeerConnectionState, RtcSdpType, RtcSessionDescriptionInit,
};

use super::connection::{Connection, ConnectionEvent};
use dialtone_core::host::IceCandidateInit;

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
    connection: Connection,
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

impl PeerConnection {
    pub fn new(ice: &IceConfig, on_event: impl Fn(PeerEvent) + 'static) -> Result<PeerConnection, JsValue> {
        let watched = std::rc::Rc::new(std::cell::OnceCell::<RtcPeerConnection>::new());
        let state_of = watched.clone();
        let streamless = std::cell::OnceCell::<MediaStream>::new();
        let connection = Connection::open(&ice.to_rtc(), move |event| match event {
            ConnectionEvent::Candidate(candidate) => {
                // Gathering complete is sent on as an empty candidate: end-of-candidates.
                let candidate = candidate.unwrap_or_else(|| IceCandidateInit {
                    candidate: String::new(),
                    sdp_mid: None,
                    sdp_m_line_index: None,
                    username_fragment: None,
                });
                on_event(PeerEvent::LocalCandidate(IceCandidate {
                    candidate: candidate.candidate,
                    sdp_mid: candidate.sdp_mid,
                    sdp_m_line_index: candidate.sdp_m_line_index,
                    call_id: None,
                    ufrag: candidate.username_fragment,
                    call_end: None,
                }));
            }
            ConnectionEvent::StateChanged => {
                if let Some(pc) = state_of.get() {
                    on_event(PeerEvent::ConnectionChanged(connection_state(pc.connection_state())));
                }
            }
            ConnectionEvent::NegotiationNeeded => on_event(PeerEvent::NegotiationNeeded),
            ConnectionEvent::DataChannel(channel) => on_event(PeerEvent::DataChannel(channel)),
            ConnectionEvent::Track { track, stream, .. } => {
                // Tracks sent with no stream (a callee that answered before its media opened,
                // a minimal client) make one stream together: their audio and video are the
                // call's, and a second stream would be taken for a screen share.
                let stream = stream.or_else(|| {
                    if streamless.get().is_none() {
                        let _ = streamless.set(MediaStream::new().ok()?);
                    }
                    // Clone::clone: MediaStream's own clone() would make a new stream.
                    let stream = Clone::clone(streamless.get()?);
                    stream.add_track(&track);
                    Some(stream)
                });
                if let Some(stream) = stream {
                    on_event(PeerEvent::RemoteStream(stream));
                }
            }
        })?;
        let _ = watched.set(connection.pc().clone());
        Ok(PeerConnection { connection })
    }

    /// A handle for the asynchronous operations, which outlive a borrow of the controller.
    pub fn handle(&self) -> PeerHandle {
        PeerHandle(self.connection.pc().clone())
    }

    /// Fresh ICE servers (renewed TURN credentials) for later ICE restarts of this call.
    pub fn update_ice(&self, ice: &IceConfig) {
        let _ = self.connection.pc().set_configuration_with_configuration(&ice.to_rtc());
    }

    /// Detaches our callbacks: the call is over, no late events reach it.
    pub fn detach(&self) {
        self.connection.detach();
    }

    /// Detaches our callbacks and closes.
    pub fn close(&self) {
        self.connection.close();
    }

    /// Creates a data channel (in band: the peer learns of it from the offer and an open message).
    pub fn create_data_channel(&self, label: &str, protocol: &str) -> web_sys::RtcDataChannel {
        let init = web_sys::RtcDataChannelInit::new();
        init.set_ordered(true);
        init.set_protocol(protocol);
        self.connection.pc().create_data_channel_with_data_channel_dict(label, &init)
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

    /// The answer's places to send from, before the media opened ([`super::sending`]).
    pub fn prepare_sending(&self, video: bool) {
        super::sending::prepare(&self.0, video);
    }

    /// The media that opened after the answer, into those places ([`super::sending`]).
    pub fn fill_sending(&self, stream: &MediaStream) {
        super::sending::fill(&self.0, stream);
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

    // Each operation below starts in the browser when it is called (in the task that performs
    // the machine's action); the future it returns only waits for the outcome. A page still busy
    // drawing the call then does not hold the browser's work back.

    /// An offer from the current tracks, set locally; `ice_restart` gathers fresh ICE credentials.
    pub fn create_offer_with(&self, ice_restart: bool) -> impl Future<Output = Result<String, JsValue>> + 'static {
        let options = RtcOfferOptions::new();
        options.set_ice_restart(ice_restart);
        let offer = JsFuture::from(self.0.create_offer_with_rtc_offer_options(&options));
        let this = self.clone();
        async move { this.set_local(offer.await?).await }
    }

    /// An answer to the remote offer, set locally.
    pub fn create_answer(&self) -> impl Future<Output = Result<String, JsValue>> + 'static {
        let answer = JsFuture::from(self.0.create_answer());
        let this = self.clone();
        async move { this.set_local(answer.await?).await }
    }

    pub fn apply_remote(&self, description: &SessionDescription) -> impl Future<Output = Result<(), JsValue>> + 'static {
        let kind = match description.sdp_type {
            SdpType::Offer => RtcSdpType::Offer,
            SdpType::Answer => RtcSdpType::Answer,
        };
        let init = RtcSessionDescriptionInit::new(kind);
        init.set_sdp(&description.sdp);
        let applied = JsFuture::from(self.0.set_remote_description(&init));
        async move { applied.await.map(drop) }
    }

    pub fn add_candidate(&self, candidate: &IceCandidate) -> impl Future<Output = Result<(), JsValue>> + 'static {
        let init = RtcIceCandidateInit::new(&candidate.candidate);
        init.set_sdp_mid(candidate.sdp_mid.as_deref());
        init.set_sdp_m_line_index(candidate.sdp_m_line_index);
        // web-sys has no setter for this member yet.
        let ufrag = candidate.ufrag.as_deref().map(|ufrag| Reflect::set(&init, &"usernameFragment".into(), &ufrag.into()));
        let added = match ufrag {
            Some(Err(error)) => Err(error),
            _ => Ok(JsFuture::from(self.0.add_ice_candidate_with_opt_rtc_ice_candidate_init(Some(&init)))),
        };
        async move { added?.await.map(drop) }
    }

}
