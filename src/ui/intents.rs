//! What a person can ask of the page, and nothing else: the handle components hold instead of
//! the controller. It only forwards each intent; what happens next (and what the page shows)
//! comes back through the signals in `UiState`, so no component reads controller state.
//!
//! The call machine answers an intent that does not fit the call's state with its reason; the
//! controller logs it, and the screen already shows why nothing happened (the buttons follow the
//! state), so those answers are not passed on here.

use std::rc::Rc;

use dialtone_core::devices::{DeviceKind, ProcessingKind};
use dialtone_core::protocol::{MediaKind, MediaSource};
use leptos::prelude::*;

use crate::controller::Controller;

/// `Copy`, so every event handler can take it by value. The controller is not `Send`: it lives
/// in local storage, reachable only on this thread.
#[derive(Clone, Copy)]
pub struct Intents {
    controller: StoredValue<Option<Rc<Controller>>, LocalStorage>,
}

impl Intents {
    pub fn new(controller: Rc<Controller>) -> Intents {
        Intents { controller: StoredValue::new_local(Some(controller)) }
    }

    /// Intents that reach nothing: for views drawn off the page (`ui/rehearsal.rs`).
    pub fn inert() -> Intents {
        Intents { controller: StoredValue::new_local(None) }
    }

    /// Runs one intent on the controller, if the page still has it.
    fn with<T: Default>(self, intent: impl FnOnce(&Controller) -> T) -> T {
        self.controller.try_with_value(|c| c.as_deref().map(intent)).flatten().unwrap_or_default()
    }

    // ---- calls ---------------------------------------------------------------------------

    /// Returns whether the call was placed (the machine may refuse it: offline, already in one).
    pub fn place_call(self, peer: String, media: MediaKind) -> bool {
        self.with(|c| c.place_call(peer, media).is_ok())
    }

    pub fn accept(self) {
        self.with(|c| {
            let _ = c.accept();
        })
    }

    pub fn reject(self) {
        self.with(|c| {
            let _ = c.reject();
        })
    }

    pub fn hang_up(self) {
        self.with(|c| {
            let _ = c.hang_up();
        })
    }

    /// The page is going away: every call ends as the person would end it.
    pub fn leave(self) {
        self.with(|c| {
            let _ = c.leave();
        })
    }

    pub fn switch_to_waiting(self) {
        self.with(|c| {
            let _ = c.switch_to_waiting();
        })
    }

    pub fn reject_waiting(self) {
        self.with(|c| {
            let _ = c.reject_waiting();
        })
    }

    pub fn toggle_media(self, source: MediaSource) {
        self.with(|c| c.toggle_media(source))
    }

    pub fn set_recording(self, on: bool) {
        self.with(|c| {
            let _ = c.set_recording(on);
        })
    }

    /// Lets go of the finished recording, saved or not (`ui/recording_ready.rs`).
    pub fn discard_recording(self) {
        self.with(|c| c.forget_recording_file())
    }

    /// Closes the summary of the call that ended.
    pub fn dismiss_ended(self) {
        self.with(|c| c.dismiss_ended())
    }

    /// Closes the summary and calls the same person again, the same way.
    pub fn call_again(self, peer: String, media: MediaKind) {
        self.with(|c| {
            c.dismiss_ended();
            let _ = c.place_call(peer, media);
        })
    }

    /// The call's remote media element is (again) on the page: it plays on the chosen output.
    pub fn call_element_shown(self, element: web_sys::HtmlMediaElement) {
        self.with(|c| c.call_element_shown(element))
    }

    // ---- the page ------------------------------------------------------------------------

    /// Returns whether the name changed (a blank or unchanged one is ignored).
    pub fn rename(self, raw: &str) -> bool {
        self.with(|c| c.rename(raw))
    }

    /// Returns whether it was sent (then the draft is cleared); a refusal's reason shows in
    /// `UiState::chat_refusal`.
    pub fn send_chat_to(self, to: Option<String>, text: String) -> bool {
        self.with(|c| c.send_chat_to(to, text))
    }

    pub fn dismiss_notice(self) {
        self.with(|c| c.dismiss_notice())
    }

    pub fn dismiss_server_notice(self) {
        self.with(|c| c.dismiss_server_notice())
    }

    pub fn allow_sound(self) {
        self.with(|c| c.allow_sound())
    }

    pub fn clear_history(self) {
        self.with(|c| c.clear_history())
    }

    pub fn undo_clear_history(self) {
        self.with(|c| c.undo_clear_history())
    }

    // ---- devices and checks --------------------------------------------------------------

    pub fn refresh_devices(self) {
        self.with(|c| c.refresh_devices())
    }

    /// The page's selects only offer what is listed: a stale choice just changes nothing.
    pub fn choose_device(self, kind: DeviceKind, id: String) {
        self.with(|c| {
            let _ = c.choose_device(kind, id);
        })
    }

    pub fn toggle_processing(self, kind: ProcessingKind) {
        self.with(|c| c.toggle_processing(kind))
    }

    /// The speaker test: its element on the page (or gone), the button, the answer.
    pub fn speaker_test_element(self, element: Option<web_sys::HtmlMediaElement>) {
        self.with(|c| c.speaker_test_element(element))
    }

    pub fn speaker_test(self, input: dialtone_core::devices::speaker_test::SpeakerTestInput) {
        self.with(|c| c.speaker_test(input))
    }

    /// The mic check in Devices (the microphone only).
    pub fn start_mic_check(self) {
        self.with(|c| c.start_mic_check())
    }

    /// The pre-call check (microphone and camera).
    pub fn start_device_check(self) {
        self.with(|c| c.start_device_check())
    }

    pub fn stop_mic_check(self) {
        self.with(|c| c.stop_mic_check())
    }

    /// The view that showed a check goes away (the pre-call one is the check `with_camera`).
    pub fn release_check(self, with_camera: bool) {
        self.with(|c| c.release_check(with_camera))
    }

    // ---- live audio stream ---------------------------------------------------------------

    pub fn set_live_stream_on(self, on: bool) {
        self.with(|c| c.set_live_stream_on(on))
    }

    pub fn retry_live_stream(self) {
        self.with(|c| c.retry_live_stream())
    }

    /// Returns whether the settings were valid (and so saved).
    pub fn set_stream_settings(self, url: &str, channels: u16) -> bool {
        self.with(|c| c.set_stream_settings(url, channels))
    }

    /// Allows a link's ask for a sink (`true`) or dismisses it.
    pub fn answer_stream_offer(self, allow: bool) {
        self.with(|c| c.answer_stream_offer(allow));
    }
}
