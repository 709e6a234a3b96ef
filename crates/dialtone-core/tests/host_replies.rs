//! Host protocol replies and events (specs/host-protocol.md §2, §3, §9): error messages and codes,
//! every reply and event written exactly as the spec's examples, and the `connected` event's
//! candidate details.

use dialtone_core::host::*;

mod host_wire_support;
use host_wire_support::{START, read};

#[test]
fn error_messages_are_type_code_text() {
    let received = read(r#"{"command":{"type":"capabilities","media":"audio"}}"#);
    assert_eq!(
        received
            .reply_error(&HostError::of(HostErrorCode::MicPermissionDenied))
            .to_json(),
        r#"{"resp":{"type":"error","message":"capabilities: MIC_PERMISSION_DENIED microphone access was refused"},"command":{"type":"capabilities","media":"audio"}}"#
    );
    assert_eq!(
        HostError::of(HostErrorCode::EncryptionUnsupported).message(Some("offer")),
        "offer: ENCRYPTION_UNSUPPORTED this browser cannot encrypt frames"
    );
}

#[test]
fn error_codes_are_the_specs_list() {
    let codes: Vec<&str> = HostErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        codes.join(" "),
        "MALFORMED TOO_LARGE BUSY UNKNOWN_COMMAND NOT_READY CALL_EXISTS BAD_STATE BAD_SDP BAD_CANDIDATES \
         BAD_KEY EARLY_CANDIDATES ENCRYPTION_UNSUPPORTED MIC_PERMISSION_DENIED CAMERA_PERMISSION_DENIED \
         DEVICE_NOT_FOUND DEVICE_IN_USE PEER_OLD_VERSION SCREEN_REFUSED UNSUPPORTED CALL_ENDED"
    );
}

fn event(resp: Response) -> String {
    MessageEnvelope::event(resp).to_json()
}

#[test]
fn replies_write_the_specs_shapes() {
    let caps = Capabilities { encryption: true };
    assert_eq!(
        serde_json::to_string(&Response::Capabilities { capabilities: caps }).expect("writes"),
        r#"{"type":"capabilities","capabilities":{"encryption":true}}"#
    );
    assert_eq!(
        serde_json::to_string(&Response::Offer {
            offer: "N4Ig".into(),
            ice_candidates: "NobwRA".into(),
            capabilities: caps
        })
        .expect("writes"),
        r#"{"type":"offer","offer":"N4Ig","iceCandidates":"NobwRA","capabilities":{"encryption":true}}"#
    );
    assert_eq!(
        serde_json::to_string(&Response::Answer {
            answer: "N4Ig".into(),
            ice_candidates: "NoXSA===".into()
        })
        .expect("writes"),
        r#"{"type":"answer","answer":"N4Ig","iceCandidates":"NoXSA==="}"#
    );
    assert_eq!(
        serde_json::to_string(&Response::Ok).expect("writes"),
        r#"{"type":"ok"}"#
    );
    assert_eq!(
        serde_json::to_string(&Response::Error {
            message: "end: BUSY x".into()
        })
        .expect("writes"),
        r#"{"type":"error","message":"end: BUSY x"}"#
    );
}

#[test]
fn the_start_reply_echoes_the_whole_command() {
    let received = read(&format!(r#"{{"command":{START}}}"#));
    let reply = received.reply(Response::Offer {
        offer: "N4Ig".into(),
        ice_candidates: "NobwRA".into(),
        capabilities: Capabilities { encryption: true },
    });
    assert_eq!(
        reply.to_json(),
        format!(
            r#"{{"resp":{{"type":"offer","offer":"N4Ig","iceCandidates":"NobwRA","capabilities":{{"encryption":true}}}},"command":{START}}}"#
        )
    );
}

#[test]
fn events_write_the_specs_examples() {
    assert_eq!(
        event(Response::Ice {
            ice_candidates: "NobwRAxghgdgJgSzlALgUzAL".into()
        }),
        r#"{"resp":{"type":"ice","iceCandidates":"NobwRAxghgdgJgSzlALgUzAL"}}"#
    );
    assert_eq!(
        event(Response::Connection {
            state: ConnectionStates::new("connected", "connected", "complete", "stable")
        }),
        r#"{"resp":{"type":"connection","state":{"connectionState":"connected","iceConnectionState":"connected","iceGatheringState":"complete","signalingState":"stable"}}}"#
    );
    assert_eq!(
        event(Response::PeerMedia {
            source: CallMediaSource::Camera,
            enabled: false
        }),
        r#"{"resp":{"type":"peerMedia","source":"camera","enabled":false}}"#
    );
    assert_eq!(event(Response::End), r#"{"resp":{"type":"end"}}"#);
    assert_eq!(event(Response::Ended), r#"{"resp":{"type":"ended"}}"#);
}

fn pair(id: &str, state: &str) -> CandidatePairInfo {
    CandidatePairInfo {
        id: id.into(),
        state: state.into(),
        nominated: true,
        local_candidate_id: "Ia".into(),
        remote_candidate_id: "Ib".into(),
    }
}

fn candidate(id: &str, kind: &str, relay: Option<&str>) -> CandidateStats {
    CandidateStats {
        id: id.into(),
        candidate_type: kind.into(),
        protocol: "udp".into(),
        relay_protocol: relay.map(Into::into),
    }
}

#[test]
fn the_connected_event_writes_the_specs_example() {
    let info = ConnectionInfo::from_stats(
        Some("CPx"),
        &[pair("CPy", "succeeded"), pair("CPx", "succeeded")],
        &[
            candidate("Ia", "relay", Some("tls")),
            candidate("Ib", "host", None),
        ],
    );
    assert_eq!(
        event(Response::Connected {
            connection_info: info
        }),
        r#"{"resp":{"type":"connected","connectionInfo":{"iceCandidatePair":{"id":"CPx","state":"succeeded","nominated":true,"localCandidateId":"Ia","remoteCandidateId":"Ib"},"localCandidate":{"id":"Ia","candidateType":"relay","protocol":"udp","relayProtocol":"tls"},"remoteCandidate":{"id":"Ib","candidateType":"host","protocol":"udp"}}}}"#
    );
}

#[test]
fn without_a_selected_pair_the_first_succeeded_pair_is_reported() {
    let info = ConnectionInfo::from_stats(
        None,
        &[
            pair("A", "in-progress"),
            pair("B", "succeeded"),
            pair("C", "succeeded"),
        ],
        &[],
    );
    assert_eq!(info.ice_candidate_pair.map(|p| p.id), Some("B".to_owned()));
}

#[test]
fn a_candidate_of_an_unknown_type_is_left_out() {
    let info = ConnectionInfo::from_stats(
        Some("P"),
        &[pair("P", "succeeded")],
        &[
            candidate("Ia", "mdns", None),
            candidate("Ib", "srflx", None),
        ],
    );
    assert_eq!(info.local_candidate, None);
    assert_eq!(
        info.remote_candidate.map(|c| c.candidate_type),
        Some(CandidateType::Srflx)
    );
}

#[test]
fn a_binary_frame_is_malformed_and_a_huge_one_too_large() {
    assert_eq!(
        envelope::refuse_binary_frame(10).error.code,
        HostErrorCode::Malformed
    );
    assert_eq!(
        envelope::refuse_binary_frame(MAX_HOST_FRAME_BYTES + 1)
            .error
            .code,
        HostErrorCode::TooLarge
    );
}
