//! What happens between two simulated peer connections: the operations on each one's chain, ICE
//! (connected once both sides hold each other's descriptions and candidates of the current
//! generation and the path between them is up; disconnected when the path goes; failed when it
//! stays gone; back through an ICE restart), and the control channel that rides the connection.

use dialtone_core::call::{ConnectionState, Input};
use dialtone_core::client::Input as PageInput;
use dialtone_core::protocol::{IceCandidate, SdpType};

use crate::browser::Sdp;
use crate::world::{Event, Link, Op, World};

/// How long ICE stays `disconnected` before the browser says `failed`.
pub const ICE_FAIL_MS: u64 = 10_000;

/// The streams whose tracks a remote description adds: the far connection's own stream (audio,
/// and camera in the same stream) the first time, and a new screen stream each time the far side
/// starts sharing (getDisplayMedia gives a new stream every time).
fn new_remote_streams(before: Option<&Sdp>, after: Option<&Sdp>) -> Vec<String> {
    let Some(after) = after else { return Vec::new() };
    let same_pc = before.filter(|b| b.pc == after.pc);
    let mut streams = Vec::new();
    if same_pc.is_none() {
        streams.push(format!("call-pc{}", after.pc));
    }
    if after.screen && !same_pc.is_some_and(|b| b.screen) {
        streams.push(format!("screen-pc{}-v{}", after.pc, after.version));
    }
    streams
}

impl World {
    /// One operation of a connection's chain. An operation chained before the connection closed
    /// never settles (the WebRTC spec aborts it), so nothing comes back for it.
    pub(crate) fn run_op(&mut self, pc: u32, op: Op) {
        let Some(station) = self.live_pc_station(pc) else { return };
        let Some(sim) = self.pcs.get_mut(&pc) else { return };
        let mut gathered = false;
        let mut now_stable = false;
        let mut tracks = Vec::new();
        let input = match op {
            Op::Offer { ice_restart, first } => match sim.create_offer(ice_restart, first) {
                Ok(sdp) => {
                    gathered = true;
                    Some(Input::OfferCreated { sdp })
                }
                Err(_) => Some(Input::LocalDescriptionFailed),
            },
            Op::Answer { first } => match sim.create_answer(first) {
                Ok(sdp) => {
                    gathered = true;
                    now_stable = true;
                    Some(Input::AnswerCreated { sdp })
                }
                Err(_) => Some(Input::LocalDescriptionFailed),
            },
            Op::Remote(description) => {
                let is_offer = description.sdp_type == SdpType::Offer;
                let before = sim.remote.clone();
                match sim.apply_remote(is_offer, &description.sdp) {
                    Ok(()) => {
                        now_stable = !is_offer;
                        tracks = new_remote_streams(before.as_ref(), sim.remote.as_ref());
                        Some(Input::RemoteDescriptionApplied)
                    }
                    Err(_) => Some(Input::RemoteDescriptionFailed),
                }
            }
            Op::Candidate(candidate) => {
                sim.add_candidate(&candidate.candidate, candidate.ufrag.as_deref());
                None
            }
        };
        let needs_negotiation = now_stable && sim.needs_negotiation();
        let ufrag = sim.local_ufrag.clone();
        if gathered {
            self.gather(pc, station, ufrag);
        }
        // `ontrack` fires while the description is applied, before its promise settles.
        for stream_id in tracks {
            self.pc_event(pc, PageInput::RemoteStream { stream_id });
        }
        if let Some(input) = input {
            let _ = self.call_input(station, input);
        }
        if needs_negotiation {
            self.negotiation_needed(pc);
        }
        self.evaluate_all();
    }

    /// ICE gathering after a local description: a host candidate, then end-of-candidates.
    fn gather(&mut self, pc: u32, station: usize, ufrag: Option<String>) {
        let host = IceCandidate {
            candidate: format!("candidate:{pc} 1 udp 2122260223 10.0.0.{} {} typ host", station + 1, 40_000 + pc),
            sdp_mid: Some("0".to_owned()),
            sdp_m_line_index: Some(0),
            call_id: None,
            ufrag,
            call_end: None,
        };
        let end = IceCandidate { candidate: String::new(), sdp_mid: None, sdp_m_line_index: None, call_id: None, ufrag: None, call_end: None };
        for candidate in [host, end] {
            self.pc_event(pc, PageInput::Call(Input::LocalCandidate(candidate)));
        }
    }

    pub(crate) fn path_up(&self, a: usize, b: usize) -> bool {
        !self.paths_down.contains(&(a.min(b), a.max(b)))
    }

    /// The media path between two stations goes down or comes back.
    pub fn set_path(&mut self, a: usize, b: usize, up: bool) {
        let key = (a.min(b), a.max(b));
        if up {
            self.paths_down.remove(&key);
        } else {
            self.paths_down.insert(key);
        }
        self.evaluate_all();
    }

    /// The far connection `pc` reaches now (both sides hold each other's descriptions, neither
    /// is gone, the path is up).
    fn far_side(&self, pc: u32) -> Option<u32> {
        let p = self.pcs.get(&pc).filter(|p| !p.closed)?;
        let q = self.pcs.get(&p.remote.as_ref()?.pc).filter(|q| !q.gone)?;
        let mutual = q.remote.as_ref().is_some_and(|r| r.pc == p.id);
        (mutual && self.path_up(p.station, q.station)).then_some(q.id)
    }

