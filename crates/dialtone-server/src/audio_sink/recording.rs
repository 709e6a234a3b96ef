//! One call's recording at the sink, as a state machine with no IO: each received message goes
//! in, and what to append to the call's WAV (and when to rewrite its JSON sidecar) comes out, for
//! the writer (`writer.rs`) to do off the runtime. It keeps the sequence numbers received (in
//! arrival order) and enforces the bounds of a recording:
//! - a gap in the numbers is filled with silence only when it is short (≤ 10 s) and the call's
//!   silence stays within what it sent as audio (+ 10 s); a longer jump is a discontinuity,
//!   listed in the summary and not filled, so a client cannot turn a few frames into gigabytes;
//! - the WAV holds at most `max_call_secs` of audio (under 4 GiB whatever the setting);
//! - every byte is charged to the folder's quota before it is handed to the writer.

use std::sync::Arc;

use dialtone_core::audio_stream::frame::{FrameRef, SAMPLE_RATE};
use serde::Serialize;

use super::quota::Quota;

/// The longest gap filled with silence: 10 s.
const MAX_GAP_FILL_FRAMES: u64 = 500;
/// Discontinuities listed in the summary (all are counted).
const MAX_LISTED_DISCONTINUITIES: usize = 1000;
/// The longest call, whatever `--audio-sink-max-call-secs` says: 12 h of stereo is 2.8 GB, so the
/// WAV's 32-bit lengths never wrap.
pub const MAX_CALL_SECS: u64 = 12 * 3600;
/// What one sequence number and one listed discontinuity add to the sidecar, at most.
const SIDECAR_BYTES_PER_SEQ: u64 = 11;
const SIDECAR_BYTES_PER_DISCONTINUITY: u64 = 40;
/// The sidecar's fixed part, and the WAV header.
const SIDECAR_BASE_BYTES: u64 = 512;
const WAV_HEADER_BYTES: u64 = 44;
/// The sidecar is rewritten after this many new frames, or after a tenth of the frames so far
/// when that is more: a 2 h call rewrites it ~100 times, not 7,200.
const SIDECAR_EVERY_FRAMES: usize = 50;

/// What `GET /audio-sink/<callId>/seqs` and the JSON sidecar say.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub call_id: String,
    pub channels: u16,
    pub sample_rate: u32,
    /// Sequence numbers in the order they arrived.
    pub seqs: Vec<u32>,
    /// Messages that were not valid frames (or did not match the call's channel count).
    pub rejected: u64,
    /// Sockets the client opened for this call (1 + reconnects).
    pub connections: u32,
    /// Frames of silence written for gaps in the numbers.
    pub silence_frames: u64,
    /// Gaps not filled (too long, or past the silence budget): the file jumps there.
    pub unfilled_gaps: u64,
    /// The first of those gaps.
    pub discontinuities: Vec<Discontinuity>,
    /// Why the recording stopped taking frames, when it did (`CALL_TOO_LONG`, `SINK_FULL`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<&'static str>,
}

/// A jump in the sequence numbers that the WAV does not fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Discontinuity {
    pub after_seq: u32,
    pub seq: u32,
}

/// What the writer must do for one accepted frame.
#[derive(Debug)]
pub struct Append {
    /// Create the WAV (with this channel count) first: this is the call's first frame.
    pub create: Option<u16>,
    /// Bytes of silence before the frame.
    pub silence_bytes: u64,
    /// The frame's PCM16LE samples, as received.
    pub pcm: Vec<u8>,
    /// Rewrite the sidecar with this, after the samples are in the file.
    pub sidecar: Option<Summary>,
}

/// Why a message was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    Frame(&'static str),
    ChannelsChanged,
    /// The call reached its length bound: the stream ends.
    CallTooLong,
    /// The folder's quota is used up: the stream ends.
    SinkFull,
}

impl Rejected {
    /// Whether the stream must end: no later frame could be recorded either.
    pub fn ends_stream(self) -> bool {
        matches!(self, Rejected::CallTooLong | Rejected::SinkFull)
    }

    pub fn code(self) -> &'static str {
        match self {
            Rejected::Frame(code) => code,
            Rejected::ChannelsChanged => "CHANNELS_CHANGED",
            Rejected::CallTooLong => "CALL_TOO_LONG",
            Rejected::SinkFull => "SINK_FULL",
        }
    }
}

pub struct Recording {
    summary: Summary,
    quota: Arc<Quota>,
    max_call_secs: u64,
    stopped: Option<Rejected>,
    /// The highest sequence number recorded.
    last_seq: Option<u32>,
    audio_frames: u64,
    /// WAV data bytes handed to the writer (audio and silence).
    data_bytes: u64,
    frames_since_sidecar: usize,
    /// Something changed since the sidecar was last handed out.
    sidecar_dirty: bool,
}

