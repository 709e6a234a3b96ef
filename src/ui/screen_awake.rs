//! Keeps a phone's screen on during a call with video: the page's [`ScreenLock`] is told what the
//! core's `screen_awake::wanted` says of the call shown, whenever that changes.

use dialtone_core::screen_awake;
use leptos::prelude::*;

use super::app::use_ui;
use crate::media::screen_lock::ScreenLock;

/// Holds the screen on while the page's call wants it and the tab is visible.
#[component]
pub fn KeepScreenOn() -> impl IntoView {
    let ui = use_ui();
    let lock = ScreenLock::new();
    let wanted = Memo::new(move |_| ui.call.with(|call| screen_awake::wanted(call.as_ref())));
    Effect::new(move |_| lock.want(wanted.get()));
}
