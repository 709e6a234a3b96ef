//! Negotiation once the peer connection exists (§4.2–4.5): the local description, the reply
//! that carries the initial batch, later `ice` events, `answer`, remote candidates, old peers.

use super::{
    Action, HostPage, Ignored, MAX_EARLY_CANDIDATES, OldPeer, OpId, Role, Running, Step, ignored,
};
use crate::host::envelope::Received;
use crate::host::error::{HostErrorCode, HostError};
use crate::host::response::Response;
use crate::host::signal::{self, IceCandidateInit, SdpType};
use crate::host::wire::CallMediaSource;

impl HostPage {
    pub(super) fn on_local_description(
        &mut self,
        now: u64,
        op: OpId,
        sdp: String,
        old_peer: Option<OldPeer>,
    ) -> Result<(), Ignored> {
        if !matches!(
            self.running_for(op),
            Some(Running {
                step: Step::Describing,
                ..
            })
        ) {
            return ignored("no local description pending");
        }
        let Some(call) = self.call.as_mut() else {
            return ignored("no call");
        };
        let sdp_type = if call.role == Role::Offerer {
            SdpType::Offer
        } else {
            SdpType::Answer
        };
        call.local_description = Some(signal::encode_description(&signal::SessionDescription::new(sdp_type, sdp)));
        if call.role == Role::Answerer {
            call.remote_description_set = true;
            let candidates = std::mem::take(&mut call.pending_remote);
            let (add, _) = call.add_remote(candidates);
            self.actions.extend(add);
        }
        if let Some(old) = old_peer {
            self.adapt_to_old_peer(now, old);
        }
        self.reply_when_ready(now);
        Ok(())
    }

    /// The offer/answer reply goes out once both the description and the initial batch are there.
    pub(super) fn reply_when_ready(&mut self, now: u64) {
        let Some(call) = self.call.as_mut() else {
            return;
        };
        if call.reply_sent
            || !matches!(
                self.running,
                Some(Running {
                    step: Step::Describing,
                    ..
                })
            )
        {
            return;
        }
        if call.initial.is_none() {
            call.initial = call.batcher.take_initial(now);
        }
        if call.local_description.is_none() || call.initial.is_none() {
            return;
        }
        let (Some(description), Some(batch)) =
            (call.local_description.clone(), call.initial.take())
        else {
            return;
        };
        call.reply_sent = true;
        let ice_candidates = signal::encode_candidates(&batch);
        let resp = match call.role {
            Role::Offerer => Response::Offer {
                offer: description,
                ice_candidates,
                capabilities: self.capabilities(),
            },
            Role::Answerer => Response::Answer {
                answer: description,
                ice_candidates,
            },
        };
        if let Some(running) = self.running.take() {
            self.send(running.received.reply(resp));
        }
        self.flush_candidates(now);
        self.pump(now);
    }

    /// Sends an `ice` event with what is due (never before the reply).
    pub(super) fn flush_candidates(&mut self, now: u64) {
        let Some(call) = self.call.as_mut() else {
            return;
        };
        if !call.reply_sent {
            return;
        }
        let mut batch = std::mem::take(&mut call.held);
        batch.extend(call.batcher.poll(now).unwrap_or_default());
        if !batch.is_empty() {
            self.send_event(Response::Ice {
                ice_candidates: signal::encode_candidates(&batch),
            });
        }
    }

    pub(super) fn on_negotiation_failed(
        &mut self,
        now: u64,
        op: OpId,
        error: HostError,
    ) -> Result<(), Ignored> {
        match self.running_for(op).map(|r| &r.step) {
            Some(Step::Describing) => {
                // The call never got going: it ends without `ended`.
                self.end_everything();
                self.fail(now, error);
                Ok(())
            }
            Some(Step::ApplyingAnswer { .. }) => {
                self.fail(now, error);
                Ok(())
            }
            _ => ignored("no negotiation pending"),
        }
    }

    pub(super) fn on_local_candidate(
        &mut self,
        candidate: IceCandidateInit,
    ) -> Result<(), Ignored> {
        let Some(call) = self.call.as_mut() else {
            return ignored("no call");
        };
        call.batcher.add(candidate);
        Ok(())
    }

    pub(super) fn on_gathering_complete(&mut self, now: u64) -> Result<(), Ignored> {
        let Some(call) = self.call.as_mut() else {
            return ignored("no call");
        };
        if let Some(last) = call.batcher.gathering_complete() {
            call.held.extend(last);
        }
        self.reply_when_ready(now);
        self.flush_candidates(now);
        Ok(())
    }