impl Recording {
    /// A recording for `call_id` (already a safe file name); its files appear with the first frame.
    pub fn new(call_id: &str, quota: Arc<Quota>, max_call_secs: u64) -> Recording {
        Recording {
            summary: Summary {
                call_id: call_id.to_owned(),
                channels: 0,
                sample_rate: SAMPLE_RATE,
                seqs: Vec::new(),
                rejected: 0,
                connections: 0,
                silence_frames: 0,
                unfilled_gaps: 0,
                discontinuities: Vec::new(),
                stopped: None,
            },
            quota,
            max_call_secs: max_call_secs.clamp(1, MAX_CALL_SECS),
            stopped: None,
            last_seq: None,
            audio_frames: 0,
            data_bytes: 0,
            frames_since_sidecar: 0,
            sidecar_dirty: false,
        }
    }

    pub fn connection_opened(&mut self) {
        self.summary.connections += 1;
        self.sidecar_dirty = true;
    }

    /// Why this recording takes no more frames, if it doesn't.
    pub fn stopped(&self) -> Option<Rejected> {
        self.stopped
    }

    /// Takes one received message: what to write, or why not (counted as rejected).
    pub fn accept(&mut self, bytes: &[u8]) -> Result<Append, Rejected> {
        let result = self.try_accept(bytes);
        match result {
            Err(reason) if reason.ends_stream() => {
                self.stopped = Some(reason);
                self.summary.stopped = Some(reason.code());
                self.summary.rejected += 1;
                self.sidecar_dirty = true;
            }
            Err(_) => {
                self.summary.rejected += 1;
                self.sidecar_dirty = true;
            }
            Ok(_) => {}
        }
        result
    }

    fn try_accept(&mut self, bytes: &[u8]) -> Result<Append, Rejected> {
        if let Some(stopped) = self.stopped() {
            return Err(stopped);
        }
        let frame = FrameRef::parse(bytes).map_err(|e| Rejected::Frame(e.code()))?;
        let first = self.summary.seqs.is_empty();
        if !first && frame.channels != self.summary.channels {
            return Err(Rejected::ChannelsChanged);
        }
        let frame_bytes = frame.pcm.len() as u64;
        let max_data_bytes =
            self.max_call_secs * u64::from(SAMPLE_RATE) * 2 * u64::from(frame.channels);
        if self.data_bytes + frame_bytes > max_data_bytes {
            return Err(Rejected::CallTooLong);
        }
        let missing = match self.last_seq {
            Some(last) if frame.seq > last => u64::from(frame.seq - last - 1),
            _ => 0,
        };
        let silence_frames = self.silence_for(missing, frame_bytes, max_data_bytes);
        let silence_bytes = silence_frames * frame_bytes;
        let filled = missing == silence_frames;
        let listed = !filled && self.summary.discontinuities.len() < MAX_LISTED_DISCONTINUITIES;

        let mut charge = silence_bytes + frame_bytes + SIDECAR_BYTES_PER_SEQ;
        if listed {
            charge += SIDECAR_BYTES_PER_DISCONTINUITY;
        }
        if first {
            self.quota
                .open_call(
                    &self.summary.call_id,
                    WAV_HEADER_BYTES + SIDECAR_BASE_BYTES + charge,
                )
                .map_err(|_| Rejected::SinkFull)?;
            self.summary.channels = frame.channels;
        } else {
            self.quota.charge(charge).map_err(|_| Rejected::SinkFull)?;
        }

        if !filled {
            self.summary.unfilled_gaps += 1;
            if listed {
                let after_seq = self.last_seq.unwrap_or_default();
                self.summary.discontinuities.push(Discontinuity {
                    after_seq,
                    seq: frame.seq,
                });
            }
        }
        self.summary.silence_frames += silence_frames;
        self.summary.seqs.push(frame.seq);
        self.last_seq = Some(self.last_seq.map_or(frame.seq, |last| last.max(frame.seq)));
        self.audio_frames += 1;
        self.data_bytes += silence_bytes + frame_bytes;
        self.frames_since_sidecar += 1;
        self.sidecar_dirty = true;
        let sidecar_due =
            self.frames_since_sidecar >= SIDECAR_EVERY_FRAMES.max(self.summary.seqs.len() / 10);
        Ok(Append {
            create: first.then_some(frame.channels),
            silence_bytes,
            pcm: frame.pcm.to_vec(),
            sidecar: if sidecar_due { self.sidecar() } else { None },
        })
    }

    /// Frames of silence for a gap of `missing` frames: all of them or none.
    fn silence_for(&self, missing: u64, frame_bytes: u64, max_data_bytes: u64) -> u64 {
        let within_budget =
            self.summary.silence_frames + missing <= self.audio_frames + MAX_GAP_FILL_FRAMES;
        let fits = self.data_bytes + (missing + 1) * frame_bytes <= max_data_bytes;
        if missing <= MAX_GAP_FILL_FRAMES && within_budget && fits {
            missing
        } else {
            0
        }
    }

