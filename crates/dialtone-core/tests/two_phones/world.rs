//! The world the phones live in: a fake clock, one queue of everything in flight (socket openings
//! and frames, browser operations and their results, data-channel frames, user actions), the
//! relay and the stations. Time only moves when the world moves it: to the next thing in flight or
//! to the next deadline a page's client (or the relay) asked for, so a 45 s ring, or a client's
//! reconnect back-off, takes no time at all. Each input goes to a station's `Client` and all of
//! its actions are performed, in order, before anything else happens (the page's one driver).

use std::collections::{BTreeMap, BTreeSet};

use dialtone_core::call::{CallState, CallView, Ignored, Input};
use dialtone_core::client::{ClientConfig, Input as PageInput, OpId, StreamSink};
use dialtone_core::protocol::{CallId, EndReason, IceCandidate, MediaKind, PeerId, SessionDescription};

use crate::browser::PeerSim;
use crate::relay::Relay;
use crate::station::{Station, person};

/// How long each kind of thing takes, a range drawn from a seeded generator (fixed when the
/// range is one value). FIFO links keep their order whatever the draw.
#[derive(Debug, Clone)]
pub struct Delays {
    state: u64,
    pub signaling: (u64, u64),
    pub browser: (u64, u64),
    pub media: (u64, u64),
    pub channel: (u64, u64),
}

impl Delays {
    /// The same delays every time: scenarios read like a timeline.
    pub fn fixed() -> Delays {
        Delays { state: 1, signaling: (20, 20), browser: (2, 2), media: (150, 150), channel: (15, 15) }
    }

    /// Random delays from `seed`, from instant to slow.
    pub fn random(seed: u64) -> Delays {
        Delays { state: seed | 1, signaling: (0, 400), browser: (0, 60), media: (0, 3_000), channel: (0, 200) }
    }

    fn pick(&mut self, (lo, hi): (u64, u64)) -> u64 {
        // xorshift64: enough to spread delays, and reproducible from the seed.
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        lo + self.state % (hi - lo + 1)
    }
}

/// A path whose deliveries keep their order (a WebSocket, a pc's operations chain, an SCTP
/// stream, a pc's event queue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    Up(usize),
    Down(usize),
    Chain(u32),
    Events(u32),
    Channel(u32),
    Page(usize),
}

/// A browser operation on a peer connection's chain.
#[derive(Debug, Clone)]
pub enum Op {
    Offer { ice_restart: bool, first: bool },
    Answer { first: bool },
    Remote(SessionDescription),
    Candidate(IceCandidate),
}

/// What a user does; `Do` is any input a person makes (accept, hang up, toggle…).
#[derive(Debug, Clone)]
pub enum UserAction {
    Call { to: usize, media: MediaKind },
    Do(Input),
    /// The person types a new display name.
    Rename(String),
    RestartServer,
    DropSocket,
    Reconnect,
    PathDown { with: usize },
    PathUp { with: usize },
}

#[derive(Debug, Clone)]
pub enum Event {
    /// A page's new socket reaches the server (with the client's resume token, if any).
    SocketOpen { station: usize, socket: u32, name: String, resume: Option<String> },
    Uplink { station: usize, socket: u32, text: String },
    Downlink { station: usize, socket: u32, text: String },
    Op { pc: u32, op: Op },
    /// A callback of a peer connection (detached once it is closed or replaced).
    PcEvent { pc: u32, input: PageInput },
    /// getUserMedia for `op` gave a stream, or failed.
    MediaResult { station: usize, op: OpId, failure: Option<EndReason> },
    ScreenCaptured { station: usize, seq: u64 },
    /// A page-level result (a track's `enabled` applied, the socket closed, a fetch answered).
    Report { station: usize, input: PageInput },
    /// On the receiving connection's data channel: its open, a frame, its close.
    ChannelOpen { pc: u32 },
    ChannelFrame { pc: u32, text: String },
    ChannelClosed { pc: u32 },
    /// The far side notices that connection `pc` closed.
    PeerGone { pc: u32 },
    IceTimer { pc: u32 },
    User { station: usize, action: UserAction },
}

pub struct World {
    pub now: u64,
    pub stations: Vec<Station>,
    pub relay: Relay,
    pub delays: Delays,
    pub(crate) pcs: BTreeMap<u32, PeerSim>,
    pub(crate) paths_down: BTreeSet<(usize, usize)>,
    pub(crate) queue: BTreeMap<(u64, u64), Event>,
    seq: u64,
    last_on_link: BTreeMap<Link, u64>,
    next_pc: u32,
    pub(crate) next_socket: u32,
    next_call: u32,
    steps: u64,
}

/// A world that runs away is a bug in the machine or the harness: stop it.
const MAX_STEPS: u64 = 200_000;

