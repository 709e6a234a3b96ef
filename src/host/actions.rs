//! Performs the core's actions (§4–§7) in the browser. Quick ones run at once; promises run in
//! a task that feeds their result back with the action's op id, so late results are ignored by
//! the machine, and media obtained for an ignored result is released here.

use dialtone_core::host::page::{Action, Input, MediaTarget};
use dialtone_core::host::{CallMediaSource, HostErrorCode, HostError, VideoCamera};
use wasm_bindgen_futures::spawn_local;

use super::driver::{Performer, Shared, feed};
use super::encryption::FrameCrypto;
use crate::js;
use super::local_media::acquire;
use super::media_ops::{attach, set_media, show_local, watch_end};
use super::peer::{Attached, HostPeer, PeerEvent};
use super::state::{HostUi, MediaSlot, summary};
use dialtone_core::host::frame_crypto::FrameKey;
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub fn perform(shell: &Shared, driver: &mut Performer, action: Action) {
    let ui = driver.ui.clone();
    let peer = driver.peer.as_ref().map(HostPeer::handle);
    match action {
        Action::Send(text) => {
            ui.log(summary("→", &text));
            if let Some(socket) = driver.socket.as_mut() {
                socket.send(text);
            }
        }
        Action::ShowControls => ui.change(|shown| shown.controls = true),
        Action::AcquireMedia { op, camera } => {
            let shell = shell.clone();
            spawn_local(async move {
                let mic = acquire(CallMediaSource::Mic, VideoCamera::User).await;
                let cam = match camera {
                    Some(facing) => Some(acquire(CallMediaSource::Camera, facing).await),
                    None => None,
                };
                if let Some(mut state) = shell.performer() {
                    state
                        .tracks
                        .put(CallMediaSource::Mic, mic.as_ref().ok().cloned());
                    state.tracks.put(
                        CallMediaSource::Camera,
                        cam.as_ref().and_then(|c| c.as_ref().ok()).cloned(),
                    );
                    watch_end(
                        &shell,
                        CallMediaSource::Camera,
                        state.tracks.camera.as_ref(),
                    );
                    show_local(&state);
                }
                let input = Input::MediaAcquired {
                    op,
                    mic: mic.map(|_| ()),
                    camera: cam.map(|c| c.map(|_| ())),
                };
                if let Some(Err(_)) = feed(&shell, input) {
                    // The command that asked for it is gone: release the devices.
                    let unused = {
                        let page = shell.machine();
                        !page.in_call() && page.local_media().is_none()
                    };
                    if unused && let Some(mut state) = shell.performer() {
                        state.tracks.stop_all();
                        show_local(&state);
                    }
                }
            });
        }
        Action::CreatePeerConnection { op, config } => {
            if config.relay_without_turn() {
                web_sys::console::warn_1(
                    &"relay-only with no TURN server: no candidate will be gathered".into(),
                );
            }
            let events = std::rc::Rc::downgrade(shell);
            let created = HostPeer::new(&config, move |event| {
                let Some(shell) = events.upgrade() else {
                    return;
                };
                on_peer_event(&shell, &ui, event);
            });
            match created {
                Ok(created) => {
                    driver.peer = Some(created);
                    feed(shell, Input::PeerConnectionCreated { op });
                }
                Err(error) => {
                    web_sys::console::warn_1(
                        &format!("peer connection: {}", js::error_text(&error)).into(),
                    );
                    feed(shell, Input::PeerConnectionFailed { op });
                }
            }
        }
        Action::MakeOffer { op, media, key } => {
            let Some(peer) = peer else { return };
            let (mic, camera) = (driver.tracks.mic.clone(), driver.tracks.camera.clone());
            let attach = transforms(driver, key);
            let shell = shell.clone();
            spawn_local(async move {
                let input = match peer.make_offer(media, mic, camera, attach).await {
                    Ok(sdp) => Input::LocalDescriptionSet {
                        op,
                        sdp,
                        old_peer: None,
                    },
                    Err(failure) => failed(op, failure),
                };
                feed(&shell, input);
            });
        }
        Action::MakeAnswer { op, offer, key } => {
            let Some(peer) = peer else { return };
            let (mic, camera) = (driver.tracks.mic.clone(), driver.tracks.camera.clone());
            let attach = transforms(driver, key);
            let shell = shell.clone();
            spawn_local(async move {
                let input = match peer.make_answer(&offer, mic, camera, attach).await {
                    Ok((sdp, old_peer)) => Input::LocalDescriptionSet { op, sdp, old_peer },
                    Err(failure) => failed(op, failure),
                };
                feed(&shell, input);
            });
        }
        Action::ApplyAnswer { op, answer } => {
            let Some(peer) = peer else { return };
            let shell = shell.clone();
            spawn_local(async move {
                let input = match peer.apply_answer(&answer).await {
                    Ok(old_peer) => Input::RemoteDescriptionApplied { op, old_peer },
                    Err(text) => Input::NegotiationFailed {
                        op,
                        error: HostError::new(HostErrorCode::BadSdp, text),
                    },
                };
                feed(&shell, input);
            });
        }
        Action::AddRemoteCandidates(candidates) => {
            if let Some(peer) = peer {
                spawn_local(async move { peer.add_candidates(&candidates).await });
            }
        }
        Action::SetMedia {
            op,
            source,
            enable,
            target,
            facing,
        } => {
            let shell = shell.clone();
            let peer = peer.filter(|_| target == MediaTarget::Call);
            spawn_local(async move {
                let input = match set_media(&shell, peer, source, enable, facing, false).await {
                    Ok(()) => Input::MediaApplied { op },
                    Err(error) => Input::MediaFailed { op, error },
                };
                feed(&shell, input);
            });
        }
        Action::SwitchCamera { op, facing, target } => {
            let shell = shell.clone();
            let peer = peer.filter(|_| target == MediaTarget::Call);
            let running = driver.tracks.camera.is_some();
            spawn_local(async move {
                // A camera that is off only remembers the facing mode for its next start.
                let result = if running {
                    set_media(&shell, peer, CallMediaSource::Camera, true, facing, true).await
                } else {
                    Ok(())
                };
                let input = match result {
                    Ok(()) => Input::MediaApplied { op },
                    Err(error) => Input::MediaFailed { op, error },
                };
                feed(&shell, input);
            });
        }
        Action::CheckConnection { op } => {
            if let Some(peer) = peer {
                feed(
                    shell,
                    Input::ConnectionChecked {
                        op,
                        states: peer.states(),
                    },
                );
            }
        }
        Action::CollectStats { op } => {
            let Some(peer) = peer else { return };
            let shell = shell.clone();
            spawn_local(async move {
                let info = peer.connection_info().await;
                feed(&shell, Input::Stats { op, info });
            });
        }
        Action::PollInbound => {
            let Some(peer) = peer else { return };
            let shell = shell.clone();
            spawn_local(async move {
                let samples = peer.inbound_bytes().await;
                feed(&shell, Input::InboundBytes(samples));
            });
        }
        Action::RemoteMedia { source, enabled } => ui.set_remote(source, enabled),
        Action::EndCall => {
            driver.tracks.stop_all();
            driver.crypto = None;
            if let Some(peer) = driver.peer.take() {
                peer.close();
            }
            for slot in [
                MediaSlot::RemoteVideo,
                MediaSlot::RemoteAudio,
                MediaSlot::RemoteScreen,
            ] {
                attach(ui.media(slot), None);
            }
            show_local(driver);
            ui.change(|shown| {
                shown.remote = [false; 4];
                shown.described_connected = false;
            });
        }
        Action::ShowDescription { state, description } => {
            ui.change(|shown| {
                shown.described_connected |= shown.connected();
                shown.state_text = state;
                shown.description = description;
            });
        }
        Action::SetLayout(layout) => ui.change(|shown| shown.layout = layout),
        Action::ShowPermission { title, text } => ui.change(|shown| shown.permission = Some((title, text))),
        Action::Close => {
            driver.socket = None;
            if let Some(window) = web_sys::window() {
                // Refused for a tab the script did not open: the end screen stays (§7).
                let _ = window.close();
            }
            ui.change(|shown| shown.ended = true);
        }
    }
}

