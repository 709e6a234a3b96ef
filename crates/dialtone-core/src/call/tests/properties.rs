//! Any sequence of inputs, from the user, the peer, strangers, the browser and the clock:
//! every input either moves the call along an edge the spec allows or is refused with a
//! reason and changes nothing.
use super::*;
use proptest::prelude::*;

fn input() -> impl Strategy<Value = Input> {
    let peer = prop_oneof![Just(ALICE), Just(CAROL)];
    let call_id = prop_oneof![Just("c1"), Just("c9"), Just("other")];
    prop_oneof![
        Just(Input::PlaceCall { peer: ALICE.into(), media: MediaKind::Audio, call_id: "c1".into() }),
        Just(Input::Accept),
        Just(Input::Reject),
        Just(Input::HangUp),
        Just(Input::SwitchToWaiting),
        Just(Input::RejectWaiting),
        Just(Input::MediaAcquired),
        Just(Input::MediaFailed(EndReason::MicPermissionDenied)),
        Just(Input::OfferCreated { sdp: "v=0\r\na=ice-ufrag:x\r\n".into() }),
        Just(Input::AnswerCreated { sdp: "v=0".into() }),
        Just(Input::RemoteDescriptionApplied),
        Just(Input::RemoteDescriptionFailed),
        Just(Input::NegotiationNeeded),
        Just(Input::LocalCandidate(candidate(1, None))),
        Just(Input::ToggleMedia { source: MediaSource::Mic }),
        Just(Input::MediaApplied { source: MediaSource::Mic, seq: 1, enabled: false }),
        prop_oneof![
            Just(ConnectionState::Connecting),
            Just(ConnectionState::Connected),
            Just(ConnectionState::Disconnected),
            Just(ConnectionState::Failed),
        ]
        .prop_map(Input::ConnectionChanged),
        Just(Input::Tick),
        Just(Input::ControlChannelOpen),
        Just(Input::ControlChannelClosed),
        Just(Input::ControlFrame(r#"{"type":"hello","payload":{"v":1,"id":"a-alice"}}"#.into())),
        Just(Input::ControlFrame(r#"{"type":"ack","payload":{"seq":1}}"#.into())),
        (1u64..4).prop_map(|seq| Input::ControlFrame(format!(
            r#"{{"type":"call-media","payload":{{"callId":"c1","source":"mic","enabled":false,"seq":{seq}}}}}"#
        ))),
        Just(Input::ControlFrame(r#"{"type":"call-end","payload":{"callId":"c1","reason":"HUNG_UP","seq":9}}"#.into())),
        Just(Input::ControlFrame("garbage".into())),
        (peer.clone(), call_id.clone()).prop_map(|(p, c)| Input::Signal(offer_from(p, c))),
        (peer.clone(), call_id.clone()).prop_map(|(p, c)| Input::Signal(answer_from(p, c))),
        (peer.clone(), call_id.clone()).prop_map(|(p, c)| Input::Signal(candidate_from(p, c, 3))),
        (peer.clone(), call_id).prop_map(|(p, c)| Input::Signal(end_from(p, c, EndReason::HungUp))),
        peer.prop_map(|p| Input::Signal(Message::PeerLeft(PeerInfo { id: p.into(), name: None, busy: None, calls: None }))),
    ]
}

fn allowed(from: CallState, to: CallState) -> bool {
    use CallState::*;
    from == to
        || to == Ended
        || matches!(
            (from, to),
            (WaitCapabilities, InvitationSent)
                | (InvitationSent, AnswerReceived)
                | (AnswerReceived, Negotiated | Connected)
                | (InvitationReceived, InvitationAccepted)
                | (InvitationAccepted, AnswerSent | Connected)
                | (AnswerSent, Negotiated | Connected)
                | (Negotiated, Connected)
                | (Connected, Connected)
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn every_input_transitions_as_specified_or_is_refused(
        steps in proptest::collection::vec((input(), 0u64..30_000), 1..80)
    ) {
        let mut phone = phone();
        let mut now = 0u64;
        for (input, advance) in steps {
            now += advance;
            let before = phone.view();
            let result = phone.handle(now, input.clone());
            let actions = drain(&mut phone);
            let after = phone.view();
            match result {
                Err(ignored) => {
                    prop_assert!(!ignored.reason.is_empty());
                    prop_assert_eq!(&before, &after, "a refused {:?} changed the call", input);
                    prop_assert!(actions.is_empty(), "a refused {:?} acted: {:?}", input, actions);
                }
                Ok(()) => match (&before, &after) {
                    (Some(b), Some(a)) if b.call_id == a.call_id => {
                        prop_assert!(allowed(b.state, a.state), "{:?} -> {:?} on {:?}", b.state, a.state, input);
                        if b.state == CallState::Ended {
                            prop_assert_eq!(a.state, CallState::Ended, "Ended is final");
                        }
                    }
                    (Some(b), Some(a)) => {
                        // A new call replaces one that is over, or one given up for it
                        // (crossing invitations, end-and-accept).
                        let was_waiting = b.waiting.as_ref().is_some_and(|w| w.call_id == a.call_id && w.peer == a.peer);
                        prop_assert!(
                            b.state == CallState::Ended
                                || matches!(a.state, CallState::InvitationAccepted)
                                || was_waiting,
                            "{:?} replaced by {:?} on {:?}", b.state, a.state, input
                        );
                        prop_assert!(matches!(a.state,
                            CallState::WaitCapabilities | CallState::InvitationReceived | CallState::InvitationAccepted));
                    }
                    _ => {}
                },
            }
            // Whatever happened, an ended call has released everything and told the UI.
            if let (Some(b), Some(a)) = (&before, &after) {
                if b.state != CallState::Ended && a.state == CallState::Ended && b.call_id == a.call_id {
                    prop_assert!(actions.contains(&Action::ReleaseCall));
                    prop_assert!(actions.iter().any(|x| matches!(x, Action::Ended(_))));
                }
            }
        }
    }
}
