//! Reads an HTTP answer's body with a bound in bytes, as it arrives: `Response::text()` reads
//! all of it first, so an answer without `Content-Length` (chunked) could fill the tab's memory
//! before any check on its length.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// More than the bound arrived; the rest was not read (the stream is cancelled).
    TooLarge,
    /// The body broke off or could not be read.
    Unreadable,
}

/// The body as text (UTF-8, invalid bytes replaced, as `text()` does), at most `max` bytes.
pub async fn read_text(response: &gloo_net::http::Response, max: usize) -> Result<String, BodyError> {
    let Some(stream) = response.body() else {
        return Ok(String::new()); // no body at all (a 204, a HEAD)
    };
    let reader: web_sys::ReadableStreamDefaultReader =
        stream.get_reader().dyn_into().map_err(|_| BodyError::Unreadable)?;
    let mut collected: Vec<u8> = Vec::new();
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(|_| BodyError::Unreadable)?;
        let done = js_sys::Reflect::get(&step, &"done".into()).map_err(|_| BodyError::Unreadable)?;
        if done.as_bool().unwrap_or(true) {
            break;
        }
        let value = js_sys::Reflect::get(&step, &"value".into()).map_err(|_| BodyError::Unreadable)?;
        let chunk: js_sys::Uint8Array = value.dyn_into().map_err(|_| BodyError::Unreadable)?;
        if collected.len().saturating_add(chunk.length() as usize) > max {
            // Tell the browser to stop receiving it; what it answers does not matter.
            let _ = reader.cancel();
            return Err(BodyError::TooLarge);
        }
        let start = collected.len();
        collected.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut collected[start..]);
    }
    Ok(String::from_utf8_lossy(&collected).into_owned())
}
