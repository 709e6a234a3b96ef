//! The control link's property: whatever the interleaving of the data channel and the
//! signaling server, each of the peer's events is applied exactly once (when it travels both
//! ways), at most once otherwise, and the state shown is always the sender's latest.

use super::control::{frames, hello_from, set_from};
use super::*;
use crate::control::{ACK_TIMEOUT_MS, ControlFrame};
use proptest::prelude::*;

#[test]
fn the_property_s_sender_really_sends_every_event_both_ways() {
    let steps = [Step::Toggle(MediaSource::Mic), Step::Record, Step::Toggle(MediaSource::Mic)];
    let (_, channel, server) = send_all(&steps, true, &[]);
    assert_eq!(sender_events(&channel), 4, "three notices and the end");
    assert_eq!(server.len(), 4, "each also over the server");
    let mut alice = receiver();
    // The channel's three notices, the server's three copies, then the ends.
    for input in interleave(channel, server, &[true, true, true, false, false, false]) {
        let _ = alice.handle(20_000_000, input);
    }
    let control = alice.view().unwrap().control;
    assert_eq!((control.applied, control.duplicates), (4, 3), "the end's second copy finds the call over");
}

/// What the sender (Bob, on Dialtone's server, channel usable) does in the call.
#[derive(Debug, Clone)]
enum Step {
    Toggle(MediaSource),
    Record,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Toggle(MediaSource::Mic)),
        Just(Step::Toggle(MediaSource::Camera)),
        Just(Step::Toggle(MediaSource::Screen)),
        Just(Step::Record),
    ]
}

/// Runs the sender's steps; returns the copies of its events on each path, in sending order.
/// `ack_mask[i]`: the i-th notice is acknowledged before its fallback (so it goes one way only).
fn send_all(steps: &[Step], hang_up: bool, ack_mask: &[bool]) -> (Phone, Vec<Input>, Vec<Input>) {
    let mut sender = phone();
    connected_call(&mut sender);
    sender.handle(2, Input::RemoteDescriptionApplied).ok();
    sender.handle(3, Input::ControlChannelOpen).unwrap();
    sender.handle(3, hello_from(Some(ALICE), None)).unwrap();
    drain(&mut sender);
    let (mut channel, mut server) = (Vec::new(), Vec::new());
    let mut now = 10;
    let mut notices = 0;
    let collect = |actions: Vec<Action>, channel: &mut Vec<Input>, server: &mut Vec<Input>| {
        for action in actions {
            match action {
                Action::SendControl(text) => channel.push(Input::ControlFrame(text)),
                Action::Send(mut message) => {
                    set_from(&mut message, ME);
                    server.push(Input::Signal(message));
                }
                _ => {}
            }
        }
    };
    for step in steps {
        now += 1_000;
        match step {
            Step::Toggle(source) => {
                let current = sender.view().map(|v| match source {
                    MediaSource::Mic => v.mic.enabled,
                    MediaSource::Camera => v.camera.enabled,
                    MediaSource::Screen => v.screen.enabled,
                });
                let Some(current) = current else { continue };
                if sender.handle(now, Input::SetMedia { source: *source, enabled: !current }).is_err() {
                    continue;
                }
                let applies: Vec<Action> = drain(&mut sender);
                for action in applies {
                    if let Action::ApplyMedia { source, seq, enabled } = action {
                        sender.handle(now, Input::MediaApplied { source, seq, enabled }).unwrap();
                    }
                }
            }
            Step::Record => {
                let on = !sender.view().is_some_and(|v| v.recording);
                let _ = sender.handle(now, Input::SetRecording { on });
            }
        }
        let actions = drain(&mut sender);
        let numbered: Vec<u64> = frames(&actions)
            .iter()
            .filter_map(|f| match f {
                ControlFrame::Event(e) => e.seq(),
                _ => None,
            })
            .collect();
        collect(actions, &mut channel, &mut server);
        for seq in numbered {
            if ack_mask.get(notices).copied().unwrap_or(false) {
                sender.handle(now, Input::ControlFrame(ControlFrame::Ack { seq }.to_json())).unwrap();
            }
            notices += 1;
        }
        // Past the acknowledgement timeout: what was not acknowledged goes over the server too.
        sender.handle(now + ACK_TIMEOUT_MS, Input::Tick).unwrap();
        collect(drain(&mut sender), &mut channel, &mut server);
    }
    if hang_up {
        sender.handle(now + 5_000, Input::HangUp).unwrap();
        collect(drain(&mut sender), &mut channel, &mut server);
    }
    (sender, channel, server)
}

