//! The call's control channel, an RTCDataChannel: its open, its text frames and its close become
//! [`ChannelEvent`]s; `send` queues one text frame. What the frames mean is the core's business
//! (`dialtone_core::control`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, RtcDataChannel, RtcDataChannelState};

pub enum ChannelEvent {
    Open,
    Frame(String),
    Closed,
}

/// How long a closing channel may take to flush what is queued (a hang-up) before the peer
/// connection under it is closed anyway.
const CLOSE_GRACE_MS: i32 = 1_000;

pub struct ControlChannel {
    channel: RtcDataChannel,
    _callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl ControlChannel {
    /// Watches `channel`. A channel the peer opened may be open already when it is handed over;
    /// that is reported as `Open` too (the core ignores a second one).
    pub fn attach(channel: RtcDataChannel, on_event: impl Fn(ChannelEvent) + 'static) -> ControlChannel {
        let on_event = Rc::new(on_event);
        let events = on_event.clone();
        let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| events(ChannelEvent::Open));
        let events = on_event.clone();
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            let event: MessageEvent = event.unchecked_into();
            // The frames are JSON text; anything binary is not ours and is skipped.
            if let Some(text) = event.data().as_string() {
                events(ChannelEvent::Frame(text));
            }
        });
        let events = on_event.clone();
        let on_close = Closure::<dyn FnMut(JsValue)>::new(move |_| events(ChannelEvent::Closed));
        channel.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        channel.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        if channel.ready_state() == RtcDataChannelState::Open {
            let events = on_event;
            // Not from inside the caller's own call: the report comes as a fresh task.
            wasm_bindgen_futures::spawn_local(async move { events(ChannelEvent::Open) });
        }
        ControlChannel { channel, _callbacks: vec![on_open, on_message, on_close] }
    }

    /// Queues a text frame; false when the channel is not open.
    pub fn send(&self, text: &str) -> bool {
        self.channel.ready_state() == RtcDataChannelState::Open && self.channel.send_with_str(text).is_ok()
    }

    /// Closes the channel after what is queued on it has been sent (the RTCDataChannel closing
    /// procedure does that), then runs `done`: on the channel's close, or after
    /// [`CLOSE_GRACE_MS`] at the latest, whichever comes first.
    pub fn close_then(self, done: impl FnOnce() + 'static) {
        let pending = Rc::new(RefCell::new(Some(done)));
        let finish = move || {
            if let Some(done) = pending.borrow_mut().take() {
                done();
            }
        };
        self.channel.set_onopen(None);
        self.channel.set_onmessage(None);
        if self.channel.ready_state() == RtcDataChannelState::Closed {
            self.channel.set_onclose(None);
            return finish();
        }
        let channel = self.channel.clone();
        let on_closed = finish.clone();
        let closed = Closure::once_into_js(move |_: JsValue| {
            channel.set_onclose(None);
            on_closed();
        });
        // Replaces our own close handler: the callbacks of `self` are referenced no more once it
        // is dropped at the end of this call.
        self.channel.set_onclose(Some(closed.unchecked_ref()));
        let timeout = Closure::once_into_js(finish);
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), CLOSE_GRACE_MS);
        }
        self.channel.close();
    }
}
