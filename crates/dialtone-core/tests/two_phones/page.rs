//! The client's actions as the call page performs them (src/controller/actions.rs,
//! signaling.rs): the socket and its frames, the ICE-server request, getUserMedia with its op id
//! (the stream waits in the page until the client says use it or discard it), and what the page
//! shows. Nothing here decides anything: results go back to the client as they are.

use dialtone_core::call::Action as CallAction;
use dialtone_core::client::{Action, Input, OpId, RemoteRole};
use dialtone_core::control::{ControlEvent, ControlFrame};
use dialtone_core::protocol::{CallId, EndReason, Message};

use crate::world::{Event, Link, World};

/// What a Dialtone server's `/v1/ice-servers` answers: a STUN server for a day.
const ICE_SERVERS: &str = r#"{"iceServers":[{"urls":["stun:stun.test:3478"]}],"ttl":86400}"#;
/// What a base server answers on every path: its page.
const BASE_PAGE: &str = "<!DOCTYPE html><html><body>signaling</body></html>";

impl World {
    pub(crate) fn perform(&mut self, station: usize, action: Action) {
        if let Some(id) = end_sent(&action) {
            self.stations[station].told_end.push(id);
        }
        let s = &mut self.stations[station];
        match action {
            Action::OpenSocket { name, resume } => {
                assert_eq!(name, s.client.name(), "the page connects under the name it shows");
                self.open_socket(station, name, resume);
            }
            Action::Send(text) => self.send_up(station, text),
            Action::FetchIceServers { op } => {
                let body = if self.relay.is_base() { BASE_PAGE } else { ICE_SERVERS };
                let response = if s.outages == 0 { Some((200, body.to_owned())) } else { None };
                let delay = self.delays.signaling;
                self.report(station, Link::Page(station), delay, Input::IceServersFetched { op, response });
            }
            Action::UseIceServers(servers) => s.ice_servers = Some(servers),
            Action::Capture { op, kind: _ } => {
                let failure = s.media_failure.take();
                let delay = self.delays.media;
                self.schedule(Link::Page(station), delay, Event::MediaResult { station, op, failure });
            }
            Action::UseCapture { op } => {
                // The controller's `use_capture`: the held stream becomes the call's.
                if let Some(at) = s.captures.iter().position(|held| *held == op) {
                    s.captures.remove(at);
                    s.has_media = true;
                }
            }
            Action::DiscardCapture { op } => s.captures.retain(|held| *held != op),
            Action::ShowRemoteStream { stream_id, role } => match role {
                RemoteRole::Call => s.remote_call = Some(stream_id),
                RemoteRole::Screen => s.remote_screen = Some(stream_id),
            },
            Action::Call(action) => self.perform_call(station, action),
            Action::ShowLink(link) => s.link = Some(link),
            Action::ShowMe(me) => s.me = Some(me),
            Action::ShowPeers(peers) => s.peers = peers,
            Action::ShowNotice(notice) => {
                s.notices.extend(notice.clone());
                s.notice = notice;
            }
            Action::ShowServer { notice: _, kind } => s.server_kind = kind,
            // Nobody chats here; the name and stream settings are not stored on this device.
            Action::ShowChat(_) | Action::ShowChatRefusal(_) | Action::RememberName(_) | Action::SaveStreamSettings { .. } => {}
            Action::ShowHistory(entries) => s.records = entries,
            // Nobody clears the history here, and no link asks for a stream.
            Action::ShowHistoryUndo(_) | Action::ShowStreamOffer(_) => {}
            Action::SaveHistory(stored) => s.saved_history = Some(stored),
            Action::StartLiveStream { url, channels: _ } => s.live_stream = Some(url),
            Action::EndLiveStream => s.live_stream = None,
            // These pages never say whether their sound may play.
            Action::ShowLocalMedia | Action::PrepareCalls | Action::ShowSilentRinging(_) => {}
            // Nobody checks or switches devices here.
            Action::UseCaptureForCheck { .. }
            | Action::ReleaseCheckStream
            | Action::ShowDeviceCheck(_)
            | Action::ApplyProcessing { .. }
            | Action::ReopenMicrophone { .. }
            | Action::RememberProcessing(_)
            | Action::ApplyOutput { .. }
            | Action::ShowDevices(_)
            | Action::PlayChime { .. }
            | Action::StopChime
            | Action::CloseSocket
            | Action::AbandonIceFetch { .. }
            | Action::ShowSpeakerTest(_)
            | Action::CaptureDevice { .. }
            | Action::ReplaceCallTrack { .. } => {}
        }
    }

    /// getUserMedia answered: a stream is held by the page under `op`, or it failed.
    pub(crate) fn on_media_result(&mut self, station: usize, op: OpId, failure: Option<EndReason>) {
        let input = match failure {
            None => {
                self.stations[station].captures.push(op);
                Input::MediaCaptured { op }
            }
            Some(reason) => Input::MediaCaptureFailed { op, reason },
        };
        let _ = self.input(station, input);
    }
}

/// The call an action tells the peer has ended, by whichever path.
fn end_sent(action: &Action) -> Option<CallId> {
    match action {
        Action::Send(text) => match Message::parse(text) {
            Ok(Message::CallEnd(end)) => Some(end.payload.call_id),
            Ok(Message::IceCandidate(carrier)) if carrier.payload.call_end.is_some() => carrier.payload.call_id,
            _ => None,
        },
        Action::Call(CallAction::SendControl(text)) => match ControlFrame::parse(text) {
            Ok(ControlFrame::Event(ControlEvent::End(end))) => Some(end.call_id),
            _ => None,
        },
        _ => None,
    }
}
