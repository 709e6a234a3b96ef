// AudioWorklet level meter (specs/audio.md): the RMS and peak of each input, aggregated over ~50 ms
// and posted to the main thread together. A call meters both sides with one node (input 0 the
// microphone, input 1 the peer), so the page gets one message per window, not one per side.
// process() allocates nothing; only the ~20 posts a second do. The page posts 'stop' when the
// meter is done: process() then returns false, so the browser stops running it (a processor
// that returns true runs on even once disconnected, one more for every call).
class LevelMeter extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const inputs = (options && options.numberOfInputs) || 1;
    this.sumSquares = new Float64Array(inputs);
    this.peaks = new Float64Array(inputs);
    this.frames = 0;
    this.window = Math.round(sampleRate * 0.05);
    this.stopped = false;
    this.port.onmessage = (event) => {
      if (event.data === 'stop') this.stopped = true;
    };
  }

  process(inputs) {
    if (this.stopped) return false;
    for (let n = 0; n < this.sumSquares.length; n++) {
      const input = inputs[n];
      // An input with nothing connected has no channels: it reads as silence.
      if (!input || input.length === 0) continue;
      // The first channel stands for the input (a microphone is mono; a peer's audio too).
      const channel = input[0];
      let sum = 0;
      let peak = this.peaks[n];
      for (let i = 0; i < channel.length; i++) {
        const s = channel[i];
        sum += s * s;
        const a = s < 0 ? -s : s;
        if (a > peak) peak = a;
      }
      this.sumSquares[n] += sum;
      this.peaks[n] = peak;
    }
    this.frames += 128;
    if (this.frames >= this.window) {
      const rms = Array.from(this.sumSquares, (sum) => Math.sqrt(sum / this.frames));
      this.port.postMessage({ rms, peak: Array.from(this.peaks) });
      this.sumSquares.fill(0);
      this.peaks.fill(0);
      this.frames = 0;
    }
    return true;
  }
}

registerProcessor('level-meter', LevelMeter);
