//! The signaling connection and the ICE servers: connecting, reconnecting with back-off and the
//! resume token, turning frames into core inputs, and keeping TURN credentials fresh.

use dialtone_core::call::Input;
use dialtone_core::errors::ClientError;
use dialtone_core::protocol::Message;
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::{ChatLine, Controller, LinkStatus, Me, Notice, now_ms};
use crate::net::signaling::{SignalingSocket, SocketEvent};
use crate::settings;

impl Controller {
    /// Fetches the ICE servers, and again shortly before the credentials expire; a failed fetch
    /// is retried with back-off. A call in progress gets the fresh ones for its ICE restarts.
    pub(super) fn refresh_ice_servers(&self) {
        let this = self.weak();
        let token = self.token.clone();
        spawn_local(async move {
            let fetched = crate::net::ice_servers::fetch_ice_servers(token).await;
            let Some(this) = this.upgrade() else { return };
            let delay = {
                let mut inner = this.inner.borrow_mut();
                match fetched {
                    Ok(fetched) => {
                        inner.ice.servers = Some(fetched.servers);
                        inner.ice_retry.reset();
                        if let Some(peer) = inner.peer.as_ref() {
                            peer.update_ice(&inner.ice);
                        }
                        dialtone_core::backoff::credential_refresh_delay_ms(fetched.ttl_secs)
                    }
                    Err(error) => {
                        web_sys::console::warn_1(&format!("ICE servers: {error}; retrying").into());
                        inner.ice_retry.next_delay_ms(js_sys::Math::random()).unwrap_or(30_000)
                    }
                }
            };
            this.run_after(delay, Controller::refresh_ice_servers);
        });
    }

    pub(super) fn connect(&self) {
        let Some(url) = settings::signaling_url(
            &self.name,
            self.room.as_deref(),
            self.inner.borrow().resume_token.as_deref(),
            self.token.as_deref(),
        ) else {
            return;
        };
        self.ui.link.set(LinkStatus::Connecting);
        let this = self.weak();
        let opened = SignalingSocket::open(&url, move |event| {
            if let Some(this) = this.upgrade() {
                match event {
                    SocketEvent::Frame(text) => this.on_frame(&text),
                    SocketEvent::Closed => this.on_socket_closed(),
                }
            }
        });
        match opened {
            Ok(socket) => self.inner.borrow_mut().socket = Some(socket),
            Err(_) => self.on_socket_closed(),
        }
    }

    pub(super) fn on_socket_closed(&self) {
        let delay = {
            let mut inner = self.inner.borrow_mut();
            inner.socket = None;
            // The list is stale without a server; a connected call's media goes on regardless.
            inner.directory.clear_peers();
            inner.backoff.next_delay_ms(js_sys::Math::random()).unwrap_or(10_000)
        };
        self.ui.peers.set(Vec::new());
        self.ui.link.set(LinkStatus::Reconnecting {
            retry_at: now_ms() + delay,
        });
        self.ui.notice.set(Some(Notice::from_client_error(ClientError::SignalingLost)));
        self.run_after(delay, Controller::connect);
    }

    pub(super) fn on_frame(&self, text: &str) {
        let message = match Message::parse(text) {
            Ok(message) => message,
            Err(error) => {
                // A bad frame from the server is logged and skipped; the page goes on.
                web_sys::console::warn_1(&format!("ignored signaling frame: {error}").into());
                return;
            }
        };
        let directory_changed = self.inner.borrow_mut().directory.apply(&message);
        match &message {
            Message::ClientId(info) => {
                {
                    let mut inner = self.inner.borrow_mut();
                    inner.backoff.reset();
                    inner.resume_token = info.resume.clone();
                }
                self.ui.link.set(LinkStatus::Online);
                if self.ui.notice.get_untracked().is_some_and(|n| n.code == ClientError::SignalingLost.code()) {
                    self.ui.notice.set(None);
                }
                self.ui.me.set(Some(Me {
                    id: Some(info.id.clone()),
                    name: info.name.clone().unwrap_or_else(|| self.name.clone()),
                }));
                self.send(&Message::ListPeers);

            }
            _ => {}
        }
        if directory_changed {
            let peers = self.inner.borrow().directory.peers();
            self.ui.peers.set(peers);
        }
        if let Message::Chat(chat) = &message {
            let from = chat.from.clone().unwrap_or_default();
            let name = self.inner.borrow().directory.name_of(&from);
            let direct = chat.to.is_some();
            let with = direct.then(|| from.clone());
            self.ui.push_chat(ChatLine { from, name, text: chat.payload.text().to_owned(), direct, mine: false, with });
        }
        let server_error = match &message {
            Message::Error(error) => Some(error.clone()),
            _ => None,
        };
        let taken = self.input(Input::Signal(message)).is_ok();
        // An error the call machine did not act on is shown, unless it is the expected race of
        // trickling to a peer who just left.
        if let Some(error) = server_error.filter(|e| !taken && e.worth_showing()) {
            self.ui.notice.set(Some(Notice::from_server_error(&error)));
        }
    }

    /// Queues a message on the signaling socket; false when there is no connection.
    pub(super) fn send(&self, message: &Message) -> bool {
        let sent = self
            .inner
            .borrow_mut()
            .socket
            .as_mut()
            .is_some_and(|socket| socket.send(message.to_json()));
        if !sent {
            web_sys::console::warn_1(&format!("not connected: `{}` not sent", message.kind()).into());
        }
        sent
    }
}