    /// ICE of the current generation can complete between `pc` and its far side.
    fn ice_ready(&self, pc: u32) -> bool {
        let Some(far) = self.far_side(pc) else { return false };
        let (Some(p), Some(q)) = (self.pcs.get(&pc), self.pcs.get(&far)) else { return false };
        let crossed = p.pair().is_some() && p.pair() == q.pair().map(|(l, r)| (r, l));
        crossed && p.candidates_for == q.local_ufrag && q.candidates_for == p.local_ufrag
    }

    pub(crate) fn evaluate_all(&mut self) {
        let live: Vec<u32> = self.pcs.values().filter(|p| !p.closed).map(|p| p.id).collect();
        for pc in live {
            self.evaluate(pc);
        }
    }

    fn evaluate(&mut self, pc: u32) {
        let ready = self.ice_ready(pc);
        let reachable = self.far_side(pc).is_some();
        let Some(p) = self.pcs.get(&pc) else { return };
        // A pair that was up keeps carrying consent while the path holds (an ICE restart
        // changes nothing until the new pair is up).
        let alive = reachable && p.was_connected;
        use ConnectionState::*;
        let next = match p.connection {
            New | Connecting if ready => Connected,
            Connected if !alive => Disconnected,
            Disconnected if alive || ready => Connected,
            Failed if ready && p.pair() != p.failed_pair => Connected,
            state => state,
        };
        if next == p.connection {
            return;
        }
        let first = p.connection == New;
        let opens_channel = next == Connected && !p.channel_open && (p.channel_created || p.remote.as_ref().is_some_and(|r| r.channel));
        let Some(p) = self.pcs.get_mut(&pc) else { return };
        p.connection = next;
        let backlog = if next == Connected {
            p.was_connected = true;
            p.disconnected_since = None;
            std::mem::take(&mut p.channel_backlog)
        } else {
            p.disconnected_since = Some(self.now);
            Vec::new()
        };
        if first {
            self.connection_changed(pc, Connecting);
        }
        self.connection_changed(pc, next);
        if next == Disconnected {
            self.schedule_at(self.now + ICE_FAIL_MS, Event::IceTimer { pc });
        }
        if opens_channel {
            let channel = self.delays.channel;
            self.schedule(Link::Channel(pc), channel, Event::ChannelOpen { pc });
        }
        for text in backlog {
            self.channel_send(pc, text);
        }
    }

    pub(crate) fn on_ice_timer(&mut self, pc: u32) {
        let Some(p) = self.pcs.get_mut(&pc) else { return };
        let due = p.disconnected_since.is_some_and(|since| since + ICE_FAIL_MS <= self.now);
        if p.closed || p.connection != ConnectionState::Disconnected || !due {
            return;
        }
        p.connection = ConnectionState::Failed;
        p.failed_pair = p.pair();
        self.connection_changed(pc, ConnectionState::Failed);
    }

    // --- the control channel ---

    pub(crate) fn on_channel_open(&mut self, pc: u32) {
        let Some(station) = self.live_pc_station(pc) else { return };
        if let Some(p) = self.pcs.get_mut(&pc) {
            p.channel_open = true;
        }
        let _ = self.call_input(station, Input::ControlChannelOpen);
    }

    pub(crate) fn send_control(&mut self, station: usize, text: String) {
        let Some(pc) = self.stations[station].pc else { return };
        // The page's `send` on a channel that is not open: logged, not sent.
        if self.pcs.get(&pc).is_some_and(|p| p.channel_open) {
            self.channel_send(pc, text);
        }
    }

    /// Over the channel to the far side; held (SCTP retransmits) while the path is down.
    fn channel_send(&mut self, pc: u32, text: String) {
        let up = self.pcs.get(&pc).is_some_and(|p| p.connection == ConnectionState::Connected);
        match self.far_side(pc).filter(|_| up) {
            Some(far) => {
                let channel = self.delays.channel;
                self.schedule(Link::Channel(far), channel, Event::ChannelFrame { pc: far, text });
            }
            None => {
                if let Some(p) = self.pcs.get_mut(&pc) {
                    p.channel_backlog.push(text);
                }
            }
        }
    }

    pub(crate) fn on_channel_frame(&mut self, pc: u32, text: String) {
        let Some(station) = self.live_pc_station(pc) else { return };
        if self.pcs.get(&pc).is_some_and(|p| p.channel_open) {
            let _ = self.call_input(station, Input::ControlFrame(text));
        }
    }

    pub(crate) fn on_channel_closed(&mut self, pc: u32) {
        let Some(station) = self.live_pc_station(pc) else { return };
        let open = self.pcs.get_mut(&pc).map(|p| std::mem::replace(&mut p.channel_open, false));
        if open == Some(true) {
            let _ = self.call_input(station, Input::ControlChannelClosed);
        }
    }

    /// The page's release: the channel closes after what is queued on it, then the connection.
    pub(crate) fn close_channel_then_pc(&mut self, pc: u32) {
        let far = self.far_side(pc);
        let open = self.pcs.get(&pc).is_some_and(|p| p.channel_open);
        if let (Some(far), true) = (far, open) {
            let channel = self.delays.channel;
            self.schedule(Link::Channel(far), channel, Event::ChannelClosed { pc: far });
        }
        self.close_pc(pc);
    }

    /// Closes a connection; the far side notices a little later (after what the channel
    /// already carries).
    pub(crate) fn close_pc(&mut self, pc: u32) {
        let far = self.far_side(pc);
        if let Some(p) = self.pcs.get_mut(&pc) {
            p.closed = true;
            p.channel_open = false;
        }
        let channel = self.delays.channel;
        let link = far.map_or(Link::Events(pc), Link::Channel);
        self.schedule(link, channel, Event::PeerGone { pc });
    }
}
