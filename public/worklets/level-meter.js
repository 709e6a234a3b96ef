// AudioWorklet level meter (specs/audio.md): RMS and peak of the input, aggregated over ~50 ms and
// posted to the main thread. process() allocates nothing; only the ~20 posts a second do.
class LevelMeter extends AudioWorkletProcessor {
  constructor() {
    super();
    this.sumSquares = 0;
    this.peak = 0;
    this.frames = 0;
    this.window = Math.round(sampleRate * 0.05);
  }

  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0) {
      // Mix down: the loudest channel counts.
      const channel = input[0];
      for (let i = 0; i < channel.length; i++) {
        const s = channel[i];
        this.sumSquares += s * s;
        const a = s < 0 ? -s : s;
        if (a > this.peak) this.peak = a;
      }
      this.frames += channel.length;
    } else {
      this.frames += 128;
    }
    if (this.frames >= this.window) {
      this.port.postMessage({ rms: Math.sqrt(this.sumSquares / this.frames), peak: this.peak });
      this.sumSquares = 0;
      this.peak = 0;
      this.frames = 0;
    }
    return true;
  }
}

registerProcessor('level-meter', LevelMeter);
