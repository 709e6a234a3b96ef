//! Intake and order of commands (§1.4, §8.6): refusals, the queue, one command at a time, `end`
//! at once, the display commands, and how replies and page-originated messages are written.

use serde_json::value::RawValue;

use super::{Action, HostPage, Ignored, MAX_DISPLAY_CHARS, MAX_QUEUED_COMMANDS, ignored};
use crate::host::envelope::{self, MessageEnvelope, Received, read_frame};
use crate::host::error::{HostErrorCode, HostError};
use crate::host::response::Response;
use crate::host::wire::{CallMediaSource, Command};

impl HostPage {
    pub(super) fn send(&mut self, message: MessageEnvelope) {
        self.actions.push_back(Action::Send(message.to_json()));
    }

    pub(super) fn send_event(&mut self, resp: Response) {
        self.send(MessageEnvelope::event(resp));
    }

    /// A page-originated `ok` for a media change the page made by itself (§5.1).
    pub(super) fn send_media_ok(&mut self, source: CallMediaSource, enable: bool) {
        let received = page_media_command(source, enable);
        self.send(received.reply(Response::Ok));
    }

    /// Replies to the running command and lets the next one start.
    pub(super) fn finish(&mut self, now: u64, resp: Response) {
        if let Some(running) = self.running.take() {
            self.send(running.received.reply(resp));
        }
        self.pump(now);
    }

    pub(super) fn fail(&mut self, now: u64, error: HostError) {
        if let Some(running) = self.running.take() {
            self.send(running.received.reply_error(&error));
        }
        self.pump(now);
    }

    pub(super) fn on_frame(&mut self, now: u64, text: &str) {
        match read_frame(text) {
            Err(refused) => self.send(refused.reply()),
            Ok(received) if received.command == Command::End => self.run_end(now, received),
            Ok(received) => self.enqueue(now, received),
        }
    }

    pub(super) fn on_binary_frame(&mut self, len: usize) {
        self.send(envelope::refuse_binary_frame(len).reply());
    }

    fn enqueue(&mut self, now: u64, received: Received) {
        if self.queue.len() >= MAX_QUEUED_COMMANDS {
            self.send(received.reply_error(&HostError::of(HostErrorCode::Busy)));
            return;
        }
        self.queue.push_back(received);
        self.pump(now);
    }

    /// Starts queued commands until one has to wait for the browser.
    pub(super) fn pump(&mut self, now: u64) {
        while self.running.is_none() {
            let Some(received) = self.queue.pop_front() else {
                return;
            };
            self.start_command(now, received);
        }
    }

    fn start_command(&mut self, now: u64, received: Received) {
        match received.command.clone() {
            Command::Capabilities { media } => self.start_capabilities(received, media),
            Command::Start { .. } => self.start_start(received),
            Command::Offer { .. } => self.start_offer(received),
            Command::Answer {
                answer,
                ice_candidates,
            } => self.start_answer(received, &answer, &ice_candidates),
            Command::Ice { ice_candidates } => self.run_ice(received, &ice_candidates),
            Command::Media { source, enable } => self.start_media(received, source, enable),
            Command::Camera { camera } => self.start_camera(received, camera),
            Command::Description { .. } | Command::Layout { .. } | Command::Permission { .. } => {
                self.run_display(received)
            }
            Command::End => self.run_end(now, received),
        }
    }

    /// `description`, `layout`, `permission`: shown at once, always `ok`.
    fn run_display(&mut self, received: Received) {
        let action = match &received.command {
            Command::Description { state, description } => Action::ShowDescription {
                state: cut(state),
                description: cut(description),
            },
            Command::Layout { layout } => Action::SetLayout(*layout),
            Command::Permission {
                title,
                chrome,
                safari,
            } => Action::ShowPermission {
                title: cut(title),
                text: self.config.browser.choose(cut(chrome), cut(safari)),
            },
            _ => return,
        };
        self.actions.push_back(action);
        self.send(received.reply(Response::Ok));
    }

    /// `end` (§1.4): the command in progress and queued call commands answer `CALL_ENDED`,
    /// queued display commands still run, the call and preview end, then `ok`.
    fn run_end(&mut self, _now: u64, received: Received) {
        let call_ended = HostError::of(HostErrorCode::CallEnded);
        if let Some(running) = self.running.take() {
            self.send(running.received.reply_error(&call_ended));
        }
        for queued in std::mem::take(&mut self.queue) {
            match queued.command {
                Command::Description { .. }
                | Command::Layout { .. }
                | Command::Permission { .. } => self.run_display(queued),
                _ => self.send(queued.reply_error(&call_ended)),
            }
        }
        self.end_everything();
        self.end_fallback_at = None;
        self.send(received.reply(Response::Ok));
    }

    /// Ends the call and the preview without telling the host.
    pub(super) fn end_everything(&mut self) {
        let had_media = self.call.take().is_some() | self.local.take().is_some();
        self.early_candidates.clear();
        if had_media {
            self.actions.push_back(Action::EndCall);
        }
    }

    /// The connection dropped or encryption broke: tell the host `ended` and end locally.
    pub(super) fn lose_call(&mut self, now: u64) {
        if let Some(running) = self.running.take() {
            self.send(
                running
                    .received
                    .reply_error(&HostError::of(HostErrorCode::CallEnded)),
            );
        }
        self.send_event(Response::Ended);
        self.end_everything();
        self.pump(now);
    }

    pub(super) fn on_socket_closed(&mut self) {
        self.running = None;
        self.queue.clear();
        self.end_everything();
        self.end_fallback_at = None;
        self.closed = true;
        self.actions.push_back(Action::Close);
    }

    /// The end button only asks the host (§7); the page ends alone after 5 s of silence.
    pub(super) fn on_end_pressed(&mut self, now: u64) -> Result<(), Ignored> {
        if self.end_fallback_at.is_some() {
            return ignored("already asked the host to end");
        }
        self.send_event(Response::End);
        self.end_fallback_at = Some(now + super::END_FALLBACK_MS);
        Ok(())
    }

    /// A page button or a track that ended: queued like a host's `media` command.
    pub(super) fn on_page_media(
        &mut self,
        now: u64,
        source: CallMediaSource,
        enable: bool,
    ) -> Result<(), Ignored> {
        if self.queue.len() >= MAX_QUEUED_COMMANDS {
            return ignored("too many commands are waiting");
        }
        self.queue.push_back(page_media_command(source, enable));
        self.pump(now);
        Ok(())
    }
}

/// A `media` command the page gives itself: replied to without `corrId`.
fn page_media_command(source: CallMediaSource, enable: bool) -> Received {
    let command = Command::Media { source, enable };
    let text = serde_json::to_string(&command).unwrap_or_default();
    // The text was just written by serde_json, so it is valid JSON.
    let echo = RawValue::from_string(text).unwrap_or_else(|_| RawValue::NULL.to_owned());
    Received {
        corr_id: None,
        command,
        echo,
    }
}

/// Host text cut for display (§8.5).
fn cut(text: &str) -> String {
    text.chars().take(MAX_DISPLAY_CHARS).collect()
}
