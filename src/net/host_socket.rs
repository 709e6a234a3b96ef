//! The host-mode socket (specs/host-protocol.md §1.1): one WebSocket to the host that served the
//! page. It only moves frames; the core decides about every one (binary frames included, which
//! it answers with an error). It never reconnects: its close ends the call (§7).

use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use wasm_bindgen_futures::spawn_local;

/// Frames waiting to be written; the page sends few (replies and events), so more means stuck.
const OUTGOING_QUEUE: usize = 256;

pub enum HostSocketEvent {
    Text(String),
    Binary { len: usize },
    Closed,
}

pub struct HostSocket {
    outgoing: mpsc::Sender<String>,
}

/// `ws://` + the page's host + `/`, `wss://` for an https page, with `?token=` when the page URL
/// carried one (§1.1, §8.3).
pub fn socket_url(location: &web_sys::Location, token: Option<&str>) -> Option<String> {
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    let query = token
        .map(|t| format!("?token={}", String::from(js_sys::encode_uri_component(t))))
        .unwrap_or_default();
    Some(format!("{scheme}://{host}/{query}"))
}

impl HostSocket {
    /// Opens the socket; `on_event` gets every frame and, once, the close.
    pub fn open(
        url: &str,
        on_event: impl Fn(HostSocketEvent) + 'static,
    ) -> Result<HostSocket, String> {
        let socket = WebSocket::open(url).map_err(|e| e.to_string())?;
        let (mut write, mut read) = socket.split();
        let (outgoing, mut queue) = mpsc::channel::<String>(OUTGOING_QUEUE);
        spawn_local(async move {
            while let Some(text) = queue.next().await {
                if write.send(WsMessage::Text(text)).await.is_err() {
                    break;
                }
            }
            // Dropping the queue (the page closed) closes the socket.
            let _ = write.close().await;
        });
        spawn_local(async move {
            while let Some(frame) = read.next().await {
                match frame {
                    Ok(WsMessage::Text(text)) => on_event(HostSocketEvent::Text(text)),
                    Ok(WsMessage::Bytes(bytes)) => {
                        on_event(HostSocketEvent::Binary { len: bytes.len() })
                    }
                    Err(_) => break,
                }
            }
            on_event(HostSocketEvent::Closed);
        });
        Ok(HostSocket { outgoing })
    }

    /// Queues a frame; false when the socket is gone or stuck.
    pub fn send(&mut self, text: String) -> bool {
        self.outgoing.try_send(text).is_ok()
    }
}
