//! The call's control link (docs/CONTROL-CHANNEL.md): sending each in-call event by the paths
//! [`crate::control::route`] picks, the hello that makes the data channel usable, and applying
//! the peer's events once whichever path brings them first.

use super::*;
use crate::control::route::EventKind;
use crate::control::{ControlEvent, ControlFrame, ControlHello, Inbox, Outbox, Verdict, route};

/// The version of the control frames this side speaks.
const CONTROL_VERSION: u32 = 1;

/// One call's control link.
#[derive(Debug, Clone, Default)]
pub(super) struct ControlLink {
    pub(super) channel: ChannelState,
    pub(super) outbox: Outbox,
    pub(super) inbox: Inbox,
    /// The sources (and recording) this side sent a notice about: the peer may hold one that
    /// has been undone since, so the snapshot repeats them whatever their value.
    told: Vec<Option<MediaSource>>,
}

impl ControlLink {
    pub(super) fn view(&self) -> ControlView {
        ControlView {
            channel: self.channel,
            applied: self.inbox.applied(),
            duplicates: self.inbox.duplicates(),
            stale: self.inbox.stale(),
            unacknowledged: self.outbox.unacknowledged(),
        }
    }
}

impl Phone {
    /// Numbers `event` and sends it the way(s) the route says. Works on the call even once it has
    /// ended (its own end is the last event). `None` when no path reaches the peer.
    pub(super) fn send_event(&mut self, now: u64, event: ControlEvent) -> Option<()> {
        let relays = self.capabilities.relays_call_control();
        let call = self.call.as_mut()?;
        let event = call.control.outbox.number(event);
        let about = match &event {
            ControlEvent::Media(media) => Some(Some(media.source)),
            ControlEvent::Recording(_) => Some(None),
            ControlEvent::End(_) => None,
        };
        if let Some(about) = about.filter(|a| !call.control.told.contains(a)) {
            call.control.told.push(about);
        }
        let kind = match event {
            ControlEvent::End(_) => EventKind::End,
            ControlEvent::Media(_) | ControlEvent::Recording(_) => EventKind::Notice,
        };
        let route = route(kind, call.control.channel == ChannelState::Usable, relays);
        if route.is_nowhere() {
            return None;
        }
        let mut actions = Vec::new();
        if route.channel {
            actions.push(Action::SendControl(ControlFrame::Event(event.clone()).to_json()));
            if kind == EventKind::Notice {
                let fallback_at = route.fallback_after_ms.map(|ms| now + ms);
                call.control.outbox.await_ack(event.clone(), fallback_at);
            }
        }
        if route.signaling {
            let message = event.to_message(call.peer.clone());
            if let ControlEvent::End(_) = event {
                if self.ends_to_repeat.len() == ENDS_REPEATED {
                    self.ends_to_repeat.pop_front();
                }
                self.ends_to_repeat.push_back(message.clone());
            }
            actions.push(Action::Send(message));
        }
        if let (true, ControlEvent::End(end)) = (route.carrier, &event) {
            let carrier = IceCandidate::carrying_end(end.call_id.clone(), end.reason);
            actions.push(Action::Send(Message::IceCandidate(Routed::to(call.peer.clone(), carrier))));
        }
        self.actions.extend(actions);
        Some(())
    }

    /// The signaling connection is back: the ends we said through the server since it last said
    /// who we are are said once more, in order. One may have gone into a socket that was already
    /// dead, or not out at all (the page sends nothing while it reconnects), and a call that never
    /// connected has no other path: its callee would ring on until the ring timer, and record
    /// another reason than ours. The same end again is harmless if it did arrive: the peer
    /// ignores the end of a call that is over.
    pub(super) fn repeat_ends(&mut self) {
        let ends = std::mem::take(&mut self.ends_to_repeat);
        self.actions.extend(ends.into_iter().map(Action::Send));
    }

    /// Whether an in-call notice (media, recording) can reach the peer now, by any path.
    pub(super) fn notice_deliverable(&self) -> bool {
        let usable = self.active().is_some_and(|c| c.control.channel == ChannelState::Usable);
        !route(EventKind::Notice, usable, self.capabilities.relays_call_control()).is_nowhere()
    }

    fn hello(&self) -> Action {
        let hello = ControlHello {
            version: CONTROL_VERSION,
            id: self.self_id.clone(),
            name: self.display_name.clone(),
        };
        Action::SendControl(ControlFrame::Hello(hello).to_json())
    }

