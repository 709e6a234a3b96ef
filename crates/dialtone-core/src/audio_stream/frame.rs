//! The live audio stream's wire format: one binary WebSocket message per 20 ms frame.
//!
//! ```text
//! offset  size  field
//! 0       4     sequence number, u32 little-endian (0 for the first frame of a call, +1 per frame)
//! 4       2     channel count, u16 LE: 1 (local and remote mixed) or 2 (local, remote)
//! 6       2     samples per channel, u16 LE: 320 (20 ms at 16 kHz)
//! 8       ...   PCM16 little-endian samples, interleaved by channel (L0 R0 L1 R1 ...)
//! ```
//! The sink and the client share this definition, so the format is written down once.

/// Samples per second of the stream.
pub const SAMPLE_RATE: u32 = 16_000;
/// Samples per channel in one 20 ms frame.
pub const SAMPLES_PER_FRAME: usize = 320;
/// Length of the header before the samples.
pub const HEADER_BYTES: usize = 8;
/// The largest valid frame: two channels.
pub const MAX_AUDIO_FRAME_BYTES: usize = HEADER_BYTES + 2 * SAMPLES_PER_FRAME * 2;

/// Why bytes are not an audio frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// Shorter than the header, or the length does not match the header.
    BadLength,
    /// A channel count other than 1 or 2.
    BadChannels,
    /// Not 320 samples per channel.
    BadFrameSize,
}

impl FrameError {
    pub fn code(self) -> &'static str {
        match self {
            FrameError::BadLength => "BAD_FRAME_LENGTH",
            FrameError::BadChannels => "BAD_CHANNELS",
            FrameError::BadFrameSize => "BAD_FRAME_SIZE",
        }
    }
}

/// A decoded frame, borrowing its samples from the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRef<'a> {
    pub seq: u32,
    pub channels: u16,
    /// PCM16LE bytes, interleaved.
    pub pcm: &'a [u8],
}

impl<'a> FrameRef<'a> {
    /// Checks a received message against the layout above.
    pub fn parse(bytes: &'a [u8]) -> Result<FrameRef<'a>, FrameError> {
        let header: &[u8; HEADER_BYTES] = bytes
            .get(..HEADER_BYTES)
            .and_then(|h| h.try_into().ok())
            .ok_or(FrameError::BadLength)?;
        let seq = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        let channels = u16::from_le_bytes([header[4], header[5]]);
        let samples = u16::from_le_bytes([header[6], header[7]]) as usize;
        if !(1..=2).contains(&channels) {
            return Err(FrameError::BadChannels);
        }
        if samples != SAMPLES_PER_FRAME {
            return Err(FrameError::BadFrameSize);
        }
        let pcm = &bytes[HEADER_BYTES..];
        if pcm.len() != samples * channels as usize * 2 {
            return Err(FrameError::BadLength);
        }
        Ok(FrameRef { seq, channels, pcm })
    }

    /// The samples as numbers, interleaved.
    pub fn samples(&self) -> impl Iterator<Item = i16> + '_ {
        self.pcm
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
    }
}

/// Builds one frame's message. `samples` holds `channels * 320` interleaved samples.
pub fn encode(seq: u32, channels: u16, samples: &[i16]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER_BYTES + samples.len() * 2);
    bytes.extend_from_slice(&seq.to_le_bytes());
    bytes.extend_from_slice(&channels.to_le_bytes());
    bytes.extend_from_slice(&(SAMPLES_PER_FRAME as u16).to_le_bytes());
    for sample in samples {
        bytes.extend_from_slice(&sample.to_le_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_round_trips() {
        let samples: Vec<i16> = (0..640).map(|i| (i as i16) * 3 - 900).collect();
        let bytes = encode(7, 2, &samples);
        assert_eq!(bytes.len(), MAX_AUDIO_FRAME_BYTES);
        let frame = FrameRef::parse(&bytes).expect("valid");
        assert_eq!((frame.seq, frame.channels), (7, 2));
        assert_eq!(frame.samples().collect::<Vec<_>>(), samples);
    }

    #[test]
    fn malformed_frames_are_refused_with_a_reason() {
        assert_eq!(FrameRef::parse(&[1, 2, 3]), Err(FrameError::BadLength));
        let mono = encode(1, 1, &[0; 320]);
        assert_eq!(
            FrameRef::parse(&mono[..mono.len() - 2]),
            Err(FrameError::BadLength)
        );
        let mut three = mono.clone();
        three[4] = 3;
        assert_eq!(FrameRef::parse(&three), Err(FrameError::BadChannels));
        let mut short = mono.clone();
        short[6] = 10;
        assert_eq!(FrameRef::parse(&short), Err(FrameError::BadFrameSize));
    }
}
