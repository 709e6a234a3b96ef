//! The host-mode socket's address (specs/host-protocol.md §1.1): one WebSocket to the host that
//! served the page. It only moves frames; the core decides about every one (binary frames
//! included, which it answers with an error). It never reconnects: its close ends the call (§7).
//! The socket itself is [`crate::net::text_socket::TextSocket`].

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
