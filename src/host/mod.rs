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

/// Starts the host page's driver and shows the page. The driver lives as long as the page.
pub fn mount() {
    let ui = state::HostUi::default();
    let shell = driver::start(ui.clone(), encryption::can_encrypt());
    ui.mount(&shell);
    std::mem::forget(shell);
}
