//! One call's recording at the sink: a WAV file (PCM16, 16 kHz, the stream's channel count) and
//! the sequence numbers received, in arrival order, kept beside it as JSON. Frames are checked
//! with the core's frame layout; a gap in the numbers is filled with silence (bounded) so the
//! file keeps the call's timing.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use dialtone_core::audio_stream::frame::{FrameRef, SAMPLE_RATE, SAMPLES_PER_FRAME};
use serde::Serialize;

/// Frames one call may send: 3 hours (the seq list stays under 2.2 MB, the WAV under 1 GB).
pub const MAX_FRAMES_PER_CALL: usize = 3 * 3600 * 50;
/// The longest gap filled with silence: 10 s.
const MAX_GAP_FILL_FRAMES: u32 = 500;
/// The WAV header is rewritten this often, so the file is valid while the call goes on.
const FLUSH_EVERY_FRAMES: usize = 50;

type WavWriter = hound::WavWriter<BufWriter<File>>;

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
}

pub struct Recording {
    wav_path: PathBuf,
    json_path: PathBuf,
    wav: Option<WavWriter>,
    summary: Summary,
    last_seq: Option<u32>,
    unflushed: usize,
}

/// Why a message was not recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    Frame(&'static str),
    ChannelsChanged,
    CallTooLong,
    Io(String),
}

impl Recording {
    /// A recording for `call_id` (already a safe file name) in `dir`; files appear with the
    /// first frame.
    pub fn new(dir: &Path, call_id: &str) -> Recording {
        Recording {
            wav_path: dir.join(format!("{call_id}.wav")),
            json_path: dir.join(format!("{call_id}.json")),
            wav: None,
            summary: Summary {
                call_id: call_id.to_owned(),
                channels: 0,
                sample_rate: SAMPLE_RATE,
                seqs: Vec::new(),
                rejected: 0,
                connections: 0,
                silence_frames: 0,
            },
            last_seq: None,
            unflushed: 0,
        }
    }

    pub fn connection_opened(&mut self) {
        self.summary.connections += 1;
    }

    /// Writes one received message, or counts it as rejected.
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Rejected> {
        let result = self.try_write(bytes);
        if result.is_err() {
            self.summary.rejected += 1;
        }
        result
    }

    fn try_write(&mut self, bytes: &[u8]) -> Result<(), Rejected> {
        let frame = FrameRef::parse(bytes).map_err(|e| Rejected::Frame(e.code()))?;
        if self.summary.seqs.len() >= MAX_FRAMES_PER_CALL {
            return Err(Rejected::CallTooLong);
        }
        let channels = frame.channels;
        if self.wav.is_none() {
            self.wav = Some(self.create_wav(channels)?);
            self.summary.channels = channels;
        }
        if channels != self.summary.channels {
            return Err(Rejected::ChannelsChanged);
        }
        let gap = match self.last_seq {
            Some(last) if frame.seq > last => (frame.seq - last - 1).min(MAX_GAP_FILL_FRAMES),
            _ => 0,
        };
        let wav = self.wav.as_mut().ok_or(Rejected::Io("no file".into()))?;
        let io = |e: hound::Error| Rejected::Io(e.to_string());
        for _ in 0..gap as usize * SAMPLES_PER_FRAME * channels as usize {
            wav.write_sample(0i16).map_err(io)?;
        }
        for sample in frame.samples() {
            wav.write_sample(sample).map_err(io)?;
        }
        self.summary.silence_frames += u64::from(gap);
        self.summary.seqs.push(frame.seq);
        self.last_seq = Some(self.last_seq.map_or(frame.seq, |last| last.max(frame.seq)));
        self.unflushed += 1;
        if self.unflushed >= FLUSH_EVERY_FRAMES {
            self.flush();
        }
        Ok(())
    }

    fn create_wav(&self, channels: u16) -> Result<WavWriter, Rejected> {
        if let Some(dir) = self.wav_path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Rejected::Io(e.to_string()))?;
        }
        let spec = hound::WavSpec {
            channels,
            sample_rate: SAMPLE_RATE,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        WavWriter::create(&self.wav_path, spec).map_err(|e| Rejected::Io(e.to_string()))
    }

    /// Makes the WAV valid as it stands (header lengths) and rewrites the JSON sidecar.
    pub fn flush(&mut self) {
        self.unflushed = 0;
        if let Some(wav) = self.wav.as_mut()
            && let Err(error) = wav.flush()
        {
            tracing::warn!(%error, file = %self.wav_path.display(), "audio sink: cannot flush the WAV file");
        }
        if self.wav.is_some() {
            let written = serde_json::to_vec(&self.summary)
                .map_err(std::io::Error::other)
                .and_then(|json| std::fs::write(&self.json_path, json));
            if let Err(error) = written {
                tracing::warn!(%error, file = %self.json_path.display(), "audio sink: cannot write the sequence numbers");
            }
        }
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }
}
