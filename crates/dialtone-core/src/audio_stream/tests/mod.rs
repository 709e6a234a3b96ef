//! The stream's policy as a specification: frames are numbered, kept for 2 s while the sink is
//! away, flushed in order on reconnect, dropped oldest-first and counted past 2 s; reconnects
//! back off and give up after 10 attempts.

use super::frame::FrameRef;
use super::*;

const FRAME: [i16; 640] = [0; 640];

fn seq_of(bytes: &[u8]) -> u32 {
    FrameRef::parse(bytes).map(|f| f.seq).unwrap_or(u32::MAX)
}

/// Hands `input` to the stream; tests that care about refusals check `handle` themselves.
fn feed(stream: &mut AudioStream, now: u64, input: StreamInput) {
    let _ = stream.handle(now, input);
}

/// One 20 ms frame of silence (the stream's channel count).
fn push(stream: &mut AudioStream) {
    let samples = FRAME[..320 * stream.channels() as usize].to_vec();
    feed(stream, 0, StreamInput::Samples(samples));
}

fn opened(stream: &mut AudioStream, id: ConnectionId) {
    feed(stream, 0, StreamInput::SinkOpened(id));
}

fn closed(stream: &mut AudioStream, now: u64, id: ConnectionId, random: f64) {
    feed(stream, now, StreamInput::SinkClosed { id, random });
}

fn message(stream: &mut AudioStream, now: u64, id: ConnectionId, text: &str, random: f64) {
    let text = text.to_owned();
    feed(stream, now, StreamInput::SinkMessage { id, text, random });
}

/// Starts a stream and returns the id of the socket it asked for.
fn started() -> (AudioStream, ConnectionId) {
    let mut stream = AudioStream::new(2);
    feed(&mut stream, 0, StreamInput::Start);
    let id = match stream.poll_action() {
        Some(StreamAction::Connect(id)) => id,
        other => panic!("expected a connect, got {other:?}"),
    };
    assert_eq!(stream.poll_action(), Some(StreamAction::StartAudio), "the call's audio is wanted");
    (stream, id)
}

/// The connected socket reports `bytes` of room; returns the numbers of the frames sent.
fn release(stream: &mut AudioStream, bytes: u32) -> Vec<u32> {
    let id = match stream.state {
        State::Active { id } => id,
        _ => 0,
    };
    feed(stream, 0, StreamInput::SinkRoom { id, bytes });
    std::iter::from_fn(|| stream.poll_action())
        .map(|action| match action {
            StreamAction::Send { frame, .. } => seq_of(&frame),
            other => panic!("expected frames only, got {other:?}"),
        })
        .collect()
}

/// A socket with all the room it wants.
fn drain(stream: &mut AudioStream) -> Vec<u32> {
    release(stream, u32::MAX)
}

/// Waits out the back-off and returns the new socket's id.
fn retry(stream: &mut AudioStream) -> ConnectionId {
    let at = stream.next_deadline().expect("a retry is scheduled");
    stream.handle_timeout(at);
    match stream.poll_action() {
        Some(StreamAction::Connect(id)) => id,
        other => panic!("expected a reconnect, got {other:?}"),
    }
}

#[test]
fn a_stream_is_idle_until_started_and_ignores_audio_meanwhile() {
    let mut stream = AudioStream::new(1);
    push(&mut stream);
    assert_eq!(stream.view(), StreamView::default());
    assert_eq!(stream.poll_action(), None);
}

#[test]
fn frames_are_numbered_from_zero_and_sent_once_connected() {
    let (mut stream, id) = started();
    assert_eq!(stream.view().status, StreamStatus::Connecting);
    push(&mut stream);
    push(&mut stream);
    assert_eq!(
        drain(&mut stream),
        Vec::<u32>::new(),
        "nothing leaves before the socket is open"
    );
    opened(&mut stream, id);
    assert_eq!(stream.view().status, StreamStatus::Active);
    assert_eq!(drain(&mut stream), vec![0, 1]);
    push(&mut stream);
    assert_eq!(drain(&mut stream), vec![2]);
    assert_eq!(stream.view().sent, 3);
}

#[test]
fn an_outage_shorter_than_two_seconds_loses_nothing_and_keeps_the_order() {
    let (mut stream, id) = started();
    opened(&mut stream, id);
    for _ in 0..10 {
        push(&mut stream);
    }
    assert_eq!(drain(&mut stream), (0..10).collect::<Vec<_>>());
    closed(&mut stream, 1_000, id, 0.5);
    assert_eq!(stream.view().status, StreamStatus::Reconnecting);
    for _ in 0..99 {
        push(&mut stream);
    }
    let id = retry(&mut stream);
    opened(&mut stream, id);
    push(&mut stream);
    assert_eq!(drain(&mut stream), (10..110).collect::<Vec<_>>());
    assert_eq!(stream.view().dropped, 0);
}

