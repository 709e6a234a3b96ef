//! The call's picture: their video (or their avatar when there is none), a shared screen, and
//! your own preview, arranged by the chosen layout.

use leptos::html::Video;
use leptos::prelude::*;

use super::CallFacts;
use super::preview::OwnPreview;
use super::view::use_stage_view;
use crate::ui::app::use_ui;
use crate::i18n::t;
use crate::ui::avatar::Avatar;

#[component]
pub(super) fn CallMedia(facts: CallFacts, remote_ref: NodeRef<Video>, local_ref: NodeRef<Video>, screen_ref: NodeRef<Video>) -> impl IntoView {
    let ui = use_ui();
    let stage = use_stage_view();
    let live_video = move || facts.is_video.get() && facts.live();
    let peer = Signal::derive(move || facts.peer_name.get());
    // The levels change ~40 times a second in a call; the avatar's ring only when speaking does.
    let speaking = Memo::new(move |_| ui.levels.get().remote_speaking && facts.live());
    // The layout applies to a live video call; an audio call or the ended screen has one picture.
    let layout = move || if live_video() { stage.layout.get().as_str() } else { "single" };
    // Whether their video element has a picture to show. Until the first frame (while it rings,
    // while it connects) the tile shows who is called instead of a black box; a new stream
    // (`emptied`) starts without one again.
    let picture = RwSignal::new(false);
    let read_picture = move || picture.set(remote_ref.get_untracked().is_some_and(|video| video.video_width() > 0));
    // Who it is stands in their tile while their camera is off, or before its first picture.
    let camera_on = move || facts.remote.get().camera;
    let stand_in = move || live_video() && (!camera_on() || !picture.get());
    view! {
        <div class="media" data-testid="call-media" data-layout=layout>
            <div class="tile remote-tile" class:hidden=move || !live_video()>
                <video class="remote-video" data-testid="remote-video" node_ref=remote_ref
                    autoplay=true playsinline=true class:hidden=move || !live_video()
                    on:loadeddata=move |_| read_picture() on:resize=move |_| read_picture() on:emptied=move |_| picture.set(false)></video>
                // Side by side, each tile says whose it is (the header already says it to screen readers).
                <span class="tile-name" aria-hidden="true">{move || facts.peer_name.get()}</span>
                <Show when=stand_in>
                    <div class="camera-off" data-testid=move || if camera_on() { "remote-video-waiting" } else { "remote-camera-off" }>
                        <Avatar name=peer size="huge"/>
                        <p>{move || if camera_on() { t::stage_video_call() } else { t::stage_camera_off(&facts.peer_name.get()) }}</p>
                    </div>
                </Show>
            </div>
            <Show when=move || !live_video()>
                <div class="audio-only" class:speaking=move || speaking.get()>
                    <Avatar name=peer size="huge"/>
                    // Once it ended, the head and the summary below say so: not a third time here.
                    <Show when=move || facts.live()>
                        <p>{move || if facts.is_video.get() { t::stage_video_call() } else { t::stage_audio_call() }}</p>
                    </Show>
                </div>
            </Show>
            <Show when=move || facts.remote.get().screen && facts.live()>
                <video class="remote-screen" data-testid="remote-screen" node_ref=screen_ref
                    autoplay=true playsinline=true></video>
            </Show>
            <Show when=move || ui.call.with(|c| c.as_ref().is_some_and(|c| c.screen.enabled && c.ended.is_none()))>
                <div class="sharing-flag" data-testid="local-screen-state" role="status">{t::stage_sharing_screen}</div>
            </Show>
            <Show when=live_video>
                <OwnPreview local_ref=local_ref/>
            </Show>
        </div>
    }
}
