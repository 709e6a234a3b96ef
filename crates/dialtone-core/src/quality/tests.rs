use super::*;
use proptest::prelude::*;

/// A healthy second: `rtt` ms, 50 packets and 6 000 bytes each way, nothing lost.
pub(super) fn healthy(at_s: u64, rtt: f64) -> Sample {
    Sample {
        at: at_s * 1_000,
        rtt_ms: Some(rtt),
        jitter_ms: Some(2.0),
        packets_received: Some(at_s * 50),
        packets_lost: Some(0),
        remote_fraction_lost: Some(0.0),
        bytes_sent: Some(at_s * 6_000),
        bytes_received: Some(at_s * 6_000),
    }
}

fn feed(monitor: &mut QualityMonitor, samples: impl IntoIterator<Item = Sample>) -> Vec<Update> {
    samples.into_iter().map(|s| monitor.sample(s)).collect()
}

#[test]
fn a_healthy_call_is_good_with_its_round_trip_and_bitrates() {
    let mut monitor = QualityMonitor::new();
    assert_eq!(monitor.summary(), "Connection: measuring…");
    feed(&mut monitor, (1..=3).map(|s| healthy(s, 12.4)));
    assert_eq!(monitor.level(), Some(Level::Good));
    assert_eq!(monitor.summary(), "Connection: good, 12 ms");
    let latest = monitor.latest().unwrap();
    assert_eq!(latest.send_kbps, Some(48.0));
    assert_eq!(latest.receive_kbps, Some(48.0));
    assert_eq!(latest.loss_percent, Some(0.0));
}

#[test]
fn one_bad_second_does_not_change_the_level_a_bad_streak_does() {
    let mut monitor = QualityMonitor::new();
    feed(&mut monitor, (1..=5).map(|s| healthy(s, 20.0)));
    monitor.sample(healthy(6, 900.0));
    monitor.sample(healthy(7, 20.0));
    assert_eq!(monitor.level(), Some(Level::Good), "a spike is not a bad connection");
    let updates = feed(&mut monitor, (8..=10).map(|s| healthy(s, 900.0)));
    assert_eq!(monitor.level(), Some(Level::Poor), "three seconds past the threshold are");
    assert_eq!(updates.iter().filter(|u| u.changed).count(), 1);
    assert!(updates.last().unwrap().announce_poor);
}

#[test]
fn a_drop_goes_only_as_far_as_the_whole_streak_went() {
    let mut monitor = QualityMonitor::new();
    feed(&mut monitor, (1..=5).map(|s| healthy(s, 20.0)));
    monitor.sample(healthy(6, 400.0));
    monitor.sample(healthy(7, 900.0));
    monitor.sample(healthy(8, 900.0));
    assert_eq!(monitor.level(), Some(Level::Fair), "one second was only fair");
}

#[test]
fn recovery_takes_longer_than_a_drop() {
    let mut monitor = QualityMonitor::new();
    feed(&mut monitor, (1..=5).map(|s| healthy(s, 900.0)));
    assert_eq!(monitor.level(), Some(Level::Poor));
    feed(&mut monitor, (6..=9).map(|s| healthy(s, 20.0)));
    assert_eq!(monitor.level(), Some(Level::Poor), "four good seconds are not enough");
    feed(&mut monitor, (10..=11).map(|s| healthy(s, 20.0)));
    assert_eq!(monitor.level(), Some(Level::Good));
}

#[test]
fn a_stall_after_audio_flowed_counts_as_total_loss() {
    let mut monitor = QualityMonitor::new();
    feed(&mut monitor, (1..=3).map(|s| healthy(s, 5.0)));
    // The network is cut: nothing arrives, the browser's counters stand still, the RTT is stale.
    let frozen = healthy(3, 5.0);
    feed(&mut monitor, (4..=7).map(|s| Sample { at: s * 1_000, ..frozen }));
    assert_eq!(monitor.latest().unwrap().loss_percent, Some(100.0));
    assert_eq!(monitor.latest().unwrap().receive_kbps, Some(0.0));
    assert_eq!(monitor.level(), Some(Level::Poor));
}

#[test]
fn silence_before_anything_arrived_is_not_a_stall() {
    let mut monitor = QualityMonitor::new();
    let quiet = |s: u64| Sample { at: s * 1_000, rtt_ms: Some(5.0), packets_received: Some(0), packets_lost: Some(0), ..Sample::default() };
    feed(&mut monitor, (1..=4).map(quiet));
    assert_eq!(monitor.latest().unwrap().loss_percent, None);
    assert_eq!(monitor.level(), Some(Level::Good));
}