/// The step that attaches frame transforms with `key` (none without a key). The worker is
/// started now and lives as long as the call.
fn transforms(
    driver: &mut Performer,
    key: Option<FrameKey>,
) -> impl FnOnce(&[JsValue]) -> Result<(), String> + 'static {
    let ui = driver.ui.clone();
    let crypto = key
        .as_ref()
        .map(|_| FrameCrypto::new(move |counters| ui.change(|shown| shown.frames = counters)).map(Rc::new));
    driver.crypto = match &crypto {
        Some(Ok(crypto)) => Some(crypto.clone()),
        _ => None,
    };
    move |transceivers: &[JsValue]| match (key, crypto) {
        (Some(key), Some(Ok(crypto))) => crypto.attach(transceivers, &key),
        (Some(_), Some(Err(error))) => Err(error),
        _ => Ok(()),
    }
}

fn failed(op: dialtone_core::host::page::OpId, failure: Attached) -> Input {
    match failure {
        Attached::Sdp(text) => Input::NegotiationFailed {
            op,
            error: HostError::new(HostErrorCode::BadSdp, text),
        },
        Attached::Transform(text) => {
            web_sys::console::error_1(
                &format!("frame encryption could not be attached: {text}").into(),
            );
            Input::EncryptionFailed
        }
    }
}

fn on_peer_event(shell: &Shared, ui: &HostUi, event: PeerEvent) {
    let input = match event {
        PeerEvent::Candidate(candidate) => Input::LocalCandidate(candidate),
        PeerEvent::GatheringComplete => Input::GatheringComplete,
        PeerEvent::StateChanged(states) => {
            // Browser callbacks never run inside `feed`, but a busy driver must not panic.
            if let Some(state) = shell.performer() {
                state.ui.change(|shown| shown.connection = states.connection_state.clone());
            }
            Input::ConnectionStateChanged(states)
        }
        PeerEvent::Track { mid, track } => {
            let Some(source) = mid.as_deref().and_then(CallMediaSource::from_mid) else {
                return;
            };
            let slot = match source {
                CallMediaSource::Mic => MediaSlot::RemoteAudio,
                CallMediaSource::Camera => MediaSlot::RemoteVideo,
                CallMediaSource::ScreenVideo => MediaSlot::RemoteScreen,
                CallMediaSource::ScreenAudio => return,
            };
            attach(ui.media(slot), Some(&track));
            return;
        }
    };
    feed(shell, input);
}
