//! Before the first call: one throwaway peer connection shaped like a call's first offer (an
//! audio transceiver and a data channel, as the control channel is) makes its offer, sets it as
//! its own description, and closes. The browser then has its WebRTC stack, its audio codecs and
//! its transports (ICE, DTLS, SCTP) up, so the first call's connection, offer and answer take the
//! time the tenth one would (`bench/call_setup.sh`; figures in docs/ARCHITECTURE.md).
//!
//! It captures nothing and sends nothing: relay-only with no relay server gathers no candidates
//! (no socket is opened, no mDNS name registered), and the description goes to nobody.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::{RtcConfiguration, RtcIceTransportPolicy, RtcPeerConnection};

pub fn warm_up() {
    let config = RtcConfiguration::new();
    config.set_ice_transport_policy(RtcIceTransportPolicy::Relay);
    let Ok(connection) = RtcPeerConnection::new_with_configuration(&config) else { return };
    let _ = connection.add_transceiver_with_str("audio");
    let _channel = connection.create_data_channel("warm-up");
    spawn_local(async move {
        if let Ok(offer) = JsFuture::from(connection.create_offer()).await {
            let _ = JsFuture::from(connection.set_local_description(offer.unchecked_ref())).await;
        }
        connection.close();
    });
}