#[test]
fn past_two_seconds_the_oldest_frames_are_dropped_and_counted() {
    let (mut stream, id) = started();
    opened(&mut stream, id);
    closed(&mut stream, 0, id, 0.0);
    for _ in 0..130 {
        push(&mut stream);
    }
    let view = stream.view();
    assert_eq!((view.dropped, view.buffered), (30, BUFFER_FRAMES));
    let id = retry(&mut stream);
    opened(&mut stream, id);
    assert_eq!(
        drain(&mut stream),
        (30..130).collect::<Vec<_>>(),
        "the newest 2 s, in order"
    );
}

#[test]
fn frames_wait_in_the_bounded_buffer_while_the_socket_is_congested() {
    // A socket whose send buffer is full reports no room, so nothing is released to it.
    let (mut stream, id) = started();
    opened(&mut stream, id);
    for _ in 0..250 {
        push(&mut stream);
        assert_eq!(release(&mut stream, 0), Vec::<u32>::new());
    }
    assert_eq!(stream.view().buffered, BUFFER_FRAMES);
    assert_eq!(stream.view().dropped, 150);
    assert_eq!(drain(&mut stream).first(), Some(&150));
}

/// One stereo frame on the wire.
const FRAME_BYTES: u32 = frame::MAX_AUDIO_FRAME_BYTES as u32;

#[test]
fn a_socket_gets_frames_while_it_has_room_the_last_one_may_overfill_it() {
    // The browser keeps handing frames over while less than its backlog limit is queued, as
    // the socket's own `bufferedAmount` check did before.
    let (mut stream, id) = started();
    opened(&mut stream, id);
    for _ in 0..5 {
        push(&mut stream);
    }
    assert_eq!(release(&mut stream, 0), Vec::<u32>::new());
    assert_eq!(release(&mut stream, 1), vec![0]);
    assert_eq!(release(&mut stream, FRAME_BYTES + 1), vec![1, 2]);
    assert_eq!(stream.view().buffered, 2);
    assert_eq!(stream.view().sent, 3);
}

#[test]
fn inputs_that_do_not_fit_are_refused_and_change_nothing() {
    let (mut stream, id) = started();
    assert!(stream.handle(0, StreamInput::Start).is_err(), "already on");
    assert!(stream.handle(0, StreamInput::SinkOpened(id + 1)).is_err());
    assert!(
        stream
            .handle(0, StreamInput::SinkRoom { id, bytes: 9 })
            .is_err(),
        "not open yet"
    );
    assert_eq!(stream.view().status, StreamStatus::Connecting);
    assert_eq!(stream.poll_action(), None);
}

#[test]
fn reconnects_back_off_with_jitter_and_give_up_after_ten_attempts() {
    let (mut stream, mut id) = started();
    let mut now = 0;
    let mut delays = Vec::new();
    for _ in 0..MAX_ATTEMPTS {
        closed(&mut stream, now, id, 1.0);
        let at = stream.next_deadline().expect("scheduled");
        delays.push(at - now);
        now = at;
        id = retry(&mut stream);
        assert_eq!(stream.view().status, StreamStatus::Reconnecting);
    }
    assert_eq!(
        delays,
        vec![
            250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 8_000
        ]
    );
    assert_eq!(stream.view().attempts, MAX_ATTEMPTS);
    closed(&mut stream, now, id, 1.0);
    assert_eq!(stream.view().status, StreamStatus::Failed);
    assert_eq!(stream.next_deadline(), None);
}

#[test]
fn jitter_spreads_the_delay_over_the_upper_half() {
    let (mut low, id) = started();
    closed(&mut low, 0, id, 0.0);
    let (mut high, id) = started();
    closed(&mut high, 0, id, 0.999);
    assert_eq!(low.next_deadline(), Some(125));
    assert_eq!(high.next_deadline(), Some(249));
}

#[test]
fn a_successful_reconnect_starts_the_back_off_again() {
    let (mut stream, id) = started();
    closed(&mut stream, 0, id, 1.0);
    let id = retry(&mut stream);
    closed(&mut stream, 250, id, 1.0);
    assert_eq!(
        stream.next_deadline(),
        Some(750),
        "second attempt waits longer"
    );
    let id = retry(&mut stream);
    opened(&mut stream, id);
    assert_eq!(stream.view().attempts, 0);
    closed(&mut stream, 10_000, id, 1.0);
    assert_eq!(stream.next_deadline(), Some(10_250));
}

