//! The call machine's actions as the client hands them to the page (src/controller/
//! call_actions.rs, screen.rs): peer connection, descriptions, candidates, media, tones, the
//! control channel. A released call closes its control channel after what is queued on it, then
//! its connection. Frames, captures, notices and records never arrive here: the client takes them.

use dialtone_core::call::{Action, ConnectionState, Input};
use dialtone_core::client::Input as PageInput;
use dialtone_core::protocol::{EndReason, MediaKind, MediaSource};

use crate::world::{Event, Link, Op, World};

impl World {
    pub(crate) fn perform_call(&mut self, station: usize, action: Action) {
        let browser = self.delays.browser;
        match action {
            Action::CreatePeerConnection => {
                let video = self.stations[station].view().is_some_and(|v| v.media == MediaKind::Video);
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
            // The answer's places to send from are the first answer's tracks here: the browser
            // model describes them whether or not a track is in them yet.
            Action::PrepareSending(_) => {
                let pc = self.stations[station].pc.and_then(|pc| self.pcs.get(&pc));
                assert!(pc.is_some_and(|pc| !pc.tracks_added), "places are made before the first answer only");
            }
            // replaceTrack into those places: no renegotiation, and only with media to send.
            Action::SendLocalMedia => {
                assert!(self.stations[station].has_media, "{} sends media it has", self.stations[station].name);
            }
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
                self.report(station, Link::Page(station), browser, PageInput::Call(input));
            }
            Action::PlayTone(tone) => self.stations[station].tone = Some(tone),
            Action::StopTones => self.stations[station].tone = None,
            Action::StartRecording => {
                // The controller reports a recorder that would not start after the batch.
                if std::mem::take(&mut self.stations[station].recorder_fails) {
                    self.report(station, Link::Page(station), browser, PageInput::RecorderFailed);
                } else {
                    self.stations[station].recording = true;
                }
            }
            Action::StopRecording => self.stations[station].recording = false,
            Action::SendControl(text) => self.send_control(station, text),
            Action::ReleaseCall => {
                self.stop_screen(station);
                let s = &mut self.stations[station];
                s.has_media = false;
                s.remote_call = None;
                s.remote_screen = None;
                if let Some(pc) = s.pc.take() {
                    self.close_channel_then_pc(pc);
                }
            }
            // The client machine takes these itself; the controller ignores them too.
            Action::Send(_) | Action::AcquireMedia(_) | Action::PeerIntroduced { .. } | Action::Notify(_) | Action::Ended(_) => {
                panic!("the client handed the page a call action it keeps for itself: {action:?}")
            }
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
                self.report(station, Link::Page(station), browser, PageInput::Call(input));
            }
        }
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
        let _ = self.call_input(station, input);
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
        self.pc_event(pc, PageInput::Call(Input::NegotiationNeeded));
    }

    pub(crate) fn connection_changed(&mut self, pc: u32, state: ConnectionState) {
        self.pc_event(pc, PageInput::Call(Input::ConnectionChanged(state)));
    }

    /// A callback of connection `pc`, in the order the browser queues them.
    pub(crate) fn pc_event(&mut self, pc: u32, input: PageInput) {
        let browser = self.delays.browser;
        self.schedule(Link::Events(pc), browser, Event::PcEvent { pc, input });
    }
}