#[test]
fn the_worse_direction_of_loss_counts() {
    let previous = healthy(1, 5.0);
    let now = Sample { packets_received: Some(148), packets_lost: Some(2), remote_fraction_lost: Some(0.1), ..healthy(2, 5.0) };
    let figures = Figures::between(Some(&previous), &now, true);
    assert_eq!(figures.loss_percent, Some(10.0), "the peer lost 10 % of ours; we lost 2 % of theirs");
    assert_eq!(figures.level(), Some(Level::Poor));
}

#[test]
fn counters_that_go_back_give_no_rate() {
    let previous = healthy(10, 5.0);
    let now = Sample { bytes_sent: Some(100), packets_received: Some(3), ..healthy(11, 5.0) };
    let figures = Figures::between(Some(&previous), &now, true);
    assert_eq!(figures.send_kbps, None);
    assert_eq!(figures.loss_percent, Some(0.0), "the remote report still says something");
}

#[test]
fn no_figures_at_all_is_no_opinion() {
    let mut monitor = QualityMonitor::new();
    feed(&mut monitor, (1..=5).map(|s| Sample { at: s * 1_000, ..Sample::default() }));
    assert_eq!(monitor.level(), None);
    assert_eq!(monitor.summary(), "Connection: measuring…");
    let line = monitor.graph(|f| f.rtt_ms, 120.0, 40.0, 50.0);
    assert_eq!((line.len, line.points.as_str()), (0, ""));
}

#[test]
fn poor_is_announced_once_however_often_it_wavers() {
    let mut monitor = QualityMonitor::new();
    let mut announcements = 0;
    for cycle in 0..5u64 {
        let start = 1 + cycle * 20;
        for s in start..start + 10 {
            announcements += usize::from(monitor.sample(healthy(s, 900.0)).announce_poor);
        }
        for s in start + 10..start + 20 {
            announcements += usize::from(monitor.sample(healthy(s, 20.0)).announce_poor);
        }
    }
    assert_eq!(announcements, 1, "100 s of wavering: said once");
    feed(&mut monitor, (101..=200).map(|s| healthy(s, 20.0)));
    assert!(feed(&mut monitor, (201..=205).map(|s| healthy(s, 900.0))).iter().any(|u| u.announce_poor), "again after a quiet spell");
}

#[test]
fn the_graph_puts_the_newest_point_at_the_right_edge_on_a_round_scale() {
    let mut monitor = QualityMonitor::new();
    feed(&mut monitor, (1..=3).map(|s| healthy(s, 30.0 * s as f64)));
    let line = monitor.graph(|f| f.rtt_ms, 120.0, 40.0, 50.0);
    assert_eq!(line.top, 100.0);
    assert_eq!(line.len, 3);
    assert!(line.points.ends_with("120.0,4.0"), "{}", line.points);
}

#[test]
fn round_scales() {
    assert_eq!([0.3, 1.0, 7.0, 12.0, 100.0, 101.0, 480.0].map(round_up), [0.5, 1.0, 10.0, 20.0, 100.0, 200.0, 500.0]);
    assert_eq!(round_up(f64::NAN), 1.0);
}

#[test]
fn figures_read_as_people_write_them() {
    assert_eq!(format_ms(Some(12.4)), "12 ms");
    assert_eq!(format_percent(Some(0.44)), "0.4 %");
    assert_eq!(format_kbps(Some(47.6)), "48 kbps");
    assert_eq!(format_kbps(Some(2_345.0)), "2.3 Mbps");
    assert_eq!(format_ms(None), "—");
    assert_eq!(format_ms(Some(0.0)), "<1 ms");
}

fn any_sample() -> impl Strategy<Value = (u64, Sample)> {
    let figure = |max: f64| proptest::option::weighted(0.8, 0.0..max);
    let counter = || proptest::option::weighted(0.9, 0u64..200);
    (
        200u64..3_000,
        (figure(1_500.0), figure(150.0), counter(), counter(), proptest::option::weighted(0.5, 0.0..0.3f64), counter(), counter()),
    )
        .prop_map(|(step, (rtt, jitter, received, lost, remote, sent, got))| {
            (step, Sample {
                at: 0,
                rtt_ms: rtt,
                jitter_ms: jitter,
                // Increments, made cumulative below (a missing one stays missing).
                packets_received: received,
                packets_lost: lost,
                remote_fraction_lost: remote,
                bytes_sent: sent.map(|n| n * 100),
                bytes_received: got.map(|n| n * 100),
            })
        })
}

