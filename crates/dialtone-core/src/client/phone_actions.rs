//! Feeding the call machine and turning what it asks into the page's actions: frames become
//! text, getUserMedia gets an op id, the end of a call goes into the history. Also the browser
//! results that belong to a call: captured media and remote streams.

use super::*;
use crate::call::{Action as CallAction, CallRecord, CallState, Input as CallInput};
use crate::history::HistoryEntry;
use crate::protocol::{EndReason, MediaKind, Message};

impl Client {
    /// Hands one input to the call machine, then takes its actions.
    pub(super) fn call(&mut self, now: u64, input: CallInput) -> Result<(), Ignored> {
        let placing = match &input {
            CallInput::PlaceCall { media, .. } => Some(*media),
            _ => None,
        };
        if placing.is_some() {
            // A new call: the last problem shown is old news.
            self.set_notice(None);
        }
        let taken = self.phone.handle(now, input);
        if let (Some(media), Ok(())) = (placing, &taken) {
            self.hold_screen_for_placed_call(now, media);
        }
        while let Some(action) = self.phone.poll_action() {
            self.take_call_action(action);
        }
        self.settle_screen_hold(now);
        let in_call = self.phone.in_call();
        if in_call && !self.was_in_call {
            // The call has the devices now.
            self.stop_check();
        }
        self.was_in_call = in_call;
        // A call that got this far without sending a description of its own, or whose media
        // opened after its answer went, shows its media now.
        let set_up = self
            .phone
            .view()
            .is_some_and(|v| matches!(v.state, CallState::AnswerSent | CallState::Negotiated | CallState::Connected));
        if self.local_media_unshown && set_up {
            self.local_media_unshown = false;
            self.actions.push_back(Action::ShowLocalMedia);
        }
        self.follow_call_with_stream();
        self.follow_call_with_lost_notice();
        taken
    }

    fn take_call_action(&mut self, action: CallAction) {
        match action {
            CallAction::Send(message) => {
                let description = matches!(message, Message::Offer(_) | Message::Answer(_));
                self.send(&message);
                if description && self.local_media_unshown {
                    self.local_media_unshown = false;
                    self.actions.push_back(Action::ShowLocalMedia);
                }
            }
            CallAction::AcquireMedia(kind) => self.capture(kind),
            CallAction::PeerIntroduced { peer, name } => {
                if self.directory.introduce(&peer, name) {
                    self.show_peers();
                }
            }
            CallAction::Notify(error) => self.set_notice(Some(Notice::from_client_error(error))),
            CallAction::Ended(record) => self.remember(record),
            CallAction::ReleaseCall => {
                // Whatever arrives for this call from now on is too late.
                self.capture = None;
                self.remote_main = None;
                self.local_media_unshown = false;
                self.call_captured = false;
                self.switching.clear();
                self.forget_lost_devices();
                self.actions.push_back(Action::Call(CallAction::ReleaseCall));
            }
            other => self.actions.push_back(Action::Call(other)),
        }
    }

    fn capture(&mut self, kind: MediaKind) {
        let Some(call_id) = self.phone.view().map(|v| v.call_id) else { return };
        let op = self.new_op();
        self.capture = Some((op, call_id));
        self.actions.push_back(Action::Capture { op, kind });
    }

    /// Whether `op` is the capture the call in progress waits for.
    fn awaited_capture(&self, op: OpId) -> bool {
        let current = self.phone.view().filter(|_| self.phone.in_call()).map(|v| v.call_id);
        self.capture.as_ref().is_some_and(|(awaited, call_id)| *awaited == op && Some(call_id) == current.as_ref())
    }

    /// A stream arrived. It belongs to the call it was asked for only: a call dropped meanwhile
    /// (crossing invitations, a hang-up during the permission prompt) must not hand its stream
    /// to the next one.
    pub(super) fn on_captured(&mut self, now: u64, op: OpId) -> Result<(), Ignored> {
        if !self.awaited_capture(op) {
            self.actions.push_back(Action::DiscardCapture { op });
            return Err(Ignored { reason: "media captured for a call or check that is over" });
        }
        self.capture = None;
        self.call_captured = true;
        self.actions.push_back(Action::UseCapture { op });
        self.local_media_unshown = true;
        self.call(now, CallInput::MediaAcquired)
    }

    pub(super) fn on_capture_failed(&mut self, now: u64, op: OpId, reason: EndReason) -> Result<(), Ignored> {
        if !self.awaited_capture(op) {
            return Err(Ignored { reason: "a capture failed for a call that is over" });
        }
        self.capture = None;
        self.call(now, CallInput::MediaFailed(reason))
    }

    /// The first remote stream of a call is the call's own; another one is a screen share.
    pub(super) fn on_remote_stream(&mut self, stream_id: String) -> Result<(), Ignored> {
        if !self.phone.in_call() {
            return Err(Ignored { reason: "a remote stream for a call that is over" });
        }
        let role = match &self.remote_main {
            None => {
                self.remote_main = Some(stream_id.clone());
                RemoteRole::Call
            }
            Some(main) if *main == stream_id => return Err(Ignored { reason: "the call's stream again" }),
            Some(_) => RemoteRole::Screen,
        };
        self.actions.push_back(Action::ShowRemoteStream { stream_id, role });
        Ok(())
    }

    /// Keeps a finished call in the history, with the peer's name as it was; a peer whose page
    /// turned us away for want of WebRTC is marked in the list from now on.
    fn remember(&mut self, record: CallRecord) {
        if record.reason == EndReason::WebrtcUnavailable && self.directory.learn_cannot_take_calls(&record.peer) {
            self.show_peers();
        }
        let record = types::record_on_wall_clock(record, self.wall_origin);
        let name = self.directory.name_of(&record.peer);
        self.history.record(HistoryEntry::from_record(&record, name));
        self.save_history();
    }
}
