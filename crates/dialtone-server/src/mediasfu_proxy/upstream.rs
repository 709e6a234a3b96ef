//! The one exchange with MediaSFU per forwarded request: our `Authorization` (never the
//! client's), JSON in and out, a bounded answer, and the failures the client sees as 502/504.

use axum::body::Bytes;
use axum::http::{HeaderValue, Method, StatusCode};

use super::route::UpstreamRoute;
use super::{MAX_RESPONSE_BODY, MediasfuProxy};

/// What MediaSFU answered, with the headers that pass through.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: Option<HeaderValue>,
    pub retry_after: Option<HeaderValue>,
    pub body: Bytes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamFailure {
    TimedOut,
    Unreachable,
    TooLarge,
    BrokeOff,
}

impl UpstreamFailure {
    pub fn status(self) -> StatusCode {
        match self {
            UpstreamFailure::TimedOut => StatusCode::GATEWAY_TIMEOUT,
            _ => StatusCode::BAD_GATEWAY,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            UpstreamFailure::TimedOut => "UPSTREAM_TIMEOUT",
            UpstreamFailure::Unreachable => "UPSTREAM_UNREACHABLE",
            UpstreamFailure::TooLarge => "UPSTREAM_TOO_LARGE",
            UpstreamFailure::BrokeOff => "UPSTREAM_BROKE_OFF",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            UpstreamFailure::TimedOut => "MediaSFU did not answer in time",
            UpstreamFailure::Unreachable => "MediaSFU could not be reached",
            UpstreamFailure::TooLarge => "MediaSFU's answer was too large",
            UpstreamFailure::BrokeOff => "MediaSFU's answer broke off",
        }
    }
}

/// Sends `route` (URL from the configured base and the route's own parts only) and reads the
/// answer, at most [`MAX_RESPONSE_BODY`] bytes of it.
pub async fn exchange(
    proxy: &MediasfuProxy,
    route: &UpstreamRoute,
    body: Bytes,
) -> Result<Answer, UpstreamFailure> {
    let url = format!("{}{}{}", proxy.upstream, route.path, route.query);
    let post = route.method == Method::POST;
    let method = if post {
        reqwest::Method::POST
    } else {
        reqwest::Method::GET
    };
    let mut request = proxy
        .client
        .request(method, &url)
        .header(
            reqwest::header::AUTHORIZATION,
            proxy.credentials.authorization_header(),
        )
        .header(reqwest::header::ACCEPT, "application/json");
    if post {
        request = request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
    }
    let mut answer = request.send().await.map_err(|e| {
        if e.is_timeout() {
            UpstreamFailure::TimedOut
        } else {
            UpstreamFailure::Unreachable
        }
    })?;
    let status = StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let pass = |name: reqwest::header::HeaderName| {
        answer
            .headers()
            .get(name)
            .and_then(|v| HeaderValue::from_bytes(v.as_bytes()).ok())
    };
    let content_type = pass(reqwest::header::CONTENT_TYPE);
    let retry_after = pass(reqwest::header::RETRY_AFTER);
    let mut collected: Vec<u8> = Vec::new();
    loop {
        match answer.chunk().await {
            Ok(Some(chunk)) => {
                if collected.len().saturating_add(chunk.len()) > MAX_RESPONSE_BODY {
                    return Err(UpstreamFailure::TooLarge);
                }
                collected.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) if e.is_timeout() => return Err(UpstreamFailure::TimedOut),
            Err(_) => return Err(UpstreamFailure::BrokeOff),
        }
    }
    Ok(Answer {
        status,
        content_type,
        retry_after,
        body: Bytes::from(collected),
    })
}
