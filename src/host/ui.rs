//! The desktop host page (§7): remote video full window, local preview top right, the host's
//! state and description as plain text, a spinner until described while connected, the
//! permission screen, the control bar (screen, mic, end, speaker, camera) and the end screen.
//!
//! Built once with plain DOM calls ([`super::dom`]); [`HostView::draw`] then brings every part in
//! line with [`Shown`], changing only what differs. Clicks become the machine's inputs; only the
//! speaker and the video fill are the page's own choices (the host is not told, §7).

use dialtone_core::host::CallMediaSource;
use dialtone_core::host::LayoutType;
use dialtone_core::host::page::Input;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlMediaElement};

use std::rc::Rc;

use super::driver::{Shared, feed};
use crate::dom::{Slot, append, element, icon, on_click, set_attribute, set_class, set_flag, set_text, show_only};
use super::state::{HostUi, MediaSlot, Shown};
use crate::i18n::t;
use crate::ui::icons;

const SPEAKER: &str = "M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z";
const SPEAKER_OFF: &str = "M16.5 12A4.5 4.5 0 0 0 14 8v2.2l2.45 2.45c.03-.2.05-.42.05-.65zM19 12c0 .94-.2 1.82-.54 2.64l1.51 1.51A8.8 8.8 0 0 0 21 12a9 9 0 0 0-7-8.8v2.1A7 7 0 0 1 19 12zM4.27 3 3 4.27 7.73 9H3v6h4l5 5v-6.73l4.25 4.25c-.67.52-1.42.93-2.25 1.18v2.1a9 9 0 0 0 3.69-1.81L19.73 21 21 19.73l-9-9zM12 4 9.91 6.09 12 8.18z";

/// A button whose icon shows its source on or off.
struct Toggle {
    button: Element,
    on: Element,
    off: Element,
}

impl Toggle {
    fn new(document: &Document, testid: &str, title: &str, on: &str, off: &str) -> Option<Toggle> {
        let button = element(document, "button", &[("class", "host-round mutable"), ("data-testid", testid), ("title", title)])?;
        Some(Toggle { button, on: icon(document, on)?, off: icon(document, off)? })
    }

    fn draw(&self, on: bool) {
        set_attribute(&self.button, "data-on", if on { "true" } else { "false" });
        show_only(&self.button, if on { &self.on } else { &self.off });
    }
}

pub struct HostView {
    root: Element,
    remote_video: Element,
    remote_screen: Element,
    remote_audio: Element,
    local_video: Element,
    audio_only: Slot,
    info: Slot,
    state_text: Element,
    description: Element,
    spinner: Slot,
    permission: Slot,
    permission_title: Element,
    permission_text: Element,
    controls: Slot,
    screen: Slot,
    mute: Slot,
    mute_toggle: Toggle,
    speaker: Slot,
    speaker_toggle: Toggle,
    camera: Slot,
    camera_toggle: Toggle,
    ended: Slot,
    log: Element,
    /// How many of the lines ever logged the list has shown.
    log_drawn: std::cell::Cell<u64>,
}

