//! Setting a call up (§4.2–4.6): `capabilities`, `start`, `offer`, `answer`, `ice`, and the
//! browser results they wait for, up to the reply that carries the initial candidate batch.

use super::{
    Action, Call, HostPage, ICE_CANDIDATE_POOL_SIZE, Ignored, LocalMedia, OpId, PeerConfig, Role,
    Running, Setup, Step, ignored,
};
use crate::host::envelope::Received;
use crate::host::error::{HostErrorCode, HostError};
use crate::host::frame_crypto::FrameKey;
use crate::host::ice_batch::IceBatcher;
use crate::host::remote_media::RemoteMedia;
use crate::host::response::{Capabilities, Response};
use crate::host::signal::{self, IceCandidateInit, SdpType};
use crate::host::wire::{CallMediaSource, CallMediaType, Command, IceServer, VideoCamera};

impl HostPage {
    pub(super) fn capabilities(&self) -> Capabilities {
        Capabilities {
            encryption: self.config.can_encrypt,
        }
    }

    fn acquire(
        &mut self,
        received: Received,
        media: CallMediaType,
        step: impl FnOnce(CallMediaType) -> Step,
    ) {
        let op = self.op();
        let camera = media.has_video().then_some(VideoCamera::User);
        self.actions.push_back(Action::AcquireMedia { op, camera });
        self.running = Some(Running {
            received,
            op,
            step: step(media),
        });
    }

    /// `capabilities` (caller): any call ends silently, then the preview is acquired.
    pub(super) fn start_capabilities(&mut self, received: Received, media: CallMediaType) {
        self.end_everything();
        self.actions.push_back(Action::ShowControls);
        self.acquire(received, media, |_| Step::Preview);
    }

    /// `start` (callee): any call ends silently; a key the page cannot use for lack of support
    /// is dropped (the reply says `encryption:false`), an unusable key is `BAD_KEY`.
    pub(super) fn start_start(&mut self, received: Received) {
        let Command::Start {
            media,
            aes_key,
            ice_servers,
            relay,
        } = received.command.clone()
        else {
            return;
        };
        self.end_everything();
        self.actions.push_back(Action::ShowControls);
        let key = match aes_key
            .filter(|_| self.config.can_encrypt)
            .map(|text| FrameKey::decode(&text))
        {
            Some(Err(error)) => return self.refuse_now(&received, error),
            Some(Ok(key)) => Some(key),
            None => None,
        };
        let setup = self.setup(Role::Offerer, media, key, ice_servers, relay, None);
        self.acquire(received, media, |_| Step::CallMedia(setup));
    }

    /// `offer` (caller): refused while a call exists or when the key cannot be used; the offer
    /// and candidates are decoded before anything is created.
    pub(super) fn start_offer(&mut self, received: Received) {
        let Command::Offer {
            offer,
            ice_candidates,
            media,
            aes_key,
            ice_servers,
            relay,
        } = received.command.clone()
        else {
            return;
        };
        self.actions.push_back(Action::ShowControls);
        if self.call.is_some() {
            return self.refuse_now(&received, HostError::of(HostErrorCode::CallExists));
        }
        let key = match aes_key {
            Some(_) if !self.config.can_encrypt => {
                return self.refuse_now(&received, HostError::of(HostErrorCode::EncryptionUnsupported));
            }
            Some(text) => match FrameKey::decode(&text) {
                Ok(key) => Some(key),
                Err(error) => return self.refuse_now(&received, error),
            },
            None => None,
        };
        let decoded = signal::decode_description(&offer, SdpType::Offer)
            .and_then(|offer| Ok((offer, signal::decode_candidates(&ice_candidates)?)));
        let offer = match decoded {
            Ok(decoded) => decoded,
            Err(error) => return self.refuse_now(&received, error),
        };
        let setup = self.setup(Role::Answerer, media, key, ice_servers, relay, Some(offer));
        if self.local.is_some() {
            self.connect(received, setup);
        } else {
            // No preview (no `capabilities` before): acquire media as `start` does.
            self.acquire(received, media, |_| Step::CallMedia(setup));
        }
    }

    fn setup(
        &self,
        role: Role,
        media: CallMediaType,
        key: Option<FrameKey>,
        ice_servers: Option<Vec<IceServer>>,
        relay: Option<bool>,
        offer: Option<(
            crate::host::signal::SessionDescription,
            Vec<IceCandidateInit>,
        )>,
    ) -> Setup {
        Setup {
            role,
            media,
            key,
            servers: ice_servers.unwrap_or_else(|| self.config.default_ice_servers.clone()),
            relay: relay == Some(true),
            retried: false,
            offer,
        }
    }

