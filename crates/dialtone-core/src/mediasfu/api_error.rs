//! Classifying an HTTP outcome into the stable codes of spec §5. The web layer hands over what it
//! saw (status, body, `Retry-After`, or a transport failure); the core decides what it means.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    CredentialsRejected { disposable: bool, via_proxy: bool },
    AccessDenied,
    /// Our own server's proxy refused the caller before MediaSFU was asked (its 403 codes).
    ProxyRefused(ProxyRefusal),
    RateLimited { retry_after_s: Option<u64> },
    RequestRefused { status: u16, text: String },
    ServerError { status: u16 },
    Network,
    Timeout,
    BadResponse,
    ApiError { text: String },
}

/// Why the server's MediaSFU proxy refused this page (its JSON `code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyRefusal {
    /// `TOKEN_REQUIRED`: the proxy has a token and this page did not present it.
    TokenRequired,
    /// `LOOPBACK_ONLY`: the proxy has no token, so it serves only the machine it runs on.
    LoopbackOnly,
    /// `FOREIGN_ORIGIN`: the request came from another site's page.
    ForeignOrigin,
}

impl ProxyRefusal {
    fn from_body(body: &str) -> Option<ProxyRefusal> {
        let value = serde_json::from_str::<Value>(body).ok()?;
        match value.get("code")?.as_str()? {
            "TOKEN_REQUIRED" => Some(ProxyRefusal::TokenRequired),
            "LOOPBACK_ONLY" => Some(ProxyRefusal::LoopbackOnly),
            "FOREIGN_ORIGIN" => Some(ProxyRefusal::ForeignOrigin),
            _ => None,
        }
    }
}

/// What the transport saw, before any interpretation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    Response {
        status: u16,
        body: String,
        retry_after: Option<String>,
    },
    Network,
    Timeout,
}