    /// `answer` (callee): only once the offer is out and no answer was applied (§2).
    pub(super) fn start_answer(&mut self, received: Received, answer: &str, candidates: &str) {
        let ready = self
            .call
            .as_ref()
            .is_some_and(|c| c.role == Role::Offerer && c.reply_sent && !c.remote_description_set);
        if !ready {
            return self.refuse_now(&received, HostError::of(HostErrorCode::BadState));
        }
        let decoded = signal::decode_description(answer, SdpType::Answer)
            .and_then(|answer| Ok((answer, signal::decode_candidates(candidates)?)));
        match decoded {
            Err(error) => self.refuse_now(&received, error),
            Ok((answer, candidates)) => {
                let op = self.op();
                self.actions.push_back(Action::ApplyAnswer { op, answer });
                self.running = Some(Running {
                    received,
                    op,
                    step: Step::ApplyingAnswer { candidates },
                });
            }
        }
    }

    /// Replies without starting anything; the caller's loop starts the next command.
    pub(super) fn refuse_now(&mut self, received: &Received, error: HostError) {
        self.send(received.reply_error(&error));
    }

    pub(super) fn on_answer_applied(
        &mut self,
        now: u64,
        op: OpId,
        old_peer: Option<OldPeer>,
    ) -> Result<(), Ignored> {
        let Some(Running {
            step: Step::ApplyingAnswer { candidates },
            ..
        }) = self.running_for(op).cloned()
        else {
            return ignored("no answer pending");
        };
        let Some(call) = self.call.as_mut() else {
            return ignored("no call");
        };
        call.remote_description_set = true;
        let mut all = candidates;
        all.append(&mut call.pending_remote);
        let (add, _) = call.add_remote(all);
        self.actions.extend(add);
        if let Some(old) = old_peer {
            self.adapt_to_old_peer(now, old);
        }
        self.finish(now, Response::Ok);
        Ok(())
    }

    /// `ice`: applied, kept for the remote description, or kept as early (`EARLY_CANDIDATES`).
    pub(super) fn run_ice(&mut self, received: Received, text: &str) {
        let candidates = match signal::decode_candidates(text) {
            Ok(candidates) => candidates,
            Err(error) => return self.refuse_now(&received, error),
        };
        match self.call.as_mut() {
            None => {
                let room = MAX_EARLY_CANDIDATES.saturating_sub(self.early_candidates.len());
                self.early_candidates
                    .extend(candidates.into_iter().take(room));
                self.refuse_now(&received, HostError::of(HostErrorCode::EarlyCandidates));
            }
            Some(call) if !call.remote_description_set => {
                let room = MAX_EARLY_CANDIDATES.saturating_sub(call.pending_remote.len());
                call.pending_remote
                    .extend(candidates.into_iter().take(room));
                self.send(received.reply(Response::Ok));
            }
            Some(call) => {
                let (add, left_out) = call.add_remote(candidates);
                self.actions.extend(add);
                if left_out {
                    let why = format!("this call already has {} remote candidates: the rest were not added", super::MAX_REMOTE_CANDIDATES);
                    return self.refuse_now(&received, HostError::new(HostErrorCode::BadCandidates, why));
                }
                self.send(received.reply(Response::Ok));
            }
        }
    }

    /// An old peer (§4.6): its sources are taken as on; without its camera, ours stops too.
    fn adapt_to_old_peer(&mut self, now: u64, old: OldPeer) {
        let Some(call) = self.call.as_mut() else {
            return;
        };
        let mut on = vec![CallMediaSource::Mic];
        if old.sends_video {
            on.push(CallMediaSource::Camera);
        } else {
            call.peer_without_camera = true;
        }
        let changed: Vec<CallMediaSource> = on
            .into_iter()
            .filter(|s| call.remote.assume_enabled(*s))
            .collect();
        for source in changed {
            self.actions.push_back(Action::RemoteMedia {
                source,
                enabled: true,
            });
            self.send_event(Response::PeerMedia {
                source,
                enabled: true,
            });
        }
        if !old.sends_video && self.local.is_some_and(|l| l.camera) {
            let _ = self.on_page_media(now, CallMediaSource::Camera, false);
        }
    }
}

impl super::Call {
    /// Adds remote candidates as far as the call's bound allows: the action for those taken, and
    /// whether any had to be left out.
    fn add_remote(&mut self, candidates: Vec<IceCandidateInit>) -> (Option<Action>, bool) {
        let room = super::MAX_REMOTE_CANDIDATES.saturating_sub(self.remote_added);
        let offered = candidates.len();
        let taken: Vec<IceCandidateInit> = candidates.into_iter().take(room).collect();
        self.remote_added += taken.len();
        let left_out = taken.len() < offered;
        ((!taken.is_empty()).then(|| Action::AddRemoteCandidates(taken)), left_out)
    }
}
