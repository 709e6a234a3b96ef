//! What the screen shows of the live audio stream: its status and counts.

/// What the status indicator shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StreamStatus {
    /// Off for this call.
    #[default]
    Idle,
    /// First connection to the sink.
    Connecting,
    Active,
    /// Lost the sink; waiting to retry or retrying.
    Reconnecting,
    /// Gave up after the attempts; a retry button starts again.
    Failed,
}

impl StreamStatus {
    /// Stable name for `data-status` attributes and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            StreamStatus::Idle => "idle",
            StreamStatus::Connecting => "connecting",
            StreamStatus::Active => "active",
            StreamStatus::Reconnecting => "reconnecting",
            StreamStatus::Failed => "failed",
        }
    }

    /// Text for people (and screen readers) next to the coloured dot.
    pub fn label(self) -> &'static str {
        match self {
            StreamStatus::Idle => "Live stream off",
            StreamStatus::Connecting => "Live stream connecting",
            StreamStatus::Active => "Live stream on",
            StreamStatus::Reconnecting => "Live stream reconnecting",
            StreamStatus::Failed => "Live stream failed",
        }
    }
}

/// What the screen shows of the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StreamView {
    pub status: StreamStatus,
    /// Frames lost: pushed out of the full 2 s buffer, or waiting there when the stream gave up.
    pub dropped: u64,
    /// Frames waiting for the sink.
    pub buffered: usize,
    /// Reconnect attempts since the last successful connection.
    pub attempts: u32,
    /// Frames handed to the sink.
    pub sent: u64,
}
