//! The signals the UI reads. Written only by the controller, from the core's decisions.

use std::collections::BTreeMap;

use dialtone_core::call::{CallOption, CallView, call_option};
use dialtone_core::history::HistoryEntry;
use dialtone_core::presence::PeerSummary;
use leptos::prelude::*;

// What the machine shows, in its own words (one type per concept, core and page alike).
pub use dialtone_core::client::{ChatLine, LinkStatus, Me, Notice};

/// The device lists and choices, as the settings show them (the machine's view).
pub use dialtone_core::devices::DevicesView;

/// The media streams on screen; set again (not only when one changes) whenever an element
/// should take its stream anew, e.g. after a track was replaced.
#[derive(Debug, Clone, Default)]
pub struct Streams {
    /// Our camera and microphone in a call.
    pub local: Option<web_sys::MediaStream>,
    /// The peer's camera and microphone.
    pub remote: Option<web_sys::MediaStream>,
    /// The peer's screen share.
    pub screen: Option<web_sys::MediaStream>,
    /// The device check's camera and microphone (the pre-call preview).
    pub check: Option<web_sys::MediaStream>,
}

/// Chat lines kept on the page.
const CHAT_LINES_KEPT: usize = 200;

#[derive(Clone, Copy)]
pub struct UiState {
    pub me: RwSignal<Option<Me>>,
    pub link: RwSignal<LinkStatus>,
    pub peers: RwSignal<Vec<PeerSummary>>,
    pub call: RwSignal<Option<CallView>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Wall clock for the call timer, advanced by the controller's ticker.
    pub now: RwSignal<u64>,
    /// The streams the page's media elements show (not `Send`: they live on this thread).
    pub streams: RwSignal<Streams, LocalStorage>,
    /// Every name the page knows by peer id: the server's, else one told over a call. Outlives
    /// the list (a call's peer keeps their name while the server is away).
    pub names: RwSignal<BTreeMap<String, String>>,
    pub chat: RwSignal<Vec<ChatLine>>,
    pub history: RwSignal<Vec<HistoryEntry>>,
    /// How many calls the last Clear took, while Undo can bring them back (0: none).
    pub history_cleared: RwSignal<usize>,
    pub devices: RwSignal<DevicesView>,
    pub speaker_test: RwSignal<dialtone_core::devices::speaker_test::SpeakerTestView>,
    pub levels: RwSignal<super::Levels>,
    /// The call's network quality (none outside a connected call).
    pub quality: RwSignal<Option<dialtone_core::quality::QualityView>>,
    /// How many chat lines arrived in all (the list itself is bounded).
    pub chat_total: RwSignal<u64>,
    /// The live audio stream of the call in progress, when one is configured.
    pub stream: RwSignal<Option<super::StreamUi>>,
    pub stream_settings: RwSignal<crate::settings::StreamSettings>,
    /// A sink this page's link asks for, until the person allows or dismisses it.
    pub stream_offer: RwSignal<Option<dialtone_core::client::StreamOffer>>,
    /// The mic check in settings.
    pub mic_check: RwSignal<super::MicCheckView>,
    /// The camera in the pre-call check (off unless the check includes the camera).
    pub camera_check: RwSignal<dialtone_core::client::CheckDevice>,
    /// The recording of the call that just ended, to download.
    pub recording_file: RwSignal<Option<super::RecordingFile>>,
    /// The notice about the server (a base server), shown once until dismissed.
    pub server_notice: RwSignal<Option<Notice>>,
    /// What kind of signaling server this is (what the chat may offer).
    pub server_kind: RwSignal<dialtone_core::server::ServerKind>,
    /// Why the last chat message was not sent, if it was refused.
    pub chat_refusal: RwSignal<Option<Notice>>,
    /// This browser has no WebRTC: no calls either way (the page says so, call buttons are off).
    pub webrtc_missing: RwSignal<bool>,
    /// This browser can share a screen (a phone's cannot): found once, it never changes.
    pub screen_share_supported: bool,
    /// The page made its first call ready (the core's `PrepareCalls`): the screen may now draw a
    /// rehearsed call, unseen (`ui/rehearsal.rs`).
    pub calls_prepared: RwSignal<bool>,
    /// A call coming in would ring silently: the browser holds the page's sound until the person
    /// first uses the page (the core's `ShowSilentRinging`).
    pub silent_ringing: RwSignal<bool>,
    /// The theme the page shows (`data-theme` on the root): what the person chose, or the
    /// embedding host set; the theme button reads it, so it always offers the other one.
    pub theme: RwSignal<dialtone_core::embed::Theme>,
}

impl UiState {
    pub fn new() -> UiState {
        UiState {
            me: RwSignal::new(None),
            link: RwSignal::new(LinkStatus::Connecting),
            peers: RwSignal::new(Vec::new()),
            call: RwSignal::new(None),
            notice: RwSignal::new(None),
            now: RwSignal::new(0),
            streams: RwSignal::new_local(Streams::default()),
            names: RwSignal::new(BTreeMap::new()),
            chat: RwSignal::new(Vec::new()),
            history: RwSignal::new(Vec::new()),
            history_cleared: RwSignal::new(0),
            devices: RwSignal::new(DevicesView::default()),
            speaker_test: RwSignal::new(Default::default()),
            levels: RwSignal::new(Default::default()),
            quality: RwSignal::new(None),
            chat_total: RwSignal::new(0),
            stream: RwSignal::new(None),
            stream_settings: RwSignal::new(crate::settings::StreamSettings::load()),
            stream_offer: RwSignal::new(None),
            mic_check: RwSignal::new(Default::default()),
            camera_check: RwSignal::new(Default::default()),
            recording_file: RwSignal::new(None),
            server_notice: RwSignal::new(None),
            server_kind: RwSignal::new(Default::default()),
            chat_refusal: RwSignal::new(None),
            webrtc_missing: RwSignal::new(false),
            screen_share_supported: super::webrtc_support::screen_share_supported(),
            calls_prepared: RwSignal::new(false),
            silent_ringing: RwSignal::new(false),
            theme: RwSignal::new(dialtone_core::embed::Theme::Auto),
        }
    }

    /// Whether a press on a call button for `peer` would call, by the core's rule (tracks the
    /// call, the people here and whether this browser has WebRTC).
    pub fn call_option(&self, peer: &str) -> CallOption {
        let this_browser_calls = !self.webrtc_missing.get();
        self.call.with(|call| {
            self.peers.with(|peers| call_option(call.as_ref(), this_browser_calls, peers.iter().find(|p| p.id == peer)))
        })
    }

    /// What to call a peer on screen (tracks [`UiState::names`]).
    /// The name of the person the current call is with ("" with no call).
    pub fn call_peer_name(&self) -> String {
        self.call.with(|c| c.as_ref().map(|c| c.peer.clone())).map(|peer| self.peer_name(&peer)).unwrap_or_default()
    }

    pub fn peer_name(&self, id: &str) -> String {
        self.names
            .with(|names| names.get(id).cloned())
            .unwrap_or_else(|| crate::i18n::names::person(None, id))
    }

    pub fn push_chat(&self, line: ChatLine) {
        self.chat.update(|lines| {
            lines.push(line);
            if lines.len() > CHAT_LINES_KEPT {
                lines.remove(0);
            }
        });
        self.chat_total.update(|n| *n += 1);
    }
}