    /// The summary for the sidecar, when it changed since the last one handed out.
    pub fn sidecar(&mut self) -> Option<Summary> {
        if !self.sidecar_dirty || self.summary.seqs.is_empty() {
            return None;
        }
        self.sidecar_dirty = false;
        self.frames_since_sidecar = 0;
        Some(self.summary.clone())
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}

#[cfg(test)]
mod tests {
    use dialtone_core::audio_stream::frame::{SAMPLES_PER_FRAME, encode};

    use super::*;

    fn frame(seq: u32) -> Vec<u8> {
        encode(seq, 1, &[100; SAMPLES_PER_FRAME])
    }

    fn recording(max_call_secs: u64) -> Recording {
        Recording::new("c", Arc::new(Quota::new(u64::MAX, 10)), max_call_secs)
    }

    /// Feeds frames; returns the WAV data bytes they asked for.
    fn feed(recording: &mut Recording, seqs: impl IntoIterator<Item = u32>) -> u64 {
        seqs.into_iter()
            .filter_map(|seq| recording.accept(&frame(seq)).ok())
            .map(|a| a.silence_bytes + a.pcm.len() as u64)
            .sum()
    }

    #[test]
    fn a_short_gap_is_filled_with_silence() {
        let mut recording = recording(60);
        let bytes = feed(&mut recording, (0..10).chain(15..20));
        assert_eq!(bytes, 20 * 640);
        assert_eq!(recording.summary().silence_frames, 5);
        assert_eq!(recording.summary().unfilled_gaps, 0);
    }

    #[test]
    fn a_jump_longer_than_ten_seconds_is_a_discontinuity() {
        let mut recording = recording(60);
        let bytes = feed(&mut recording, [0, 1, 1 << 31, (1 << 31) + 1]);
        assert_eq!(bytes, 4 * 640, "nothing filled");
        let summary = recording.summary();
        assert_eq!(summary.unfilled_gaps, 1);
        assert_eq!(
            summary.discontinuities,
            vec![Discontinuity {
                after_seq: 1,
                seq: 1 << 31
            }]
        );
    }

    #[test]
    fn silence_never_exceeds_the_audio_received_plus_one_gap() {
        let mut recording = recording(MAX_CALL_SECS);
        let bytes = feed(&mut recording, (0..150).map(|i| i * 500));
        let silence = recording.summary().silence_frames;
        assert!(
            silence <= 150 + MAX_GAP_FILL_FRAMES,
            "{silence} frames of silence"
        );
        assert!(bytes <= (150 + 150 + 500) * 640);
    }

    #[test]
    fn the_call_stops_at_its_length_bound() {
        let mut recording = recording(1);
        assert_eq!(feed(&mut recording, 0..50), 50 * 640);
        assert_eq!(
            recording.accept(&frame(50)).err(),
            Some(Rejected::CallTooLong)
        );
        assert_eq!(recording.stopped(), Some(Rejected::CallTooLong));
        assert_eq!(recording.summary().stopped, Some("CALL_TOO_LONG"));
    }

    #[test]
    fn a_gap_that_would_pass_the_length_bound_is_not_filled() {
        let mut recording = recording(1);
        feed(&mut recording, 0..40);
        let append = recording.accept(&frame(55)).expect("recorded");
        assert_eq!(append.silence_bytes, 0);
        assert_eq!(recording.summary().unfilled_gaps, 1);
    }

    #[test]
    fn the_folder_quota_stops_the_call() {
        let quota = Arc::new(Quota::new(10_000, 10));
        let mut recording = Recording::new("c", quota, 60);
        let accepted = feed(&mut recording, 0..20);
        assert!(accepted <= 10_000);
        assert_eq!(recording.stopped(), Some(Rejected::SinkFull));
    }

    #[test]
    fn the_sidecar_is_handed_out_every_fifty_frames_at_first_then_every_tenth() {
        let mut recording = recording(MAX_CALL_SECS);
        let mut rewrites = Vec::new();
        for seq in 0..2000 {
            if recording.accept(&frame(seq)).expect("ok").sidecar.is_some() {
                rewrites.push(seq + 1);
            }
        }
        assert_eq!(&rewrites[..3], &[50, 100, 150]);
        assert!(
            rewrites
                .windows(2)
                .all(|w| w[1] - w[0] >= 50 && w[1] - w[0] >= w[1] / 10)
        );
        assert!(recording.sidecar().is_some(), "the rest, on request");
        assert!(recording.sidecar().is_none(), "nothing new");
    }
}
