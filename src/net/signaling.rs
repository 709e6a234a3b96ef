//! The signaling WebSocket. It only moves text frames: parsing and every decision about them
//! happen in the controller and the core. The socket may close at any time (a base server may
//! even crash); that is reported once as [`SocketEvent::Closed`].

use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use wasm_bindgen_futures::spawn_local;

/// Frames waiting to be written; beyond this the socket is considered stuck.
const OUTGOING_QUEUE: usize = 256;

pub enum SocketEvent {
    Frame(String),
    Closed,
}

pub struct SignalingSocket {
    outgoing: mpsc::Sender<String>,
}

impl SignalingSocket {
    /// Opens the socket; `on_event` gets every text frame and, once, the close.
    pub fn open(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Result<SignalingSocket, String> {
        let socket = WebSocket::open(url).map_err(|e| e.to_string())?;
        let (mut write, mut read) = socket.split();
        let (outgoing, mut queue) = mpsc::channel::<String>(OUTGOING_QUEUE);
        spawn_local(async move {
            while let Some(text) = queue.next().await {
                if write.send(WsMessage::Text(text)).await.is_err() {
                    break;
                }
            }
        });
        spawn_local(async move {
            while let Some(frame) = read.next().await {
                match frame {
                    Ok(WsMessage::Text(text)) => on_event(SocketEvent::Frame(text)),
                    // The protocol is JSON text; binary frames are ignored.
                    Ok(WsMessage::Bytes(_)) => {}
                    Err(_) => break,
                }
            }
            on_event(SocketEvent::Closed);
        });
        Ok(SignalingSocket { outgoing })
    }

    /// Queues a frame; false when the socket is gone or stuck.
    pub fn send(&mut self, text: String) -> bool {
        self.outgoing.try_send(text).is_ok()
    }
}
