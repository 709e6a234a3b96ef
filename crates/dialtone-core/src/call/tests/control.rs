//! In-call control over the call's data channel (docs/CONTROL-CHANNEL.md): the hello that makes
//! it usable, the path each event takes, acknowledgements and fallback, de-duplication, and the
//! base server's carried end. The property over both paths is in `control_properties`.

use super::*;
use crate::control::{ACK_TIMEOUT_MS, ControlFrame, ControlHello};

pub(super) fn hello_from(id: Option<&str>, name: Option<&str>) -> Input {
    let hello = ControlHello { version: 1, id: id.map(str::to_owned), name: name.map(str::to_owned) };
    Input::ControlFrame(ControlFrame::Hello(hello).to_json())
}

pub(super) fn frames(actions: &[Action]) -> Vec<ControlFrame> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::SendControl(text) => ControlFrame::parse(text).ok(),
            _ => None,
        })
        .collect()
}

/// Bob's connected call with Alice, channel open and Alice's hello in.
fn usable(phone: &mut Phone) {
    connected_call(phone);
    phone.handle(3, Input::ControlChannelOpen).unwrap();
    phone.handle(3, hello_from(Some(ALICE), Some("Alice"))).unwrap();
    drain(phone);
}

fn mute(phone: &mut Phone, now: u64) -> Vec<Action> {
    phone.handle(now, Input::SetMedia { source: MediaSource::Mic, enabled: false }).unwrap();
    let Some(Action::ApplyMedia { seq, .. }) = drain(phone).into_iter().next() else { panic!("no apply") };
    phone.handle(now, Input::MediaApplied { source: MediaSource::Mic, seq, enabled: false }).unwrap();
    drain(phone)
}

fn media_event(seq: u64, source: MediaSource, enabled: bool) -> ControlEvent {
    ControlEvent::Media(CallMedia { call_id: "c1".into(), source, enabled, lost: false, seq: Some(seq) })
}

fn over_channel(event: &ControlEvent) -> Input {
    Input::ControlFrame(ControlFrame::Event(event.clone()).to_json())
}

fn over_server(from: &str, event: &ControlEvent) -> Input {
    let Message::CallMedia(mut m) = event.to_message(ME.into()) else {
        let mut message = event.to_message(ME.into());
        set_from(&mut message, from);
        return Input::Signal(message);
    };
    m.from = Some(from.into());
    Input::Signal(Message::CallMedia(m))
}

pub(super) fn set_from(message: &mut Message, from: &str) {
    match message {
        Message::CallEnd(m) => m.from = Some(from.into()),
        Message::CallMedia(m) => m.from = Some(from.into()),
        Message::CallRecording(m) => m.from = Some(from.into()),
        _ => {}
    }
}

#[test]
fn the_open_channel_says_hello_with_our_id_and_name() {
    let mut phone = phone();
    phone.set_display_name(Some("Bob\u{200B}".into()));
    connected_call(&mut phone);
    phone.handle(3, Input::ControlChannelOpen).unwrap();
    let hello = frames(&drain(&mut phone));
    assert_eq!(hello, vec![ControlFrame::Hello(ControlHello { version: 1, id: Some(ME.into()), name: Some("Bob".into()) })]);
    assert_eq!(phone.view().unwrap().control.channel, ChannelState::Open);
    assert!(phone.handle(3, Input::ControlChannelOpen).is_err(), "one hello per channel");
}

#[test]
fn until_the_peer_says_hello_the_server_carries_the_events() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ControlChannelOpen).unwrap();
    drain(&mut phone);
    let actions = mute(&mut phone, 4);
    assert!(frames(&actions).is_empty(), "an older peer reads no channel: {actions:?}");
    assert!(matches!(sent(&actions)[..], [Message::CallMedia(m)] if m.payload.seq == Some(1)));
}

#[test]
fn the_peers_hello_makes_the_channel_usable_and_introduces_them() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, Input::ControlChannelOpen).unwrap();
    drain(&mut phone);
    phone.handle(3, hello_from(Some(ALICE), Some("Alice"))).unwrap();
    assert_eq!(drain(&mut phone), vec![Action::PeerIntroduced { peer: ALICE.into(), name: Some("Alice".into()) }]);
    assert_eq!(phone.view().unwrap().control.channel, ChannelState::Usable);
}

