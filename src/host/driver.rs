//! Drives the core's [`HostPage`]: each browser callback or socket frame becomes one `Input`,
//! each `Action` one browser call ([`super::actions`]). Inputs raised while an action is being
//! performed wait in an inbox, so the machine is never re-entered. Time comes from
//! `performance.now()`; a single timeout fires at the machine's next deadline.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use dialtone_core::host::page::{HostPage, Ignored, Input, PageConfig};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::js;
use super::local_media::LocalTracks;
use super::peer::HostPeer;
use super::state::{HostUi, summary};
use crate::net::host_socket::{HostSocket, HostSocketEvent, socket_url};

pub struct Driver {
    pub page: HostPage,
    pub socket: Option<HostSocket>,
    pub peer: Option<HostPeer>,
    /// The frame-encryption worker of a call with a key.
    pub crypto: Option<Rc<super::encryption::FrameCrypto>>,
    pub tracks: LocalTracks,
    pub ui: HostUi,
}

pub struct Shell {
    pub state: RefCell<Driver>,
    inbox: RefCell<VecDeque<Input>>,
    busy: Cell<bool>,
    timer: Cell<Option<i32>>,
    tick: RefCell<Option<Closure<dyn FnMut()>>>,
}

pub type Shared = Rc<Shell>;

/// The session token: from the URL fragment (§8.3), or the query for hosts that put it there;
/// the fragment is then removed from the address bar.
fn take_token(location: &web_sys::Location) -> Option<String> {
    let from = |text: String, prefix: char| {
        text.trim_start_matches(prefix)
            .split('&')
            .find_map(|pair| pair.strip_prefix("token=").map(str::to_owned))
            .map(|t| {
                String::from(js_sys::decode_uri_component(&t).unwrap_or_else(|_| t.clone().into()))
            })
    };
    let hash = location.hash().unwrap_or_default();
    let token =
        from(hash.clone(), '#').or_else(|| from(location.search().unwrap_or_default(), '?'));
    if hash.contains("token=")
        && let Some(window) = web_sys::window()
    {
        {
            let clean = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let _ = js::call(
                &js::get(&window, "history"),
                "replaceState",
                &[JsValue::NULL, "".into(), clean.into()],
            );
        }
    }
    token.filter(|t| !t.is_empty())
}

/// Starts host mode: the machine, and the one socket to the host that served the page.
pub fn start(ui: HostUi, can_encrypt: bool) -> Shared {
    ui.encryption.set(can_encrypt);
    let config = PageConfig {
        can_encrypt,
        default_ice_servers: Vec::new(),
    };
    let shell = Rc::new(Shell {
        state: RefCell::new(Driver {
            page: HostPage::new(config),
            socket: None,
            peer: None,
            crypto: None,
            tracks: LocalTracks::default(),
            ui,
        }),
        inbox: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        timer: Cell::new(None),
        tick: RefCell::new(None),
    });
    let weak = Rc::downgrade(&shell);
    *shell.tick.borrow_mut() = Some(Closure::new(move || {
        if let Some(shell) = weak.upgrade() {
            shell.timer.set(None);
            feed(&shell, Input::Tick);
        }
    }));
    let url = web_sys::window().and_then(|w| {
        let location = w.location();
        socket_url(&location, take_token(&location).as_deref())
    });
    let events = Rc::downgrade(&shell);
    let opened = url
        .ok_or_else(|| "no page location".to_owned())
        .and_then(|url| {
            HostSocket::open(&url, move |event| {
                let Some(shell) = events.upgrade() else {
                    return;
                };
                let input = match event {
                    HostSocketEvent::Text(text) => {
                        ui.log(summary("←", &text));
                        Input::Frame(text)
                    }
                    HostSocketEvent::Binary { len } => Input::BinaryFrame { len },
                    HostSocketEvent::Closed => {
                        ui.log("socket closed".to_owned());
                        Input::SocketClosed
                    }
                };
                feed(&shell, input);
            })
        });
    match opened {
        Ok(socket) => shell.state.borrow_mut().socket = Some(socket),
        Err(error) => {
            web_sys::console::error_1(&format!("host socket: {error}").into());
            feed(&shell, Input::SocketClosed);
        }
    }
    shell
}

/// Applies one input and performs every action that follows. Returns the machine's verdict on
/// this input when it was applied right away (`None` when it waits in the inbox).
pub fn feed(shell: &Shared, input: Input) -> Option<Result<(), Ignored>> {
    shell.inbox.borrow_mut().push_back(input);
    if shell.busy.replace(true) {
        return None;
    }
    let mut first = None;
    loop {
        let Some(input) = shell.inbox.borrow_mut().pop_front() else {
            break;
        };
        let mut state = shell.state.borrow_mut();
        let verdict = state.page.handle(js::now_ms(), input);
        if first.is_none() {
            first = Some(verdict);
        }
        while let Some(action) = state.page.poll_action() {
            super::actions::perform(shell, &mut state, action);
        }
        let (local, in_call) = (state.page.local_media(), state.page.in_call());
        state.ui.local.set(local);
        if !in_call {
            state.ui.connection.set(String::new());
        }
    }
    shell.busy.set(false);
    schedule(shell);
    first
}

/// One timeout at the machine's next deadline (the previous one is replaced).
fn schedule(shell: &Shared) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(id) = shell.timer.take() {
        window.clear_timeout_with_handle(id);
    }
    let Some(deadline) = shell.state.borrow().page.next_deadline() else {
        return;
    };
    let delay = deadline.saturating_sub(js::now_ms()).min(i32::MAX as u64) as i32;
    if let Some(tick) = shell.tick.borrow().as_ref()
        && let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            delay,
        )
    {
        shell.timer.set(Some(id));
    }
}
