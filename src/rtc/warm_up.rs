//! Before the first call: one throwaway peer connection makes an audio offer and closes. The
//! browser then has its WebRTC stack and its audio codecs up, so the first call's connection,
//! offer and answer take the time the tenth one would. It captures nothing and gathers no
//! candidates (no description is ever set), so nobody is asked for anything and nothing is sent.

use wasm_bindgen_futures::{JsFuture, spawn_local};
use web_sys::RtcPeerConnection;

pub fn warm_up() {
    let Ok(connection) = RtcPeerConnection::new() else { return };
    let _ = connection.add_transceiver_with_str("audio");
    let offer = connection.create_offer();
    spawn_local(async move {
        let _ = JsFuture::from(offer).await;
        connection.close();
    });
}
