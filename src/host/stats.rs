//! What the machine reads from `getStats()`: the selected candidate pair for `connected` (§3)
//! and each remote transceiver's `bytesReceived` for `peerMedia` (§5.3).

use dialtone_core::host::{CallMediaSource, CandidatePairInfo, CandidateStats, ConnectionInfo};
use wasm_bindgen::JsValue;

use crate::js;
use super::peer::PeerHandle;

impl PeerHandle {
    /// The `connected` event's info from `getStats()` (§3).
    pub async fn connection_info(&self) -> ConnectionInfo {
        let report = js::call_async(&self.0, "getStats", &[])
            .await
            .unwrap_or(JsValue::UNDEFINED);
        let entries = js::call(&report, "values", &[])
            .map(|v| js::items(&v))
            .unwrap_or_default();
        let of_type = |kind: &str| {
            entries
                .iter()
                .filter(move |e| js::get_string(e, "type").as_deref() == Some(kind))
                .cloned()
                .collect::<Vec<_>>()
        };
        let selected = of_type("transport")
            .iter()
            .find_map(|t| js::get_string(t, "selectedCandidatePairId"));
        let pairs: Vec<CandidatePairInfo> = of_type("candidate-pair")
            .iter()
            .map(|p| CandidatePairInfo {
                id: js::get_string(p, "id").unwrap_or_default(),
                state: js::get_string(p, "state").unwrap_or_default(),
                nominated: js::get(p, "nominated").as_bool().unwrap_or(false),
                local_candidate_id: js::get_string(p, "localCandidateId").unwrap_or_default(),
                remote_candidate_id: js::get_string(p, "remoteCandidateId").unwrap_or_default(),
            })
            .collect();
        let candidates: Vec<CandidateStats> = of_type("local-candidate")
            .into_iter()
            .chain(of_type("remote-candidate"))
            .map(|c| CandidateStats {
                id: js::get_string(&c, "id").unwrap_or_default(),
                candidate_type: js::get_string(&c, "candidateType").unwrap_or_default(),
                protocol: js::get_string(&c, "protocol").unwrap_or_default(),
                relay_protocol: js::get_string(&c, "relayProtocol"),
            })
            .collect();
        ConnectionInfo::from_stats(selected.as_deref(), &pairs, &candidates)
    }

    /// `bytesReceived` of each remote transceiver, by source (§5.3).
    pub async fn inbound_bytes(&self) -> Vec<(CallMediaSource, u64)> {
        let mut samples = Vec::new();
        for transceiver in self.transceivers() {
            let Some(source) =
                js::get_string(&transceiver, "mid").and_then(|m| CallMediaSource::from_mid(&m))
            else {
                continue;
            };
            let Ok(report) =
                js::call_async(&js::get(&transceiver, "receiver"), "getStats", &[]).await
            else {
                continue;
            };
            let entries = js::call(&report, "values", &[])
                .map(|v| js::items(&v))
                .unwrap_or_default();
            let bytes: f64 = entries
                .iter()
                .filter(|e| js::get_string(e, "type").as_deref() == Some("inbound-rtp"))
                .filter_map(|e| js::get(e, "bytesReceived").as_f64())
                .sum();
            samples.push((source, bytes as u64));
        }
        samples
    }
}