#[test]
fn once_usable_a_notice_goes_over_the_channel_only_and_an_ack_ends_it() {
    let mut phone = phone();
    usable(&mut phone);
    let actions = mute(&mut phone, 10);
    assert!(sent(&actions).is_empty(), "{actions:?}");
    assert!(matches!(&frames(&actions)[..], [ControlFrame::Event(ControlEvent::Media(m))] if m.seq == Some(1) && !m.enabled));
    assert_eq!(phone.next_deadline(), Some(10 + ACK_TIMEOUT_MS));
    phone.handle(12, Input::ControlFrame(ControlFrame::Ack { seq: 1 }.to_json())).unwrap();
    assert_eq!(phone.view().unwrap().control.unacknowledged, 0);
    phone.handle(10 + ACK_TIMEOUT_MS, Input::Tick).unwrap();
    assert!(drain(&mut phone).is_empty(), "acknowledged: nothing falls back");
}

#[test]
fn a_notice_not_acknowledged_in_time_also_goes_over_the_server_once() {
    let mut phone = phone();
    usable(&mut phone);
    mute(&mut phone, 10);
    phone.handle(10 + ACK_TIMEOUT_MS - 1, Input::Tick).unwrap();
    assert!(drain(&mut phone).is_empty());
    phone.handle(10 + ACK_TIMEOUT_MS, Input::Tick).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[..], [Message::CallMedia(m)] if m.payload.seq == Some(1) && m.to.as_deref() == Some(ALICE)));
    phone.handle(10_000, Input::Tick).unwrap();
    assert!(drain(&mut phone).is_empty(), "once");
}

#[test]
fn a_lost_channel_hands_its_unacknowledged_notices_to_the_server() {
    let mut phone = phone();
    usable(&mut phone);
    mute(&mut phone, 10);
    phone.handle(11, Input::ControlChannelClosed).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[..], [Message::CallMedia(m)] if m.payload.seq == Some(1)));
    assert_eq!(phone.view().unwrap().control.channel, ChannelState::Closed);
    let later = mute_back_on(&mut phone, 12);
    assert!(frames(&later).is_empty() && sent(&later).len() == 1, "the server is the path again");
}

fn mute_back_on(phone: &mut Phone, now: u64) -> Vec<Action> {
    phone.handle(now, Input::SetMedia { source: MediaSource::Mic, enabled: true }).unwrap();
    let Some(Action::ApplyMedia { seq, .. }) = drain(phone).into_iter().next() else { panic!("no apply") };
    phone.handle(now, Input::MediaApplied { source: MediaSource::Mic, seq, enabled: true }).unwrap();
    drain(phone)
}

#[test]
fn hanging_up_goes_over_the_channel_and_the_server_at_once_then_releases() {
    let mut phone = phone();
    usable(&mut phone);
    phone.handle(20, Input::HangUp).unwrap();
    let actions = drain(&mut phone);
    let channel_at = actions.iter().position(|a| matches!(a, Action::SendControl(_)));
    let release_at = actions.iter().position(|a| *a == Action::ReleaseCall);
    assert!(channel_at < release_at && channel_at.is_some(), "the end is queued on the channel before it closes: {actions:?}");
    assert!(matches!(&frames(&actions)[..], [ControlFrame::Event(ControlEvent::End(e))] if e.reason == EndReason::HungUp));
    assert!(matches!(sent(&actions)[..], [Message::CallEnd(m)] if m.payload.reason == EndReason::HungUp));
}

#[test]
fn an_end_over_the_channel_ends_the_call_once_and_is_acknowledged() {
    let mut phone = phone();
    usable(&mut phone);
    let end = ControlEvent::End(CallEnd { call_id: "c1".into(), reason: EndReason::HungUp, seq: Some(7) });
    phone.handle(30, over_channel(&end)).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(frames(&actions), vec![ControlFrame::Ack { seq: 7 }]);
    assert_eq!(ended_reason(&actions), Some(EndReason::RemoteHungUp));
    assert!(sent(&actions).is_empty(), "the peer is not told its own end");
    assert!(phone.handle(31, over_server(ALICE, &end)).is_err(), "the server's copy finds the call over");
    assert!(drain(&mut phone).is_empty());
}

#[test]
fn an_event_that_arrives_both_ways_is_applied_once() {
    let mut phone = phone();
    usable(&mut phone);
    let muted = media_event(1, MediaSource::Mic, false);
    phone.handle(40, over_server(ALICE, &muted)).unwrap();
    phone.handle(41, over_channel(&muted)).unwrap();
    let control = phone.view().unwrap().control;
    assert_eq!((control.applied, control.duplicates), (1, 1));
    assert!(!phone.view().unwrap().remote.mic);
}

#[test]
fn an_older_event_overtaken_by_a_newer_one_is_not_applied() {
    let mut phone = phone();
    usable(&mut phone);
    phone.handle(40, over_channel(&media_event(5, MediaSource::Mic, true))).unwrap();
    phone.handle(41, over_server(ALICE, &media_event(4, MediaSource::Mic, false))).unwrap();
    let view = phone.view().unwrap();
    assert!(view.remote.mic, "the newer news wins");
    assert_eq!(view.control.stale, 1);
}

