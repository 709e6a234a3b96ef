//! The mic check in settings: the level meter on the chosen microphone before a call, so people
//! can see they are heard. It holds the microphone only while shown, never during a call (a call
//! starting stops it), and says why when the microphone cannot be opened.

use dialtone_core::protocol::{EndReason, MediaKind};
use leptos::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::MediaStream;

use super::Controller;
use crate::media::meter::Meter;
use crate::media::user_media::{get_user_media, stop_all_tracks};

/// What the settings show of the mic check.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MicCheckView {
    #[default]
    Off,
    Starting,
    /// The microphone's RMS level, 0..1.
    Level(f32),
    /// The microphone could not be opened, and why.
    Failed(EndReason),
}

pub(super) struct MicCheck {
    stream: MediaStream,
    _meter: Meter,
}

impl Controller {
    pub fn start_mic_check(&self) {
        let idle = matches!(
            self.ui.mic_check.get_untracked(),
            MicCheckView::Off | MicCheckView::Failed(_)
        );
        if self.inner.borrow().phone.in_call() || !idle {
            return;
        }
        self.ui.mic_check.set(MicCheckView::Starting);
        let (microphone, _) = self.chosen_capture();
        let this = self.weak();
        spawn_local(async move {
            let result = get_user_media(MediaKind::Audio, microphone.as_deref(), None).await;
            let Some(this) = this.upgrade() else { return };
            let stream = match result {
                Ok(stream) => stream,
                Err(reason) => {
                    this.ui.mic_check.set(MicCheckView::Failed(reason));
                    return;
                }
            };
            // Stopped (or a call began) while the browser opened the microphone.
            let wanted = this.ui.mic_check.get_untracked() == MicCheckView::Starting
                && !this.inner.borrow().phone.in_call();
            let context = this.meter_context();
            let (Some(context), true) = (context, wanted) else {
                stop_all_tracks(&stream);
                return;
            };
            this.refresh_devices();
            let weak = this.weak();
            let meter = context
                .meter(&stream, move |rms| {
                    if let Some(this) = weak.upgrade()
                        && matches!(
                            this.ui.mic_check.get_untracked(),
                            MicCheckView::Starting | MicCheckView::Level(_)
                        )
                    {
                        this.ui.mic_check.set(MicCheckView::Level(rms));
                    }
                })
                .await;
            match meter {
                Ok(meter) if this.ui.mic_check.get_untracked() != MicCheckView::Off => {
                    this.inner.borrow_mut().mic_check = Some(MicCheck {
                        stream,
                        _meter: meter,
                    });
                }
                Ok(_) => stop_all_tracks(&stream),
                Err(_) => {
                    stop_all_tracks(&stream);
                    this.ui
                        .mic_check
                        .set(MicCheckView::Failed(EndReason::DeviceNotFound));
                }
            }
        });
    }

    pub fn stop_mic_check(&self) {
        if let Some(check) = self.inner.borrow_mut().mic_check.take() {
            stop_all_tracks(&check.stream);
        }
        if self.ui.mic_check.get_untracked() != MicCheckView::Off {
            self.ui.mic_check.set(MicCheckView::Off);
        }
    }

    /// A call needs the microphone: the check gives it up.
    pub(super) fn stop_mic_check_for_call(&self) {
        let busy = self.inner.borrow().phone.in_call();
        if busy && self.ui.mic_check.get_untracked() != MicCheckView::Off {
            self.stop_mic_check();
        }
    }
}