/// §5: server text is trimmed to 200 chars and shown as text.
pub fn server_text(body: &str) -> String {
    let from_json = serde_json::from_str::<Value>(body).ok().and_then(|v| {
        v.get("error")
            .or_else(|| v.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    let text = from_json.unwrap_or_else(|| body.to_string());
    text.trim().chars().take(200).collect()
}

fn looks_rate_limited(body: &str) -> bool {
    let b = body.to_ascii_lowercase();
    ["429", "rate limit", "too many request", "quota exceeded"]
        .iter()
        .any(|p| b.contains(p))
}

/// `Retry-After` in seconds (HTTP-date forms are ignored: unverified upstream).
pub fn parse_retry_after(raw: Option<&str>) -> Option<u64> {
    raw.and_then(|r| r.trim().parse::<u64>().ok())
}

impl ApiError {
    /// Classify a transport outcome. `Ok(body)` for a usable 2xx; `success:false` is an error.
    pub fn classify(
        outcome: Transport,
        disposable: bool,
        via_proxy: bool,
    ) -> Result<String, ApiError> {
        let (status, body, retry_after) = match outcome {
            Transport::Network => return Err(ApiError::Network),
            Transport::Timeout => return Err(ApiError::Timeout),
            Transport::Response {
                status,
                body,
                retry_after,
            } => (status, body, retry_after),
        };
        match status {
            // §2: a 2xx is success unless the body says `success:false`. A body that is not JSON
            // is still a success (the action happened); a caller that needs fields from it finds
            // them missing and reports BAD_RESPONSE itself.
            200..=299 => {
                let Ok(v) = serde_json::from_str::<Value>(&body) else {
                    return Ok(body);
                };
                if v.get("success") == Some(&Value::Bool(false)) {
                    let text = server_text(&body);
                    if looks_rate_limited(&text) {
                        return Err(ApiError::RateLimited {
                            retry_after_s: parse_retry_after(retry_after.as_deref()),
                        });
                    }
                    return Err(ApiError::ApiError { text });
                }
                Ok(body)
            }
            401 => Err(ApiError::CredentialsRejected {
                disposable,
                via_proxy,
            }),
            // Through our proxy, a 403 may be the proxy's own: then MediaSFU's key is not the
            // problem and the sentence must not say it is.
            403 if via_proxy && let Some(refusal) = ProxyRefusal::from_body(&body) => Err(ApiError::ProxyRefused(refusal)),
            403 => Err(ApiError::AccessDenied),
            429 => Err(ApiError::RateLimited {
                retry_after_s: parse_retry_after(retry_after.as_deref()),
            }),
            400..=499 if looks_rate_limited(&server_text(&body)) => Err(ApiError::RateLimited {
                retry_after_s: parse_retry_after(retry_after.as_deref()),
            }),
            400..=499 => Err(ApiError::RequestRefused {
                status,
                text: server_text(&body),
            }),
            _ => Err(ApiError::ServerError { status }),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::CredentialsRejected { .. } => "CREDENTIALS_REJECTED",
            ApiError::AccessDenied => "ACCESS_DENIED",
            ApiError::ProxyRefused(ProxyRefusal::TokenRequired) => "PROXY_TOKEN_REQUIRED",
            ApiError::ProxyRefused(ProxyRefusal::LoopbackOnly) => "PROXY_LOOPBACK_ONLY",
            ApiError::ProxyRefused(ProxyRefusal::ForeignOrigin) => "PROXY_FOREIGN_ORIGIN",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::RequestRefused { .. } => "REQUEST_REFUSED",
            ApiError::ServerError { .. } => "SERVER_ERROR",
            ApiError::Network => "NETWORK",
            ApiError::Timeout => "TIMEOUT",
            ApiError::BadResponse => "BAD_RESPONSE",
            ApiError::ApiError { .. } => "API_ERROR",
        }
    }

    /// The sentence shown (§5). Rate limits get their wait from the poller, not from here.
    pub fn sentence(&self) -> String {
        match self {
            ApiError::CredentialsRejected { via_proxy: true, .. } => {
                "MediaSFU rejected the server's credentials. The server's operator must fix them.".into()
            }
            ApiError::CredentialsRejected { disposable: true, .. } => {
                "MediaSFU rejected these credentials: the disposable key may have expired.".into()
            }
            ApiError::CredentialsRejected { .. } => "MediaSFU rejected these credentials.".into(),
            ApiError::AccessDenied => "Access denied: this key may not do this, or not from this site (unregistered sites may need a sandbox key).".into(),
            ApiError::ProxyRefused(ProxyRefusal::TokenRequired) => {
                "This server's MediaSFU proxy needs its token: open this page with the link (…?token=…) the server's operator gave you.".into()
            }
            ApiError::ProxyRefused(ProxyRefusal::LoopbackOnly) => {
                "This server's MediaSFU proxy serves only the machine it runs on until its operator gives it a token (--mediasfu-proxy-token-file).".into()
            }
            ApiError::ProxyRefused(ProxyRefusal::ForeignOrigin) => "This server's MediaSFU proxy serves its own pages only.".into(),
            ApiError::RateLimited { retry_after_s } => match retry_after_s {
                Some(s) => format!("MediaSFU is rate-limiting us; next try in {s} s."),
                None => "MediaSFU is rate-limiting us.".into(),
            },
            ApiError::RequestRefused { status, text } if text.is_empty() => format!("MediaSFU refused the request (HTTP {status})."),
            ApiError::RequestRefused { text, .. } | ApiError::ApiError { text } => format!("MediaSFU refused: {text}"),
            ApiError::ServerError { status } => format!("MediaSFU had an error (HTTP {status})."),
            ApiError::Network => "Can't reach MediaSFU (offline, or the origin is not allowed).".into(),
            ApiError::Timeout => "MediaSFU did not answer in 15 s.".into(),
            ApiError::BadResponse => "Unexpected answer from MediaSFU.".into(),
        }
    }

    /// Counts toward the poller's stop-after-3 (§8.3). Rate limits do not.
    pub fn counts_as_failure(&self) -> bool {
        matches!(
            self,
            ApiError::ServerError { .. }
                | ApiError::Network
                | ApiError::Timeout
                | ApiError::BadResponse
        )
    }

    /// 401 and 403 stop all polling at once.
    pub fn stops_polling(&self) -> bool {
        matches!(
            self,
            ApiError::CredentialsRejected { .. } | ApiError::AccessDenied | ApiError::ProxyRefused(_)
        )
    }

    /// A control that got 404 means the call is gone (§5).
    pub fn call_is_gone(&self) -> bool {
        matches!(self, ApiError::RequestRefused { status: 404, .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> Transport {
        Transport::Response {
            status,
            body: body.into(),
            retry_after: None,
        }
    }

    fn err(status: u16, body: &str) -> ApiError {
        ApiError::classify(resp(status, body), false, false).expect_err("an error")
    }

    #[test]
    fn status_401_is_credentials_rejected_and_a_disposable_key_may_have_expired() {
        assert_eq!(err(401, "{}").code(), "CREDENTIALS_REJECTED");
        let d = ApiError::classify(resp(401, ""), true, false).expect_err("401");
        assert!(d.sentence().contains("expired"));
        let p = ApiError::classify(resp(401, ""), false, true).expect_err("401");
        assert!(p.sentence().contains("server's operator"));
        assert!(err(401, "").stops_polling());
    }

    #[test]
    fn status_403_is_access_denied_and_stops_the_poller() {
        let e = err(403, r#"{"error":"nope"}"#);
        assert_eq!(e.code(), "ACCESS_DENIED");
        assert!(e.stops_polling());
        assert!(e.sentence().contains("sandbox key"));
    }

    #[test]
    fn the_proxys_own_refusal_is_not_blamed_on_mediasfu_or_the_key() {
        let through_proxy = |body: &str| {
            ApiError::classify(
                Transport::Response { status: 403, body: body.into(), retry_after: None },
                false,
                true,
            )
        };
        let refused = through_proxy(r#"{"code":"TOKEN_REQUIRED","message":"a valid token is required"}"#).unwrap_err();
        assert_eq!(refused, ApiError::ProxyRefused(ProxyRefusal::TokenRequired));
        assert_eq!(refused.code(), "PROXY_TOKEN_REQUIRED");
        assert!(refused.sentence().contains("?token="), "{}", refused.sentence());
        assert!(!refused.sentence().contains("key may not"));
        assert!(refused.stops_polling());
        let loopback = through_proxy(r#"{"code":"LOOPBACK_ONLY","message":"…"}"#).unwrap_err();
        assert_eq!(loopback.code(), "PROXY_LOOPBACK_ONLY");
        assert!(loopback.sentence().contains("--mediasfu-proxy-token-file"));
        assert_eq!(through_proxy(r#"{"code":"FOREIGN_ORIGIN"}"#).unwrap_err().code(), "PROXY_FOREIGN_ORIGIN");
        // MediaSFU's own 403, relayed by the proxy, and any 403 without the proxy stay MediaSFU's.
        assert_eq!(through_proxy(r#"{"error":"nope"}"#).unwrap_err(), ApiError::AccessDenied);
        let direct = ApiError::classify(
            Transport::Response { status: 403, body: r#"{"code":"TOKEN_REQUIRED"}"#.into(), retry_after: None },
            false,
            false,
        );
        assert_eq!(direct.unwrap_err(), ApiError::AccessDenied);
    }

    #[test]
    fn status_429_or_a_rate_limit_body_is_rate_limited_with_retry_after() {
        let e = ApiError::classify(
            Transport::Response {
                status: 429,
                body: "{}".into(),
                retry_after: Some("30".into()),
            },
            false,
            false,
        );
        assert_eq!(
            e,
            Err(ApiError::RateLimited {
                retry_after_s: Some(30)
            })
        );
        assert_eq!(
            err(400, r#"{"error":"Quota exceeded for today"}"#).code(),
            "RATE_LIMITED"
        );
        assert_eq!(
            err(200, r#"{"success":false,"message":"Too many requests"}"#).code(),
            "RATE_LIMITED"
        );
        assert!(!err(429, "").counts_as_failure());
    }

    #[test]
    fn other_4xx_is_request_refused_with_the_server_text_trimmed_to_200() {
        let long = "x".repeat(300);
        match err(400, &format!(r#"{{"error":"{long}"}}"#)) {
            ApiError::RequestRefused { status: 400, text } => assert_eq!(text.len(), 200),
            other => panic!("{other:?}"),
        }
        assert!(err(404, r#"{"message":"no such call"}"#).call_is_gone());
        assert!(err(404, "").sentence().contains("404"));
    }

    #[test]
    fn status_5xx_is_server_error_and_counts_as_failure() {
        let e = err(502, "<html>");
        assert_eq!(e.sentence(), "MediaSFU had an error (HTTP 502).");
        assert!(e.counts_as_failure());
    }

    #[test]
    fn a_2xx_body_that_is_not_json_is_still_a_success() {
        assert_eq!(
            ApiError::classify(resp(200, "<html>oops"), false, false),
            Ok("<html>oops".into())
        );
        assert!(ApiError::BadResponse.counts_as_failure());
    }

    #[test]
    fn a_2xx_with_success_false_is_api_error() {
        let e = err(200, r#"{"success":false,"error":"room closed"}"#);
        assert_eq!(e.code(), "API_ERROR");
        assert_eq!(e.sentence(), "MediaSFU refused: room closed");
    }

    #[test]
    fn transport_failures_are_network_and_timeout() {
        assert_eq!(
            ApiError::classify(Transport::Network, false, false),
            Err(ApiError::Network)
        );
        assert_eq!(
            ApiError::classify(Transport::Timeout, false, false),
            Err(ApiError::Timeout)
        );
        assert!(ApiError::Timeout.sentence().contains("15 s"));
    }

    #[test]
    fn a_2xx_json_body_is_returned() {
        assert_eq!(
            ApiError::classify(resp(200, r#"{"data":[]}"#), false, false),
            Ok(r#"{"data":[]}"#.into())
        );
    }
}
