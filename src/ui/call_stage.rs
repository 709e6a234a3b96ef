//! The call stage: idle hint, or the current call with its video, state, timer and controls,
//! or the summary of the call that just ended.

use dialtone_core::call::{CallState, RemoteMedia, SourceView, format_duration};
use dialtone_core::protocol::EndReason;
use dialtone_core::protocol::MediaSource;
use leptos::html::{Button, Video};
use leptos::prelude::*;

use super::app::{use_controller, use_ui};
use super::avatar::Avatar;
use super::icons;

#[component]
pub fn CallStage() -> impl IntoView {
    let ui = use_ui();
    // Re-render the stage only when the call itself changes, not on every state update.
    let call_id = Memo::new(move |_| ui.call.with(|c| c.as_ref().map(|c| c.call_id.clone())));
    move || match call_id.get() {
        None => view! {
            <section class="stage idle" data-testid="call-idle">
                <div class="idle-art" aria-hidden="true">{icons::phone()}</div>
                // Focus lands here after a call's summary is closed (never on the page body).
                <h2 id="stage-idle-title" tabindex="-1">"Ready for calls"</h2>
                <p>"Pick someone from the list to start an audio or video call. Incoming calls ring here."</p>
            </section>
        }
        .into_any(),
        Some(_) => view! { <CallPanel/> }.into_any(),
    }
}