impl HostView {
    /// Builds the page into the document's body; its controls feed `shell` or change `ui`.
    pub fn build(ui: &HostUi, shell: &Shared) -> Option<HostView> {
        let document = web_sys::window()?.document()?;
        let body = document.body()?;
        let d = &document;
        let root = element(d, "div", &[("class", "host-page"), ("data-testid", "host-page")])?;
        let video = |id: &str, class: &str| {
            element(d, "video", &[("id", id), ("class", class), ("data-testid", id), ("autoplay", ""), ("playsinline", ""), ("muted", "")])
        };
        let remote_video = video("host-remote-video", "host-remote")?;
        let remote_screen = video("host-remote-screen", "host-remote screen")?;
        let remote_audio = element(d, "audio", &[("id", "host-remote-audio"), ("data-testid", "host-remote-audio"), ("autoplay", "")])?;
        let local_video = video("host-local-video", "host-local")?;
        // The attribute only sets the default; the property is what keeps a video element silent.
        for silent in [&remote_video, &remote_screen, &local_video] {
            if let Some(media) = silent.dyn_ref::<HtmlMediaElement>() {
                media.set_muted(true);
            }
        }
        append(&root, &[&remote_video, &remote_screen, &remote_audio, &local_video]);

        let audio_only = element(d, "div", &[("class", "host-phone"), ("data-testid", "host-audio-only")])?;
        append(&audio_only, &[&icon(d, icons::PHONE)?]);
        let audio_only = Slot::new(d, &root, audio_only);

        let info = element(d, "div", &[("class", "host-info"), ("data-testid", "host-info")])?;
        let state_text = element(d, "div", &[("class", "host-state"), ("data-testid", "host-description-state")])?;
        let description = element(d, "div", &[("class", "host-description"), ("data-testid", "host-description-text")])?;
        append(&info, &[&state_text, &description]);
        let spinner = element(
            d,
            "div",
            &[("class", "host-spinner"), ("data-testid", "host-spinner"), ("role", "progressbar"), ("aria-label", &t::host_connecting())],
        )?;
        let spinner = Slot::new(d, &info, spinner);
        let info = Slot::new(d, &root, info);

        let permission = element(d, "div", &[("class", "host-permission"), ("data-testid", "host-permission"), ("role", "alert")])?;
        let permission_title = element(d, "h1", &[("data-testid", "host-permission-title")])?;
        let permission_text = element(d, "p", &[("data-testid", "host-permission-text")])?;
        append(&permission, &[&permission_title, &permission_text]);
        let permission = Slot::new(d, &root, permission);

        let controls = element(d, "div", &[("class", "host-controls"), ("data-testid", "host-controls")])?;
        let screen = element(d, "button", &[("class", "host-round"), ("data-testid", "host-screen-button"), ("title", &t::stage_share_screen())])?;
        append(&screen, &[&icon(d, icons::SCREEN)?]);
        let screen = Slot::new(d, &controls, screen);
        let mute_toggle = Toggle::new(d, "host-mute-button", &t::host_microphone(), icons::MIC, icons::MIC_OFF)?;
        let mute = Slot::new(d, &controls, mute_toggle.button.clone());
        let hang_up = element(d, "button", &[("class", "host-round end"), ("data-testid", "host-hangup-button"), ("title", &t::host_end_call())])?;
        append(&hang_up, &[&icon(d, icons::HANG_UP)?]);
        append(&controls, &[&hang_up]);
        let speaker_toggle = Toggle::new(d, "host-speaker-button", &t::device_speaker(), SPEAKER, SPEAKER_OFF)?;
        let speaker = Slot::new(d, &controls, speaker_toggle.button.clone());
        let camera_toggle = Toggle::new(d, "host-camera-button", &t::device_camera(), icons::VIDEO, icons::VIDEO_OFF)?;
        let camera = Slot::new(d, &controls, camera_toggle.button.clone());
        let controls = Slot::new(d, &root, controls);

        let ended = element(d, "div", &[("class", "host-ended"), ("data-testid", "host-ended"), ("role", "status")])?;
        let ended_title = element(d, "h1", &[])?;
        set_text(&ended_title, &t::stage_call_ended());
        let ended_text = element(d, "p", &[])?;
        set_text(&ended_text, &t::host_close_tab());
        append(&ended, &[&ended_title, &ended_text]);
        let ended = Slot::new(d, &root, ended);

        let details = element(d, "details", &[("class", "host-log")])?;
        let summary = element(d, "summary", &[])?;
        set_text(&summary, &t::host_events());
        let log = element(d, "ol", &[("data-testid", "host-event-log")])?;
        append(&details, &[&summary, &log]);
        append(&root, &[&details]);

        wire(ui, shell, &remote_video, &remote_screen, &hang_up, &screen.element, &mute_toggle, &speaker_toggle, &camera_toggle);
        let _ = body.append_child(&root);
        Some(HostView {
            root,
            remote_video,
            remote_screen,
            remote_audio,
            local_video,
            audio_only,
            info,
            state_text,
            description,
            spinner,
            permission,
            permission_title,
            permission_text,
            controls,
            screen,
            mute,
            mute_toggle,
            speaker,
            speaker_toggle,
            camera,
            camera_toggle,
            ended,
            log,
            log_drawn: Default::default(),
        })
    }

    pub fn media(&self, slot: MediaSlot) -> HtmlMediaElement {
        let element = match slot {
            MediaSlot::RemoteVideo => &self.remote_video,
            MediaSlot::RemoteScreen => &self.remote_screen,
            MediaSlot::RemoteAudio => &self.remote_audio,
            MediaSlot::LocalVideo => &self.local_video,
        };
        element.clone().unchecked_into()
    }

