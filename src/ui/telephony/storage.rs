//! Where telephony settings live (spec §8.1, §8.6): credentials in `sessionStorage` by default and
//! in `localStorage` only on "Remember on this device"; history separately in `localStorage`.

use dialtone_core::mediasfu::call_log::{CallLog, STORAGE_KEY as HISTORY_KEY};
use dialtone_core::mediasfu::mode::CredentialMode;
use serde::{Deserialize, Serialize};

pub const CREDENTIALS_KEY: &str = "dialtone.mediasfu.credentials";

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StoredSettings {
    pub username: String,
    /// Empty in proxy mode: the browser then holds no MediaSFU credentials.
    pub key: String,
    pub base_url: String,
    pub proxy: bool,
    /// Direct mode with a disposable key (§8.1); absent in settings saved before the modes existed.
    #[serde(default)]
    pub disposable: bool,
    pub remember: bool,
}

impl StoredSettings {
    /// The explicit mode chosen in settings (proxy wins: then no key is held at all).
    pub fn mode(&self) -> CredentialMode {
        if self.proxy {
            CredentialMode::Proxy
        } else if self.disposable {
            CredentialMode::DirectDisposable
        } else {
            CredentialMode::DirectLongLived
        }
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_settings() -> Option<StoredSettings> {
    let read =
        |s: Option<web_sys::Storage>| s.and_then(|s| s.get_item(CREDENTIALS_KEY).ok().flatten());
    let text = read(session()).or_else(|| read(local()))?;
    serde_json::from_str(&text).ok()
}

/// Session copy always; persistent copy only when remembered, deleted at once otherwise.
pub fn save_settings(settings: &StoredSettings) {
    let Ok(text) = serde_json::to_string(settings) else {
        return;
    };
    if let Some(s) = session() {
        let _ = s.set_item(CREDENTIALS_KEY, &text);
    }
    if let Some(l) = local() {
        let _ = if settings.remember {
            l.set_item(CREDENTIALS_KEY, &text)
        } else {
            l.remove_item(CREDENTIALS_KEY)
        };
    }
}

/// "Remember on this device" unticked: the persistent copy goes at once (§8.1); the session copy
/// stays, so the page keeps working until the tab closes.
pub fn forget_persistent_copy() {
    if let Some(l) = local() {
        let _ = l.remove_item(CREDENTIALS_KEY);
    }
}

/// "Sign out": both copies go.
pub fn forget_settings() {
    for s in [session(), local()].into_iter().flatten() {
        let _ = s.remove_item(CREDENTIALS_KEY);
    }
}

pub fn load_history() -> CallLog {
    local()
        .and_then(|l| l.get_item(HISTORY_KEY).ok().flatten())
        .map(|t| CallLog::from_json(&t))
        .unwrap_or_default()
}

pub fn save_history(history: &CallLog) {
    if let Some(l) = local() {
        let _ = l.set_item(HISTORY_KEY, &history.to_json());
    }
}
