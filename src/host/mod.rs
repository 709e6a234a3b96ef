//! Host mode (specs/host-protocol.md): the page as the WebRTC engine of a local program that
//! served it. The core's `host::page::HostPage` decides everything; this module performs its
//! actions in the browser ([`driver`], [`actions`], [`peer`], [`local_media`]) and shows the
//! desktop page ([`ui`]). The socket is `net::host_socket`.

mod actions;
mod driver;
mod encryption;
mod local_media;
mod media_ops;
mod peer;
mod state;
mod stats;
mod ui;

use leptos::prelude::*;

/// Host mode is asked for by the path (a reference host serving the page in place of its own)
/// or by `mode=host` in the query (§1.1).
pub fn requested() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    path.contains("/simplex/call/")
        || query
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair == "mode=host")
}

/// Mounts the host page and starts its driver.
pub fn mount() {
    leptos::mount::mount_to_body(|| {
        let ui = state::HostUi::new();
        let shell = driver::start(ui, encryption::can_encrypt());
        view! { <ui::HostPage ui=ui shell=shell/> }
    });
}
