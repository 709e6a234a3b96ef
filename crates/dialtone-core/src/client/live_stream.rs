//! When the call's live audio stream starts and ends (specs/audio.md): it starts when a call
//! connects, if a sink is configured, and ends with that call only (not with an ICE restart
//! meanwhile). What the stream itself does (frames, the sink's socket, retries) is
//! `audio_stream::AudioStream`'s; the page runs one per stream it was told to start.
//!
//! A link may ask for a sink (`?audioStream=`), but never sets one: anyone can send a link, and
//! the stream carries both people's voices. The page shows the ask, naming the sink's host, and
//! the sink becomes the setting only when the person allows it. The widget never asks: its
//! address is written by the embedding site, not by its visitor.

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

/// A link's ask for a sink, as the page read it from its address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamLink {
    /// `?audioStream=`, as given.
    pub url: String,
    /// `?audioStreamChannels=`, as given ("1": mono; anything else, or none: stereo).
    pub channels: Option<String>,
}

/// A sink a link asks for, as the page shows it until the person allows or dismisses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamOffer {
    pub sink: StreamSink,
    /// The sink's host and port, as the ask names it (never credentials from the URL).
    pub host: String,
}

/// The live stream's part of the client: the sink, the stream running, a link's ask.
#[derive(Debug, Default)]
pub(super) struct LiveStreams {
    sink: Option<StreamSink>,
    /// The call whose live stream runs.
    running: Option<CallId>,
    /// A link's ask, until the person answers it.
    offer: Option<StreamOffer>,
}

impl LiveStreams {
    /// The saved sink, and a link's ask when there is one to make: a valid sink that is not the
    /// saved one, on the full page (`embedded`: the widget, which never asks).
    pub(super) fn new(sink: Option<StreamSink>, link: Option<&StreamLink>, embedded: bool) -> LiveStreams {
        let offer = link.filter(|_| !embedded).and_then(|link| {
            let url = valid_sink_url(&link.url)?;
            let channels = if link.channels.as_deref() == Some("1") { 1 } else { 2 };
            Some(StreamSink { url, channels })
        });
        let offer = offer.filter(|asked| sink.as_ref() != Some(asked)).map(|sink| StreamOffer {
            host: crate::audio_stream::sink_host(&sink.url),
            sink,
        });
        LiveStreams { sink, running: None, offer }
    }
}

impl Client {
    /// Shows a link's ask, if there is one (at start).
    pub(super) fn show_stream_offer(&mut self) {
        if let Some(offer) = self.streams.offer.clone() {
            self.actions.push_back(Action::ShowStreamOffer(Some(offer)));
        }
    }

    /// The person allows a link's sink (it becomes the setting, from the next call) or
    /// dismisses the ask (nothing changes). Either way the ask goes.
    pub(super) fn answer_stream_offer(&mut self, allow: bool) -> Result<(), Ignored> {
        let offer = self.streams.offer.take().ok_or(Ignored { reason: "no stream offer to answer" })?;
        self.actions.push_back(Action::ShowStreamOffer(None));
        if allow {
            self.configure_stream(&offer.sink.url, offer.sink.channels)?;
        }
        Ok(())
    }

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
        self.streams.sink = sink;
        Ok(())
    }

    /// Starts or ends the stream as the call goes; run after everything the call machine does.
    pub(super) fn follow_call_with_stream(&mut self) {
        let live = self.phone.view().filter(|c| c.ended.is_none());
        let live_id = live.as_ref().map(|c| c.call_id.clone());
        if self.streams.running.is_some() && self.streams.running != live_id {
            self.streams.running = None;
            self.actions.push_back(Action::EndLiveStream);
        }
        // Connected, and its own media in: a callee answers before its microphone opens, and a
        // stream started then would record it as silence for the whole call.
        let Some(call) = live.filter(|c| c.state == CallState::Connected && c.media_ready) else { return };
        if self.streams.running.is_some() {
            return;
        }
        let Some(sink) = self.streams.sink.clone() else { return };
        self.streams.running = Some(call.call_id.clone());
        self.actions.push_back(Action::StartLiveStream {
            url: sink_url_for_call(&sink.url, &stream_id(&call.call_id, call.direction)),
            channels: sink.channels,
        });
    }
}