    fn connect(&mut self, received: Received, setup: Setup) {
        let op = self.op();
        let config = PeerConfig {
            ice_servers: setup.servers.clone(),
            relay_only: setup.relay,
            ice_candidate_pool_size: ICE_CANDIDATE_POOL_SIZE,
            encrypted: setup.key.is_some(),
        };
        self.actions
            .push_back(Action::CreatePeerConnection { op, config });
        self.running = Some(Running {
            received,
            op,
            step: Step::Connecting(setup),
        });
    }

    pub(super) fn on_media_acquired(
        &mut self,
        now: u64,
        op: OpId,
        mic: Result<(), HostErrorCode>,
        camera: Option<Result<(), HostErrorCode>>,
    ) -> Result<(), Ignored> {
        let Some(running) = self.running_for(op).cloned() else {
            return ignored("no media request pending");
        };
        let local = LocalMedia {
            mic: mic.is_ok(),
            camera: camera.is_some_and(|c| c.is_ok()),
            screen_video: false,
            facing: VideoCamera::User,
        };
        let camera_failed = camera.is_some_and(|c| c.is_err());
        match running.step {
            Step::Preview => {
                if let Err(code) = mic {
                    self.fail(now, HostError::of(code));
                    return Ok(());
                }
                self.local = Some(local);
                let caps = self.capabilities();
                self.finish(now, Response::Capabilities { capabilities: caps });
                if camera_failed {
                    self.send_media_ok(CallMediaSource::Camera, false);
                }
            }
            Step::CallMedia(setup) => {
                // Refused media does not stop a call: the host learns what is missing (§4.3).
                self.local = Some(local);
                if mic.is_err() {
                    self.send_media_ok(CallMediaSource::Mic, false);
                }
                if camera_failed {
                    self.send_media_ok(CallMediaSource::Camera, false);
                }
                self.connect(running.received, setup);
            }
            _ => return ignored("no media request pending"),
        }
        Ok(())
    }

    pub(super) fn on_peer_connection_created(&mut self, now: u64, op: OpId) -> Result<(), Ignored> {
        let Some(Running {
            received,
            step: Step::Connecting(setup),
            ..
        }) = self.running_for(op).cloned()
        else {
            return ignored("no peer connection pending");
        };
        let mut call = Call {
            role: setup.role,
            batcher: IceBatcher::new(now),
            initial: None,
            local_description: None,
            reply_sent: false,
            held: Vec::new(),
            remote_description_set: false,
            pending_remote: Vec::new(),
            remote_added: 0,
            watching: true,
            connected: false,
            check_at: Some(now + super::CONNECTION_CHECK_MS),
            check_op: None,
            stats_at: None,
            stats_op: None,
            poll_at: now + crate::host::remote_media::POLL_INTERVAL_MS,
            remote: RemoteMedia::default(),
            peer_without_camera: false,
        };
        let op = self.op();
        let action = match setup.offer {
            Some((offer, candidates)) => {
                // Offer's candidates first, then the early ones, once the answer is set.
                call.pending_remote = candidates;
                call.pending_remote.append(&mut self.early_candidates);
                Action::MakeAnswer {
                    op,
                    offer,
                    key: setup.key,
                }
            }
            None => Action::MakeOffer {
                op,
                media: setup.media,
                key: setup.key,
            },
        };
        self.call = Some(call);
        self.actions.push_back(action);
        self.running = Some(Running {
            received,
            op,
            step: Step::Describing,
        });
        Ok(())
    }

    /// Creating the connection threw: once more without `stuns:` servers, then give up (§4.6).
    pub(super) fn on_peer_connection_failed(&mut self, now: u64, op: OpId) -> Result<(), Ignored> {
        let Some(Running {
            received,
            step: Step::Connecting(mut setup),
            ..
        }) = self.running_for(op).cloned()
        else {
            return ignored("no peer connection pending");
        };
        if setup.retried {
            self.end_everything();
            self.fail(
                now,
                HostError::new(
                    HostErrorCode::Unsupported,
                    "the peer connection cannot be created",
                ),
            );
            return Ok(());
        }
        setup.retried = true;
        setup
            .servers
            .retain(|server| !server.urls.iter().any(|url| url.starts_with("stuns:")));
        self.connect(received, setup);
        Ok(())
    }
}
