//! MediaSFU credentials (spec §1, §8.1): validated before saving, redacted in every `Debug`, and the
//! `Authorization` header is built at send time from here and never stored.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    LongLived,
    DisposableSandbox,
    DisposableProduction,
}

impl KeyKind {
    pub fn is_disposable(self) -> bool {
        self != KeyKind::LongLived
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsProblem {
    UsernameMissing,
    UsernameInvalid,
    KeyMissing,
    KeyInvalid,
    /// Disposable mode, but the key is not a `tempsand…`/`tempprod…` one (see [`super::mode`]).
    KeyNotDisposable,
    BaseUrlInvalid,
}

impl CredentialsProblem {
    /// The stable code (§5): missing fields vs malformed ones.
    pub fn code(self) -> &'static str {
        match self {
            CredentialsProblem::UsernameMissing | CredentialsProblem::KeyMissing => {
                "CREDENTIALS_MISSING"
            }
            _ => "CREDENTIALS_INVALID",
        }
    }

    pub fn sentence(self) -> &'static str {
        match self {
            CredentialsProblem::UsernameMissing => "Enter your MediaSFU API username.",
            CredentialsProblem::UsernameInvalid => {
                "The API username is letters and digits only, at least 6."
            }
            CredentialsProblem::KeyMissing => "Enter your MediaSFU API key.",
            CredentialsProblem::KeyInvalid => "The API key is exactly 64 letters and digits.",
            CredentialsProblem::KeyNotDisposable => {
                "A disposable key starts with tempsand or tempprod and is 64 letters and digits in all."
            }
            CredentialsProblem::BaseUrlInvalid => {
                "The base URL must start with https:// (http:// only for localhost) and have no trailing slash."
            }
        }
    }
}

/// The account name and key. `Debug` never prints the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    username: String,
    key: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Credentials {{ apiUserName: {:?}, apiKey: <{} chars> }}",
            self.username,
            self.key.chars().count()
        )
    }
}

impl Credentials {
    /// Validate both fields (§1) and build the credentials.
    pub fn new(username: &str, key: &str) -> Result<Credentials, CredentialsProblem> {
        let username = username.trim();
        let key = key.trim();
        if username.is_empty() {
            return Err(CredentialsProblem::UsernameMissing);
        }
        if username.len() < 6 || !username.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CredentialsProblem::UsernameInvalid);
        }
        if key.is_empty() {
            return Err(CredentialsProblem::KeyMissing);
        }
        if key.len() != 64 || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CredentialsProblem::KeyInvalid);
        }
        Ok(Credentials {
            username: username.to_string(),
            key: key.to_string(),
        })
    }

    pub fn username(&self) -> &str {
        &self.username
    }

    /// The key itself, for storage the user opted into and for the header. Never for display.
    pub fn key_for_storage(&self) -> &str {
        &self.key
    }

    pub fn key_kind(&self) -> KeyKind {
        if self.key.starts_with("tempsand") {
            KeyKind::DisposableSandbox
        } else if self.key.starts_with("tempprod") {
            KeyKind::DisposableProduction
        } else {
            KeyKind::LongLived
        }
    }

    /// What settings show instead of the key: its kind and last 4 characters.
    pub fn masked_key(&self) -> String {
        let tail: String = self.key.chars().skip(60).collect();
        format!("••••••••…{tail}")
    }

    /// `Bearer <user>:<key>`, built at send time (§1), never kept.
    pub fn authorization_header(&self) -> String {
        format!("Bearer {}:{}", self.username, self.key)
    }
}

