// The AudioWorklet processors' cost: process() time per 128-frame quantum, in headless Chromium,
// against the real-time budget (128 / 48 kHz = 2.67 ms). Prints one JSON line, then a summary.
// Run with bench/worklet_cost.sh.
//
// AudioWorkletGlobalScope has no performance.now(), and one process() call takes microseconds,
// so a shim module (loaded before the processors, sharing their global scope) wraps each
// registered processor: every quantum it runs the real process() REPS times on the same input
// and adds up Date.now() around them. An OfflineAudioContext renders 20 s of a 440 Hz tone (plus a
// second tone on the stream's remote input) as fast as it can, so no real-time deadline distorts
// the figures; the cost per call is the same work the real-time thread does.
'use strict';

const path = require('node:path');
const h = require('../tests/e2e/harness.cjs');

const SECONDS = Number(process.env.SECONDS || 20);
const REPS = Number(process.env.REPS || 20);
const SAMPLE_RATE = 48000;
const QUANTUM = 128;
const BUDGET_MS = (QUANTUM / SAMPLE_RATE) * 1000;

const SHIM = `
const REPS = ${REPS};
const register = globalThis.registerProcessor;
globalThis.registerProcessor = (name, Processor) => {
  class Timed extends Processor {
    constructor(options) { super(options); this.timing = { calls: 0, ms: 0 }; }
    process(inputs, outputs, parameters) {
      const start = Date.now();
      let keep = true;
      for (let i = 0; i < REPS; i++) keep = super.process(inputs, outputs, parameters);
      this.timing.ms += Date.now() - start;
      this.timing.calls += 1;
      if (this.timing.calls % 250 === 0) this.port.postMessage({ timing: { ...this.timing, reps: REPS } });
      return keep;
    }
  }
  register(name, Timed);
};`;

/** Renders the tone through one processor; resolves to { calls, ms, reps }. */
async function measure(page, { module, name, inputs, processorOptions }) {
  return page.evaluate(async ({ shim, module, name, inputs, processorOptions, seconds, rate }) => {
    const context = new OfflineAudioContext(1, seconds * rate, rate);
    await context.audioWorklet.addModule(URL.createObjectURL(new Blob([shim], { type: 'text/javascript' })));
    await context.audioWorklet.addModule(module);
    const node = new AudioWorkletNode(context, name, { numberOfInputs: inputs, processorOptions });
    let last = null;
    node.port.onmessage = (event) => { if (event.data && event.data.timing) last = event.data.timing; };
    for (let input = 0; input < inputs; input++) {
      const tone = new OscillatorNode(context, { frequency: 440 + 110 * input });
      const gain = new GainNode(context, { gain: 0.3 });
      tone.connect(gain).connect(node, 0, input);
      tone.start();
    }
    node.connect(context.destination);
    await context.startRendering();
    await new Promise((r) => setTimeout(r, 200)); // the last port message
    return last;
  }, { shim: SHIM, module, name, inputs, processorOptions, seconds: SECONDS, rate: SAMPLE_RATE });
}

(async () => {
  const files = await h.startStatic(path.join(h.ROOT, 'public'));
  const browser = await h.launchBrowser();
  const results = {};
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${files.url}/worklets/level-meter.js`); // any page of that origin: a secure context
    const cases = {
      level_meter: { module: `${files.url}/worklets/level-meter.js`, name: 'level-meter', inputs: 1 },
      level_meter_call: { module: `${files.url}/worklets/level-meter.js`, name: 'level-meter', inputs: 2 },
      pcm16_stream_stereo: { module: `${files.url}/worklets/pcm16-stream.js`, name: 'pcm16-stream', inputs: 2, processorOptions: { channels: 2 } },
      pcm16_stream_mono: { module: `${files.url}/worklets/pcm16-stream.js`, name: 'pcm16-stream', inputs: 2, processorOptions: { channels: 1 } },
    };
    for (const [key, spec] of Object.entries(cases)) {
      const timing = await measure(page, spec);
      if (!timing || !timing.calls) throw new Error(`${key}: no timing came back`);
      const usPerQuantum = (timing.ms * 1000) / (timing.calls * timing.reps);
      results[key] = {
        us_per_quantum: Number(usPerQuantum.toFixed(2)),
        share_of_budget_percent: Number(((usPerQuantum / 1000 / BUDGET_MS) * 100).toFixed(3)),
        quanta: timing.calls * timing.reps,
      };
    }
  } finally {
    await browser.close();
    await files.stop();
  }
  const result = {
    bench: 'worklet_cost',
    sample_rate: SAMPLE_RATE,
    quantum_frames: QUANTUM,
    budget_ms: Number(BUDGET_MS.toFixed(3)),
    ...results,
  };
  console.log(JSON.stringify(result));
  console.log(`AudioWorklet process() cost per ${QUANTUM}-frame quantum at ${SAMPLE_RATE / 1000} kHz (budget ${result.budget_ms} ms):`);
  for (const [key, r] of Object.entries(results)) {
    console.log(`  ${key.padEnd(20)} ${String(r.us_per_quantum).padStart(7)} µs  = ${r.share_of_budget_percent}% of the budget`);
  }
})().catch((error) => { console.error(error); process.exit(1); });
