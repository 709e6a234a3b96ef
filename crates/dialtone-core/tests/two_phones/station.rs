//! One browser page around a `Phone`, performing its actions the way the call page does
//! (src/controller/actions.rs, screen.rs): every result comes back later as an input, never from
//! inside the action; a media result for a call that is gone is dropped; a released call closes
//! its control channel after what is queued on it, then its connection.

use dialtone_core::call::{Action, CallRecord, CallTimers, ConnectionState, Input, Phone, Tone};
use dialtone_core::errors::ClientError;
use dialtone_core::control::{ControlEvent, ControlFrame};
use dialtone_core::protocol::{CallId, EndReason, MediaKind, MediaSource, Message, PeerId};

use crate::world::{Event, Link, Op, World};

pub struct Station {
    pub name: String,
    pub id: Option<PeerId>,
    /// Every id the relay gave this page (a long outage gets a new one).
    pub ids: Vec<PeerId>,
    pub phone: Phone,
    pub(crate) socket: Option<u32>,
    pub(crate) token: Option<String>,
    /// The current peer connection.
    pub(crate) pc: Option<u32>,
    /// getUserMedia gave a stream that is still in use.
    pub has_media: bool,
    /// The next getUserMedia fails with this.
    pub media_failure: Option<EndReason>,
    pub tone: Option<Tone>,
    pub recording: bool,
    pub records: Vec<CallRecord>,
    /// Calls this side sent an end for (over either path): it ended them itself.
    pub told_end: Vec<CallId>,
    /// Inputs the phone refused, with the reason (for reading a failure, not for asserting).
    pub ignored: Vec<String>,
    /// Frames the page could not send (no connection).
    pub unsent: Vec<String>,
    pub notices: Vec<ClientError>,
    pub introduced: Vec<(PeerId, Option<String>)>,
}

impl Station {
    pub fn new(name: &str) -> Station {
        Station {
            name: name.to_owned(),
            id: None,
            ids: Vec::new(),
            phone: Phone::new(CallTimers::default()),
            socket: None,
            token: None,
            pc: None,
            has_media: false,
            media_failure: None,
            tone: None,
            recording: false,
            records: Vec::new(),
            told_end: Vec::new(),
            ignored: Vec::new(),
            unsent: Vec::new(),
            notices: Vec::new(),
            introduced: Vec::new(),
        }
    }

    pub fn call_id(&self) -> Option<CallId> {
        self.phone.view().map(|v| v.call_id)
    }

    /// The record of call `id`, if it ended here.
    pub fn record(&self, id: &str) -> Option<&CallRecord> {
        self.records.iter().find(|r| r.call_id == id)
    }
}

impl World {
    pub(crate) fn perform(&mut self, station: usize, action: Action) {
        let browser = self.delays.browser;
        if let Some(id) = end_sent(&action) {
            self.stations[station].told_end.push(id);
        }
        match action {
            Action::Send(message) => self.send_up(station, &message),
            Action::AcquireMedia(kind) => {
                let for_call = self.stations[station].call_id();
                let failure = self.stations[station].media_failure.take();
                let _ = kind;
                let delay = self.delays.media;
                self.schedule(Link::Page(station), delay, Event::MediaResult { station, for_call, failure });
            }
            Action::CreatePeerConnection => {
                let video = self.stations[station].phone.view().is_some_and(|v| v.media == MediaKind::Video);
                let pc = self.new_pc(station, video);
                if let Some(old) = self.stations[station].pc.replace(pc) {
                    self.close_pc(old);
                }
            }
            Action::CreateControlChannel => {
                if let Some(pc) = self.stations[station].pc.and_then(|pc| self.pcs.get_mut(&pc)) {
                    pc.channel_created = true;
                }
            }
            Action::CreateOffer => self.chain(station, Op::Offer { ice_restart: false, first: true }),
            Action::CreateRenegotiationOffer { ice_restart } => self.chain(station, Op::Offer { ice_restart, first: false }),
            Action::CreateAnswer => self.chain(station, Op::Answer { first: true }),
            Action::CreateRenegotiationAnswer => self.chain(station, Op::Answer { first: false }),
            Action::ApplyRemoteDescription(description) => self.chain(station, Op::Remote(description)),
            Action::AddRemoteCandidate(candidate) => {
                // The page adds a candidate only to a connection it has.
                if let Some(pc) = self.stations[station].pc {
                    self.schedule(Link::Chain(pc), browser, Event::Op { pc, op: Op::Candidate(candidate) });
                }
            }
            Action::ApplyMedia { source: MediaSource::Screen, seq, enabled: true } => {
                self.schedule(Link::Page(station), browser, Event::ScreenCaptured { station, seq });
            }
            Action::ApplyMedia { source, seq, enabled } => {
                if source == MediaSource::Screen {
                    self.stop_screen(station);
                }
                let input = if self.stations[station].has_media || source == MediaSource::Screen {
                    Input::MediaApplied { source, seq, enabled }
                } else {
                    Input::MediaApplyFailed { source, seq, reason: EndReason::DeviceNotFound, enabled: false }
                };
                self.schedule(Link::Page(station), browser, Event::Report { station, input });
            }
            Action::PlayTone(tone) => self.stations[station].tone = Some(tone),
            Action::StopTones => self.stations[station].tone = None,
            Action::StartRecording => self.stations[station].recording = true,
            Action::StopRecording => self.stations[station].recording = false,
            Action::SendControl(text) => self.send_control(station, text),
            Action::PeerIntroduced { peer, name } => self.stations[station].introduced.push((peer, name)),
            Action::Notify(error) => self.stations[station].notices.push(error),
            Action::ReleaseCall => {
                self.stop_screen(station);
                self.stations[station].has_media = false;
                if let Some(pc) = self.stations[station].pc.take() {
                    self.close_channel_then_pc(pc);
                }
            }
            Action::Ended(record) => self.stations[station].records.push(record),
        }
    }