    /// Brings the page in line with `shown`.
    pub fn draw(&self, shown: &Shown) {
        let flag = |on: bool| if on { "true" } else { "false" };
        let root = &self.root;
        let layout = match shown.layout {
            LayoutType::Default => "default",
            LayoutType::LocalVideo => "local-video",
            LayoutType::RemoteVideo => "remote-video",
        };
        set_attribute(root, "data-layout", layout);
        set_attribute(root, "data-connection", &shown.connection);
        set_attribute(root, "data-ended", flag(shown.ended));
        set_attribute(root, "data-encryption", flag(shown.encryption));
        set_attribute(root, "data-frames-encrypted", &shown.frames.encrypted.to_string());
        set_attribute(root, "data-frames-decrypted", &shown.frames.decrypted.to_string());
        set_attribute(root, "data-frames-dropped", &shown.frames.dropped.to_string());
        set_attribute(root, "data-fill", flag(shown.remote_fill));

        let remote_screen = shown.remote_on(CallMediaSource::ScreenVideo);
        let local_video = shown.local_on(|l| l.camera || l.screen_video);
        set_class(&self.remote_video, "shown", shown.remote_on(CallMediaSource::Camera));
        set_class(&self.remote_video, "small", remote_screen);
        set_class(&self.remote_screen, "shown", remote_screen);
        set_class(&self.local_video, "shown", local_video);
        if let Some(audio) = self.remote_audio.dyn_ref::<HtmlMediaElement>()
            && audio.muted() != shown.speaker_off
        {
            audio.set_muted(shown.speaker_off);
        }

        let live = !shown.ended;
        let asking = shown.permission.is_some();
        let any_video = local_video || shown.remote_on(CallMediaSource::Camera) || remote_screen;
        self.audio_only.set_present(live && shown.connected() && !any_video);
        self.info.set_present(live && !asking);
        set_text(&self.state_text, &shown.state_text);
        set_text(&self.description, &shown.description);
        self.spinner.set_present(shown.controls && !shown.described_connected);
        self.permission.set_present(live && asking);
        let (title, text) = shown.permission.clone().unwrap_or_default();
        set_text(&self.permission_title, &title);
        set_text(&self.permission_text, &text);

        self.controls.set_present(live && shown.controls);
        for slot in [&self.screen, &self.mute, &self.speaker, &self.camera] {
            slot.set_present(!asking);
        }
        set_attribute(&self.screen.element, "data-on", flag(shown.local_on(|l| l.screen_video)));
        set_flag(&self.screen.element, "disabled", !shown.connected());
        self.mute_toggle.draw(shown.local_on(|l| l.mic));
        self.speaker_toggle.draw(!shown.speaker_off && shown.remote_on(CallMediaSource::Mic));
        self.camera_toggle.draw(shown.local_on(|l| l.camera));
        self.ended.set_present(shown.ended);
        self.draw_log(shown);
    }

    /// Appends the lines logged since the last draw and keeps the newest ones only.
    fn draw_log(&self, shown: &Shown) {
        let on_page = self.log.child_element_count() as usize;
        let new = usize::try_from(shown.logged.saturating_sub(self.log_drawn.get())).unwrap_or(usize::MAX).min(shown.log.len());
        if new == 0 {
            return;
        }
        let Some(document) = self.log.owner_document() else { return };
        for line in shown.log.iter().skip(shown.log.len() - new) {
            let Some(item) = element(&document, "li", &[]) else { return };
            set_text(&item, line);
            append(&self.log, &[&item]);
        }
        for _ in shown.log.len()..(on_page + new) {
            if let Some(oldest) = self.log.first_element_child() {
                oldest.remove();
            }
        }
        self.log_drawn.set(shown.logged);
    }
}

/// The page's controls: the host's buttons become inputs; the speaker and the fill stay here.
#[allow(clippy::too_many_arguments)]
fn wire(
    ui: &HostUi,
    shell: &Shared,
    remote_video: &Element,
    remote_screen: &Element,
    hang_up: &Element,
    screen: &Element,
    mute: &Toggle,
    speaker: &Toggle,
    camera: &Toggle,
) {
    let toggle = |source: CallMediaSource, on: fn(&dialtone_core::host::page::LocalMedia) -> bool| {
        move |shown: &Shown| Input::MediaButton { source, enable: !shown.local_on(on) }
    };
    for video in [remote_video, remote_screen] {
        let ui = ui.clone();
        on_click(video, move || ui.change(|shown| shown.remote_fill = !shown.remote_fill));
    }
    on_click(hang_up, feeds(ui, shell, |_| Input::EndPressed));
    on_click(screen, feeds(ui, shell, toggle(CallMediaSource::ScreenVideo, |l| l.screen_video)));
    on_click(&mute.button, feeds(ui, shell, toggle(CallMediaSource::Mic, |l| l.mic)));
    on_click(&camera.button, feeds(ui, shell, toggle(CallMediaSource::Camera, |l| l.camera)));
    let speaker_ui = ui.clone();
    on_click(&speaker.button, move || speaker_ui.change(|shown| shown.speaker_off = !shown.speaker_off));
}

/// A click that hands the machine the input `input` makes of what the page shows.
fn feeds(ui: &HostUi, shell: &Shared, input: impl Fn(&Shown) -> Input + 'static) -> impl FnMut() + 'static {
    let (ui, shell) = (ui.clone(), Rc::downgrade(shell));
    move || {
        if let Some(shell) = shell.upgrade() {
            let input = ui.read(&input);
            feed(&shell, input);
        }
    }
}
