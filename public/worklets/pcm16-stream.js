// AudioWorklet converter for the live audio stream (specs/audio.md). Input 0 is the local side
// (what the peer hears), input 1 the remote side. Both are brought down to 16 kHz by averaging
// the input samples that fall into one output sample (a box filter: cheap, and enough
// anti-aliasing for speech at 48 or 44.1 kHz), turned into 16-bit integers and interleaved:
// two channels (local, remote) or one (their sum, clipped). Whole 20 ms frames (320 samples a
// channel) are posted three at a time (every 60 ms) as one Int16Array; the Rust side numbers
// them. process() allocates nothing: the batch buffer is reused (postMessage copies it).
// The page posts 'stop' when the stream no longer wants audio: process() then returns false, so
// the browser stops running it (a processor that returns true runs on even once disconnected).
const OUT_RATE = 16000;
const FRAME = 320;
const FRAMES_PER_POST = 3;

function toInt16(x) {
  const s = x > 1 ? 1 : x < -1 ? -1 : x;
  return s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
}

class Pcm16Stream extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const opts = (options && options.processorOptions) || {};
    this.channels = opts.channels === 1 ? 1 : 2;
    // Input samples per output sample: 3 at 48 kHz, 2.75625 at 44.1 kHz.
    this.ratio = sampleRate / OUT_RATE;
    this.position = 0;
    this.sumLocal = 0;
    this.sumRemote = 0;
    this.count = 0;
    this.batch = new Int16Array(FRAME * this.channels * FRAMES_PER_POST);
    this.filled = 0;
    this.stopped = false;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') this.stopped = true;
    };
  }

  process(inputs) {
    if (this.stopped) return false;
    const local = inputs[0] && inputs[0][0];
    const remote = inputs[1] && inputs[1][0];
    const length = local ? local.length : remote ? remote.length : 128;
    for (let i = 0; i < length; i++) {
      this.sumLocal += local ? local[i] : 0;
      this.sumRemote += remote ? remote[i] : 0;
      this.count++;
      this.position++;
      if (this.position >= this.ratio) {
        this.position -= this.ratio;
        this.emit(this.sumLocal / this.count, this.sumRemote / this.count);
        this.sumLocal = 0;
        this.sumRemote = 0;
        this.count = 0;
      }
    }
    return true;
  }

  emit(local, remote) {
    if (this.channels === 2) {
      this.batch[this.filled++] = toInt16(local);
      this.batch[this.filled++] = toInt16(remote);
    } else {
      this.batch[this.filled++] = toInt16(local + remote);
    }
    if (this.filled === this.batch.length) {
      this.port.postMessage(this.batch);
      this.filled = 0;
    }
  }
}

registerProcessor('pcm16-stream', Pcm16Stream);
