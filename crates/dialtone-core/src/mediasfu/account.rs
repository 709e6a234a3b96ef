//! The account settings as the user saved them (spec §8.1): mode, username, key, base URL and
//! "Remember on this device". The page stores them as JSON (`dialtone.mediasfu.credentials`);
//! the field names are the stored ones, so settings saved by earlier versions still load.

use serde::{Deserialize, Serialize};

use super::credentials::{Credentials, CredentialsProblem, PROXY_BASE_PATH, validate_base_url};
use super::mode::CredentialMode;

/// Where the page keeps the settings (session storage, or local storage when remembered).
pub const STORAGE_KEY: &str = "dialtone.mediasfu.credentials";

#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AccountSettings {
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

/// The key never shows in a `Debug` output (§8.1).
impl std::fmt::Debug for AccountSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSettings")
            .field("username", &self.username)
            .field("key", &format_args!("<{} chars>", self.key.chars().count()))
            .field("base_url", &self.base_url)
            .field("mode", &self.mode())
            .field("remember", &self.remember)
            .finish()
    }
}

impl AccountSettings {
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

    /// Checks the settings for their mode (§8.1): the base URL (direct modes), then the
    /// credentials. Proxy mode holds none (`Ok(None)`).
    pub fn credentials(&self) -> Result<Option<Credentials>, CredentialsProblem> {
        if !self.proxy {
            validate_base_url(&self.base_url)?;
        }
        self.mode().credentials(&self.username, &self.key)
    }

    /// Where requests go: the same-origin proxy path, or the saved base URL.
    pub fn request_base(&self) -> String {
        if self.proxy {
            PROXY_BASE_PATH.to_owned()
        } else {
            self.base_url.clone()
        }
    }

    /// The copies to store (§8.1), as JSON: this tab's always; this device's only when
    /// remembered (`None`: the device's copy is deleted).
    pub fn stored(&self) -> Option<(String, Option<String>)> {
        let json = serde_json::to_string(self).ok()?;
        let device = self.remember.then(|| json.clone());
        Some((json, device))
    }

    /// The settings the page starts from: this tab's copy, else this device's; a copy that does
    /// not read (an older or damaged one) is passed over, not fatal.
    pub fn from_stored(tab: Option<&str>, device: Option<&str>) -> Option<AccountSettings> {
        [tab, device].into_iter().flatten().find_map(|text| serde_json::from_str(text).ok())
    }

    /// Whether the form warns about "Remember on this device": a long-lived key kept on the
    /// device outlives the tab (a disposable key expires; the proxy holds none here).
    pub fn remember_warning(mode: CredentialMode, remember: bool) -> bool {
        remember && mode == CredentialMode::DirectLongLived
    }

    /// Same key, same place: the key's traffic (gate timing, list, placement) carries on.
    pub fn same_account(&self, other: &AccountSettings) -> bool {
        self.proxy == other.proxy
            && self.base_url == other.base_url
            && self.username == other.username
            && self.key == other.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_saved_before_the_modes_existed_still_load_and_debug_hides_the_key() {
        let old = r#"{"username":"alice1","key":"k","baseUrl":"https://mediasfu.com","proxy":false,"remember":true}"#;
        let s: AccountSettings = serde_json::from_str(old).expect("loads");
        assert_eq!(s.mode(), CredentialMode::DirectLongLived);
        let key = "a".repeat(64);
        let shown = format!("{:?}", AccountSettings { key: key.clone(), ..s });
        assert!(!shown.contains(&key) && shown.contains("<64 chars>"), "{shown}");
    }

    #[test]
    fn the_device_keeps_a_copy_only_when_remembered_and_a_damaged_copy_is_passed_over() {
        let s = AccountSettings { username: "alice1".into(), key: "k".into(), ..AccountSettings::default() };
        let (tab, device) = s.stored().expect("stored");
        assert_eq!(device, None, "not remembered: the device's copy goes");
        let remembered = AccountSettings { remember: true, ..s.clone() };
        let (_, device) = remembered.stored().expect("stored");
        assert_eq!(AccountSettings::from_stored(None, device.as_deref()), Some(remembered.clone()));
        assert_eq!(AccountSettings::from_stored(Some(&tab), device.as_deref()), Some(s), "the tab's copy first");
        assert_eq!(AccountSettings::from_stored(Some("{damaged"), device.as_deref()), Some(remembered));
        assert_eq!(AccountSettings::from_stored(Some("{damaged"), None), None);
        assert!(AccountSettings::remember_warning(CredentialMode::DirectLongLived, true));
        assert!(!AccountSettings::remember_warning(CredentialMode::DirectLongLived, false));
        assert!(!AccountSettings::remember_warning(CredentialMode::DirectDisposable, true));
        assert!(!AccountSettings::remember_warning(CredentialMode::Proxy, true));
    }

    #[test]
    fn the_base_url_is_checked_only_in_direct_modes() {
        let direct = AccountSettings {
            username: "alice1".into(),
            key: "a".repeat(64),
            base_url: "http://example.com".into(),
            ..AccountSettings::default()
        };
        assert!(direct.credentials().is_err());
        let proxy = AccountSettings { proxy: true, ..direct };
        assert_eq!(proxy.credentials(), Ok(None));
        assert_eq!(proxy.request_base(), PROXY_BASE_PATH);
    }
}
