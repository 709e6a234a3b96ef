//! What "both sides agree" means, checked on a world at rest: every call both phones knew of
//! ended on both with the same reason (a hang-up is HUNG_UP on the side that hung up and
//! REMOTE_HUNG_UP on the other), no call is up on one side only, what each side sends is what the
//! other shows, and nothing is left behind (a tone, a microphone, an open connection).

use dialtone_core::audio_stream::stream_id;
use dialtone_core::call::{CallState, ConnectionState, Direction};
use dialtone_core::client::LinkStatus;
use dialtone_core::errors::ClientError;
use dialtone_core::server::ServerKind;
use dialtone_core::history::{History, HistoryEntry};
use dialtone_core::protocol::EndReason;

use crate::world::World;

/// The reason the far side records for an end this side recorded as `reason`.
pub fn seen_by_peer(reason: EndReason) -> EndReason {
    match reason {
        EndReason::HungUp => EndReason::RemoteHungUp,
        EndReason::RemoteHungUp => EndReason::HungUp,
        other => other,
    }
}

/// Everything that must hold between stations `a` and `b` once the world is at rest.
pub fn assert_agree(world: &World, a: usize, b: usize) {
    let (sa, sb) = (&world.stations[a], &world.stations[b]);
    let history = || format!("\n{} ignored: {:#?}\n{} ignored: {:#?}", sa.name, sa.ignored, sb.name, sb.ignored);
    // The calls between these two (a station may have had calls with others).
    let between = |r: &&HistoryEntry, other: &crate::station::Station| other.ids.contains(&r.peer);
    let ours = sa.records.iter().filter(|r| between(r, sb));
    let theirs = sb.records.iter().filter(|r| between(r, sa));
    let mut ids: Vec<&str> = ours.chain(theirs).map(|r| r.call_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        match (sa.record(id), sb.record(id)) {
            (Some(ra), Some(rb)) => {
                let crossed = sa.told_end.iter().any(|c| c == id) && sb.told_end.iter().any(|c| c == id);
                assert_pair(ra, rb, crossed, &history);
            }
            (Some(only), None) | (None, Some(only)) => {
                let other = if sa.record(id).is_some() { sb } else { sa };
                let still_up = other.call_id().as_deref() == Some(id) && other.in_call();
                assert!(!still_up, "call {id} ended on one side ({:?}) and is still up on {}{}", only.reason, other.name, history());
                let knew = [sa, sb].iter().any(|s| s.records.iter().any(|r| r.call_id == id && r.connected_at.is_some()));
                assert!(!knew, "call {id} connected, yet only one side has a record of it: {only:?}{}", history());
            }
            (None, None) => {}
        }
    }
    let (va, vb) = (world.view(a).filter(|v| v.state != CallState::Ended), world.view(b).filter(|v| v.state != CallState::Ended));
    if let (Some(va), Some(vb)) = (&va, &vb) {
        if va.call_id == vb.call_id {
            assert_eq!(va.state, vb.state, "both sides of {} show the same state{}", va.call_id, history());
            assert_eq!(va.remote.mic, vb.mic.enabled, "{} shows {}'s mic as it is", sa.name, sb.name);
            assert_eq!(vb.remote.mic, va.mic.enabled, "{} shows {}'s mic as it is", sb.name, sa.name);
            assert_eq!(va.remote.screen, vb.screen.enabled, "{} shows {}'s screen as it is{}", sa.name, sb.name, history());
            assert_eq!(vb.remote.screen, va.screen.enabled, "{} shows {}'s screen as it is{}", sb.name, sa.name, history());
            for (s, other) in [(sa, vb), (sb, va)] {
                let shows = s.remote_screen.is_some();
                assert!(shows || !other.screen.enabled, "{} shows the screen its peer shares", s.name);
            }
            assert_eq!(va.remote.recording, vb.recording, "{} knows whether {} records{}", sa.name, sb.name, history());
            assert_eq!(vb.remote.recording, va.recording, "{} knows whether {} records{}", sb.name, sa.name, history());
            assert_eq!((va.recording, vb.recording), (sa.recording, sb.recording), "a call that says it records has a recorder running");
            assert_media_negotiated(world, a, b);
            assert_media_negotiated(world, b, a);
        }
    }
    for (station, view) in [(a, &va), (b, &vb)] {
        if let Some(view) = view {
            assert_eq!(view.state, CallState::Connected, "at rest, {}'s call is connected or over{}", world.stations[station].name, history());
        }
    }
    assert_left_clean(world, a);
    assert_left_clean(world, b);
    assert_page_knows(world, a, b);
    assert_page_knows(world, b, a);
}

