//! Which MediaSFU calls the proxy forwards, and the exact upstream request each becomes. The
//! client's path is percent-decoded and checked segment by segment first (no `.`/`..`, no empty
//! segment in the middle, nothing that decodes to `/`, `\`, `%`, a control or a non-ASCII byte),
//! then matched against an explicit table of route shapes (method + segments) from
//! specs/mediasfu-api.md §2 and §4. The upstream path is rebuilt from the table's constant
//! pieces and a call id of a strict alphabet, the query from known keys with validated values:
//! no client text reaches the upstream URL unchecked, so an HTTP client's own normalisation
//! (which turns `%2e%2e` into `..` and resolves it) has nothing left to act on.

use axum::http::{Method, StatusCode};

/// Everything under this is the proxy's; the rest of the path is the MediaSFU route.
pub const PREFIX: &str = "/api/mediasfu/v1/";

/// The `POST /v1/sipcall/{id}/<action>` controls of spec §2.
const CALL_ACTIONS: &[&str] = &[
    "end",
    "hold",
    "unhold",
    "play",
    "update-play-to-all",
    "switch-source",
    "start-agent",
    "stop-agent",
    "send-dtmf",
    "offer-callback",
    "update-template",
    "pause-recording",
    "resume-recording",
    "stop-recording",
];

/// The one request the proxy will make upstream for a client's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamRoute {
    pub method: Method,
    /// `/v1/…`, from constant pieces and a validated call id.
    pub path: String,
    /// `?key=value&…` from validated known keys (canonical order), or empty.
    pub query: String,
}

impl UpstreamRoute {
    /// `GET /v1/sipcall/list`: the one answer shared through the short cache.
    pub fn is_call_list(&self) -> bool {
        self.method == Method::GET && self.path == "/v1/sipcall/list"
    }
}

/// Why a request matches no forwarded route. Nothing is sent upstream for any of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteRefusal {
    /// A segment that does not decode, or decodes to something no route may contain.
    BadPath,
    /// Not one of the spec's route shapes.
    NotFound,
    /// A known route, another method; carries the one it takes.
    MethodNotAllowed(Method),
    /// A query key the route does not take, a repeated key, or a value out of its range.
    BadQuery(&'static str),
}

impl RouteRefusal {
    pub fn status(&self) -> StatusCode {
        match self {
            RouteRefusal::BadPath | RouteRefusal::BadQuery(_) => StatusCode::BAD_REQUEST,
            RouteRefusal::NotFound => StatusCode::NOT_FOUND,
            RouteRefusal::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            RouteRefusal::BadPath => "BAD_PATH",
            RouteRefusal::NotFound => "NOT_FOUND",
            RouteRefusal::MethodNotAllowed(_) => "METHOD_NOT_ALLOWED",
            RouteRefusal::BadQuery(_) => "BAD_QUERY",
        }
    }

    pub fn message(&self) -> String {
        match self {
            RouteRefusal::BadPath => {
                "the path has a segment no MediaSFU route contains (dot segments, encoded slashes, \
                 empty, control or non-ASCII characters)"
                    .into()
            }
            RouteRefusal::NotFound => "not a MediaSFU route this proxy forwards".into(),
            RouteRefusal::MethodNotAllowed(allowed) => {
                format!("this MediaSFU route takes {allowed} only")
            }
            RouteRefusal::BadQuery(why) => format!("query refused: {why}"),
        }
    }
}

/// The spec's endpoints, as matched from the decoded segments.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Endpoint {
    ListCalls,
    CallSummary,
    PlaceCall,
    CallState(CallId),
    CallControl(CallId, &'static str),
    SipConfigs,
    Rooms,
    EventsSettings,
}

/// A `sipCallId` as it may appear in a path: `[A-Za-z0-9_-]{1,128}`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CallId(String);

impl CallId {
    fn parse(s: &str) -> Option<CallId> {
        let ok = (1..=128).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        ok.then(|| CallId(s.to_owned()))
    }
}

