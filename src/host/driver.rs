//! Runs the core's [`HostPage`] on the one driver ([`crate::driver`]): each browser callback or
//! socket frame becomes one `Input`, each `Action` one browser call ([`super::actions`]).

use std::rc::Rc;

use dialtone_core::host::page::{Action, HostPage, Ignored, Input, PageConfig, PermissionBrowser};
use wasm_bindgen::prelude::*;

use crate::driver::Perform;

use crate::js;
use crate::media::screen_lock::ScreenLock;
use super::local_media::LocalTracks;
use super::peer::HostPeer;
use super::state::{HostUi, summary};
use crate::net::host_socket::socket_url;
use crate::net::text_socket::{SocketEvent, TextSocket};

/// The browser side of host mode: what performing the machine's actions needs.
pub struct Performer {
    pub socket: Option<TextSocket>,
    pub peer: Option<HostPeer>,
    /// The frame-encryption worker of a call with a key.
    pub crypto: Option<Rc<super::encryption::FrameCrypto>>,
    pub tracks: LocalTracks,
    pub ui: HostUi,
    /// Held while the machine says the call keeps the screen on.
    pub screen: ScreenLock,
}

impl Perform<HostPage> for Performer {
    fn perform(&mut self, driver: &Shared, action: Action) {
        super::actions::perform(driver, self, action);
    }

    fn settled(&mut self, page: &HostPage) {
        self.screen.want(page.keeps_screen_on());
        let in_call = page.in_call();
        self.ui.change(|shown| {
            shown.local = page.local_media();
            if !in_call {
                shown.connection.clear();
            }
        });
    }
}

pub type Shared = Rc<crate::driver::Driver<HostPage, Performer>>;


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
    ui.change(|shown| shown.encryption = can_encrypt);
    let agent = web_sys::window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    let config = PageConfig {
        can_encrypt,
        default_ice_servers: Vec::new(),
        browser: PermissionBrowser::from_user_agent(&agent),
    };
    let shell = crate::driver::Driver::new(
        HostPage::new(config),
        Performer {
            socket: None,
            peer: None,
            crypto: None,
            tracks: LocalTracks::default(),
            ui: ui.clone(),
            screen: ScreenLock::new(),
        },
    );
    let url = web_sys::window().and_then(|w| {
        let location = w.location();
        socket_url(&location, take_token(&location).as_deref())
    });
    let events = Rc::downgrade(&shell);
    let opened = url
        .ok_or_else(|| "no page location".to_owned())
        .and_then(|url| {
            TextSocket::open(&url, move |event| {
                let Some(shell) = events.upgrade() else {
                    return;
                };
                let input = match event {
                    SocketEvent::Text(text) => {
                        ui.log(summary("←", &text));
                        Input::Frame(text)
                    }
                    SocketEvent::Binary { len } => Input::BinaryFrame { len },
                    // Only the call page's loader opens a socket early; this one is opened here.
                    SocketEvent::SentByLoader(_) => return,
                    SocketEvent::Closed => {
                        ui.log("socket closed".to_owned());
                        Input::SocketClosed
                    }
                };
                feed(&shell, input);
            })
        });
    match opened {
        Ok(socket) => {
            if let Some(mut performer) = shell.performer() {
                performer.socket = Some(socket);
            }
        }
        Err(error) => {
            web_sys::console::error_1(&format!("host socket: {error}").into());
            feed(&shell, Input::SocketClosed);
        }
    }
    shell
}

/// Hands one input to the machine (see [`crate::driver::Driver::feed`]).
pub fn feed(shell: &Shared, input: Input) -> Option<Result<(), Ignored>> {
    shell.feed(input)
}
