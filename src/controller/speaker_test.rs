//! The speaker test's chime, as the call page's machine decides it (`devices::speaker_test`):
//! the test's view hands over its media element, the person's button and answer go in, and the
//! chime is played and stopped here, each outcome reported back. When to give up on a chime
//! that will not start or end is the machine's.

use dialtone_core::client::DeviceInput;
use dialtone_core::devices::speaker_test::{SpeakerTestInput, SpeakerTestView};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlMediaElement;

use super::Controller;
use crate::media::speaker_test::play_chime;

impl Controller {
    /// The test's `<audio>` element is on the page (`None`: it went away).
    pub fn speaker_test_element(&self, element: Option<HtmlMediaElement>) {
        self.inner.borrow_mut().speaker_element = element;
    }

    /// The person's button or answer.
    pub fn speaker_test(&self, input: SpeakerTestInput) {
        let _ = self.feed_speaker_test(input);
    }

    fn feed_speaker_test(&self, input: SpeakerTestInput) -> Result<(), &'static str> {
        self.feed(dialtone_core::client::Input::Devices(DeviceInput::SpeakerTest(input))).map_err(|ignored| ignored.reason)
    }

    pub(super) fn play_chime(&self, seq: u64, output: String) {
        self.stop_chime();
        let Some(element) = self.inner.borrow().speaker_element.clone() else {
            let _ = self.feed_speaker_test(SpeakerTestInput::Failed { seq, reason: "NoElement".into() });
            return;
        };
        self.inner.borrow_mut().chime_wanted = Some(seq);
        let this = self.weak();
        spawn_local(async move {
            // A chime the machine gave up on (too slow to start) or replaced must not take the
            // element from the next one.
            let wanted = {
                let this = this.clone();
                move || this.upgrade().is_some_and(|c| c.inner.borrow().chime_wanted == Some(seq))
            };
            let played = play_chime(&element, &output, || !wanted()).await;
            let Some(this) = this.upgrade() else { return };
            match played {
                Ok((mut chime, output)) => {
                    let weak = this.weak();
                    chime.when_over(move || {
                        if let Some(this) = weak.upgrade() {
                            let _ = this.feed_speaker_test(SpeakerTestInput::Over { seq });
                        }
                    });
                    // Kept only while the machine wants it; otherwise dropped here, which stops
                    // only its own sound.
                    let taken = this.feed_speaker_test(SpeakerTestInput::Started { seq, output }).is_ok();
                    if taken && wanted() {
                        this.inner.borrow_mut().chime = Some(chime);
                    }
                }
                Err(error) => {
                    let reason = crate::js::get_string(&error, "name").unwrap_or_else(|| "Error".into());
                    let _ = this.feed_speaker_test(SpeakerTestInput::Failed { seq, reason });
                }
            }
        });
    }

    pub(super) fn stop_chime(&self) {
        let chime = {
            let mut inner = self.inner.borrow_mut();
            inner.chime_wanted = None;
            inner.chime.take()
        };
        // Not dropped here: this may run inside the chime's own end callback, which it owns.
        if chime.is_some() {
            spawn_local(async move { drop(chime) });
        }
    }

    pub(super) fn show_speaker_test(&self, view: SpeakerTestView) {
        self.ui.speaker_test.set(view);
    }
}