impl Endpoint {
    fn matching(segments: &[String]) -> Option<Endpoint> {
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        Some(match segments.as_slice() {
            ["sipcall", "list"] => Endpoint::ListCalls,
            ["sipcall", "summary"] => Endpoint::CallSummary,
            ["sipcall", "outgoingCall"] => Endpoint::PlaceCall,
            ["sipcall", id, "state"] => Endpoint::CallState(CallId::parse(id)?),
            ["sipcall", id, action] => {
                let action = CALL_ACTIONS.iter().find(|a| *a == action)?;
                Endpoint::CallControl(CallId::parse(id)?, action)
            }
            ["sipconfigs"] | ["sipconfigs", ""] => Endpoint::SipConfigs,
            ["rooms"] | ["rooms", ""] => Endpoint::Rooms,
            ["eventssettings"] | ["eventssettings", ""] => Endpoint::EventsSettings,
            _ => return None,
        })
    }

    fn method(&self) -> Method {
        match self {
            Endpoint::ListCalls
            | Endpoint::CallSummary
            | Endpoint::CallState(_)
            | Endpoint::SipConfigs
            | Endpoint::EventsSettings => Method::GET,
            Endpoint::PlaceCall | Endpoint::CallControl(..) | Endpoint::Rooms => Method::POST,
        }
    }

    fn upstream_path(&self) -> String {
        match self {
            Endpoint::ListCalls => "/v1/sipcall/list".into(),
            Endpoint::CallSummary => "/v1/sipcall/summary".into(),
            Endpoint::PlaceCall => "/v1/sipcall/outgoingCall".into(),
            Endpoint::CallState(id) => format!("/v1/sipcall/{}/state", id.0),
            Endpoint::CallControl(id, action) => format!("/v1/sipcall/{}/{action}", id.0),
            Endpoint::SipConfigs => "/v1/sipconfigs/".into(),
            Endpoint::Rooms => "/v1/rooms/".into(),
            Endpoint::EventsSettings => "/v1/eventssettings/".into(),
        }
    }

    /// The query keys the route takes, in the order they are forwarded.
    fn query_keys(&self) -> &'static [QueryKey] {
        match self {
            Endpoint::ListCalls => &[
                QueryKey::Direction,
                QueryKey::Status,
                QueryKey::RoomName,
                QueryKey::Search,
                QueryKey::Page,
                QueryKey::Limit,
            ],
            Endpoint::SipConfigs => &[QueryKey::Action, QueryKey::StartIndex, QueryKey::PageSize],
            _ => &[],
        }
    }
}

/// The query parameters of §2 (list filters) and §4.1 (SIP config paging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QueryKey {
    Direction,
    Status,
    RoomName,
    Search,
    Page,
    Limit,
    Action,
    StartIndex,
    PageSize,
}

impl QueryKey {
    fn name(self) -> &'static str {
        match self {
            QueryKey::Direction => "direction",
            QueryKey::Status => "status",
            QueryKey::RoomName => "roomName",
            QueryKey::Search => "search",
            QueryKey::Page => "page",
            QueryKey::Limit => "limit",
            QueryKey::Action => "action",
            QueryKey::StartIndex => "startIndex",
            QueryKey::PageSize => "pageSize",
        }
    }

    fn accepts(self, value: &str) -> bool {
        let made_of = |max: usize, ok: fn(u8) -> bool| {
            (1..=max).contains(&value.len()) && value.bytes().all(ok)
        };
        let number_in = |range: std::ops::RangeInclusive<u32>| {
            made_of(6, |b| b.is_ascii_digit())
                && value.parse::<u32>().is_ok_and(|n| range.contains(&n))
        };
        match self {
            QueryKey::Direction => matches!(value, "incoming" | "outgoing"),
            QueryKey::Status => made_of(40, |b| b.is_ascii_alphabetic() || b == b'-' || b == b'_'),
            QueryKey::RoomName => {
                made_of(64, |b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            }
            QueryKey::Search => made_of(20, |b| b.is_ascii_digit() || b == b'+'),
            QueryKey::Page => number_in(1..=100_000),
            QueryKey::Limit | QueryKey::PageSize => number_in(1..=100),
            QueryKey::Action => value == "get",
            QueryKey::StartIndex => number_in(0..=100_000),
        }
    }
}

