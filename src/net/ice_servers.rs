//! `GET /api/ice-servers`: fetches the answer as it is (status and body). What it means — servers,
//! none configured, or try again — is decided by `dialtone_core::ice_servers`.

/// A list of servers with credentials is a few KB; more is not one.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// `token`: the server's access token, when it needs one (sent in a header, never in the URL).
/// `Err` only when no answer came at all (a network failure).
/// `signal` aborts it (the machine gave up on it).
pub async fn fetch_ice_servers(token: Option<String>, signal: Option<web_sys::AbortSignal>) -> Result<(u16, String), String> {
    let mut request = gloo_net::http::Request::get("/api/ice-servers").abort_signal(signal.as_ref());
    if let Some(token) = token.as_deref() {
        request = request.header("x-dialtone-token", token);
    }
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    // A body that cannot be read, or larger than any list of servers, is treated like an empty
    // one: the core finds no JSON in it.
    let body = super::bounded_body::read_text(&response, MAX_ANSWER_BYTES).await.unwrap_or_default();
    Ok((status, body))
}
