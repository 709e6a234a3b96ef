//! The signaling socket the call page's loader opens while the app downloads (`index.html`,
//! `window.__dialtoneEarlySocket`): on a slow link its two round trips (connect, upgrade) overlap
//! the wasm download instead of following it. The loader asks for the people list as soon as the
//! socket opens (and notes that it did, so the page does not ask again), keeps every frame in
//! order, bounded, and notes a close. The page takes it only when the loader built exactly the
//! URL the page would have; any other socket is closed, and the page opens its own.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::WebSocket;

use super::text_socket::EarlyEvents;

const GLOBAL: &str = "__dialtoneEarlySocket";

/// The loader's socket to `url`, with what it received so far. Taken once: a later open (a
/// reconnect, a resume) always makes a new socket.
pub fn take(url: &str) -> Option<(WebSocket, EarlyEvents)> {
    let window: JsValue = web_sys::window()?.into();
    let key = JsValue::from_str(GLOBAL);
    let early = js_sys::Reflect::get(&window, &key).ok().filter(|v| v.is_object())?;
    let _ = js_sys::Reflect::delete_property(window.unchecked_ref::<js_sys::Object>(), &key);
    let field = |name: &str| js_sys::Reflect::get(&early, &JsValue::from_str(name)).ok();
    let socket = field("socket")?.dyn_into::<WebSocket>().ok()?;
    if field("url").and_then(|u| u.as_string()).as_deref() != Some(url) {
        // Opened for another name, room or token than this page uses: not ours to keep.
        let _ = socket.close();
        return None;
    }
    let texts = |name: &str| -> Vec<String> {
        field(name)
            .and_then(|f| f.dyn_into::<js_sys::Array>().ok())
            .map(|texts| texts.iter().filter_map(|t| t.as_string()).collect())
            .unwrap_or_default()
    };
    let (sent, frames) = (texts("sent"), texts("frames"));
    let closed = field("closed").and_then(|c| c.as_bool()).unwrap_or(true);
    // From here on the page's own handlers get the socket's events.
    socket.set_onopen(None);
    socket.set_onmessage(None);
    socket.set_onclose(None);
    socket.set_onerror(None);
    Some((socket, EarlyEvents { sent, frames, closed }))
}
