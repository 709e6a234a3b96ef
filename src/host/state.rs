//! What the host page shows (§7): the driver and the browser's callbacks change it through
//! [`HostUi::change`], and every change is drawn at once ([`super::ui::HostView`]).

use std::cell::{OnceCell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use dialtone_core::host::page::LocalMedia;
use dialtone_core::host::{CallMediaSource, LayoutType};

use super::ui::HostView;

/// Lines kept in the event log (a debugging aid that never holds keys or tokens).
const LOG_LINES: usize = 100;

#[derive(Clone, Default)]
pub struct Shown {
    /// The control bar is shown once `capabilities`, `start` or `offer` arrived.
    pub controls: bool,
    pub state_text: String,
    pub description: String,
    /// A `description` arrived while connected: the spinner goes.
    pub described_connected: bool,
    /// The peer connection's `connectionState` ("" without a call).
    pub connection: String,
    /// `permission`: its title and the text for this browser.
    pub permission: Option<(String, String)>,
    pub local: Option<LocalMedia>,
    /// Remote sources reported enabled, by mid order.
    pub remote: [bool; 4],
    pub layout: LayoutType,
    /// Remote audio is muted here (a local choice the host never hears of).
    pub speaker_off: bool,
    pub remote_fill: bool,
    pub ended: bool,
    pub encryption: bool,
    pub frames: super::encryption::FrameCounters,
    /// The newest lines, and how many were ever logged (the view appends only the new ones).
    pub log: VecDeque<String>,
    pub logged: u64,
}

impl Shown {
    pub fn remote_on(&self, source: CallMediaSource) -> bool {
        self.remote[index(source)]
    }

    pub fn local_on(&self, on: fn(&LocalMedia) -> bool) -> bool {
        self.local.as_ref().is_some_and(on)
    }

    pub fn connected(&self) -> bool {
        self.connection == "connected"
    }
}

/// One of the page's media elements.
#[derive(Clone, Copy)]
pub enum MediaSlot {
    RemoteVideo,
    RemoteScreen,
    RemoteAudio,
    LocalVideo,
}

/// The page's state and its view; cloned into every callback that changes it.
#[derive(Clone, Default)]
pub struct HostUi {
    shown: Rc<RefCell<Shown>>,
    view: Rc<OnceCell<HostView>>,
}

impl HostUi {
    /// Shows the page in the document (once); its controls feed `shell`.
    pub fn mount(&self, shell: &super::driver::Shared) {
        if let Some(view) = HostView::build(self, shell) {
            let _ = self.view.set(view);
            self.draw();
        }
    }

    /// Changes what the page shows, then draws it.
    pub fn change(&self, change: impl FnOnce(&mut Shown)) {
        change(&mut self.shown.borrow_mut());
        self.draw();
    }

    /// Reads what the page shows.
    pub fn read<T>(&self, read: impl FnOnce(&Shown) -> T) -> T {
        read(&self.shown.borrow())
    }

    fn draw(&self) {
        if let Some(view) = self.view.get() {
            view.draw(&self.shown.borrow());
        }
    }

    /// Where a stream plays.
    pub fn media(&self, slot: MediaSlot) -> Option<web_sys::HtmlMediaElement> {
        self.view.get().map(|view| view.media(slot))
    }

    pub fn set_remote(&self, source: CallMediaSource, enabled: bool) {
        self.change(|shown| shown.remote[index(source)] = enabled);
    }

    pub fn log(&self, line: String) {
        self.change(|shown| {
            if shown.log.len() >= LOG_LINES {
                shown.log.pop_front();
            }
            shown.log.push_back(line);
            shown.logged += 1;
        });
    }
}

fn index(source: CallMediaSource) -> usize {
    match source {
        CallMediaSource::Mic => 0,
        CallMediaSource::Camera => 1,
        CallMediaSource::ScreenAudio => 2,
        CallMediaSource::ScreenVideo => 3,
    }
}

/// A log line for a frame: message types only, never field values (`aesKey` is echoed). A frame
/// over the core's limit is not even parsed for it (the core refuses it), and a type is cut to
/// a type's length: the host program writes them, and the log is on the page.
pub fn summary(direction: &str, text: &str) -> String {
    if text.len() > dialtone_core::host::envelope::MAX_HOST_FRAME_BYTES {
        return format!("{direction} ? ({} bytes)", text.len());
    }
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let kind = |key: &str| {
        value
            .get(key)
            .and_then(|v| v.get("type"))
            .and_then(|t| t.as_str())
            .map(|t| t.chars().take(32).collect::<String>())
    };
    match (kind("resp"), kind("command")) {
        (Some(resp), Some(command)) => format!("{direction} {resp} ({command})"),
        (Some(resp), None) => format!("{direction} {resp}"),
        (None, Some(command)) => format!("{direction} {command}"),
        (None, None) => format!("{direction} ? ({} bytes)", text.len()),
    }
}