#[test]
fn a_control_frame_about_another_call_or_unreadable_is_refused() {
    let mut phone = phone();
    usable(&mut phone);
    let other = ControlEvent::Media(CallMedia { call_id: "c9".into(), source: MediaSource::Mic, enabled: false, lost: false, seq: Some(1) });
    assert!(phone.handle(40, over_channel(&other)).is_err());
    assert!(phone.handle(40, Input::ControlFrame("{".into())).is_err());
    assert!(phone.view().unwrap().remote.mic);
}

#[test]
fn a_hello_with_a_new_id_redirects_the_server_path() {
    let mut phone = phone();
    usable(&mut phone);
    phone.handle(50, hello_from(Some("a-alice-2"), None)).unwrap();
    drain(&mut phone);
    phone.handle(51, Input::ControlChannelClosed).unwrap();
    let actions = mute(&mut phone, 52);
    assert!(matches!(sent(&actions)[..], [Message::CallMedia(m)] if m.to.as_deref() == Some("a-alice-2")));
    let end = ControlEvent::End(CallEnd { call_id: "c1".into(), reason: EndReason::HungUp, seq: Some(3) });
    phone.handle(53, over_server("a-alice-2", &end)).unwrap();
    assert_eq!(phone.view().unwrap().ended.map(|r| r.reason), Some(EndReason::RemoteHungUp));
}

#[test]
fn our_new_signaling_id_is_told_over_the_channel() {
    let mut phone = phone();
    usable(&mut phone);
    signal(&mut phone, 60, dialtone_client_id("m-bob-2")).unwrap();
    let hello = frames(&drain(&mut phone));
    assert!(matches!(&hello[..], [ControlFrame::Hello(h)] if h.id.as_deref() == Some("m-bob-2")));
}

#[test]
fn the_fallback_deadline_is_a_deadline_of_the_phone() {
    let mut phone = phone();
    usable(&mut phone);
    assert_eq!(phone.next_deadline(), None);
    mute(&mut phone, 100);
    assert_eq!(phone.next_deadline(), Some(100 + ACK_TIMEOUT_MS));
}

// ---- base servers -------------------------------------------------------------------------

fn base_ringing_incoming(phone: &mut Phone) {
    signal(phone, 0, offer_from(ALICE, "c1")).unwrap();
    phone.handle(0, Input::RemoteDescriptionApplied).unwrap();
    drain(phone);
}

#[test]
fn on_a_base_server_a_decline_rides_an_end_of_candidates() {
    let mut phone = base_phone();
    base_ringing_incoming(&mut phone);
    phone.handle(1, Input::Reject).unwrap();
    let actions = drain(&mut phone);
    let [Message::IceCandidate(carrier)] = sent(&actions)[..] else { panic!("{actions:?}") };
    assert_eq!(carrier.to.as_deref(), Some(ALICE));
    assert_eq!(carrier.payload.call_end, Some(EndReason::Rejected));
    assert_eq!(carrier.payload.call_id.as_deref(), Some("c1"));
    assert!(carrier.payload.candidate.is_empty(), "a base peer reads an end-of-candidates");
    assert!(carrier.payload.sdp_mid.is_some() && carrier.payload.sdp_m_line_index.is_some());
}

#[test]
fn a_carried_end_ends_the_ringing_call_with_its_reason() {
    let mut phone = base_phone();
    ringing_outgoing(&mut phone, 0);
    let carrier = Message::IceCandidate(Routed {
        from: Some(ALICE.into()),
        to: None,
        payload: IceCandidate::carrying_end("c1".into(), EndReason::Rejected),
    });
    signal(&mut phone, 500, carrier).unwrap();
    assert_eq!(ended_reason(&drain(&mut phone)), Some(EndReason::Rejected));
    let stranger = Message::IceCandidate(Routed {
        from: Some(CAROL.into()),
        to: None,
        payload: IceCandidate::carrying_end("c1".into(), EndReason::Rejected),
    });
    let mut phone = base_phone();
    ringing_outgoing(&mut phone, 0);
    assert!(signal(&mut phone, 500, stranger).is_err(), "only the peer ends the call");
}

