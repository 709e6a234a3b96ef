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
    /// Fetches the ICE servers, and again shortly before the credentials expire. The core reads
    /// the answer: only a failure that may pass is retried (with back-off); a 404 or a page that is
    /// not JSON (a base server) means none are configured, and they are not asked for again. A
    /// call in progress gets fresh ones for its ICE restarts.
    pub(super) fn refresh_ice_servers(&self) {
        use dialtone_core::ice_servers::{IceServersAnswer, classify, network_error};
        let this = self.weak();
        let token = self.token.clone();
        spawn_local(async move {
            let answer = match crate::net::ice_servers::fetch_ice_servers(token).await {
                Ok((status, body)) => classify(status, &body),
                Err(_) => network_error(),
            };
            let Some(this) = this.upgrade() else { return };
            let delay = {
                let mut inner = this.inner.borrow_mut();
                match answer {
                    IceServersAnswer::Servers { servers, ttl_secs } => {
                        // Valid JSON from the core always parses again in the browser.
                        inner.ice.servers = js_sys::JSON::parse(&servers.to_string()).ok();
                        inner.ice_retry.reset();
                        if let Some(peer) = inner.peer.as_ref() {
                            peer.update_ice(&inner.ice);
                        }
                        Some(dialtone_core::backoff::credential_refresh_delay_ms(ttl_secs))
                    }
                    IceServersAnswer::NoneConfigured { code } => {
                        web_sys::console::info_1(&format!("ICE servers: {code}; calls use direct paths only").into());
                        None
                    }
                    IceServersAnswer::Retry { code } => {
                        web_sys::console::warn_1(&format!("ICE servers: {code}; retrying").into());
                        Some(inner.ice_retry.next_delay_ms(js_sys::Math::random()).unwrap_or(30_000))
                    }
                }
            };
            if let Some(delay) = delay {
                this.run_after(delay, Controller::refresh_ice_servers);
            }
        });
    }

    pub(super) fn connect(&self) {
        let Some(url) = settings::signaling_url(
            &self.name(),
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
        self.publish_names();
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
        let (directory_changed, server_changed) = {
            let mut inner = self.inner.borrow_mut();
            (inner.directory.apply(&message), inner.server.apply(&message))
        };
        if server_changed {
            self.show_server();
        }
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
                    name: info.name.clone().unwrap_or_else(|| self.name()),
                }));
                self.send(&Message::ListPeers);
                let relays_call_control = self.inner.borrow().server.capabilities().relays_call_control();
                self.announce_no_calls(relays_call_control);

            }
            _ => {}
        }
        if directory_changed {
            let peers = self.inner.borrow().directory.peers();
            self.ui.peers.set(peers);
            self.publish_names();
        }
        if let Message::Chat(chat) = &message {
            let shown = {
                let mut inner = self.inner.borrow_mut();
                let self_id = inner.directory.self_id().map(str::to_owned);
                inner.chat.receive(chat, self_id.as_deref(), now_ms())
            };
            if let Some(line) = shown {
                // The server's name for the sender; the one in the message when it no longer knows them.
                let name = self.inner.borrow().directory.name_of(&line.from).or(line.name);
                let with = line.direct.then(|| line.from.clone());
                self.ui.push_chat(ChatLine { from: line.from, name, text: line.text, direct: line.direct, mine: false, with, at: line.at });
            }
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

    /// What the page shows about the server: the base-server notice (once) and its kind.
    pub(super) fn show_server(&self) {
        let (notice, kind) = {
            let inner = self.inner.borrow();
            (inner.server.notice().map(Notice::from_client_error), inner.server.capabilities().kind)
        };
        self.ui.server_notice.set(notice);
        self.ui.server_kind.set(kind);
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
