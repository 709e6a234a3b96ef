//! When the call's live audio stream starts and ends (specs/audio.md): it starts when a call
//! connects, if a sink is configured, and ends with that call only (not with an ICE restart
//! meanwhile). What the stream itself does (frames, the sink's socket, retries) is
//! `audio_stream::AudioStream`'s; the page runs one per stream it was told to start.

use super::*;
use crate::audio_stream::{sink_url_for_call, stream_id, valid_sink_url};
use crate::call::CallState;

/// The sink the live stream goes to, from the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamSink {
    /// A `ws://` or `wss://` URL; the call's stream id is added to it per call.
    pub url: String,
    /// 1 (mono mix) or 2 (local left, remote right).
    pub channels: u16,
}

impl Client {
    /// Settings: a new sink (a blank URL turns the stream off), from the next call on. A URL that
    /// is not one is refused and nothing changes.
    pub(super) fn configure_stream(&mut self, url: &str, channels: u16) -> Result<(), Ignored> {
        let channels = channels.clamp(1, 2);
        let sink = match url.trim() {
            "" => None,
            given => Some(StreamSink {
                url: valid_sink_url(given).ok_or(Ignored { reason: "not a ws:// or wss:// URL" })?,
                channels,
            }),
        };
        self.actions.push_back(Action::SaveStreamSettings {
            url: sink.as_ref().map(|s| s.url.clone()),
            channels,
        });
        self.stream_sink = sink;
        Ok(())
    }

    /// Starts or ends the stream as the call goes; run after everything the call machine does.
    pub(super) fn follow_call_with_stream(&mut self) {
        let live = self.phone.view().filter(|c| c.ended.is_none());
        let live_id = live.as_ref().map(|c| c.call_id.clone());
        if self.streaming.is_some() && self.streaming != live_id {
            self.streaming = None;
            self.actions.push_back(Action::EndLiveStream);
        }
        // Connected, and its own media in: a callee answers before its microphone opens, and a
        // stream started then would record it as silence for the whole call.
        let Some(call) = live.filter(|c| c.state == CallState::Connected && c.media_ready) else { return };
        if self.streaming.is_some() {
            return;
        }
        let Some(sink) = self.stream_sink.clone() else { return };
        self.streaming = Some(call.call_id.clone());
        self.actions.push_back(Action::StartLiveStream {
            url: sink_url_for_call(&sink.url, &stream_id(&call.call_id, call.direction)),
            channels: sink.channels,
        });
    }
}