/// Cumulative counters from increments, and times from steps.
fn timeline(steps: Vec<(u64, Sample)>) -> Vec<Sample> {
    let (mut at, mut totals) = (0u64, [0u64; 4]);
    steps
        .into_iter()
        .map(|(step, s)| {
            at += step;
            let mut add = |i: usize, v: Option<u64>| v.map(|v| { totals[i] += v; totals[i] });
            Sample {
                at,
                packets_received: add(0, s.packets_received),
                packets_lost: add(1, s.packets_lost),
                bytes_sent: add(2, s.bytes_sent),
                bytes_received: add(3, s.bytes_received),
                ..s
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn the_level_never_changes_twice_within_the_dwell(steps in prop::collection::vec(any_sample(), 1..300)) {
        let mut monitor = QualityMonitor::new();
        let mut changes = Vec::new();
        for sample in timeline(steps) {
            let had_level = monitor.level().is_some();
            if monitor.sample(sample).changed && had_level {
                changes.push(sample.at);
            }
        }
        for pair in changes.windows(2) {
            prop_assert!(pair[1] - pair[0] >= MIN_DWELL_MS, "changes at {:?}", changes);
        }
    }

    #[test]
    fn a_drop_is_backed_by_every_interval_of_the_hold(steps in prop::collection::vec(any_sample(), 1..300)) {
        let mut monitor = QualityMonitor::new();
        let mut proposals: Vec<(u64, Option<Level>)> = Vec::new();
        for sample in timeline(steps) {
            let before = monitor.level();
            let update = monitor.sample(sample);
            proposals.push((sample.at, monitor.latest().and_then(Figures::level)));
            if let (true, Some(before), Some(after)) = (update.changed, before, monitor.level()) {
                let hold = if after > before { DEGRADE_HOLD_MS } else { RECOVER_HOLD_MS };
                // Back from this sample to the first one a whole hold before it, inclusive.
                let reach = proposals.iter().rposition(|(at, _)| sample.at - at >= hold);
                prop_assert!(reach.is_some(), "a whole hold of figures");
                let streak = &proposals[reach.unwrap_or(0)..];
                for (_, proposed) in streak {
                    let backed = proposed.is_some_and(|p| if after > before { p >= after } else { p <= after });
                    prop_assert!(backed, "{:?} → {:?} with {:?}", before, after, proposals);
                }
            }
        }
    }

    #[test]
    fn the_history_stays_a_minute_long_and_the_graph_inside_its_box(steps in prop::collection::vec(any_sample(), 1..400)) {
        let mut monitor = QualityMonitor::new();
        for sample in timeline(steps) {
            monitor.sample(sample);
            let newest = monitor.latest().map_or(0, |f| f.at);
            prop_assert!(monitor.history().count() <= HISTORY_POINTS);
            prop_assert!(monitor.history().all(|f| newest - f.at <= HISTORY_MS));
            let line = monitor.graph(|f| f.receive_kbps, 120.0, 40.0, 64.0);
            prop_assert!(line.len <= monitor.history().count());
            for point in line.points.split_whitespace() {
                let (x, y) = point.split_once(',').unwrap();
                let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
                prop_assert!((0.0..=120.0).contains(&x) && (0.0..=40.0).contains(&y), "{point}");
            }
        }
    }

    #[test]
    fn loss_is_a_percentage_and_rates_are_never_negative(steps in prop::collection::vec(any_sample(), 2..50)) {
        let mut monitor = QualityMonitor::new();
        for sample in timeline(steps) {
            monitor.sample(sample);
            let f = *monitor.latest().unwrap();
            prop_assert!(f.loss_percent.is_none_or(|l| (0.0..=100.0).contains(&l)));
            prop_assert!(f.send_kbps.is_none_or(|v| v >= 0.0) && f.receive_kbps.is_none_or(|v| v >= 0.0));
        }
    }

    #[test]
    fn a_round_scale_is_at_or_above_the_value_and_within_two_and_a_half_times(value in 1e-6..1e9f64) {
        let top = round_up(value);
        prop_assert!(top >= value * (1.0 - 1e-9) && top <= value * 2.5 + 1e-9, "{value} → {top}");
    }
}
