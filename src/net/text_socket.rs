//! One WebSocket of text frames on the browser's own socket object, for the signaling socket and
//! host mode's socket. A frame goes to the browser the moment it is sent: no task in between, so
//! an offer or an answer is on the wire before the rest of its batch (tones, rendering) runs.
//! Frames sent while the socket still connects wait here, bounded, and go out in order on open.
//! It only moves frames: the machines decide about every one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, Event, MessageEvent, WebSocket};

/// Frames that may wait for the socket to open, and their bytes.
const MAX_WAITING_FRAMES: usize = 256;
const MAX_WAITING_BYTES: usize = 1 << 20;
/// Bytes the browser may hold unsent before the socket counts as stuck.
const MAX_BUFFERED_BYTES: u32 = 4 << 20;

pub enum SocketEvent {
    Text(String),
    /// A frame the page's loader sent on an adopted socket before the page took it; reported
    /// first, before what the socket received.
    SentByLoader(String),
    /// A binary frame, by its length only (no protocol here sends binary frames).
    Binary { len: usize },
    /// Reported once, when the socket closes or fails; never after the socket is dropped.
    Closed,
}

pub struct TextSocket {
    socket: WebSocket,
    waiting: Rc<RefCell<Waiting>>,
    _handlers: [Closure<dyn FnMut(Event)>; 3],
}

/// What happened on an adopted socket before the page took it.
#[derive(Default)]
pub struct EarlyEvents {
    /// What the loader sent on the socket, in order.
    pub sent: Vec<String>,
    /// What the socket received, in order.
    pub frames: Vec<String>,
    pub closed: bool,
}

#[derive(Default)]
struct Waiting {
    frames: VecDeque<String>,
    bytes: usize,
}

impl TextSocket {
    /// Opens the socket; `on_event` gets every frame and, once, the close.
    pub fn open(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Result<TextSocket, String> {
        let socket = WebSocket::new(url).map_err(|error| crate::js::error_text(&error))?;
        Ok(TextSocket::attach(socket, on_event, EarlyEvents::default()))
    }

    /// Takes the socket the page's loader opened to `url` while the app downloaded
    /// ([`super::early_socket`]), or opens one. What reached the loader's socket comes first,
    /// in order (through the driver's inbox: this runs while an action is performed).
    pub fn adopt_or_open(url: &str, on_event: impl Fn(SocketEvent) + 'static) -> Result<TextSocket, String> {
        match super::early_socket::take(url) {
            Some((socket, early)) => Ok(TextSocket::attach(socket, on_event, early)),
            None => TextSocket::open(url, on_event),
        }
    }

    fn attach(socket: WebSocket, on_event: impl Fn(SocketEvent) + 'static, early: EarlyEvents) -> TextSocket {
        socket.set_binary_type(BinaryType::Arraybuffer);
        let on_event = Rc::new(on_event);
        let reported = Rc::new(std::cell::Cell::new(false));
        let waiting = Rc::new(RefCell::new(Waiting::default()));

        let opened = {
            let socket = socket.clone();
            let waiting = waiting.clone();
            Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                let frames = std::mem::take(&mut *waiting.borrow_mut()).frames;
                for frame in frames {
                    if socket.send_with_str(&frame).is_err() {
                        break;
                    }
                }
            })
        };
        let message = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(Event)>::new(move |event: Event| {
                let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
                let data = event.data();
                if let Some(text) = data.as_string() {
                    on_event(SocketEvent::Text(text));
                } else if let Some(buffer) = data.dyn_ref::<js_sys::ArrayBuffer>() {
                    on_event(SocketEvent::Binary { len: buffer.byte_length() as usize });
                }
            })
        };
        let closed = {
            let on_event = on_event.clone();
            let reported = reported.clone();
            // Both `error` and `close` land here; a failure is followed by a close: one report.
            Closure::<dyn FnMut(Event)>::new(move |_: Event| {
                if !reported.replace(true) {
                    on_event(SocketEvent::Closed);
                }
            })
        };
        socket.set_onopen(Some(opened.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(closed.as_ref().unchecked_ref()));
        socket.set_onerror(Some(closed.as_ref().unchecked_ref()));
        for frame in early.sent {
            on_event(SocketEvent::SentByLoader(frame));
        }
        for frame in early.frames {
            on_event(SocketEvent::Text(frame));
        }
        if early.closed && !reported.replace(true) {
            on_event(SocketEvent::Closed);
        }
        TextSocket { socket, waiting, _handlers: [opened, message, closed] }
    }

    /// Sends a frame now (or, while the socket connects, as soon as it opens); false when the
    /// socket is closing or closed, or stuck (the browser holds too much unsent, or too much waits).
    pub fn send(&mut self, text: String) -> bool {
        match self.socket.ready_state() {
            WebSocket::CONNECTING => {
                let mut waiting = self.waiting.borrow_mut();
                if waiting.frames.len() >= MAX_WAITING_FRAMES || waiting.bytes + text.len() > MAX_WAITING_BYTES {
                    return false;
                }
                waiting.bytes += text.len();
                waiting.frames.push_back(text);
                true
            }
            WebSocket::OPEN if self.socket.buffered_amount() <= MAX_BUFFERED_BYTES => {
                self.socket.send_with_str(&text).is_ok()
            }
            _ => false,
        }
    }
}

impl Drop for TextSocket {
    /// The page let go of this socket: it closes, and nothing it does later reaches the page.
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.set_onerror(None);
        let _ = self.socket.close();
    }
}
