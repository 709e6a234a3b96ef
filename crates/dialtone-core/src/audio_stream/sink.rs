//! Where a stream goes: the sink's URL for each side of a call, and the sink's polite close.

/// The sink's polite close (see [`super::StreamInput::SinkMessage`]).
pub const CLOSING_MESSAGE: &str = r#"{"type":"closing"}"#;

pub(super) fn is_closing_message(text: &str) -> bool {
    text.len() <= 256
        && serde_json::from_str::<serde_json::Value>(text)
            .is_ok_and(|v| v.get("type").and_then(|t| t.as_str()) == Some("closing"))
}

/// The longest sink URL accepted from settings or the page's URL.
pub const MAX_URL_LEN: usize = 1_024;

/// A configured sink URL if it is one: `ws://` or `wss://`, bounded, no spaces.
pub fn valid_sink_url(configured: &str) -> Option<String> {
    let url = configured.trim();
    let scheme_ok = url.starts_with("ws://") || url.starts_with("wss://");
    let host_present = url
        .split_once("://")
        .is_some_and(|(_, rest)| !rest.is_empty() && !rest.starts_with('/'));
    (scheme_ok && host_present && url.len() <= MAX_URL_LEN && !url.contains(char::is_whitespace))
        .then(|| url.to_owned())
}

/// Who would receive the stream, as a person should read it before allowing it: the host and
/// port of a sink URL, without any user name or password in it.
pub fn sink_host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_owned()
}

/// What one side's stream of a call is called at the sink: `<callId>-caller` or
/// `<callId>-callee`. Both people in a call may stream it, each with their own "local" channel;
/// one name per side keeps the two streams (and their sequence numbers) apart.
pub fn stream_id(call_id: &str, direction: crate::call::Direction) -> String {
    match direction {
        crate::call::Direction::Outgoing => format!("{call_id}-caller"),
        crate::call::Direction::Incoming => format!("{call_id}-callee"),
    }
}

/// The URL of one stream (see [`stream_id`]): `{callId}` in the configured URL is replaced by
/// it, or it is added as the last path segment (before any query), so one setting serves every
/// call. It is percent-encoded beyond `[A-Za-z0-9_-]`.
pub fn sink_url_for_call(configured: &str, call_id: &str) -> String {
    let id: String = call_id
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    if configured.contains("{callId}") {
        return configured.replace("{callId}", &id);
    }
    let (base, query) = match configured.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (configured, None),
    };
    let mut url = format!("{}/{id}", base.trim_end_matches('/'));
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}
