//! Audio output selection (HTMLMediaElement.setSinkId) for the call's remote media.

use dialtone_core::embed::CommandError;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Routes the remote audio to `device_id`; resolves once the browser switched.
pub async fn set_output_device(device_id: &str) -> Result<(), CommandError> {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[data-testid=\"remote-video\"]").ok().flatten())
        .ok_or_else(|| CommandError::new("NOT_ALLOWED", "there is no call to route audio for"))?;
    let set_sink_id = Reflect::get(&element, &"setSinkId".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| CommandError::new("UNSUPPORTED", "this browser cannot choose the audio output"))?;
    let promise = set_sink_id
        .call1(&element, &JsValue::from_str(device_id))
        .ok()
        .and_then(|p| p.dyn_into::<Promise>().ok())
        .ok_or_else(|| CommandError::new("UNSUPPORTED", "setSinkId did not start"))?;
    JsFuture::from(promise).await.map_err(|error| {
        let name = Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
        match name.as_str() {
            "NotFoundError" => CommandError::new("DEVICE_NOT_FOUND", format!("no audio output \"{device_id}\"")),
            "NotAllowedError" => CommandError::new("NOT_ALLOWED", "the browser refused to change the audio output"),
            _ => CommandError::new("OUTPUT_FAILED", "the audio output could not be changed"),
        }
    })?;
    Ok(())
}
