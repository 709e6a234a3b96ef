//! The one RTCPeerConnection adapter: it creates the connection from an `RTCConfiguration`,
//! turns each browser callback into one [`ConnectionEvent`], and closes it. The call page
//! ([`super::peer`]) and host mode (`host::peer`) add their own operations on top; neither
//! decides anything here.

use dialtone_core::host::IceCandidateInit;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MediaStream, MediaStreamTrack, RtcDataChannel, RtcPeerConnection};

use crate::js;

pub enum ConnectionEvent {
    /// A local candidate as `RTCIceCandidate.toJSON()` gives it (Chromium's per-m-line end
    /// marker has an empty `candidate`); `None` once gathering is complete.
    Candidate(Option<IceCandidateInit>),
    /// `connectionState` changed; read the states from the connection.
    StateChanged,
    NegotiationNeeded,
    /// A remote track, on the transceiver with this mid, with its first stream if it has one.
    Track {
        mid: Option<String>,
        track: MediaStreamTrack,
        stream: Option<MediaStream>,
    },
    /// The peer opened a data channel.
    DataChannel(RtcDataChannel),
}

pub struct Connection {
    pc: RtcPeerConnection,
    _callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Connection {
    /// Creates the connection with `config` (an `RTCConfiguration` dictionary); every callback
    /// goes to `on_event` until [`Connection::detach`].
    pub fn open(
        config: &JsValue,
        on_event: impl Fn(ConnectionEvent) + 'static,
    ) -> Result<Connection, JsValue> {
        let pc = RtcPeerConnection::new_with_configuration(config.unchecked_ref())?;
        let on_event = std::rc::Rc::new(on_event);
        let listen = |on_event: std::rc::Rc<dyn Fn(ConnectionEvent)>,
                      read: fn(JsValue) -> Option<ConnectionEvent>| {
            Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
                if let Some(event) = read(event) {
                    on_event(event);
                }
            })
        };
        let on_candidate = listen(on_event.clone(), |event| {
            let candidate = js::get(&event, "candidate");
            if candidate.is_null() || candidate.is_undefined() {
                return Some(ConnectionEvent::Candidate(None));
            }
            Some(ConnectionEvent::Candidate(Some(IceCandidateInit {
                candidate: js::get_string(&candidate, "candidate").unwrap_or_default(),
                sdp_mid: js::get_string(&candidate, "sdpMid"),
                sdp_m_line_index: js::get(&candidate, "sdpMLineIndex").as_f64().map(|i| i as u16),
                username_fragment: js::get_string(&candidate, "usernameFragment"),
            })))
        });
        pc.set_onicecandidate(Some(on_candidate.as_ref().unchecked_ref()));
        let on_state = listen(on_event.clone(), |_| Some(ConnectionEvent::StateChanged));
        pc.set_onconnectionstatechange(Some(on_state.as_ref().unchecked_ref()));
        let on_negotiation = listen(on_event.clone(), |_| Some(ConnectionEvent::NegotiationNeeded));
        pc.set_onnegotiationneeded(Some(on_negotiation.as_ref().unchecked_ref()));
        let on_channel = listen(on_event.clone(), |event| {
            let channel = js::get(&event, "channel").dyn_into::<RtcDataChannel>().ok()?;
            Some(ConnectionEvent::DataChannel(channel))
        });
        pc.set_ondatachannel(Some(on_channel.as_ref().unchecked_ref()));
        let on_track = listen(on_event, |event| {
            let track = js::get(&event, "track").dyn_into::<MediaStreamTrack>().ok()?;
            let stream = js::items(&js::get(&event, "streams"))
                .into_iter()
                .next()
                .and_then(|s| s.dyn_into::<MediaStream>().ok());
            Some(ConnectionEvent::Track {
                mid: js::get_string(&js::get(&event, "transceiver"), "mid"),
                track,
                stream,
            })
        });
        pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
        Ok(Connection {
            pc,
            _callbacks: vec![on_candidate, on_state, on_negotiation, on_channel, on_track],
        })
    }

    pub fn pc(&self) -> &RtcPeerConnection {
        &self.pc
    }

    /// Detaches the callbacks: the call is over, no late event reaches it.
    pub fn detach(&self) {
        self.pc.set_onicecandidate(None);
        self.pc.set_onconnectionstatechange(None);
        self.pc.set_ontrack(None);
        self.pc.set_onnegotiationneeded(None);
        self.pc.set_ondatachannel(None);
    }

    /// Detaches the callbacks and closes.
    pub fn close(&self) {
        self.detach();
        self.pc.close();
    }
}
