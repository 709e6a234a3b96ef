//! What a room-wide frame costs the hub as the node fills: N peers in rooms of 10, each sends one
//! `hello` that renames it (news for its 9 room-mates), and each asks for its room's list. Run by
//! bench/hub_rooms.sh; prints one JSON line per N. The hub in process (no sockets): the figure is
//! the hub's own work, which a real node does on one task for every client it holds.

use std::time::Instant;

use dialtone_server::hub::{ConnId, Hub, HubInput, HubLimits};
use dialtone_server::metrics::Metrics;

const ROOM_SIZE: usize = 10;

fn drain(hub: &mut Hub) -> usize {
    let mut outputs = 0;
    while hub.poll_output().is_some() {
        outputs += 1;
    }
    outputs
}

fn per_frame_ns(started: Instant, frames: usize) -> u64 {
    u64::try_from(started.elapsed().as_nanos() / frames.max(1) as u128).unwrap_or(u64::MAX)
}

fn run(peers: usize) -> String {
    let now = Instant::now();
    let mut hub = Hub::new(now, HubLimits::default(), std::time::Duration::from_secs(30), Metrics::new());
    let conns: Vec<ConnId> = (1..=peers as ConnId).collect();
    let joined = Instant::now();
    for (n, &conn) in conns.iter().enumerate() {
        let room = format!("room-{}", n / ROOM_SIZE);
        hub.handle(now, HubInput::Connect { conn, name: Some(format!("p{n}")), room: Some(room), resume: None })
            .expect("a connection is never refused");
        drain(&mut hub);
    }
    let join_ns = per_frame_ns(joined, peers);
    let renamed = Instant::now();
    let mut delivered = 0;
    for (n, &conn) in conns.iter().enumerate() {
        let hello = format!(r#"{{"type":"hello","payload":{{"name":"q{n}"}}}}"#);
        let _ = hub.handle(now, HubInput::Frame { conn, text: hello.into() });
        delivered += drain(&mut hub);
    }
    let hello_ns = per_frame_ns(renamed, peers);
    let listed = Instant::now();
    for &conn in &conns {
        let _ = hub.handle(now, HubInput::Frame { conn, text: r#"{"type":"list-peers"}"#.to_owned().into() });
        drain(&mut hub);
    }
    let list_ns = per_frame_ns(listed, peers);
    let leaving = Instant::now();
    let leavers = peers / 10;
    for &conn in conns.iter().step_by(10) {
        let _ = hub.handle(now, HubInput::Gone { conn, goodbye: true, unsent: Vec::new() });
        drain(&mut hub);
    }
    let leave_ns = per_frame_ns(leaving, leavers);
    format!(
        r#"{{"bench":"hub_rooms","peers":{peers},"room_size":{ROOM_SIZE},"join_ns":{join_ns},"hello_ns":{hello_ns},"list_peers_ns":{list_ns},"leave_ns":{leave_ns},"hello_frames_delivered":{delivered}}}"#
    )
}

fn main() {
    let sizes: Vec<usize> = std::env::var("PEERS")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 50_000]);
    for peers in sizes {
        println!("{}", run(peers));
    }
}
