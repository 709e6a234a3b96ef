//! One call's files, written off the runtime: the call's sockets hand what to write to a bounded
//! queue, and a task applies it in batches on the blocking pool (so a slow or stalled disk never
//! stalls signaling; it only slows this call's sockets, through the queue). After each batch the
//! WAV's lengths are patched (at least every second of audio) and the latest sidecar is written,
//! so both files are valid as they stand. The task ends when the call is forgotten.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{mpsc, oneshot};

use super::recording::{Append, Summary};
use super::wav::WavFile;

/// Operations queued per call: ~5 s of frames.
const QUEUE: usize = 256;
/// Operations applied in one trip to the blocking pool.
const BATCH: usize = 64;
/// The WAV's lengths are patched at least this often (frames).
const HEADER_EVERY_FRAMES: usize = 50;

pub enum Op {
    Append(Append),
    /// Make the files final as they stand, then answer.
    Flush {
        sidecar: Option<Summary>,
        done: oneshot::Sender<()>,
    },
}

pub struct Writer {
    ops: mpsc::Sender<Op>,
    failed: Arc<AtomicBool>,
}

impl Writer {
    /// Starts the writer of `<dir>/<callId>.wav` and `.json` (`call_id` is a safe file name).
    pub fn spawn(dir: &Path, call_id: &str) -> Writer {
        let (ops, queue) = mpsc::channel(QUEUE);
        let failed = Arc::new(AtomicBool::new(false));
        let files = Files {
            dir: dir.to_owned(),
            wav_path: dir.join(format!("{call_id}.wav")),
            json_path: dir.join(format!("{call_id}.json")),
            wav: None,
            failed: failed.clone(),
            frames_since_header: 0,
        };
        tokio::spawn(run(files, queue));
        Writer { ops, failed }
    }

    /// A place in the queue (waits while the disk is behind). Taken before the recording's
    /// lock, and filled under it, so the files see frames in the recording's order.
    pub async fn reserve(&self) -> Option<mpsc::Permit<'_, Op>> {
        self.ops.reserve().await.ok()
    }

    /// Whether the WAV could not be created or written: the stream cannot go on.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::SeqCst)
    }
}

async fn run(mut files: Files, mut queue: mpsc::Receiver<Op>) {
    let mut batch = Vec::with_capacity(BATCH);
    while queue.recv_many(&mut batch, BATCH).await > 0 {
        let ops = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
        files = match tokio::task::spawn_blocking(move || files.apply(ops)).await {
            Ok(files) => files,
            Err(_) => return,
        };
    }
    let _ = tokio::task::spawn_blocking(move || files.finish()).await;
}

struct Files {
    dir: PathBuf,
    wav_path: PathBuf,
    json_path: PathBuf,
    wav: Option<WavFile>,
    failed: Arc<AtomicBool>,
    frames_since_header: usize,
}

impl Files {
    fn apply(mut self, ops: Vec<Op>) -> Files {
        let mut sidecar = None;
        let mut answers = Vec::new();
        for op in ops {
            match op {
                Op::Append(append) => {
                    self.append(&append);
                    sidecar = append.sidecar.or(sidecar);
                }
                Op::Flush {
                    sidecar: latest,
                    done,
                } => {
                    sidecar = latest.or(sidecar);
                    answers.push(done);
                }
            }
        }
        if self.frames_since_header >= HEADER_EVERY_FRAMES || !answers.is_empty() {
            self.flush_wav();
        }
        if let Some(summary) = sidecar.filter(|_| self.wav.is_some()) {
            self.write_sidecar(&summary);
        }
        for done in answers {
            let _ = done.send(());
        }
        self
    }

    fn append(&mut self, append: &Append) {
        if self.failed.load(Ordering::SeqCst) {
            return;
        }
        if let Some(channels) = append.create {
            let created = std::fs::create_dir_all(&self.dir)
                .and_then(|()| WavFile::create_new(&self.wav_path, channels));
            match created {
                Ok(wav) => self.wav = Some(wav),
                Err(error) => return self.fail(&error),
            }
        }
        let Some(wav) = self.wav.as_mut() else { return };
        let written = wav
            .append_silence(append.silence_bytes)
            .and_then(|()| wav.append(&append.pcm));
        if let Err(error) = written {
            return self.fail(&error);
        }
        self.frames_since_header += 1;
    }

    fn fail(&mut self, error: &std::io::Error) {
        tracing::warn!(%error, file = %self.wav_path.display(), "audio sink: cannot write the recording");
        self.failed.store(true, Ordering::SeqCst);
    }

    fn flush_wav(&mut self) {
        self.frames_since_header = 0;
        if let Some(wav) = self.wav.as_mut()
            && let Err(error) = wav.flush()
        {
            tracing::warn!(%error, file = %self.wav_path.display(), "audio sink: cannot flush the WAV file");
        }
    }

    fn write_sidecar(&self, summary: &Summary) {
        let written = serde_json::to_vec(summary)
            .map_err(std::io::Error::other)
            .and_then(|json| std::fs::write(&self.json_path, json));
        if let Err(error) = written {
            tracing::warn!(%error, file = %self.json_path.display(), "audio sink: cannot write the sequence numbers");
        }
    }

    fn finish(mut self) {
        self.flush_wav();
    }
}
