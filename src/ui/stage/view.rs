//! How this page shows the call stage, beyond the call itself: the chosen layout for video calls
//! (remembered on this device), where your own preview sits, and the People & chat drawer that
//! replaces the side panel while a call is on.

use dialtone_core::stage::{Corner, StageLayout};
use leptos::html::{Button, Section, Video};
use dialtone_core::errors::ClientError;
use leptos::prelude::*;

use crate::ui::app::use_ui;

#[derive(Clone, Copy)]
pub struct StageView {
    pub layout: RwSignal<StageLayout>,
    pub corner: RwSignal<Corner>,
    pub drawer_open: RwSignal<bool>,
    /// Whether this page has a side panel to show as a drawer (the embed widget has none).
    pub has_drawer: bool,
    /// While a call is live (not its summary), the side panel is a drawer, closed unless asked for.
    pub drawer_mode: Memo<bool>,
    /// Why the last full-screen or picture-in-picture request did not happen, until the next one.
    pub problem: RwSignal<Option<StageProblem>>,
    /// Chat lines counted as seen: all of them while the drawer is open or not in use.
    chat_seen: RwSignal<u64>,
    /// The stage's elements that other parts act on (the shortcuts, full screen, the floating
    /// window, focus); each is bound where the stage shows it.
    pub elements: StageElements,
}

#[derive(Clone, Copy, Default)]
pub struct StageElements {
    /// The call's stage (its main area goes full screen).
    pub panel: NodeRef<Section>,
    /// Their video (what picture-in-picture floats).
    pub remote_video: NodeRef<Video>,
    pub drawer_button: NodeRef<Button>,
    pub fullscreen_button: NodeRef<Button>,
    pub pip_button: NodeRef<Button>,
    pub layout_button: NodeRef<Button>,
}

impl StageView {
    /// Made once per page, before anything that shows the stage.
    pub fn provide(has_drawer: bool) -> StageView {
        let ui = use_ui();
        let drawer_mode = Memo::new(move |_| has_drawer && ui.call.with(|c| c.as_ref().is_some_and(|c| c.ended.is_none())));
        let view = StageView {
            layout: RwSignal::new(crate::settings::stage_layout()),
            corner: RwSignal::new(Corner::default()),
            drawer_open: RwSignal::new(false),
            has_drawer,
            drawer_mode,
            problem: RwSignal::new(None),
            chat_seen: RwSignal::new(ui.chat_total.get_untracked()),
            elements: StageElements::default(),
        };
        // A call that ends closes its drawer: the side panel is back in the page.
        Effect::new(move |_| {
            if !drawer_mode.get() {
                view.drawer_open.set(false);
            }
        });
        Effect::new(move |_| {
            let total = ui.chat_total.get();
            if !drawer_mode.get() || view.drawer_open.get() {
                view.chat_seen.set(total);
            }
        });
        provide_context(view);
        view
    }

    /// Chat lines that arrived while the drawer was closed.
    pub fn unread(self) -> u64 {
        use_ui().chat_total.get().saturating_sub(self.chat_seen.get())
    }

    pub fn choose_layout(self, layout: StageLayout) {
        self.layout.set(layout);
        crate::settings::remember_stage_layout(layout);
    }
}

pub fn use_stage_view() -> StageView {
    expect_context::<StageView>()
}

/// A view request the browser turned down (`FULLSCREEN_REFUSED`, `PIP_REFUSED`: the catalogue's
/// codes and sentences), with the browser's reason (a DOMException name, `data-reason`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageProblem {
    pub error: ClientError,
    pub reason: String,
}

impl StageProblem {
    pub fn fullscreen_refused(reason: String) -> StageProblem {
        StageProblem { error: ClientError::FullscreenRefused, reason }
    }

    pub fn pip_refused(reason: String) -> StageProblem {
        StageProblem { error: ClientError::PipRefused, reason }
    }
}
