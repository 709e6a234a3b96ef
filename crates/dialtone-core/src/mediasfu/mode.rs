//! The three credential modes of the settings (spec §8.1): direct with a long-lived key, direct with
//! a disposable key, or through this server's proxy. The mode is the user's explicit choice, so a key
//! that does not fit it is refused before anything is saved or sent.

use super::credentials::{Credentials, CredentialsProblem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CredentialMode {
    #[default]
    DirectLongLived,
    DirectDisposable,
    Proxy,
}

impl CredentialMode {
    /// The stable name used in storage and in `tel-mode-*` test ids.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialMode::DirectLongLived => "long-lived",
            CredentialMode::DirectDisposable => "disposable",
            CredentialMode::Proxy => "proxy",
        }
    }

    pub fn parse(s: &str) -> Option<CredentialMode> {
        [CredentialMode::DirectLongLived, CredentialMode::DirectDisposable, CredentialMode::Proxy]
            .into_iter()
            .find(|m| m.as_str() == s)
    }

    /// Validates the username and key for this mode. Proxy mode holds no credentials (`None`).
    /// A disposable key is 64 characters starting `tempsand`/`tempprod` (§1); the general 64-char
    /// rule is checked first so a short key gets the more basic message.
    pub fn credentials(self, username: &str, key: &str) -> Result<Option<Credentials>, CredentialsProblem> {
        if self == CredentialMode::Proxy {
            return Ok(None);
        }
        let credentials = Credentials::new(username, key)?;
        if self == CredentialMode::DirectDisposable && !credentials.key_kind().is_disposable() {
            return Err(CredentialsProblem::KeyNotDisposable);
        }
        Ok(Some(credentials))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789AB";

    #[test]
    fn disposable_mode_needs_a_disposable_prefix() {
        let sand = format!("tempsand{}", &LONG[..56]);
        let prod = format!("tempprod{}", &LONG[..56]);
        let m = CredentialMode::DirectDisposable;
        assert!(m.credentials("dialtoneuser1", &sand).is_ok_and(|c| c.is_some()));
        assert!(m.credentials("dialtoneuser1", &prod).is_ok());
        assert_eq!(m.credentials("dialtoneuser1", LONG).err(), Some(CredentialsProblem::KeyNotDisposable));
        // Right prefix, wrong length: the basic rule speaks first.
        assert_eq!(m.credentials("dialtoneuser1", "tempsand123").err(), Some(CredentialsProblem::KeyInvalid));
        assert_eq!(CredentialsProblem::KeyNotDisposable.code(), "CREDENTIALS_INVALID");
    }

    #[test]
    fn long_lived_mode_takes_any_valid_key_and_proxy_none() {
        assert!(CredentialMode::DirectLongLived.credentials("dialtoneuser1", LONG).is_ok());
        assert_eq!(CredentialMode::Proxy.credentials("", ""), Ok(None));
        assert_eq!(CredentialMode::DirectLongLived.credentials("", LONG).err(), Some(CredentialsProblem::UsernameMissing));
    }

    #[test]
    fn names_round_trip() {
        for m in [CredentialMode::DirectLongLived, CredentialMode::DirectDisposable, CredentialMode::Proxy] {
            assert_eq!(CredentialMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(CredentialMode::parse("other"), None);
    }
}