#[test]
fn a_stream_that_gives_up_stops_the_audio_drops_what_waited_and_a_retry_starts_afresh() {
    let (mut stream, mut id) = started();
    for _ in 0..3 {
        push(&mut stream);
    }
    let mut now = 0;
    loop {
        closed(&mut stream, now, id, 0.5);
        match stream.next_deadline() {
            Some(at) => {
                assert_eq!(stream.poll_action(), None, "the audio goes on between retries");
                now = at;
                id = retry(&mut stream);
            }
            None => break,
        }
    }
    assert_eq!(stream.view().status, StreamStatus::Failed);
    assert_eq!(stream.poll_action(), Some(StreamAction::StopAudio), "no converter runs for a stream that gave up");
    assert_eq!(stream.view().buffered, 0);
    assert_eq!(stream.view().dropped, 3, "the frames that waited are counted as lost");
    // A batch already on its way when the converter stopped is refused.
    let late = stream.handle(now, StreamInput::Samples(FRAME.to_vec()));
    assert!(late.is_err());
    assert_eq!(stream.view().buffered, 0);

    feed(&mut stream, now, StreamInput::Start);
    let Some(StreamAction::Connect(id)) = stream.poll_action() else {
        panic!("retry connects")
    };
    assert_eq!(stream.poll_action(), Some(StreamAction::StartAudio), "the retry converts audio again");
    assert_eq!(stream.view().status, StreamStatus::Connecting);
    for _ in 0..2 {
        push(&mut stream);
    }
    opened(&mut stream, id);
    assert_eq!(drain(&mut stream), vec![3, 4], "numbering goes on after the lost frames");
}

#[test]
fn events_of_an_old_socket_are_ignored() {
    let (mut stream, old) = started();
    closed(&mut stream, 0, old, 0.5);
    let new = retry(&mut stream);
    closed(&mut stream, 10, old, 0.5);
    opened(&mut stream, old);
    assert_eq!(
        stream.view().status,
        StreamStatus::Reconnecting,
        "still waiting for the new socket"
    );
    opened(&mut stream, new);
    assert_eq!(stream.view().status, StreamStatus::Active);
}

#[test]
fn a_polite_close_stops_sending_closes_our_side_and_reconnects() {
    let (mut stream, id) = started();
    opened(&mut stream, id);
    push(&mut stream);
    assert_eq!(drain(&mut stream), vec![0]);
    message(&mut stream, 100, id, CLOSING_MESSAGE, 0.0);
    assert_eq!(stream.poll_action(), Some(StreamAction::Disconnect(id)));
    assert_eq!(stream.view().status, StreamStatus::Reconnecting);
    push(&mut stream);
    assert_eq!(
        drain(&mut stream),
        Vec::<u32>::new(),
        "nothing more on the closing socket"
    );
    let id = retry(&mut stream);
    opened(&mut stream, id);
    assert_eq!(drain(&mut stream), vec![1]);
}

#[test]
fn other_sink_messages_and_stale_sockets_change_nothing() {
    let (mut stream, id) = started();
    opened(&mut stream, id);
    for text in [
        "hello",
        r#"{"type":"ack","seq":3}"#,
        "",
        &"x".repeat(10_000),
    ] {
        message(&mut stream, 0, id, text, 0.5);
    }
    message(&mut stream, 0, id + 7, CLOSING_MESSAGE, 0.5);
    assert_eq!(stream.view().status, StreamStatus::Active);
    assert_eq!(stream.poll_action(), None);
}

#[test]
fn a_deadline_not_yet_reached_does_nothing() {
    let (mut stream, id) = started();
    closed(&mut stream, 0, id, 1.0);
    stream.handle_timeout(249);
    assert_eq!(stream.poll_action(), None);
    assert_eq!(stream.view().status, StreamStatus::Reconnecting);
}

#[test]
fn stopping_closes_the_socket_and_forgets_the_buffer() {
    let (mut stream, id) = started();
    push(&mut stream);
    feed(&mut stream, 0, StreamInput::Stop);
    assert_eq!(stream.poll_action(), Some(StreamAction::Disconnect(id)));
    assert_eq!(stream.poll_action(), Some(StreamAction::StopAudio), "no audio is converted while off");
    assert_eq!(stream.view().status, StreamStatus::Idle);
    assert_eq!(stream.view().buffered, 0);
    feed(&mut stream, 0, StreamInput::Start);
    let Some(StreamAction::Connect(id)) = stream.poll_action() else {
        panic!("connects again")
    };
    assert_eq!(stream.poll_action(), Some(StreamAction::StartAudio));
    opened(&mut stream, id);
    push(&mut stream);
    assert_eq!(
        drain(&mut stream),
        vec![1],
        "numbering goes on: the forgotten frame 0 is a gap, never a repeat"
    );
}

mod property;
mod sink;
