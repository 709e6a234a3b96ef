//! Reads one network-quality [`Sample`] from the call's `getStats()` report: the round trip of
//! the selected candidate pair, inbound packet counts, loss and jitter, the peer's report of
//! our loss, and the bytes each way. What the figures mean is the core's business
//! (`dialtone_core::quality`); here they are only read, converted to ms, and summed.

use dialtone_core::quality::Sample;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::peer::PeerHandle;

/// The statistics of `peer` now, stamped `at`; `None` if the browser would not give them (the
/// connection closed meanwhile).
pub async fn quality_sample(peer: &PeerHandle, at: u64) -> Option<Sample> {
    let report = JsFuture::from(peer.stats_report()).await.ok()?;
    let entries = entries(&report);
    let of_type = |kind: &'static str| entries.iter().filter(move |e| text(e, "type").as_deref() == Some(kind));

    let mut sample = Sample { at, ..Sample::default() };
    sample.rtt_ms = pair_rtt_seconds(&entries)
        .or_else(|| of_type("remote-inbound-rtp").filter_map(|e| number(e, "roundTripTime")).reduce(f64::max))
        .map(|s| s * 1000.0);
    for inbound in of_type("inbound-rtp") {
        add(&mut sample.packets_received, number(inbound, "packetsReceived"));
        // The spec lets packetsLost go negative (duplicates); a negative loss means none.
        add(&mut sample.packets_lost, number(inbound, "packetsLost").map(|n| n.max(0.0)));
        add(&mut sample.bytes_received, number(inbound, "bytesReceived"));
        if let Some(jitter) = number(inbound, "jitter").map(|s| s * 1000.0) {
            sample.jitter_ms = Some(sample.jitter_ms.map_or(jitter, |j| j.max(jitter)));
        }
    }
    for remote in of_type("remote-inbound-rtp") {
        if let Some(fraction) = number(remote, "fractionLost") {
            sample.remote_fraction_lost = Some(sample.remote_fraction_lost.map_or(fraction, |f| f.max(fraction)));
        }
    }
    for outbound in of_type("outbound-rtp") {
        add(&mut sample.bytes_sent, number(outbound, "bytesSent"));
    }
    Some(sample)
}

/// `currentRoundTripTime` (s) of the pair the transport selected, else of a nominated pair
/// that succeeded (a browser without `selectedCandidatePairId`).
fn pair_rtt_seconds(entries: &[JsValue]) -> Option<f64> {
    let selected = entries
        .iter()
        .filter(|e| text(e, "type").as_deref() == Some("transport"))
        .find_map(|t| text(t, "selectedCandidatePairId"));
    let pairs = entries.iter().filter(|e| text(e, "type").as_deref() == Some("candidate-pair"));
    let mut chosen = pairs.clone().filter(|p| selected.is_some() && text(p, "id") == selected);
    chosen
        .next()
        .or_else(|| {
            pairs.clone().find(|p| {
                Reflect::get(p, &"nominated".into()).ok().and_then(|v| v.as_bool()) == Some(true)
                    && text(p, "state").as_deref() == Some("succeeded")
            })
        })
        .and_then(|p| number(p, "currentRoundTripTime"))
}

/// The report's entries (a maplike: its `values()` iterator).
fn entries(report: &JsValue) -> Vec<JsValue> {
    let values = Reflect::get(report, &"values".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(report).ok());
    let Some(Ok(Some(iter))) = values.map(|v| js_sys::try_iter(&v)) else {
        return Vec::new();
    };
    iter.filter_map(Result::ok).collect()
}

fn text(entry: &JsValue, key: &str) -> Option<String> {
    Reflect::get(entry, &key.into()).ok()?.as_string()
}

fn number(entry: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(entry, &key.into()).ok()?.as_f64().filter(|v| v.is_finite())
}

/// Adds a counter read as a JS number to a running total (missing stays missing).
fn add(total: &mut Option<u64>, value: Option<f64>) {
    if let Some(value) = value {
        *total = Some(total.unwrap_or(0) + value.max(0.0) as u64);
    }
}