/// The upstream request for `method path?query`, or why there is none.
pub fn resolve(
    method: &Method,
    path: &str,
    query: Option<&str>,
) -> Result<UpstreamRoute, RouteRefusal> {
    let rest = path.strip_prefix(PREFIX).ok_or(RouteRefusal::NotFound)?;
    let segments = decode_segments(rest)?;
    let endpoint = Endpoint::matching(&segments).ok_or(RouteRefusal::NotFound)?;
    let expected = endpoint.method();
    if *method != expected {
        return Err(RouteRefusal::MethodNotAllowed(expected));
    }
    Ok(UpstreamRoute {
        method: expected,
        path: endpoint.upstream_path(),
        query: canonical_query(query, endpoint.query_keys())?,
    })
}

/// Decoded segments; an empty one is allowed only last (a trailing slash).
fn decode_segments(raw: &str) -> Result<Vec<String>, RouteRefusal> {
    let parts: Vec<&str> = raw.split('/').collect();
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| match decode_segment(part)? {
            s if s.is_empty() && i != last => Err(RouteRefusal::BadPath),
            s => Ok(s),
        })
        .collect()
}

/// One segment percent-decoded; refused when malformed or when it decodes to a dot segment, or
/// to anything outside printable ASCII, or to `/`, `\` or `%` (an encoded separator, or double
/// encoding meant for a second decoder).
fn decode_segment(raw: &str) -> Result<String, RouteRefusal> {
    let decoded = percent_decode(raw).ok_or(RouteRefusal::BadPath)?;
    let dots_only = !decoded.is_empty() && decoded.iter().all(|b| *b == b'.');
    let bad_byte = decoded
        .iter()
        .any(|b| !(0x21..=0x7e).contains(b) || matches!(b, b'/' | b'\\' | b'%'));
    if dots_only || bad_byte {
        return Err(RouteRefusal::BadPath);
    }
    String::from_utf8(decoded).map_err(|_| RouteRefusal::BadPath)
}

fn percent_decode(raw: &str) -> Option<Vec<u8>> {
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let high = bytes.next().and_then(hex)?;
            let low = bytes.next().and_then(hex)?;
            out.push(high << 4 | low);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

/// The query rebuilt from the route's known keys, each at most once, each value validated and
/// re-encoded; empty when the client sent none.
fn canonical_query(raw: Option<&str>, keys: &[QueryKey]) -> Result<String, RouteRefusal> {
    let mut values: Vec<Option<String>> = vec![None; keys.len()];
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair
            .split_once('=')
            .ok_or(RouteRefusal::BadQuery("a parameter without a value"))?;
        let decode = |s: &str| {
            percent_decode(s)
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or(RouteRefusal::BadQuery("a parameter that does not decode"))
        };
        let (key, value) = (decode(key)?, decode(value)?);
        let index = keys
            .iter()
            .position(|k| k.name() == key)
            .ok_or(RouteRefusal::BadQuery(
                "a parameter this route does not take",
            ))?;
        if !keys[index].accepts(&value) {
            return Err(RouteRefusal::BadQuery("a parameter value out of range"));
        }
        if values[index].replace(value).is_some() {
            return Err(RouteRefusal::BadQuery("a repeated parameter"));
        }
    }
    let pairs: Vec<String> = keys
        .iter()
        .zip(&values)
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{}={}", k.name(), encode(v))))
        .collect();
    Ok(if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    })
}

/// Percent-encodes all but RFC 3986 unreserved characters (values are ASCII by validation).
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "route_tests.rs"]
mod tests;
