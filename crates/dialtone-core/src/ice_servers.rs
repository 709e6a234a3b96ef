//! What an answer to `GET /api/ice-servers` means. Dialtone's server answers JSON; a base server
//! has no such route and answers 404 or its HTML page. Only a failure that may pass (no network,
//! or a server saying "later") is retried; anything else means no ICE servers are configured for
//! this page, which is final: calls on a LAN or loopback need none.

use serde_json::Value;

/// The lifetime assumed when the answer gives none.
const DEFAULT_TTL_SECS: u64 = 3_600;

#[derive(Debug, Clone, PartialEq)]
pub enum IceServersAnswer {
    /// The `iceServers` array (for RTCConfiguration) and how long its credentials live.
    Servers { servers: Value, ttl_secs: u64 },
    /// None configured, or none for us: not asked again. `code` says why, for the log.
    NoneConfigured { code: &'static str },
    /// Try again later (with back-off).
    Retry { code: &'static str },
}

/// Reads a response: its HTTP status and body.
pub fn classify(status: u16, body: &str) -> IceServersAnswer {
    match status {
        200..=299 => {}
        // A proxy in front of a restarting server, or a server asking to slow down.
        408 | 429 | 500..=599 => return IceServersAnswer::Retry { code: "ICE_SERVERS_UNAVAILABLE" },
        401 | 403 => return IceServersAnswer::NoneConfigured { code: "ICE_SERVERS_REFUSED" },
        _ => return IceServersAnswer::NoneConfigured { code: "ICE_SERVERS_NOT_OFFERED" },
    }
    let Ok(json) = serde_json::from_str::<Value>(body) else {
        // A base server's HTML page for every path.
        return IceServersAnswer::NoneConfigured { code: "ICE_SERVERS_NOT_OFFERED" };
    };
    match json.get("iceServers").filter(|v| v.is_array()) {
        Some(servers) => IceServersAnswer::Servers {
            servers: servers.clone(),
            ttl_secs: json.get("ttl").and_then(Value::as_u64).unwrap_or(DEFAULT_TTL_SECS),
        },
        None => IceServersAnswer::NoneConfigured { code: "ICE_SERVERS_NOT_OFFERED" },
    }
}

/// The request never got an answer (offline, refused, reset): worth another try.
pub fn network_error() -> IceServersAnswer {
    IceServersAnswer::Retry { code: "ICE_SERVERS_UNREACHABLE" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_list_is_used_with_its_ttl() {
        let answer = classify(200, r#"{"iceServers":[{"urls":["stun:x"]}],"ttl":60}"#);
        assert!(matches!(answer, IceServersAnswer::Servers { ttl_secs: 60, ref servers } if servers.as_array().map(Vec::len) == Some(1)));
    }

    #[test]
    fn a_404_or_an_html_page_means_none_configured() {
        assert!(matches!(classify(404, "not found"), IceServersAnswer::NoneConfigured { .. }));
        assert!(matches!(classify(200, "<!DOCTYPE html><html>"), IceServersAnswer::NoneConfigured { .. }));
        assert!(matches!(classify(200, r#"{"other":1}"#), IceServersAnswer::NoneConfigured { .. }));
        assert!(matches!(classify(401, ""), IceServersAnswer::NoneConfigured { code: "ICE_SERVERS_REFUSED" }));
    }

    #[test]
    fn only_failures_that_may_pass_are_retried() {
        assert!(matches!(network_error(), IceServersAnswer::Retry { .. }));
        for status in [408, 429, 502, 503] {
            assert!(matches!(classify(status, ""), IceServersAnswer::Retry { .. }), "{status}");
        }
    }
}