/// What the client learned from the server is what the relay says: its own id from the last
/// `client-id`, the other page in its list (never itself) by its current name while both are on
/// the server, and a stored history that reads back as the one shown.
fn assert_page_knows(world: &World, station: usize, other: usize) {
    let (s, o) = (&world.stations[station], &world.stations[other]);
    if s.online() {
        assert_eq!(s.link, Some(LinkStatus::Online), "{} says it is online", s.name);
        let kind = if world.relay.is_base() { ServerKind::Base } else { ServerKind::Dialtone };
        assert_eq!(s.server_kind, kind, "{} knows what kind of server it is on", s.name);
        let lost = s.notice.as_ref().is_some_and(|n| n.code == ClientError::SignalingLost.code());
        assert!(!lost, "{} no longer says the server is lost", s.name);
        // A Dialtone server offers ICE servers; a base server answers with its page.
        assert_eq!(s.ice_servers.is_some(), !world.relay.is_base(), "{} uses the ICE servers on offer", s.name);
        assert_eq!(s.me.as_ref().and_then(|me| me.id.as_ref()), s.id.as_ref(), "{} shows the id the server gave it", s.name);
        assert_eq!(s.me.as_ref().map(|me| me.name.as_str()), Some(s.person()), "{} shows the name its person gave", s.name);
        assert_eq!(s.client.directory().self_id(), s.id.as_deref(), "{}'s directory knows its own id", s.name);
        assert!(!s.peers.iter().any(|p| Some(&p.id) == s.id.as_ref()), "{} never lists itself: {:?}", s.name, s.peers);
        if o.online() {
            let listed = s.peers.iter().find(|p| Some(&p.id) == o.id.as_ref());
            assert!(listed.is_some(), "{} lists {} ({:?}): {:?}", s.name, o.name, o.id, s.peers);
            // A Dialtone server names everyone as they last named themselves.
            if !world.relay.is_base() {
                let name = listed.and_then(|p| p.name.as_deref());
                assert_eq!(name, Some(o.person()), "{} lists {} by the name {} gave", s.name, o.name, o.person());
            }
        }
    }
    let stored = s.saved_history.as_deref().map(History::from_json).unwrap_or_default();
    assert_eq!(stored.entries(), &s.records[..], "{}'s stored history is the one it shows", s.name);
}

/// Both records of one call. When both sides ended it themselves at once (each sent an end
/// before the other's arrived), each keeps its own reason, and neither says the other hung up.
fn assert_pair(ra: &HistoryEntry, rb: &HistoryEntry, crossed: bool, history: &dyn Fn() -> String) {
    if crossed {
        let blamed = [ra.reason, rb.reason].contains(&EndReason::RemoteHungUp);
        assert!(!blamed, "ends that crossed blame nobody: {ra:?} / {rb:?}{}", history());
    } else {
        assert_eq!(rb.reason, seen_by_peer(ra.reason), "both sides end call {} for the same reason: {ra:?} / {rb:?}{}", ra.call_id, history());
    }
    assert_ne!(ra.outgoing, rb.outgoing, "one side called, the other was called: {ra:?} / {rb:?}");
    assert_eq!(ra.media, rb.media);
}

/// What `from` sends is what `to`'s connection received in the last description: no track
/// change is left un-negotiated, and the screen `to` shows is the one `from` really shares.
fn assert_media_negotiated(world: &World, from: usize, to: usize) {
    let (Some(pf), Some(pt)) = (world.stations[from].pc, world.stations[to].pc) else {
        panic!("a connected call has a connection on both sides");
    };
    let (sender, receiver) = (&world.pcs[&pf], &world.pcs[&pt]);
    assert_eq!(sender.tracks_version, sender.negotiated_version, "{}'s track changes were all negotiated", world.stations[from].name);
    let received = receiver.remote.as_ref().map(|r| r.screen);
    assert_eq!(received, Some(sender.screen), "{} receives the screen {} sends", world.stations[to].name, world.stations[from].name);
    assert_eq!(sender.connection, ConnectionState::Connected);
    assert_eq!(receiver.connection, ConnectionState::Connected);
}

/// Nothing of a call outlives it: no tone once nothing rings, no microphone or connection
/// without a call, no candidate the browser had to refuse.
pub fn assert_left_clean(world: &World, station: usize) {
    let s = &world.stations[station];
    let view = s.view();
    let in_call = s.in_call();
    let ringing = view.as_ref().is_some_and(|v| {
        matches!(v.state, CallState::InvitationReceived | CallState::InvitationSent) || v.waiting.is_some()
    });
    if !ringing {
        assert_eq!(s.tone, None, "{} plays no tone with nothing ringing", s.name);
    }
    assert!(s.captures.is_empty(), "{}'s client said what to do with every captured stream: {:?}", s.name, s.captures);
    let live = view.as_ref().filter(|v| v.state == CallState::Connected && v.ended.is_none());
    let streamed = live.map(|v| stream_id(&v.call_id, v.direction));
    let streaming = s.live_stream.as_deref().and_then(|url| url.rsplit('/').next());
    assert_eq!(streaming, streamed.as_deref(), "{} streams the audio of its connected call, and only that", s.name);
    if !in_call {
        assert!(!s.recording, "{} records nothing without a call", s.name);
        assert!(!s.has_media, "{} holds no microphone without a call", s.name);
        assert_eq!(s.pc, None, "{} holds no connection without a call", s.name);
        assert_eq!((&s.remote_call, &s.remote_screen), (&None, &None), "{} shows no remote stream without a call", s.name);
    }
    for pc in world.pcs.values().filter(|p| p.station == station) {
        assert!(pc.refused_candidates.is_empty(), "{} added candidates the browser refused: {:?}", s.name, pc.refused_candidates);
        let current = s.pc == Some(pc.id);
        assert!(current || pc.closed, "{}'s old connections are closed", s.name);
    }
    if let Some(view) = view.filter(|v| v.state == CallState::Connected) {
        let expect = if view.direction == Direction::Outgoing { "caller" } else { "callee" };
        assert!(view.connected_at.is_some(), "the {expect}'s connected call says since when");
        // The call's own stream is the far connection's, never a screen taken for it.
        let far = s.pc.and_then(|pc| world.pcs[&pc].remote.as_ref()).map(|r| format!("call-pc{}", r.pc));
        assert_eq!(s.remote_call, far, "{} shows the peer's call stream as the call's", s.name);
    }
}
