//! A PCM16 WAV file written as a stream: the header goes first with zero lengths, samples are
//! appended as received, and `flush` patches the two lengths so the file is valid as it stands.
//! Blocking IO: used only on the writer's blocking thread.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use dialtone_core::audio_stream::frame::SAMPLE_RATE;

/// Data bytes a file may hold: its 32-bit lengths must not wrap (the recording's own bound is
/// far lower; this is the last line).
const MAX_DATA_BYTES: u64 = u32::MAX as u64 - 36;

pub struct WavFile {
    file: BufWriter<File>,
    data_bytes: u64,
}

impl WavFile {
    /// Creates `path`, which must not exist: a recording never replaces a file.
    pub fn create_new(path: &Path, channels: u16) -> io::Result<WavFile> {
        let mut file = BufWriter::new(File::create_new(path)?);
        let block_align = channels * 2;
        file.write_all(b"RIFF")?;
        file.write_all(&36u32.to_le_bytes())?;
        file.write_all(b"WAVEfmt ")?;
        file.write_all(&16u32.to_le_bytes())?;
        file.write_all(&1u16.to_le_bytes())?; // PCM
        file.write_all(&channels.to_le_bytes())?;
        file.write_all(&SAMPLE_RATE.to_le_bytes())?;
        file.write_all(&(SAMPLE_RATE * u32::from(block_align)).to_le_bytes())?;
        file.write_all(&block_align.to_le_bytes())?;
        file.write_all(&16u16.to_le_bytes())?;
        file.write_all(b"data")?;
        file.write_all(&0u32.to_le_bytes())?;
        Ok(WavFile {
            file,
            data_bytes: 0,
        })
    }

    /// Appends PCM16LE samples (whole samples of every channel).
    pub fn append(&mut self, pcm: &[u8]) -> io::Result<()> {
        self.grow(pcm.len() as u64)?;
        self.file.write_all(pcm)
    }

    /// Appends `bytes` of silence.
    pub fn append_silence(&mut self, mut bytes: u64) -> io::Result<()> {
        static ZEROS: [u8; 4096] = [0; 4096];
        self.grow(bytes)?;
        while bytes > 0 {
            let n = bytes.min(ZEROS.len() as u64) as usize;
            self.file.write_all(&ZEROS[..n])?;
            bytes -= n as u64;
        }
        Ok(())
    }

    fn grow(&mut self, bytes: u64) -> io::Result<()> {
        let total = self.data_bytes + bytes;
        if total > MAX_DATA_BYTES {
            return Err(io::Error::other("a WAV file holds at most 4 GiB"));
        }
        self.data_bytes = total;
        Ok(())
    }

    /// Writes the lengths of what was appended, so the file is valid as it stands.
    pub fn flush(&mut self) -> io::Result<()> {
        // `grow` keeps data_bytes + 36 within u32.
        let data = self.data_bytes as u32;
        self.file.seek(SeekFrom::Start(4))?;
        self.file.write_all(&(36 + data).to_le_bytes())?;
        self.file.seek(SeekFrom::Start(40))?;
        self.file.write_all(&data.to_le_bytes())?;
        self.file.seek(SeekFrom::End(0))?;
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flushed_file_is_a_valid_wav_of_what_was_appended() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        let path = dir.path().join("call.wav");
        let mut wav = WavFile::create_new(&path, 2).expect("create");
        wav.append(&[1, 0, 2, 0]).expect("append");
        wav.append_silence(5000 * 4).expect("silence");
        wav.flush().expect("flush");
        wav.append(&[3, 0, 4, 0]).expect("append");
        wav.flush().expect("flush");
        let reader = hound::WavReader::open(&path).expect("valid");
        assert_eq!(
            (reader.spec().channels, reader.spec().sample_rate),
            (2, 16_000)
        );
        assert_eq!(reader.duration(), 5002);
        assert!(
            WavFile::create_new(&path, 2).is_err(),
            "never replaces a file"
        );
        let _ = std::fs::remove_file(&path);
    }
}
