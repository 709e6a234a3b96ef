//! The signaling socket and the ICE-server request, as the machine asks: open, send, fetch.
//! Frames, the close and the answer go back to the machine as they are.

use dialtone_core::client::{Input, OpId};
use wasm_bindgen_futures::spawn_local;

use super::Controller;
use crate::net::text_socket::{SocketEvent, TextSocket};
use crate::settings;

impl Controller {
    pub(super) fn open_socket(&self, name: &str, resume: Option<&str>) {
        let Some(url) = settings::signaling_url(name, self.room.as_deref(), resume, self.token.as_deref()) else {
            return;
        };
        let this = self.weak();
        let opened = TextSocket::adopt_or_open(&url, move |event| {
            if let Some(this) = this.upgrade() {
                let input = match event {
                    SocketEvent::Text(text) => Input::Frame(text),
                    SocketEvent::SentByLoader(text) => Input::SentByLoader(text),
                    // The signaling protocol is JSON text; a binary frame is not for us.
                    SocketEvent::Binary { .. } => return,
                    SocketEvent::Closed => Input::SocketClosed,
                };
                let _ = this.feed(input);
            }
        });
        match opened {
            Ok(socket) => self.inner.borrow_mut().socket = Some(socket),
            // Handled after this batch, like any close.
            Err(_) => {
                let _ = self.feed(Input::SocketClosed);
            }
        }
    }

    /// The machine gave up on this socket (`client/link_watch.rs`): dropped, it closes and
    /// reports nothing more.
    pub(super) fn close_socket(&self) {
        let socket = self.inner.borrow_mut().socket.take();
        drop(socket);
    }

    pub(super) fn send_frame(&self, text: String) {
        let sent = self.inner.borrow_mut().socket.as_mut().is_some_and(|socket| socket.send(text));
        if !sent {
            web_sys::console::warn_1(&"signaling socket gone: a frame was not sent".into());
        }
    }

    pub(super) fn fetch_ice_servers(&self, op: OpId) {
        let this = self.weak();
        let token = self.token.clone();
        let abort = web_sys::AbortController::new().ok();
        let signal = abort.as_ref().map(web_sys::AbortController::signal);
        self.inner.borrow_mut().ice_fetch = abort.map(|abort| (op, abort));
        spawn_local(async move {
            let response = crate::net::ice_servers::fetch_ice_servers(token, signal).await.ok();
            if let Some(this) = this.upgrade() {
                let _ = this.inner.borrow_mut().ice_fetch.take_if(|(fetching, _)| *fetching == op);
                let _ = this.feed(Input::IceServersFetched { op, response });
            }
        });
    }

    /// The machine gave up on the request for `op` (it took too long): it is aborted.
    pub(super) fn abandon_ice_fetch(&self, op: OpId) {
        let abort = self.inner.borrow_mut().ice_fetch.take_if(|(fetching, _)| *fetching == op);
        if let Some((_, abort)) = abort {
            abort.abort();
        }
    }

    /// New peer connections use these servers; the current one gets them for its ICE restarts.
    pub(super) fn use_ice_servers(&self, servers: &str) {
        let mut inner = self.inner.borrow_mut();
        // Valid JSON from the core always parses again in the browser.
        inner.ice.servers = js_sys::JSON::parse(servers).ok();
        if let Some(peer) = inner.peer.as_ref() {
            peer.update_ice(&inner.ice);
        }
    }
}