    pub(super) fn on_control_open(&mut self) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored { reason: "a control channel with no call" })?;
        if matches!(call.control.channel, ChannelState::Open | ChannelState::Usable) {
            return ignored("the control channel is open already");
        }
        call.control.channel = ChannelState::Open;
        let hello = self.hello();
        self.actions.push_back(hello);
        Ok(())
    }

    pub(super) fn on_control_closed(&mut self) -> Result<(), Ignored> {
        let relays = self.capabilities.relays_call_control();
        let call = self.active_mut().ok_or(Ignored { reason: "a control channel closed with no call" })?;
        call.control.channel = ChannelState::Closed;
        // What the channel never confirmed goes over the server now.
        let lost = call.control.outbox.channel_lost();
        let peer = call.peer.clone();
        if relays {
            self.actions.extend(lost.into_iter().map(|e| Action::Send(e.to_message(peer.clone()))));
        }
        Ok(())
    }

    pub(super) fn on_control_frame(&mut self, now: u64, text: &str) -> Result<(), Ignored> {
        if self.active().is_none() {
            return ignored("a control frame with no call");
        }
        let frame = ControlFrame::parse(text).map_err(|_| Ignored { reason: "an unreadable control frame" })?;
        match frame {
            ControlFrame::Hello(hello) => self.on_peer_hello(now, hello),
            ControlFrame::Ack { seq } => {
                if let Some(call) = self.active_mut() {
                    call.control.outbox.acknowledged(seq);
                }
                Ok(())
            }
            ControlFrame::Event(event) => {
                let Some(call) = self.active() else { return ignored("a control frame with no call") };
                if *event.call_id() != call.id {
                    return ignored("a control event for another call");
                }
                if let Some(seq) = event.seq() {
                    // Acknowledged whether or not it is new: the sender stops waiting either way.
                    // Before applying it, so an end's acknowledgement leaves ahead of the release.
                    self.actions.push_back(Action::SendControl(ControlFrame::Ack { seq }.to_json()));
                }
                self.apply_remote_event(now, event)
            }
        }
    }

    fn on_peer_hello(&mut self, now: u64, hello: ControlHello) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored { reason: "a hello with no call" })?;
        let before = call.control.channel;
        call.control.channel = ChannelState::Usable;
        // The peer's hello came before this side's open was reported (the channel is open: a
        // frame came on it). Our hello goes now, or the peer would wait for it forever: the
        // open that follows finds the channel usable and says nothing.
        let unanswered = before == ChannelState::None;
        // The channel is the call's own (DTLS-authenticated): it may say the peer's id changed,
        // e.g. when a server without memory restarted; the server path then reaches them again.
        if let Some(id) = hello.id.filter(|id| !id.is_empty()) {
            call.peer = id;
        }
        let peer = call.peer.clone();
        if unanswered {
            let ours = self.hello();
            self.actions.push_back(ours);
        }
        self.actions.push_back(Action::PeerIntroduced { peer, name: hello.name });
        if before != ChannelState::Usable {
            self.send_state_snapshot(now);
        }
        Ok(())
    }

    /// Tells the peer, over the channel just made usable, what differs from a call's start and
    /// what it was told before: a notice lost before it (a base server drops them, a socket that
    /// died did) is repaired this way, also one that undid an earlier notice the peer did get.
    fn send_state_snapshot(&mut self, now: u64) {
        let Some(call) = self.active() else { return };
        let id = call.id.clone();
        let mut events = Vec::new();
        let told = |about: Option<MediaSource>| call.control.told.contains(&about);
        // What reaches the peer: a source whose device is lost is off, whatever its switch.
        for source in [MediaSource::Mic, MediaSource::Camera, MediaSource::Screen] {
            let now_told = super::media::told_to_peer(call, source).unwrap_or_default();
            if now_told != super::media::Told::at_start(call, source) || told(Some(source)) {
                events.push(super::wire::media_event(call, source, now_told));
            }
        }
        if told(None) && !call.recording {
            events.push(ControlEvent::Recording(CallRecording { call_id: id.clone(), recording: false, seq: None }));
        }
        if call.recording {
            events.push(ControlEvent::Recording(CallRecording { call_id: id.clone(), recording: true, seq: None }));
        }
        for event in events {
            let _ = self.send_event(now, event);
        }
    }

    /// Our signaling id changed during a call: the peer learns it over the channel.
    pub(super) fn announce_new_id(&mut self) {
        if self.active().is_some_and(|c| matches!(c.control.channel, ChannelState::Open | ChannelState::Usable)) {
            let hello = self.hello();
            self.actions.push_back(hello);
        }
    }

    /// The peer's event, from either path: applied once, never after a newer one about the same
    /// thing. The caller has checked that it is about the active call.
    pub(super) fn apply_remote_event(&mut self, now: u64, event: ControlEvent) -> Result<(), Ignored> {
        let call = self.active_mut().ok_or(Ignored { reason: "a control event with no call" })?;
        // A second copy, or news older than what was applied, is handled by dropping it (and
        // counting it): not an input that failed to fit.
        if call.control.inbox.admit(&event) != Verdict::Apply {
            return Ok(());
        }
        match event {
            ControlEvent::End(end) => {
                let reason = match end.reason {
                    EndReason::HungUp => EndReason::RemoteHungUp,
                    other => other,
                };
                self.end_by_peer(now, reason)
            }
            ControlEvent::Media(media) => {
                match media.source {
                    MediaSource::Mic => {
                        call.remote.mic = media.enabled;
                        call.remote.mic_lost = media.lost && !media.enabled;
                    }
                    MediaSource::Camera => call.remote.camera = media.enabled,
                    MediaSource::Screen => call.remote.screen = media.enabled,
                }
                Ok(())
            }
            ControlEvent::Recording(notice) => {
                call.remote.recording = notice.recording;
                Ok(())
            }
        }
    }

    /// Overdue acknowledgements: those events go over the server too.
    pub(super) fn fall_back_overdue(&mut self, now: u64) {
        let Some(call) = self.active_mut() else { return };
        let overdue = call.control.outbox.overdue(now);
        let peer = call.peer.clone();
        self.actions.extend(overdue.into_iter().map(|e| Action::Send(e.to_message(peer.clone()))));
    }
}