impl World {
    /// Stations named (and given the ids) `names`: each page starts, connects to the relay and
    /// hears who is there.
    pub fn new(names: &[&str], delays: Delays) -> World {
        World::with_relay(names, delays, Relay::default())
    }

    /// The same on the given relay (a base server, say).
    pub fn with_relay(names: &[&str], delays: Delays, relay: Relay) -> World {
        World::with_pages(names, delays, relay, |_, _| {})
    }

    /// The same, each page's client configured by `configure(station, config)` before it starts.
    pub fn with_pages(names: &[&str], delays: Delays, relay: Relay, configure: impl Fn(usize, &mut ClientConfig)) -> World {
        let stations = names.iter().enumerate().map(|(i, name)| {
            // Each client's retry jitter comes from the world's seed too.
            let mut config = ClientConfig {
                name: person(name),
                seed: delays.state.wrapping_add(i as u64),
                // Every page streams its connected calls' audio, so the stream's start and end
                // are played with every call.
                stream_sink: Some(StreamSink { url: "ws://sink.test/audio".to_owned(), channels: 2 }),
                ..ClientConfig::default()
            };
            configure(i, &mut config);
            Station::new(name, config)
        });
        let mut world = World {
            now: 0,
            stations: stations.collect(),
            relay,
            delays,
            pcs: BTreeMap::new(),
            paths_down: BTreeSet::new(),
            queue: BTreeMap::new(),
            seq: 0,
            last_on_link: BTreeMap::new(),
            next_pc: 1,
            next_socket: 1,
            next_call: 1,
            steps: 0,
        };
        for station in 0..names.len() {
            let _ = world.input(station, PageInput::Start);
        }
        world.settle();
        world
    }

    pub fn id(&self, station: usize) -> PeerId {
        self.stations[station].id.clone().unwrap_or_default()
    }

    pub fn view(&self, station: usize) -> Option<CallView> {
        self.stations[station].view()
    }

    pub fn state(&self, station: usize) -> Option<CallState> {
        self.view(station).map(|v| v.state)
    }

    /// `from` calls `to` now; the call's id.
    pub fn call(&mut self, from: usize, to: usize, media: MediaKind) -> Result<CallId, Ignored> {
        let call_id = format!("call-{}", self.next_call);
        self.next_call += 1;
        let peer = self.id(to);
        self.call_input(from, Input::PlaceCall { peer, media, call_id: call_id.clone() })?;
        Ok(call_id)
    }

    /// A person's input at `station`, now.
    pub fn user(&mut self, station: usize, input: Input) -> Result<(), Ignored> {
        self.call_input(station, input)
    }

    /// Plans a user action `after` ms from now.
    pub fn plan(&mut self, after: u64, station: usize, action: UserAction) {
        let at = self.now + after;
        self.schedule_at(at, Event::User { station, action });
    }

    /// Feeds one input to a station's client and performs every action it asks for, in order,
    /// as the page's driver does (src/driver.rs).
    pub(crate) fn input(&mut self, station: usize, input: PageInput) -> Result<(), Ignored> {
        let now = self.now;
        let result = self.stations[station].client.handle(now, input.clone());
        if let Err(ignored) = &result {
            self.stations[station].ignored.push(format!("{now} ms: {input:?}: {}", ignored.reason));
        }
        self.perform_all(station);
        result
    }

    /// A call input (a person's intent, a browser result the call machine takes as it is).
    pub(crate) fn call_input(&mut self, station: usize, input: Input) -> Result<(), Ignored> {
        self.input(station, PageInput::Call(input))
    }

    /// The client's deadline passed: whatever is due runs.
    fn timeout(&mut self, station: usize) {
        self.stations[station].client.handle_timeout(self.now);
        self.perform_all(station);
    }

    fn perform_all(&mut self, station: usize) {
        while let Some(action) = self.stations[station].client.poll_action() {
            self.perform(station, action);
        }
    }

    /// A page-level result that comes back later on `link`.
    pub(crate) fn report(&mut self, station: usize, link: Link, delay: (u64, u64), input: PageInput) {
        self.schedule(link, delay, Event::Report { station, input });
    }

    pub(crate) fn schedule(&mut self, link: Link, delay: (u64, u64), event: Event) {
        let drawn = self.now + self.delays.pick(delay);
        let at = drawn.max(self.last_on_link.get(&link).copied().unwrap_or(0));
        self.last_on_link.insert(link, at);
        self.schedule_at(at, event);
    }

    pub(crate) fn schedule_at(&mut self, at: u64, event: Event) {
        self.seq += 1;
        self.queue.insert((at, self.seq), event);
    }

    pub(crate) fn new_pc(&mut self, station: usize, video: bool) -> u32 {
        let id = self.next_pc;
        self.next_pc += 1;
        self.pcs.insert(id, PeerSim::new(id, station, video));
        id
    }

    // --- running ---