/// §8.1: `https://` (or `http://` on localhost / 127.0.0.0/8), no trailing slash. Same-origin proxy
/// paths (`/api/mediasfu`) are also accepted for proxy mode.
pub fn validate_base_url(raw: &str) -> Result<String, CredentialsProblem> {
    let url = raw.trim();
    if url.is_empty() || url.ends_with('/') || url.chars().any(|c| c.is_whitespace()) {
        return Err(CredentialsProblem::BaseUrlInvalid);
    }
    if url.starts_with('/') {
        return Ok(url.to_string());
    }
    let host_of = |rest: &str| -> String {
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        if authority.starts_with('[') {
            return authority.split(']').next().unwrap_or("").to_string() + "]";
        }
        authority
            .split(':')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    if let Some(rest) = url.strip_prefix("https://") {
        return if host_of(rest).is_empty() {
            Err(CredentialsProblem::BaseUrlInvalid)
        } else {
            Ok(url.to_string())
        };
    }
    if let Some(rest) = url.strip_prefix("http://") {
        let host = host_of(rest);
        let loopback_v4 = host.strip_prefix("127.").is_some_and(|tail| {
            let parts: Vec<&str> = tail.split('.').collect();
            parts.len() == 3 && parts.iter().all(|p| p.parse::<u8>().is_ok())
        });
        if host == "localhost" || loopback_v4 || host == "[::1]" {
            return Ok(url.to_string());
        }
    }
    Err(CredentialsProblem::BaseUrlInvalid)
}

pub const DEFAULT_BASE_URL: &str = "https://mediasfu.com";
/// In proxy mode the browser talks to its own origin under this path (§8.1).
pub const PROXY_BASE_PATH: &str = "/api/mediasfu";

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0abcd";

    #[test]
    fn username_is_at_least_six_alphanumerics() {
        assert!(Credentials::new("alice1", KEY).is_ok());
        assert_eq!(
            Credentials::new("al1", KEY),
            Err(CredentialsProblem::UsernameInvalid)
        );
        assert_eq!(
            Credentials::new("alice_1", KEY),
            Err(CredentialsProblem::UsernameInvalid)
        );
        assert_eq!(
            Credentials::new("", KEY).unwrap_err().code(),
            "CREDENTIALS_MISSING"
        );
    }

    #[test]
    fn key_is_exactly_64_alphanumerics() {
        assert_eq!(
            Credentials::new("alice1", &KEY[..63]),
            Err(CredentialsProblem::KeyInvalid)
        );
        assert_eq!(
            Credentials::new("alice1", &format!("{}!", &KEY[..63])),
            Err(CredentialsProblem::KeyInvalid)
        );
        assert_eq!(
            Credentials::new("alice1", "").unwrap_err().code(),
            "CREDENTIALS_MISSING"
        );
        assert_eq!(
            Credentials::new("alice1", "short").unwrap_err().code(),
            "CREDENTIALS_INVALID"
        );
    }

    #[test]
    fn disposable_keys_are_recognised_by_prefix() {
        let sand = format!("tempsand{}", &KEY[..56]);
        let prod = format!("tempprod{}", &KEY[..56]);
        assert_eq!(
            Credentials::new("alice1", &sand).map(|c| c.key_kind()),
            Ok(KeyKind::DisposableSandbox)
        );
        assert_eq!(
            Credentials::new("alice1", &prod).map(|c| c.key_kind()),
            Ok(KeyKind::DisposableProduction)
        );
        assert_eq!(
            Credentials::new("alice1", KEY).map(|c| c.key_kind()),
            Ok(KeyKind::LongLived)
        );
    }

    #[test]
    fn the_key_never_appears_in_debug_output_or_the_mask() {
        let c = Credentials::new("alice1", KEY).expect("valid test credentials");
        let dbg = format!("{c:?}");
        assert!(!dbg.contains(KEY), "{dbg}");
        assert!(dbg.contains("apiKey: <64 chars>"), "{dbg}");
        assert!(!c.masked_key().contains(&KEY[..8]));
    }

    #[test]
    fn the_authorization_header_is_bearer_user_colon_key() {
        let c = Credentials::new("alice1", KEY).expect("valid test credentials");
        assert_eq!(c.authorization_header(), format!("Bearer alice1:{KEY}"));
    }

    #[test]
    fn base_url_must_be_https_without_trailing_slash_http_only_for_loopback() {
        assert!(validate_base_url("https://mediasfu.com").is_ok());
        assert!(validate_base_url("https://mediasfu.com/").is_err());
        assert!(validate_base_url("http://mediasfu.com").is_err());
        assert!(validate_base_url("http://localhost:8080").is_ok());
        assert!(validate_base_url("http://127.0.0.1:9999").is_ok());
        assert!(validate_base_url("http://127.0.0.1.evil.com").is_err());
        assert!(validate_base_url("ftp://x").is_err());
        assert!(validate_base_url("/api/mediasfu").is_ok());
    }
}
