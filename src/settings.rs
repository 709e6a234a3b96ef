//! Start-up settings read from the page URL and local storage: the display name and the call
//! timers (short timers let tests exercise "no answer" in seconds).

use dialtone_core::call::CallTimers;
use dialtone_core::embed::Theme;

const NAME_KEY: &str = "dialtone.name";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The full page.
    App,
    /// The compact widget inside another site's iframe, driven over postMessage.
    Embed,
}

pub struct Settings {
    pub mode: Mode,
    pub name: String,
    pub room: Option<String>,
    pub theme: Theme,
    pub timers: CallTimers,
    /// Only relayed (TURN) connections (`?relay=1`): hides the user's addresses from the peer.
    pub relay_only: bool,
    /// An access token for servers that require one (`?token=` on the page's URL).
    pub token: Option<String>,
    /// Where calls' live audio goes, when anywhere.
    pub audio_stream: StreamSettings,
}

/// The live audio stream's settings: the sink URL saved on this device (the menu's "Stream call
/// audio", or a link's offer the person allowed) and the channel layout (1: local and remote
/// mixed; 2, the default: local left, remote right).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSettings {
    pub url: Option<String>,
    pub channels: u16,
}

const STREAM_URL_KEY: &str = "dialtone.audioStream";
const STREAM_CHANNELS_KEY: &str = "dialtone.audioStreamChannels";

impl StreamSettings {
    pub fn load() -> StreamSettings {
        let stored = |key| storage().and_then(|s| s.get_item(key).ok().flatten());
        let url = stored(STREAM_URL_KEY).and_then(|u| dialtone_core::audio_stream::valid_sink_url(&u));
        let channels = channels_from(stored(STREAM_CHANNELS_KEY).as_deref());
        StreamSettings { url, channels }
    }

    /// A link's ask for a sink (`?audioStream=ws://…`, `?audioStreamChannels=1`), as given: the
    /// client machine decides whether to show it (`client::live_stream`).
    pub fn linked() -> Option<dialtone_core::client::StreamLink> {
        let url = query_param("audioStream")?;
        Some(dialtone_core::client::StreamLink { url, channels: query_param("audioStreamChannels") })
    }

    /// Remembers these settings on this device (an empty URL turns the stream off).
    pub fn save(&self) {
        if let Some(storage) = storage() {
            let _ = match &self.url {
                Some(url) => storage.set_item(STREAM_URL_KEY, url),
                None => storage.remove_item(STREAM_URL_KEY),
            };
            let _ = storage.set_item(STREAM_CHANNELS_KEY, &self.channels.to_string());
        }
    }
}

fn channels_from(text: Option<&str>) -> u16 {
    if text == Some("1") { 1 } else { 2 }
}

pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    params.get(name)
}

const TOKEN_KEY: &str = "dialtone.accessToken";
/// The telephony page's token is the server's MediaSFU proxy's, not the call page's: kept apart,
/// so going from one page to the other in a tab never sends either where it does not belong.
const PROXY_TOKEN_KEY: &str = "dialtone.mediasfuProxyToken";

/// The server's access token: taken from `?token=` once, then kept for this tab only
/// (sessionStorage, so a reload still works) and removed from the address bar, so it does not
/// stay on screen, in the history, or in a link someone copies.
pub fn take_access_token() -> Option<String> {
    take_token(TOKEN_KEY)
}

/// The MediaSFU proxy's token, on the telephony page: from `?token=`, kept as the access token is.
pub fn take_proxy_token() -> Option<String> {
    take_token(PROXY_TOKEN_KEY)
}

fn take_token(key: &str) -> Option<String> {
    let window = web_sys::window()?;
    let session = window.session_storage().ok().flatten();
    if let Some(token) = query_param("token").filter(|t| !t.is_empty()) {
        if let Some(session) = &session {
            let _ = session.set_item(key, &token);
        }
        strip_token_from_address_bar(&window);
        return Some(token);
    }
    session?.get_item(key).ok().flatten().filter(|t| !t.is_empty())
}

fn strip_token_from_address_bar(window: &web_sys::Window) {
    let location = window.location();
    let (Ok(search), Ok(path), Ok(hash)) = (location.search(), location.pathname(), location.hash()) else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return };
    params.delete("token");
    let rest = String::from(params.to_string());
    let query = if rest.is_empty() { String::new() } else { format!("?{rest}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{query}{hash}")));
    }
}

/// Remembers the display name on this device for the next visit.
pub fn remember_name(name: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(NAME_KEY, name);
    }
}

const LANGUAGE_KEY: &str = "dialtone.language";

/// The language the reader chose on this device (a BCP 47 code), if any.
pub fn stored_language() -> Option<String> {
    storage()?.get_item(LANGUAGE_KEY).ok().flatten()
}

/// Remembers the reader's language choice on this device.
pub fn remember_language(code: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(LANGUAGE_KEY, code);
    }
}

/// A first visit to the full page: no name remembered on this device and none given by the link
/// (`?name=` links, and every test page opened with one, go straight to the app). Read before
/// [`Settings::load`], which remembers the name it makes up.
/// Whether the page rehearses its first call (`ui/rehearsal.rs`); `?rehearse=0` turns it off, so
/// `bench/call_setup.sh` can measure the page without it in the same run.
pub fn rehearse_first_call() -> bool {
    !matches!(query_param("rehearse").as_deref(), Some("0" | "false"))
}