    /// Everything due up to `until`, in time order; then the clock stands at `until`.
    pub fn run_until(&mut self, until: u64) {
        loop {
            let next_event = self.queue.keys().next().map(|k| k.0);
            let next_tick = self.stations.iter().filter_map(|s| s.client.next_deadline()).min();
            let next_leave = self.relay.next_deadline();
            let Some(next) = [next_event, next_tick, next_leave].into_iter().flatten().min() else { break };
            if next > until {
                break;
            }
            self.steps += 1;
            if std::env::var_os("TWO_PHONES_TRACE").is_some() {
                eprintln!("        deadlines {:?}", self.stations.iter().map(|s| s.client.next_deadline()).collect::<Vec<_>>());
            }
            assert!(self.steps < MAX_STEPS, "the world runs away at {} ms", self.now);
            self.now = self.now.max(next);
            if next_event == Some(next) {
                let Some((_, event)) = self.queue.pop_first() else { break };
                self.handle(event);
            } else if next_leave == Some(next) {
                let deliveries = self.relay.expire(self.now);
                self.deliver(deliveries);
            } else {
                for station in 0..self.stations.len() {
                    if self.stations[station].client.next_deadline().is_some_and(|at| at <= self.now) {
                        self.timeout(station);
                        let after = self.stations[station].client.next_deadline();
                        assert!(after.is_none_or(|at| at > self.now), "a tick at {} ms left its deadline due", self.now);
                    }
                }
            }
        }
        self.now = self.now.max(until);
    }

    pub fn run_for(&mut self, ms: u64) {
        self.run_until(self.now + ms);
    }

    /// Runs until nothing is in flight and every page whose network is up is back on the server
    /// (its client reconnects at its next back-off attempt).
    pub fn settle(&mut self) {
        self.run_for(1);
        loop {
            while let Some(next) = self.queue.keys().next().map(|k| k.0) {
                self.run_until(next);
            }
            let away = self.stations.iter().filter(|s| s.outages == 0 && !s.attached);
            match away.filter_map(|s| s.client.next_deadline()).min() {
                Some(retry) => self.run_until(retry),
                None => break,
            }
        }
    }

    /// Runs until every timer that can still fire has fired (ring, connect, grace, resume).
    pub fn run_out(&mut self) {
        self.run_for(10 * 60 * 1_000);
    }

    fn handle(&mut self, event: Event) {
        if std::env::var_os("TWO_PHONES_TRACE").is_some() {
            eprintln!("{:>7} ms  {event:?}", self.now);
        }
        match event {
            Event::SocketOpen { station, socket, name, resume } => self.on_socket_open(station, socket, name, resume),
            Event::Uplink { station, socket, text } => self.on_uplink(station, socket, &text),
            Event::Downlink { station, socket, text } => self.on_downlink(station, socket, text),
            Event::Op { pc, op } => self.run_op(pc, op),
            Event::PcEvent { pc, input } => {
                if let Some(station) = self.live_pc_station(pc) {
                    let _ = self.input(station, input);
                }
            }
            Event::MediaResult { station, op, failure } => self.on_media_result(station, op, failure),
            Event::ScreenCaptured { station, seq } => self.on_screen_captured(station, seq),
            Event::Report { station, input } => {
                let _ = self.input(station, input);
            }
            Event::ChannelOpen { pc } => self.on_channel_open(pc),
            Event::ChannelFrame { pc, text } => self.on_channel_frame(pc, text),
            Event::PeerGone { pc } => {
                if let Some(p) = self.pcs.get_mut(&pc) {
                    p.gone = true;
                }
                self.evaluate_all();
            }
            Event::ChannelClosed { pc } => self.on_channel_closed(pc),
            Event::IceTimer { pc } => self.on_ice_timer(pc),
            Event::User { station, action } => self.on_user(station, action),
        }
    }

    fn on_user(&mut self, station: usize, action: UserAction) {
        match action {
            UserAction::Call { to, media } => {
                let _ = self.call(station, to, media);
            }
            UserAction::Do(input) => {
                let _ = self.call_input(station, input);
            }
            UserAction::Rename(name) => {
                let _ = self.input(station, PageInput::Rename(name));
            }
            UserAction::RestartServer => self.restart_server(),
            UserAction::DropSocket => self.drop_socket(station),
            UserAction::Reconnect => self.reconnect(station),
            UserAction::PathDown { with } => self.set_path(station, with, false),
            UserAction::PathUp { with } => self.set_path(station, with, true),
        }
    }

    /// The station whose current peer connection is `pc` (callbacks of a closed or replaced
    /// one are detached).
    pub(crate) fn live_pc_station(&self, pc: u32) -> Option<usize> {
        let sim = self.pcs.get(&pc).filter(|p| !p.closed)?;
        (self.stations[sim.station].pc == Some(pc)).then_some(sim.station)
    }
}
