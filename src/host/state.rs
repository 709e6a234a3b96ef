//! What the host page shows (§7), as signals the driver sets and the view reads.

use dialtone_core::host::page::LocalMedia;
use dialtone_core::host::{CallMediaSource, LayoutType};
use leptos::prelude::*;

/// Lines kept in the event log (a debugging aid that never holds keys or tokens).
const LOG_LINES: usize = 100;

#[derive(Clone, Copy)]
pub struct HostUi {
    /// The control bar is shown once `capabilities`, `start` or `offer` arrived.
    pub controls: RwSignal<bool>,
    pub state_text: RwSignal<String>,
    pub description: RwSignal<String>,
    /// A `description` arrived while connected: the spinner goes.
    pub described_connected: RwSignal<bool>,
    /// The peer connection's `connectionState` ("" without a call).
    pub connection: RwSignal<String>,
    /// `permission`: its title and the text for this browser.
    pub permission: RwSignal<Option<(String, String)>>,
    pub local: RwSignal<Option<LocalMedia>>,
    /// Remote sources reported enabled, by mid order.
    pub remote: RwSignal<[bool; 4]>,
    pub layout: RwSignal<LayoutType>,
    /// Remote audio plays (a local choice the host never hears of).
    pub speaker_on: RwSignal<bool>,
    pub remote_fill: RwSignal<bool>,
    pub ended: RwSignal<bool>,
    pub encryption: RwSignal<bool>,
    pub frames: RwSignal<super::encryption::FrameCounters>,
    pub log: RwSignal<Vec<String>>,
    /// The page's media elements, bound by the view.
    pub media: MediaElements,
}

/// Where each stream plays: the view binds these, the performer attaches tracks to them.
#[derive(Clone, Copy)]
pub struct MediaElements {
    pub remote_video: NodeRef<leptos::html::Video>,
    pub remote_screen: NodeRef<leptos::html::Video>,
    pub remote_audio: NodeRef<leptos::html::Audio>,
    pub local_video: NodeRef<leptos::html::Video>,
}

/// One of the page's media elements.
#[derive(Clone, Copy)]
pub enum MediaSlot {
    RemoteVideo,
    RemoteScreen,
    RemoteAudio,
    LocalVideo,
}

impl MediaElements {
    pub fn get(&self, slot: MediaSlot) -> Option<web_sys::HtmlMediaElement> {
        match slot {
            MediaSlot::RemoteVideo => self.remote_video.get_untracked().map(Into::into),
            MediaSlot::RemoteScreen => self.remote_screen.get_untracked().map(Into::into),
            MediaSlot::RemoteAudio => self.remote_audio.get_untracked().map(Into::into),
            MediaSlot::LocalVideo => self.local_video.get_untracked().map(Into::into),
        }
    }
}

impl HostUi {
    pub fn new() -> HostUi {
        HostUi {
            controls: RwSignal::new(false),
            state_text: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            described_connected: RwSignal::new(false),
            connection: RwSignal::new(String::new()),
            permission: RwSignal::new(None),
            local: RwSignal::new(None),
            remote: RwSignal::new([false; 4]),
            layout: RwSignal::new(LayoutType::Default),
            speaker_on: RwSignal::new(true),
            remote_fill: RwSignal::new(false),
            ended: RwSignal::new(false),
            encryption: RwSignal::new(false),
            frames: RwSignal::new(Default::default()),
            log: RwSignal::new(Vec::new()),
            media: MediaElements {
                remote_video: NodeRef::new(),
                remote_screen: NodeRef::new(),
                remote_audio: NodeRef::new(),
                local_video: NodeRef::new(),
            },
        }
    }

    pub fn remote_on(&self, source: CallMediaSource) -> bool {
        self.remote.with(|r| r[index(source)])
    }

    pub fn set_remote(&self, source: CallMediaSource, enabled: bool) {
        self.remote.update(|r| r[index(source)] = enabled);
    }

    pub fn log(&self, line: String) {
        self.log.update(|log| {
            if log.len() >= LOG_LINES {
                log.remove(0);
            }
            log.push(line);
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

/// A log line for a frame: message types only, never field values (`aesKey` is echoed).
pub fn summary(direction: &str, text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let kind = |key: &str| {
        value
            .get(key)
            .and_then(|v| v.get("type"))
            .and_then(|t| t.as_str())
            .map(str::to_owned)
    };
    match (kind("resp"), kind("command")) {
        (Some(resp), Some(command)) => format!("{direction} {resp} ({command})"),
        (Some(resp), None) => format!("{direction} {resp}"),
        (None, Some(command)) => format!("{direction} {command}"),
        (None, None) => format!("{direction} ? ({} bytes)", text.len()),
    }
}