    /// An operation on the station's connection's chain; with no connection the page reports
    /// the failure at once, as `create_description` and `apply_remote` do.
    fn chain(&mut self, station: usize, op: Op) {
        let browser = self.delays.browser;
        match self.stations[station].pc {
            Some(pc) => self.schedule(Link::Chain(pc), browser, Event::Op { pc, op }),
            None => {
                let input = match op {
                    Op::Remote(_) => Input::RemoteDescriptionFailed,
                    _ => Input::LocalDescriptionFailed,
                };
                self.schedule(Link::Page(station), browser, Event::Report { station, input });
            }
        }
    }

    pub(crate) fn on_media_result(&mut self, station: usize, for_call: Option<CallId>, failure: Option<EndReason>) {
        // The result belongs to the call that asked for it (actions.rs, `still_wanted`).
        let still_wanted = self.stations[station].phone.in_call()
            && self.stations[station].call_id() == for_call
            && !self.stations[station].has_media;
        if !still_wanted {
            return;
        }
        let input = match failure {
            None => {
                self.stations[station].has_media = true;
                Input::MediaAcquired
            }
            Some(reason) => Input::MediaFailed(reason),
        };
        let _ = self.input(station, input);
    }

    pub(crate) fn on_screen_captured(&mut self, station: usize, seq: u64) {
        let pc = self.stations[station].pc;
        let input = match pc {
            Some(pc) => {
                self.set_screen(pc, true);
                Input::MediaApplied { source: MediaSource::Screen, seq, enabled: true }
            }
            None => Input::MediaApplyFailed { source: MediaSource::Screen, seq, reason: EndReason::DeviceNotFound, enabled: false },
        };
        let _ = self.input(station, input);
    }

    fn stop_screen(&mut self, station: usize) {
        if let Some(pc) = self.stations[station].pc {
            self.set_screen(pc, false);
        }
    }

    /// Adds or removes the screen's tracks; the browser asks for a renegotiation when it can.
    fn set_screen(&mut self, pc: u32, on: bool) {
        let needs = self.pcs.get_mut(&pc).is_some_and(|p| p.set_screen(on));
        if needs {
            self.negotiation_needed(pc);
        }
    }

    pub(crate) fn negotiation_needed(&mut self, pc: u32) {
        let browser = self.delays.browser;
        self.schedule(Link::Events(pc), browser, Event::PcEvent { pc, input: Input::NegotiationNeeded });
    }

    pub(crate) fn connection_changed(&mut self, pc: u32, state: ConnectionState) {
        let browser = self.delays.browser;
        self.schedule(Link::Events(pc), browser, Event::PcEvent { pc, input: Input::ConnectionChanged(state) });
    }
}

/// The call an action tells the peer has ended, by whichever path.
fn end_sent(action: &Action) -> Option<CallId> {
    match action {
        Action::Send(Message::CallEnd(end)) => Some(end.payload.call_id.clone()),
        Action::Send(Message::IceCandidate(carrier)) if carrier.payload.call_end.is_some() => carrier.payload.call_id.clone(),
        Action::SendControl(text) => match ControlFrame::parse(text) {
            Ok(ControlFrame::Event(ControlEvent::End(end))) => Some(end.call_id),
            _ => None,
        },
        _ => None,
    }
}
