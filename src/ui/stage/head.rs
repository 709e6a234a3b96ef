//! The top of the stage: who, the call's state, the flags (recording, their mute, the control
//! link), the talk time, and the tools that change how the call is shown.

use dialtone_core::call::format_duration;
use leptos::prelude::*;

use super::CallFacts;
use super::level::LevelBar;
use crate::controller::UiState;
use crate::ui::app::use_ui;
use crate::ui::icons;

/// The call's talk time as shown ("1:05"): running while it is connected; none before it
/// connected, and none once it ended (the summary below says how long it lasted, once). Read in
/// a reactive scope, it follows the page's clock.
pub(super) fn talk_time(ui: UiState) -> Option<String> {
    let now = ui.now.get();
    ui.call.with(|c| {
        c.as_ref().and_then(|c| match (&c.ended, c.connected_at) {
            (None, Some(at)) => Some(format_duration(now.saturating_sub(at))),
            _ => None,
        })
    })
}

#[component]
pub(super) fn CallHead(facts: CallFacts) -> impl IntoView {
    let ui = use_ui();
    let label = move || ui.call.with(|c| c.as_ref().map(|c| if c.reconnecting && c.ended.is_none() { crate::i18n::t::call_state_reconnecting() } else { crate::i18n::translate(c.state.label(c.direction, c.media)) }).unwrap_or_default());
    let timer = move || talk_time(ui);
    let remote = move || facts.remote.get();
    let recording = move || facts.recording.get();
    view! {
        <div class="call-head">
            <div class="call-who">
                <div class="call-peer" data-testid="call-peer">{move || facts.peer_name.get()}
                    <Show when=move || facts.live()>
                        <LevelBar testid="remote-level" label=Signal::derive(move || crate::i18n::t::level_theirs(&facts.peer_name.get())) level=Signal::derive(move || ui.levels.get().remote)
                            speaking=Signal::derive(move || ui.levels.get().remote_speaking)/>
                    </Show>
                </div>
                <div class="call-state" data-testid="call-state" data-state=move || facts.state.get().as_str()
                    role="status" aria-live="polite">
                    <span class="state-dot" aria-hidden="true"></span>{label}
                </div>
            </div>
            <div class="call-side">
                <Show when=move || facts.live() && (remote().recording || recording())>
                    <span class="recording-flag" data-testid="recording-indicator" role="status"
                        data-local=move || recording().to_string() data-remote=move || remote().recording.to_string()>
                        <span class="rec-dot" aria-hidden="true"></span>
                        {move || match (recording(), remote().recording) {
                            (true, true) => crate::i18n::t::stage_recording_both(),
                            (true, false) => crate::i18n::t::stage_recording(),
                            _ => crate::i18n::t::stage_they_record(&facts.peer_name.get()),
                        }}
                    </span>
                </Show>
                <span class="remote-flag" data-testid="remote-mic-state"
                    data-muted=move || (!remote().mic).to_string()
                    data-lost=move || remote().mic_lost.to_string()
                    class:shown=move || !remote().mic && facts.live()>
                    {icons::mic_off()} {move || if remote().mic_lost {
                        crate::i18n::t::stage_their_mic_lost(&facts.peer_name.get())
                    } else {
                        crate::i18n::t::stage_they_muted(&facts.peer_name.get())
                    }}
                </span>
                <crate::ui::control_link::ControlLink/>
                <crate::ui::stage_quality::QualityIndicator/>
                <div class="call-timer" data-testid="call-timer">{timer}</div>
            </div>
            // Beside the flags on a wide screen; on a phone, up beside the name (see stage.css).
            <Show when=move || facts.live()>
                <super::view_tools::ViewTools is_video=facts.is_video/>
            </Show>
        </div>
    }
}
