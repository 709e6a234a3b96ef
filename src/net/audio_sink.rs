//! The live audio stream's WebSocket to the sink: binary frames out, open and close reported
//! once each. Whether to connect, what to send and when to retry is decided by the core's
//! `audio_stream` machine.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, WebSocket};

/// Past this much unsent data in the socket, frames wait in the core's bounded buffer instead.
const MAX_SOCKET_BACKLOG: u32 = 64 * 1024;

pub enum SinkEvent {
    Opened,
    /// A text message from the sink (bounded; binary messages are ignored).
    Text(String),
    Closed,
}

/// Longer text messages from a sink are ignored.
const MAX_TEXT_LEN: u32 = 1024;

pub struct SinkSocket {
    socket: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_close: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl SinkSocket {
    pub fn open(url: &str, on_event: impl Fn(SinkEvent) + 'static) -> Result<SinkSocket, JsValue> {
        let socket = WebSocket::new(url)?;
        socket.set_binary_type(BinaryType::Arraybuffer);
        let on_event = std::rc::Rc::new(on_event);
        let opened = on_event.clone();
        let texts = on_event.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
            move |event: web_sys::MessageEvent| {
                if let Some(text) = event.data().dyn_ref::<js_sys::JsString>()
                    && text.length() <= MAX_TEXT_LEN
                {
                    texts(SinkEvent::Text(String::from(text)));
                }
            },
        );
        let on_open = Closure::<dyn FnMut()>::new(move || opened(SinkEvent::Opened));
        // `error` is always followed by `close`: report the close only.
        let closed = std::cell::Cell::new(false);
        let on_close = Closure::<dyn FnMut()>::new(move || {
            if !closed.replace(true) {
                on_event(SinkEvent::Closed);
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(SinkSocket {
            socket,
            _on_open: on_open,
            _on_close: on_close,
            _on_message: on_message,
        })
    }

    /// How many more bytes it takes before it counts as backed up; 0 unless open. Frames
    /// handed over within this go out; the rest wait in the core's bounded buffer.
    pub fn room(&self) -> u32 {
        if self.socket.ready_state() != WebSocket::OPEN {
            return 0;
        }
        MAX_SOCKET_BACKLOG.saturating_sub(self.socket.buffered_amount())
    }

    pub fn send(&self, frame: &[u8]) -> bool {
        self.socket.send_with_u8_array(frame).is_ok()
    }

    /// Closes without reporting it (we asked for it). The socket's closures live on until it
    /// is dropped, so this may be called from inside one of its own events.
    pub fn close(&self) {
        self.socket.set_onopen(None);
        self.socket.set_onclose(None);
        self.socket.set_onmessage(None);
        let _ = self.socket.close_with_code(1000);
    }
}
