//! The call's controls: microphone, camera, screen, recording, hang up, and the People & chat
//! drawer.

use dialtone_core::call::{CallState, SourceView};
use dialtone_core::protocol::MediaSource;
use leptos::html::Button;
use leptos::prelude::*;

use super::CallFacts;
use super::level::LevelBar;
use crate::ui::app::{use_intents, use_ui};
use crate::i18n::t;
use crate::ui::icons;

#[component]
pub(super) fn CallControls(facts: CallFacts, hang_up_ref: NodeRef<Button>) -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
    let recording = move || facts.recording.get();
    let hang_up_label = move || match facts.state.get() {
        CallState::Connected => t::stage_hang_up(),
        CallState::InvitationReceived => t::decline(),
        _ => t::stage_cancel(),
    };
    view! {
        <div class="controls">
            <Show when=move || ui.levels.get().muted_hint>
                <div class="muted-hint" data-testid="muted-speaking-hint" role="status">
                    {t::stage_muted_hint}
                    // Only where a keyboard is likely (see stage.css): a phone has no m key to press.
                    " " <span class="keyboard-hint">{t::stage_muted_key}</span>
                </div>
            </Show>
            <LevelBar testid="local-level" label=Signal::derive(t::level_yours) level=Signal::derive(move || ui.levels.get().local)
                speaking=Signal::derive(move || ui.levels.get().local_speaking)/>
            <MediaButton source=MediaSource::Mic/>
            <Show when=move || facts.is_video.get()>
                <MediaButton source=MediaSource::Camera/>
            </Show>
            // No button a press could only fail: a browser without screen capture (a phone's).
            {ui.screen_share_supported.then(|| view! { <MediaButton source=MediaSource::Screen/> })}
            // There from the start, unusable until the call connects: appearing then, it would
            // move Hang up from under a finger about to cancel onto Record.
            <button class="round-lg record" data-testid="record-button"
                class:recording=recording aria-pressed=move || recording().to_string()
                // Starting follows the core's rule (connected, its own microphone in); stopping
                // always can.
                disabled=move || !recording() && (facts.state.get() != CallState::Connected
                    || !ui.call.with(|c| c.as_ref().is_some_and(|c| c.may_start_recording())))
                aria-label=move || if recording() { t::stage_stop_recording() } else { t::stage_record() }
                title=move || if recording() { t::stage_stop_recording() } else { t::stage_record() }
                on:click=move |_| intents.set_recording(!recording())>
                <span class="rec-dot" aria-hidden="true"></span>
            </button>
            // On a phone it is a round red button like the others (stage.css), so a video call's
            // controls keep to one row: the name is the aria-label, the words are hidden there.
            <button class="pill hangup" data-testid="hangup-button" title=t::stage_hang_up_title node_ref=hang_up_ref
                aria-label=hang_up_label on:click=move |_| intents.hang_up()>
                {icons::hang_up()} <span class="hangup-label">{hang_up_label}</span>
            </button>
            <super::drawer::DrawerButton/>
        </div>
    }
}

/// A confirmation-based toggle: it shows the confirmed state, plus a marker while a change is
/// pending; a click asks the core, never the track.
#[component]
fn MediaButton(source: MediaSource) -> impl IntoView {
    let ui = use_ui();
    let intents = use_intents();
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
    // Texts are catalogue functions, read when shown (so they follow the language picker).
    type Text = fn() -> String;
    let (testid, key, name, on_hint, off_hint): (_, _, Text, Text, Text) = match source {
        MediaSource::Camera => ("camera-button", "v", t::stage_camera_button, t::stage_camera_turn_off, t::stage_camera_turn_on),
        MediaSource::Screen => ("screen-button", "s", t::stage_share_screen, t::stage_stop_sharing, t::stage_share_screen),
        MediaSource::Mic => ("mute-button", "m", t::stage_mute, t::stage_mute, t::stage_unmute),
    };
    let label = move || if view_of().enabled { on_hint() } else { off_hint() };
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
            aria-label=name title=move || t::stage_with_key(&label(), key)
            disabled=move || !ready()
            class:sharing=move || source == MediaSource::Screen && view_of().enabled
            on:click=move |_| intents.toggle_media(source)>
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