#[test]
fn on_a_base_server_busy_and_cancel_are_carried_too() {
    let mut phone = base_phone();
    connected_call(&mut phone);
    signal(&mut phone, 5, offer_from(CAROL, "c2")).unwrap();
    phone.handle(6, Input::RejectWaiting).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[..], [Message::IceCandidate(c)] if c.payload.call_end == Some(EndReason::PeerBusy) && c.to.as_deref() == Some(CAROL)));

    let mut phone = base_phone();
    ringing_outgoing(&mut phone, 0);
    phone.handle(1, Input::HangUp).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(sent(&actions)[..], [Message::IceCandidate(c)] if c.payload.call_end == Some(EndReason::Cancelled)));
}

#[test]
fn on_a_base_server_a_hang_up_goes_over_the_channel_and_is_carried() {
    let mut phone = base_phone();
    usable(&mut phone);
    phone.handle(20, Input::HangUp).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(frames(&actions).len(), 1);
    assert!(matches!(sent(&actions)[..], [Message::IceCandidate(c)] if c.payload.call_end == Some(EndReason::HungUp)));
}

#[test]
fn on_a_base_server_notices_wait_for_the_channel_and_the_state_is_sent_when_it_is_usable() {
    let mut phone = base_phone();
    connected_call(&mut phone);
    let actions = mute(&mut phone, 3);
    assert!(sent(&actions).is_empty() && frames(&actions).is_empty(), "a base server would drop it: {actions:?}");
    phone.handle(4, Input::ControlChannelOpen).unwrap();
    drain(&mut phone);
    phone.handle(5, hello_from(Some(ALICE), None)).unwrap();
    let actions = drain(&mut phone);
    assert!(
        frames(&actions).iter().any(|f| matches!(f, ControlFrame::Event(ControlEvent::Media(m)) if m.source == MediaSource::Mic && !m.enabled)),
        "the mute goes over the channel now: {actions:?}"
    );
    assert_eq!(phone.next_deadline(), None, "no server fallback on a base server");
}

#[test]
fn recording_is_refused_when_nobody_can_tell_the_peer() {
    let mut phone = base_phone();
    connected_call(&mut phone);
    phone.handle(3, Input::SetRecording { on: true }).unwrap();
    let actions = drain(&mut phone);
    assert_eq!(actions, vec![Action::Notify(crate::errors::ClientError::RecordingNoticeUndeliverable)]);
    assert!(!phone.view().unwrap().recording);
    phone.handle(3, Input::ControlChannelOpen).unwrap();
    phone.handle(3, hello_from(Some(ALICE), None)).unwrap();
    drain(&mut phone);
    phone.handle(4, Input::SetRecording { on: true }).unwrap();
    let actions = drain(&mut phone);
    assert!(matches!(&actions[..], [Action::SendControl(_), Action::StartRecording]), "told first: {actions:?}");
}

#[test]
fn the_hello_snapshot_repeats_a_notice_that_undid_one_the_peer_got() {
    // Found by the two-phone property test: "mic off" reached the peer over the server, "mic
    // on" died with the socket; the snapshot only repeated what differs from a call's start
    // (mic on does not), so the peer showed Bob muted for the rest of the call.
    let mut phone = phone();
    connected_call(&mut phone);
    mute(&mut phone, 5);
    phone.handle(6, Input::SetMedia { source: MediaSource::Mic, enabled: true }).unwrap();
    let Some(Action::ApplyMedia { seq, .. }) = drain(&mut phone).into_iter().next() else { panic!("no apply") };
    phone.handle(6, Input::MediaApplied { source: MediaSource::Mic, seq, enabled: true }).unwrap();
    drain(&mut phone);
    phone.handle(7, Input::ControlChannelOpen).unwrap();
    phone.handle(7, hello_from(Some(ALICE), None)).unwrap();
    let snapshot = frames(&drain(&mut phone));
    let mic_on = snapshot.iter().any(|f| matches!(f,
        ControlFrame::Event(ControlEvent::Media(m)) if m.source == MediaSource::Mic && m.enabled));
    assert!(mic_on, "{snapshot:?}");
}

#[test]
fn a_hello_before_our_open_is_answered_with_ours_once() {
    let mut phone = phone();
    connected_call(&mut phone);
    phone.handle(3, hello_from(Some(ALICE), Some("Alice"))).unwrap();
    let sent = frames(&drain(&mut phone));
    let ours = ControlFrame::Hello(ControlHello { version: 1, id: Some(ME.into()), name: None });
    assert_eq!(sent.first(), Some(&ours), "our hello goes at once: {sent:?}");
    assert_eq!(sent.iter().filter(|f| matches!(f, ControlFrame::Hello(_))).count(), 1);
    assert_eq!(phone.view().unwrap().control.channel, ChannelState::Usable);
    // The open reported after it says nothing more.
    assert!(phone.handle(3, Input::ControlChannelOpen).is_err());
    assert!(frames(&drain(&mut phone)).is_empty());
}
