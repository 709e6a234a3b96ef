//! The policy as a property: over random outages and traffic, frames arrive in order or are
//! counted as dropped.

use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Frame,
    Drop,
    Reconnect,
    Send(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => Just(Step::Frame),
        1 => Just(Step::Drop),
        1 => Just(Step::Reconnect),
        2 => (0usize..20).prop_map(Step::Send),
    ]
}

proptest! {
    /// Whatever the outages: what the sink gets is strictly increasing, and every frame is
    /// either received, still buffered, or counted as dropped; the buffer never exceeds 2 s.
    #[test]
    fn frames_are_received_in_order_or_counted(steps in proptest::collection::vec(step(), 1..400)) {
        let (mut stream, mut id) = started();
        opened(&mut stream, id);
        let mut now = 0;
        let mut received: Vec<u32> = Vec::new();
        let mut pushed = 0u64;
        for step in steps {
            now += 20;
            match step {
                Step::Frame => { push(&mut stream); pushed += 1; }
                Step::Drop => closed(&mut stream, now, id, 0.5),
                Step::Reconnect => {
                    if let Some(at) = stream.next_deadline() {
                        now = now.max(at);
                        stream.handle_timeout(now);
                    }
                    while let Some(action) = stream.poll_action() {
                        if let StreamAction::Connect(new) = action { id = new; opened(&mut stream, id); }
                    }
                }
                // Room for exactly n frames.
                Step::Send(n) => received.extend(release(&mut stream, n as u32 * FRAME_BYTES)),
            }
            prop_assert!(stream.view().buffered <= BUFFER_FRAMES);
        }
        prop_assert!(received.windows(2).all(|w| w[0] < w[1]));
        let view = stream.view();
        prop_assert_eq!(received.len() as u64 + view.buffered as u64 + view.dropped, pushed);
    }
}
