//! Performing the machine's actions in the browser. Each action is one browser operation or one
//! signal written; an outcome that comes back becomes one input. Nothing here decides anything.

use dialtone_core::client::{Action, Input, OpId, RemoteRole};
use dialtone_core::protocol::{EndReason, MediaKind};
use web_sys::MediaStream;
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;

use super::{Controller, HISTORY_KEY};
use crate::media::user_media::{get_user_media, stop_all_tracks};

impl Controller {
    pub(super) fn perform(&self, action: Action) {
        match action {
            Action::OpenSocket { name, resume } => self.open_socket(&name, resume.as_deref()),
            Action::Send(text) => self.send_frame(text),
            Action::CloseSocket => self.close_socket(),
            Action::FetchIceServers { op } => self.fetch_ice_servers(op),
            Action::AbandonIceFetch { op } => self.abandon_ice_fetch(op),
            Action::UseIceServers(servers) => self.use_ice_servers(&servers),
            Action::Capture { op, kind } => self.capture(op, kind),
            Action::UseCapture { op } => self.use_capture(op),
            Action::ShowLocalMedia => self.show_local_media(),
            Action::PrepareCalls => self.prepare_calls(),
            Action::DiscardCapture { op } => {
                if let Some(stream) = self.inner.borrow_mut().captures.remove(&op) {
                    stop_all_tracks(&stream);
                }
            }
            Action::ShowRemoteStream { stream_id, role } => self.show_remote_stream(&stream_id, role),
            Action::Call(action) => self.perform_call(action),
            Action::ShowLink(link) => self.ui.link.set(link),
            Action::ShowSilentRinging(silent) => self.ui.silent_ringing.set(silent),
            Action::ShowMe(me) => self.ui.me.set(Some(me)),
            Action::ShowPeers(peers) => self.ui.peers.set(peers),
            Action::ShowNotice(notice) => self.ui.notice.set(notice),
            Action::ShowServer { notice, kind } => {
                self.ui.server_notice.set(notice);
                self.ui.server_kind.set(kind);
            }
            Action::ShowChat(line) => self.ui.push_chat(line),
            Action::ShowChatRefusal(refusal) => self.ui.chat_refusal.set(refusal),
            Action::ShowHistory(entries) => self.ui.history.set(entries),
            Action::ShowHistoryUndo(cleared) => self.ui.history_cleared.set(cleared),
            Action::SaveHistory(stored) => {
                if let Some(storage) = crate::settings::storage() {
                    let _ = storage.set_item(HISTORY_KEY, &stored);
                }
            }
            Action::RememberName(name) => crate::settings::remember_name(&name),
            Action::StartLiveStream { url, channels } => self.start_live_stream(url, channels),
            Action::EndLiveStream => self.end_live_stream(),
            Action::ShowStreamOffer(offer) => self.ui.stream_offer.set(offer),
            Action::SaveStreamSettings { url, channels } => self.save_stream_settings(url, channels),
            Action::UseCaptureForCheck { op } => self.use_capture_for_check(op),
            Action::ReleaseCheckStream => self.release_check_stream(),
            Action::ShowDeviceCheck(view) => self.show_device_check(view),
            Action::CaptureDevice { op, kind, device_id } => self.capture_device(op, kind, device_id),
            Action::ReplaceCallTrack { op, kind, enabled } => self.replace_call_track(op, kind, enabled),
            Action::ApplyProcessing { seq, processing, stream } => self.apply_processing(seq, processing, stream),
            Action::ReopenMicrophone { seq, processing, stream } => self.reopen_microphone(seq, processing, stream),
            Action::RememberProcessing(wanted) => self.remember_processing(wanted),
            Action::ApplyOutput { seq, device_id } => self.apply_output(seq, device_id),
            Action::ShowDevices(view) => self.show_devices(view),
            Action::PlayChime { seq, output } => self.play_chime(seq, output),
            Action::StopChime => self.stop_chime(),
            Action::ShowSpeakerTest(view) => self.show_speaker_test(view),
        }
    }

    /// getUserMedia for a call or the device check.
    fn capture(&self, op: OpId, kind: MediaKind) {
        let capture = self.chosen_capture();
        self.hold_capture(op, get_user_media(kind, &capture));
    }

    /// Runs a capture; its stream waits in `captures` under `op` until the machine says whether
    /// it is still wanted (use or discard), and the result goes back to the machine by `op`.
    pub(super) fn hold_capture(&self, op: OpId, capture: impl Future<Output = Result<MediaStream, EndReason>> + 'static) {
        let this = self.weak();
        spawn_local(async move {
            let result = capture.await;
            let Some(this) = this.upgrade() else {
                if let Ok(stream) = &result {
                    stop_all_tracks(stream);
                }
                return;
            };
            let input = match result {
                Ok(stream) => {
                    this.inner.borrow_mut().captures.insert(op, stream);
                    Input::MediaCaptured { op }
                }
                Err(reason) => Input::MediaCaptureFailed { op, reason },
            };
            let _ = this.feed(input);
        });
    }

    fn use_capture(&self, op: OpId) {
        let Some(stream) = self.inner.borrow_mut().captures.remove(&op) else { return };
        if let Some(old) = self.inner.borrow_mut().local_stream.replace(stream) {
            stop_all_tracks(&old);
        }
        self.watch_call_tracks();
    }

    /// The page's audio graph with the meter's worklet module, and the WebRTC stack warmed up:
    /// what a first call would otherwise wait for, none of it needing the person's consent.
    fn prepare_calls(&self) {
        if let Some(graph) = self.audio_graph() {
            // Whether a call would ring out loud: the browser may hold the page's sound until
            // the person first uses it (the machine says so while it does).
            let weak = self.weak();
            crate::media::autoplay::watch(graph.audio_context(), move |state, policy| {
                if let Some(this) = weak.upgrade() {
                    let _ = this.feed(Input::PageAudio { state, policy });
                }
            });
            spawn_local(async move {
                let _ = graph.preload_meter().await;
            });
        }
        crate::rtc::warm_up::warm_up();
        self.ui.calls_prepared.set(true);
    }

    fn show_local_media(&self) {
        let Some(stream) = self.inner.borrow().local_stream.clone() else { return };
        self.start_local_meter(&stream);
        self.observe_processing(&stream);
        self.publish_streams();
        // Permission is granted now: the device names become readable.
        self.refresh_devices();
    }

    fn show_remote_stream(&self, stream_id: &str, role: RemoteRole) {
        let stream = {
            let mut inner = self.inner.borrow_mut();
            let at = inner.arrived.iter().position(|s| s.id() == stream_id);
            at.map(|at| inner.arrived.remove(at))
        };
        let Some(stream) = stream else { return };
        match role {
            RemoteRole::Call => {
                // Clone::clone: MediaStream's own clone() would show copies of the tracks there are now,
                // and none added to the stream later.
                self.inner.borrow_mut().remote_stream = Some(Clone::clone(&stream));
                self.start_remote_meter(&stream);
                self.live_stream_remote_arrived(&stream);
            }
            RemoteRole::Screen => self.inner.borrow_mut().remote_screen = Some(stream),
        }
        self.publish_streams();
    }
}
