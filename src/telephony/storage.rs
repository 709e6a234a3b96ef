//! Where telephony settings live (spec §8.1, §8.6): the account settings in `sessionStorage` by
//! default and in `localStorage` only on "Remember on this device"; the call log separately in
//! `localStorage`. The page machine says when to write or forget; this only does it.

use dialtone_core::mediasfu::account::{AccountSettings, STORAGE_KEY as CREDENTIALS_KEY};
use dialtone_core::mediasfu::call_log::STORAGE_KEY as CALL_LOG_KEY;

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load_settings() -> Option<AccountSettings> {
    let read = |s: Option<web_sys::Storage>| s.and_then(|s| s.get_item(CREDENTIALS_KEY).ok().flatten());
    AccountSettings::from_stored(read(session()).as_deref(), read(local()).as_deref())
}

/// The copies the core says (`AccountSettings::stored`): the tab's, and the device's or none.
pub fn store_settings(settings: &AccountSettings) {
    let Some((tab, device)) = settings.stored() else { return };
    if let Some(s) = session() {
        let _ = s.set_item(CREDENTIALS_KEY, &tab);
    }
    if let Some(l) = local() {
        let _ = match device {
            Some(copy) => l.set_item(CREDENTIALS_KEY, &copy),
            None => l.remove_item(CREDENTIALS_KEY),
        };
    }
}

/// "Remember on this device" unticked: the persistent copy goes; the session copy stays, so the
/// page keeps working until the tab closes.
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

pub fn load_call_log() -> Option<String> {
    local()?.get_item(CALL_LOG_KEY).ok().flatten()
}

pub fn store_call_log(json: &str) {
    if let Some(l) = local() {
        let _ = l.set_item(CALL_LOG_KEY, json);
    }
}