#[component]
fn CallPanel() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    let call = move || ui.call.get();
    let state = Memo::new(move |_| ui.call.with(|c| c.as_ref().map(|c| c.state).unwrap_or(CallState::Ended)));
    let media = Memo::new(move |_| ui.call.with(|c| c.as_ref().map(|c| c.media)));
    let is_video = move || media.get().is_some_and(|m| m.has_video());
    let peer_name = Memo::new(move |_| {
        let peer = ui.call.with(|c| c.as_ref().map(|c| c.peer.clone())).unwrap_or_default();
        ctl.with_value(|c| c.peer_name(&peer))
    });
    let label = move || {
        call().map(|c| c.state.label(c.direction, c.media)).unwrap_or_default()
    };
    let timer = move || {
        let now = ui.now.get();
        call().and_then(|c| match (&c.ended, c.connected_at) {
            (Some(record), Some(_)) => Some(format_duration(record.duration_ms())),
            (Some(_), None) => None,
            (None, Some(at)) => Some(format_duration(now.saturating_sub(at))),
            _ => None,
        })
    };

    let remote_ref = NodeRef::<Video>::new();
    let local_ref = NodeRef::<Video>::new();
    let screen_ref = NodeRef::<Video>::new();
    Effect::new(move |_| {
        ui.media_epoch.track();
        if let Some(video) = remote_ref.get() {
            video.set_src_object(ctl.with_value(|c| c.remote_stream()).as_ref());
            let element: web_sys::HtmlMediaElement = video.into();
            ctl.with_value(|c| c.apply_output_to(element));
        }
        if let Some(video) = local_ref.get() {
            video.set_src_object(ctl.with_value(|c| c.local_stream()).as_ref());
        }
        if let Some(video) = screen_ref.get() {
            video.set_src_object(ctl.with_value(|c| c.remote_screen()).as_ref());
        }
    });

    let ended = Memo::new(move |_| ui.call.with(|c| c.as_ref().and_then(|c| c.ended.clone())));
    let hang_up_ref = NodeRef::<Button>::new();
    let call_again_ref = NodeRef::<Button>::new();
    // Keyboard users never lose their place: when the button they pressed goes away (a call
    // button greyed out, Accept in the closed dialog, Hang up on the ended screen), focus moves
    // to what now matters — Hang up during the call, Call again once it ended.
    Effect::new(move |_| {
        let state = state.get();
        let ended_now = ended.with(Option::is_some);
        if state == CallState::InvitationReceived {
            return;
        }
        // After the view has applied this change (the old button gone, the new one in place).
        request_animation_frame(move || {
            if !super::focus::focus_is_lost() {
                return;
            }
            let target = if ended_now { call_again_ref.get_untracked() } else { hang_up_ref.get_untracked() };
            if let Some(button) = target {
                let _ = button.focus();
            }
        });
    });
    let remote = move || {
        ui.call.with(|c| c.as_ref().map(|c| c.remote)).unwrap_or(RemoteMedia { mic: true, camera: true, screen: false, recording: false })
    };
    let recording = move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.recording && c.ended.is_none()));
    let hang_up_label = move || match state.get() {
        CallState::Connected => "Hang up",
        CallState::InvitationReceived => "Decline",
        _ => "Cancel",
    };

    view! {
        <section class="stage call" data-testid="call-panel" data-state=move || state.get().as_str()
            data-call-id=move || ui.call.with(|c| c.as_ref().map(|c| c.call_id.clone()).unwrap_or_default())
            class:video=is_video>
            <div class="call-head">
                <div class="call-who">
                    <div class="call-peer" data-testid="call-peer">{move || peer_name.get()}
                        <Show when=move || ended.with(Option::is_none)>
                            <LevelBar testid="remote-level" level=Signal::derive(move || ui.levels.get().remote)
                                speaking=Signal::derive(move || ui.levels.get().remote_speaking)/>
                        </Show>
                    </div>
                    <div class="call-state" data-testid="call-state" data-state=move || state.get().as_str()
                        role="status" aria-live="polite">
                        <span class="state-dot" aria-hidden="true"></span>{label}
                    </div>
                </div>
                <div class="call-side">
                    <Show when=move || ended.get().is_none() && (remote().recording || recording())>
                        <span class="recording-flag" data-testid="recording-indicator" role="status"
                            data-local=move || recording().to_string() data-remote=move || remote().recording.to_string()>
                            <span class="rec-dot" aria-hidden="true"></span>
                            {move || match (recording(), remote().recording) {
                                (true, true) => "You and they are recording".to_owned(),
                                (true, false) => "Recording".to_owned(),
                                _ => format!("{} is recording this call", peer_name.get()),
                            }}
                        </span>
                    </Show>
                    <span class="remote-flag" data-testid="remote-mic-state"
                        data-muted=move || (!remote().mic).to_string()
                        class:shown=move || !remote().mic && ended.get().is_none()>
                        {icons::mic_off()} {move || format!("{} is muted", peer_name.get())}
                    </span>
                    <super::control_link::ControlLink/>
                    <div class="call-timer" data-testid="call-timer">{timer}</div>
                </div>
            </div>
            // Said aloud by screen readers when it changes: who is muted now.
            <div class="sr-only" role="status" aria-live="polite" data-testid="call-announcer">
                {move || {
                    if ended.with(Option::is_some) {
                        return String::new();
                    }
                    let mine = ui.call.with(|c| c.as_ref().is_some_and(|c| !c.mic.enabled));
                    let theirs = !remote().mic;
                    match (mine, theirs) {
                        (true, true) => format!("You are muted. {} is muted.", peer_name.get()),
                        (true, false) => "You are muted.".to_owned(),
                        (false, true) => format!("{} is muted.", peer_name.get()),
                        (false, false) => String::new(),
                    }
                }}
            </div>
            <WaitingCall/>
            <Show when=move || ended.get().is_none()>
                <super::live_stream::LiveStreamBar/>
            </Show>
            <div class="media">
                <video class="remote-video" data-testid="remote-video" node_ref=remote_ref
                    autoplay=true playsinline=true class:hidden=move || !is_video() || ended.with(Option::is_some)></video>
                <Show when=move || is_video() && !remote().camera && ended.get().is_none()>
                    <div class="camera-off" data-testid="remote-camera-off">
                        <Avatar name=Signal::derive(move || peer_name.get()) size="huge"/>
                        <p>{move || format!("{}'s camera is off", peer_name.get())}</p>
                    </div>
                </Show>
                <Show when=move || !is_video() || ended.with(Option::is_some)>
                    <div class="audio-only" class:speaking=move || ui.levels.get().remote_speaking && ended.with(Option::is_none)>
                        <Avatar name=Signal::derive(move || peer_name.get()) size="huge"/>
                        <p>{move || match (ended.with(Option::is_some), is_video()) {
                            (true, _) => "Call ended",
                            (false, true) => "Video call",
                            (false, false) => "Audio call",
                        }}</p>
                    </div>
                </Show>
                <Show when=move || remote().screen && ended.get().is_none()>
                    <video class="remote-screen" data-testid="remote-screen" node_ref=screen_ref
                        autoplay=true playsinline=true></video>
                </Show>
                <Show when=move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.screen.enabled && c.ended.is_none()))>
                    <div class="sharing-flag" data-testid="local-screen-state" role="status">"You are sharing your screen"</div>
                </Show>
                <Show when=move || is_video() && ended.get().is_none()>
                    <video class="local-video" data-testid="local-video" node_ref=local_ref
                        autoplay=true playsinline=true prop:muted=true></video>
                </Show>
            </div>
            {move || match ended.get() {
                Some(record) => view! {
                    <div class="call-summary" data-testid="call-ended" role="status">
                        <p class="end-reason" data-testid="call-end-reason" data-code=record.reason.code()
                            class:error=record.reason.is_error()>
                            {end_headline(record.reason, &peer_name.get_untracked())}
                        </p>
                        {move || ui.recording_file.get().map(|file| view! {
                            <a class="pill neutral small recording-download" data-testid="recording-download-link"
                                href=file.url.clone() download=file.name.clone() data-bytes=file.bytes.to_string()>
                                {format!("Download recording ({:.1} MB)", file.bytes as f64 / 1_000_000.0)}
                            </a>
                        })}
                        <p class="end-meta">
                            <span class="code" data-testid="call-end-code">{record.reason.code()}</span>
                            {if record.connected_at.is_some() { format!(" · lasted {}", format_duration(record.duration_ms())) } else { String::new() }}
                        </p>
                        <div class="summary-actions">
                            <button class="pill accept" data-testid="call-again-button" node_ref=call_again_ref
                                on:click=move |_| {
                                    let again = ui.call.with_untracked(|c| c.as_ref().map(|c| (c.peer.clone(), c.media)));
                                    if let Some((peer, media)) = again {
                                        ctl.with_value(|c| {
                                            c.dismiss_ended();
                                            let _ = c.place_call(peer, media);
                                        });
                                    }
                                }>
                                {if is_video() { icons::video().into_any() } else { icons::phone().into_any() }}
                                "Call again"
                            </button>
                            <button class="pill neutral" data-testid="dismiss-call-button"
                                on:click=move |_| {
                                    ctl.with_value(|c| c.dismiss_ended());
                                    // The idle stage's title, or where a phone shows nothing there, the people tab.
                                    super::focus::focus_first_visible(&["#stage-idle-title", "[data-testid=\"tab-people\"]"]);
                                }>"Done"</button>
                        </div>
                    </div>
                }.into_any(),
                None => view! {
                    <div class="controls">
                        <Show when=move || ui.levels.get().muted_hint>
                            <div class="muted-hint" data-testid="muted-speaking-hint" role="status">
                                "You're muted. Press m or the microphone button to be heard."
                            </div>
                        </Show>
                        <LevelBar testid="local-level" level=Signal::derive(move || ui.levels.get().local)
                            speaking=Signal::derive(move || ui.levels.get().local_speaking)/>
                        <MediaButton source=MediaSource::Mic/>
                        <Show when=is_video>
                            <MediaButton source=MediaSource::Camera/>
                        </Show>
                        <MediaButton source=MediaSource::Screen/>
                        <Show when=move || state.get() == CallState::Connected>
                            <button class="round-lg record" data-testid="record-button"
                                class:recording=recording aria-pressed=move || recording().to_string()
                                aria-label=move || if recording() { "Stop recording" } else { "Record this call (they are told)" }
                                title=move || if recording() { "Stop recording" } else { "Record this call (they are told)" }
                                on:click=move |_| ctl.with_value(|c| { let _ = c.set_recording(!recording()); })>
                                <span class="rec-dot" aria-hidden="true"></span>
                            </button>
                        </Show>
                        <button class="pill hangup" data-testid="hangup-button" title="Hang up (h)" node_ref=hang_up_ref
                            on:click=move |_| ctl.with_value(|c| { let _ = c.hang_up(); })>
                            {icons::hang_up()} {hang_up_label}
                        </button>
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

/// A confirmation-based toggle: it shows the confirmed state, plus a marker while a change is
/// pending; a click asks the core, never the track.
#[component]
fn MediaButton(source: MediaSource) -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    let state = Memo::new(move |_| {
        ui.call.with(|c| {
            c.as_ref().map(|c| (c.media_ready, match source {
                MediaSource::Camera => c.camera,
                MediaSource::Screen => c.screen,
                MediaSource::Mic => c.mic,
            }))
        })
    });
    let view_of = move || {
        state.get().map(|(_, s)| s).unwrap_or(SourceView { enabled: source != MediaSource::Screen, pending: None, error: None })
    };
    let ready = move || state.get().is_some_and(|(ready, _)| ready);
    // A toggle keeps one name and says its state with aria-pressed ("Mute, pressed" = muted);
    // the tooltip says what a click does now.
    let (testid, key, name, on_hint, off_hint) = match source {
        MediaSource::Camera => ("camera-button", "v", "Camera off", "Turn camera off", "Turn camera on"),
        MediaSource::Screen => ("screen-button", "s", "Share screen", "Stop sharing", "Share screen"),
        MediaSource::Mic => ("mute-button", "m", "Mute", "Mute", "Unmute"),
    };
    let label = move || if view_of().enabled { on_hint } else { off_hint };
    let pressed = move || match source {
        MediaSource::Screen => view_of().enabled,
        _ => !view_of().enabled,
    };
    view! {
        <button class="round-lg" data-testid=testid
            class:off=move || source != MediaSource::Screen && !view_of().enabled
            class:pending=move || view_of().pending.is_some()
            data-enabled=move || view_of().enabled.to_string()
            data-pending=move || view_of().pending.is_some().to_string()
            aria-pressed=move || pressed().to_string()
            aria-label=name title=move || format!("{} ({key})", label())
            disabled=move || !ready()
            class:sharing=move || source == MediaSource::Screen && view_of().enabled
            on:click=move |_| ctl.with_value(|c| c.toggle_media(source))>
            {move || match (source, view_of().enabled) {
                (MediaSource::Screen, _) => icons::screen().into_any(),
                (MediaSource::Camera, true) => icons::video().into_any(),
                (MediaSource::Camera, false) => icons::video_off().into_any(),
                (_, true) => icons::mic().into_any(),
                (_, false) => icons::mic_off().into_any(),
            }}
        </button>
    }
}

/// A second caller during this call: end this one and take theirs, or turn them away.
#[component]
fn WaitingCall() -> impl IntoView {
    let ui = use_ui();
    let ctl = use_controller();
    let waiting = Memo::new(move |_| ui.call.with(|c| c.as_ref().and_then(|c| c.waiting.clone())));
    move || {
        waiting.get().map(|w| {
            let name = ctl.with_value(|c| c.peer_name(&w.peer));
            let kind = if w.media.has_video() { "video" } else { "audio" };
            view! {
                <div class="waiting" role="alert" data-testid="waiting-call" data-media=kind>
                    <span class="waiting-text"><b>{name}</b>{format!(" is calling ({kind})")}</span>
                    <button class="pill decline small" data-testid="decline-waiting-button"
                        on:click=move |_| ctl.with_value(|c| { let _ = c.reject_waiting(); })>"Decline"</button>
                    <button class="pill accept small" data-testid="switch-call-button"
                        on:click=move |_| ctl.with_value(|c| { let _ = c.switch_to_waiting(); })>"End & accept"</button>
                </div>
            }
        })
    }
}

/// A small live level bar (RMS mapped to a perceptual 0..1 scale), with the speaking state.
#[component]
pub(super) fn LevelBar(testid: &'static str, level: Signal<f32>, speaking: Signal<bool>) -> impl IntoView {
    // RMS of speech sits around 0.01..0.3; a square root spreads that over the bar.
    let shown = move || (level.get().max(0.0).sqrt() * 1.6).min(1.0);
    view! {
        <span class="level" data-testid=testid aria-hidden="true"
            data-level=move || format!("{:.4}", level.get())
            data-speaking=move || speaking.get().to_string()
            class:speaking=move || speaking.get()>
            <span class="level-fill" style=move || format!("transform: scaleX({:.3})", shown())></span>
        </span>
    }
}

/// The ended screen's headline: what happened, in words, with the other person's name where it
/// helps ("Bob hung up." rather than "REMOTE_HUNG_UP"); the stable code stays below it.
fn end_headline(reason: EndReason, peer: &str) -> String {
    let peer = if peer.is_empty() { "They" } else { peer };
    match reason {
        EndReason::RemoteHungUp => format!("{peer} hung up."),
        EndReason::HungUp => "You ended the call.".to_owned(),
        EndReason::Rejected => format!("{peer} declined the call."),
        EndReason::NoAnswer => format!("{peer} didn't answer."),
        EndReason::PeerBusy => format!("{peer} is on another call."),
        EndReason::PeerUnavailable => format!("{peer} is no longer online."),
        other => other.sentence().to_owned(),
    }
}