/// Alice's side of the same call (c1 from Bob), connected, with Bob's hello in.
fn receiver() -> Phone {
    let mut alice = Phone::new(CallTimers::default());
    signal(&mut alice, 0, dialtone_client_id(ALICE)).unwrap();
    signal(&mut alice, 0, offer_from(ME, "c1")).unwrap();
    alice.handle(0, Input::RemoteDescriptionApplied).unwrap();
    alice.handle(0, Input::Accept).unwrap();
    alice.handle(0, Input::MediaAcquired).unwrap();
    alice.handle(0, Input::AnswerCreated { sdp: "v=0".into() }).unwrap();
    alice.handle(1, Input::ConnectionChanged(ConnectionState::Connected)).unwrap();
    alice.handle(2, Input::ControlChannelOpen).unwrap();
    alice.handle(2, hello_from(Some(ME), None)).unwrap();
    drain(&mut alice);
    alice
}

/// Merges two ordered streams by a schedule: each path keeps its own order.
fn interleave(a: Vec<Input>, b: Vec<Input>, schedule: &[bool]) -> Vec<Input> {
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    let mut merged = Vec::new();
    let mut picks = schedule.iter().copied().chain(std::iter::repeat(true));
    loop {
        let take_a = match (a.peek().is_some(), b.peek().is_some()) {
            (false, false) => return merged,
            (true, false) => true,
            (false, true) => false,
            (true, true) => picks.next().unwrap_or(true),
        };
        merged.extend(if take_a { a.next() } else { b.next() });
    }
}

fn sender_events(channel: &[Input]) -> usize {
    channel.iter().filter(|i| matches!(i, Input::ControlFrame(t) if matches!(ControlFrame::parse(t), Ok(ControlFrame::Event(_))))).count()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every event goes both ways (no acknowledgement arrives in time); whatever the interleaving
    /// of the two paths, the receiver applies each exactly once and ends where the sender is.
    #[test]
    fn any_interleaving_of_both_paths_applies_each_event_exactly_once(
        steps in proptest::collection::vec(step(), 0..12),
        hang_up in any::<bool>(),
        schedule in proptest::collection::vec(any::<bool>(), 0..64),
    ) {
        let (sender, channel, server) = send_all(&steps, hang_up, &[]);
        let events = sender_events(&channel);
        let mut alice = receiver();
        let mut ended = 0;
        for input in interleave(channel, server, &schedule) {
            let _ = alice.handle(20_000_000, input);
            ended += drain(&mut alice).iter().filter(|a| matches!(a, Action::Ended(_))).count();
        }
        let view = alice.view().unwrap();
        prop_assert_eq!(view.control.applied, events as u64, "each event applied once");
        prop_assert_eq!(view.control.stale, 0);
        prop_assert_eq!(ended, usize::from(hang_up), "the end applied once");
        let bob = sender.view().unwrap();
        if !hang_up {
            prop_assert_eq!(view.remote.mic, bob.mic.enabled);
            prop_assert_eq!(view.remote.screen, bob.screen.enabled);
            prop_assert_eq!(view.remote.recording, bob.recording);
        }
    }

    /// Some events are acknowledged in time (they go over the channel only), so an older event
    /// can be overtaken: each is still applied at most once, and the shown state is the sender's.
    #[test]
    fn with_one_way_events_nothing_is_applied_twice_and_the_latest_state_wins(
        steps in proptest::collection::vec(step(), 0..12),
        acks in proptest::collection::vec(any::<bool>(), 0..12),
        schedule in proptest::collection::vec(any::<bool>(), 0..64),
    ) {
        let (sender, channel, server) = send_all(&steps, false, &acks);
        let events = sender_events(&channel) as u64;
        let copies = events + server.len() as u64;
        let mut alice = receiver();
        for input in interleave(channel, server, &schedule) {
            let _ = alice.handle(20_000_000, input);
        }
        let view = alice.view().unwrap();
        prop_assert!(view.control.applied <= events);
        prop_assert_eq!(view.control.applied + view.control.duplicates + view.control.stale, copies, "every copy accounted for");
        let bob = sender.view().unwrap();
        prop_assert_eq!(view.remote.mic, bob.mic.enabled);
        prop_assert_eq!(view.remote.screen, bob.screen.enabled);
        prop_assert_eq!(view.remote.recording, bob.recording);
    }
}