pub fn first_visit() -> bool {
    let named = query_param("name").is_some_and(|n| !n.trim().is_empty());
    let embedded = query_param("mode").as_deref() == Some("embed");
    let stored = storage().and_then(|s| s.get_item(NAME_KEY).ok().flatten());
    // index.html's loader makes up a first visitor's name (to open the socket early): that one
    // was not chosen on an earlier visit. Taken once, so a reload is not a first visit again.
    let made_up_by_loader = web_sys::window().and_then(|w| w.session_storage().ok().flatten()).and_then(|session| {
        let name = session.get_item(LOADER_NAME_KEY).ok().flatten();
        let _ = session.remove_item(LOADER_NAME_KEY);
        name
    });
    let remembered = stored.is_some() && stored != made_up_by_loader;
    !named && !embedded && !remembered
}

/// Where index.html's loader notes the name it made up for a first visit (sessionStorage).
const LOADER_NAME_KEY: &str = "dialtone.loaderMadeUpName";

const PROCESSING_KEY: &str = "dialtone.audioProcessing";

/// The microphone processing chosen on this device (the browsers' defaults until one is chosen).
pub fn audio_processing() -> dialtone_core::devices::AudioProcessing {
    storage()
        .and_then(|s| s.get_item(PROCESSING_KEY).ok().flatten())
        .map(|stored| dialtone_core::devices::AudioProcessing::from_stored(&stored))
        .unwrap_or_default()
}

pub fn remember_audio_processing(processing: dialtone_core::devices::AudioProcessing) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(PROCESSING_KEY, &processing.to_stored());
    }
}

pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A timer from the URL, in ms, bounded to something sane (0.5 s to 10 min).
fn timer_param(name: &str, default: u64) -> u64 {
    query_param(name)
        .and_then(|v| v.parse::<u64>().ok())
        .map(|v| v.clamp(500, 600_000))
        .unwrap_or(default)
}

impl Settings {
    pub fn load() -> Settings {
        let stored = storage().and_then(|s| s.get_item(NAME_KEY).ok().flatten());
        let name = query_param("name")
            .filter(|n| !n.trim().is_empty())
            .or(stored)
            .unwrap_or_else(|| format!("Guest {}", (js_sys::Math::random() * 9000.0) as u32 + 1000));
        if let Some(storage) = storage() {
            let _ = storage.set_item(NAME_KEY, &name);
        }
        let defaults = CallTimers::default();
        let timers = CallTimers {
            ring_ms: timer_param("ringMs", defaults.ring_ms),
            media_ms: timer_param("mediaMs", defaults.media_ms),
            connect_ms: timer_param("connectMs", defaults.connect_ms),
            disconnected_grace_ms: timer_param("disconnectedGraceMs", defaults.disconnected_grace_ms),
            disconnected_ms: timer_param("disconnectedMs", defaults.disconnected_ms),
        };
        let mode = match query_param("mode").as_deref() {
            Some("embed") => Mode::Embed,
            _ => Mode::App,
        };
        let theme = query_param("theme")
            .as_deref()
            .and_then(Theme::parse)
            .or_else(|| storage()?.get_item(THEME_KEY).ok().flatten().as_deref().and_then(Theme::parse))
            .unwrap_or(Theme::Auto);
        let room = query_param("room").filter(|r| !r.is_empty());
        let token = take_access_token();
        let relay_only = matches!(query_param("relay").as_deref(), Some("1" | "true"));
        let audio_stream = StreamSettings::load();
        Settings { mode, name, room, theme, timers, token, relay_only, audio_stream }
    }
}

const THEME_KEY: &str = "dialtone.theme";

/// Shows the page in `theme` and remembers the choice on this device.
pub fn choose_theme(theme: Theme) {
    apply_theme(theme);
    if let Some(storage) = storage() {
        let _ = storage.set_item(THEME_KEY, theme.as_str());
    }
}

/// Shows the page in `theme` (the stylesheet reads `data-theme` on the root element).
pub fn apply_theme(theme: Theme) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
}

/// `ws://host/ws` (or `wss://` on https) of the server that served this page.
pub fn signaling_url(name: &str, room: Option<&str>, resume: Option<&str>, token: Option<&str>) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let host = location.host().ok()?;
    let name = js_sys::encode_uri_component(name);
    let room = room
        .map(|r| format!("&room={}", js_sys::encode_uri_component(r)))
        .unwrap_or_default();
    let resume = resume
        .map(|t| format!("&resume={}", js_sys::encode_uri_component(t)))
        .unwrap_or_default();
    let token = token
        .map(|t| format!("&token={}", js_sys::encode_uri_component(t)))
        .unwrap_or_default();
    Some(format!("{scheme}://{host}/ws?name={name}{room}{resume}{token}"))
}

const STAGE_LAYOUT_KEY: &str = "dialtone.stageLayout";

/// The layout chosen for video calls on this device (Focus unless Side by side was chosen).
pub fn stage_layout() -> dialtone_core::stage::StageLayout {
    let stored = storage().and_then(|s| s.get_item(STAGE_LAYOUT_KEY).ok().flatten());
    dialtone_core::stage::StageLayout::parse(stored.as_deref())
}

/// Remembers the video-call layout on this device for the next call and the next visit.
pub fn remember_stage_layout(layout: dialtone_core::stage::StageLayout) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STAGE_LAYOUT_KEY, layout.as_str());
    }
}
