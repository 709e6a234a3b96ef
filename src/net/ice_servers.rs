//! `GET /api/ice-servers`: the STUN/TURN servers (with time-limited TURN credentials) for the
//! peer connections, as the browser's RTCConfiguration wants them.

use wasm_bindgen::JsValue;

pub struct IceServers {
    /// The `iceServers` array, ready for RTCConfiguration.
    pub servers: JsValue,
    pub ttl_secs: u64,
}

/// `token`: the server's access token, when it needs one (sent in a header, never in the URL).
pub async fn fetch_ice_servers(token: Option<String>) -> Result<IceServers, String> {
    let mut request = gloo_net::http::Request::get("/api/ice-servers");
    if let Some(token) = token.as_deref() {
        request = request.header("x-dialtone-token", token);
    }
    let response = request
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let body: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    let servers = body.get("iceServers").filter(|v| v.is_array()).ok_or("no iceServers")?;
    let ttl_secs = body.get("ttl").and_then(serde_json::Value::as_u64).unwrap_or(3_600);
    let servers = js_sys::JSON::parse(&servers.to_string()).map_err(|_| "bad iceServers".to_owned())?;
    Ok(IceServers { servers, ttl_secs })
}
