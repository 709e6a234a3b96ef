//! Time-limited TURN credentials (the TURN REST scheme that coturn's `use-auth-secret`
//! implements): username `<expiry unix time>:<user>`, password base64(HMAC-SHA1(secret, username)).
//! The shared secret never leaves the server; clients get credentials that expire by themselves.

use base64::Engine;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha1::Sha1;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IceServer {
    pub urls: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IceServers {
    pub ice_servers: Vec<IceServer>,
    /// Seconds the credentials stay valid.
    pub ttl: u64,
}

#[derive(Clone)]
pub struct TurnConfig {
    pub secret: String,
    pub turn_urls: Vec<String>,
    pub stun_urls: Vec<String>,
    pub ttl_secs: u64,
}

impl std::fmt::Debug for TurnConfig {
    // The secret stays out of every log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TurnConfig")
            .field("turn_urls", &self.turn_urls)
            .field("stun_urls", &self.stun_urls)
            .field("ttl_secs", &self.ttl_secs)
            .finish_non_exhaustive()
    }
}

/// The password for `username` under `secret`.
pub fn turn_password(secret: &str, username: &str) -> String {
    // HMAC accepts keys of any length; this cannot fail.
    let mut mac = match Hmac::<Sha1>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(username.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

impl TurnConfig {
    /// Credentials for a fresh random user, valid `ttl_secs` from `now_unix`.
    pub fn issue(&self, now_unix: u64, user: &str) -> IceServers {
        let mut ice_servers = Vec::new();
        if !self.stun_urls.is_empty() {
            ice_servers.push(IceServer { urls: self.stun_urls.clone(), username: None, credential: None });
        }
        if !self.turn_urls.is_empty() {
            let username = format!("{}:{user}", now_unix + self.ttl_secs);
            let credential = turn_password(&self.secret, &username);
            ice_servers.push(IceServer {
                urls: self.turn_urls.clone(),
                username: Some(username),
                credential: Some(credential),
            });
        }
        IceServers { ice_servers, ttl: self.ttl_secs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_base64_hmac_sha1_of_the_username() {
        // Computed independently with Python's hmac module.
        assert_eq!(turn_password("north", "1700000000:u1"), "V5T4+SMzwlCncdLd960W+gxser0=");
    }

    #[test]
    fn credentials_expire_after_the_ttl_and_stun_needs_none() {
        let config = TurnConfig {
            secret: "s".into(),
            turn_urls: vec!["turn:127.0.0.1:3478?transport=udp".into()],
            stun_urls: vec!["stun:127.0.0.1:3478".into()],
            ttl_secs: 600,
        };
        let issued = config.issue(1_000, "abc");
        assert_eq!(issued.ttl, 600);
        assert_eq!(issued.ice_servers[0].username, None);
        assert_eq!(issued.ice_servers[1].username.as_deref(), Some("1600:abc"));
        assert_eq!(issued.ice_servers[1].credential.as_deref(), Some(turn_password("s", "1600:abc").as_str()));
        assert!(!format!("{config:?}").contains("\"s\""), "the secret is not in Debug output");
    }
}
