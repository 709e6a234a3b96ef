//! The timing pieces of host mode on their own: the candidate batcher's grid (§4.5) and the
//! remote media detector (§5.3).

use dialtone_core::host::CallMediaSource;
use dialtone_core::host::ice_batch::IceBatcher;
use dialtone_core::host::remote_media::RemoteMedia;
use dialtone_core::host::signal::IceCandidateInit;

fn candidate(n: u32) -> IceCandidateInit {
    IceCandidateInit {
        candidate: format!("candidate:{n}"),
        sdp_mid: None,
        sdp_m_line_index: None,
        username_fragment: None,
    }
}

#[test]
fn the_initial_batch_is_due_at_t0_plus_750_ms() {
    let mut batcher = IceBatcher::new(100);
    batcher.add(candidate(1));
    assert_eq!(batcher.next_deadline(), Some(850));
    assert_eq!(batcher.take_initial(849), None);
    assert_eq!(batcher.take_initial(850), Some(vec![candidate(1)]));
    assert_eq!(batcher.take_initial(851), None, "taken once");
}

#[test]
fn a_late_poll_flushes_once_and_keeps_to_the_grid() {
    let mut batcher = IceBatcher::new(0);
    batcher.take_initial(750);
    batcher.add(candidate(1));
    assert_eq!(batcher.poll(5_000), Some(vec![candidate(1)]));
    // Grid: 2250, 3750, 5250, …: the next one after 5000 is 5250.
    assert_eq!(batcher.next_deadline(), Some(5_250));
}

#[test]
fn the_periodic_deadline_never_passes_the_stop() {
    let mut batcher = IceBatcher::new(0);
    batcher.take_initial(750);
    batcher.poll(12_250);
    assert_eq!(batcher.next_deadline(), Some(12_750));
    batcher.poll(12_750);
    assert_eq!(batcher.next_deadline(), None);
}

#[test]
fn a_source_that_never_sends_is_never_reported() {
    let mut remote = RemoteMedia::default();
    for _ in 0..10 {
        assert_eq!(remote.observe(CallMediaSource::Mic, 0), None);
    }
    assert!(!remote.enabled(CallMediaSource::Mic));
}

#[test]
fn two_silent_polls_are_not_enough_to_report_off() {
    let mut remote = RemoteMedia::default();
    assert_eq!(remote.observe(CallMediaSource::ScreenVideo, 10), Some(true));
    assert_eq!(remote.observe(CallMediaSource::ScreenVideo, 10), None);
    assert_eq!(remote.observe(CallMediaSource::ScreenVideo, 10), None);
    assert_eq!(
        remote.observe(CallMediaSource::ScreenVideo, 20),
        None,
        "sending again resets the count"
    );
    assert!(remote.enabled(CallMediaSource::ScreenVideo));
}

#[test]
fn sources_are_counted_separately() {
    let mut remote = RemoteMedia::default();
    assert_eq!(remote.observe(CallMediaSource::Mic, 10), Some(true));
    assert!(!remote.enabled(CallMediaSource::Camera));
}
