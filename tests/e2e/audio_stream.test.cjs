// The live audio stream with the server's audio sink: a call streams its audio (two channels:
// Alice's microphone left, Bob right) to /audio-sink/<callId>; the sink closes the stream twice.
// Short outages lose nothing (every sequence number once, in order); a long one drops the oldest
// frames and the count on screen matches the gap at the sink. The WAV files parse and carry the
// fake microphone's beep. The call itself never notices.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness.cjs');

const SINK_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-sink-'));
// The recordings go when the file's tests are done: CI keeps /tmp between runs.
const env = h.serverAndBrowser({
  serverOptions: { args: ['--audio-sink-dir', SINK_DIR, '--audio-sink-test-controls'] },
  afterAll: () => fs.rmSync(SINK_DIR, { recursive: true, force: true }),
});

test('a link alone never streams a call: it asks, and nothing reaches the sink until allowed', { timeout: 60000 }, async () => {
  // Anyone can send a link: one with ?audioStream= must not wiretap the call it leads to.
  const sink = `ws://127.0.0.1:${env.server.port}/audio-sink`;
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: `&audioStream=${encodeURIComponent(sink)}` });
  const offer = alice.locator('[data-testid="stream-offer"]');
  assert.equal(await offer.getAttribute('data-url'), sink);
  assert.match(await offer.innerText(), new RegExp(`to 127\\.0\\.0\\.1:${env.server.port}\\. Nothing is sent unless you allow it`));
  await h.screenshot(alice, 'stream-offer');
  await alice.setViewportSize({ width: 390, height: 844 });
  await h.screenshot(alice, 'stream-offer-390');
  await alice.emulateMedia({ colorScheme: 'dark' });
  await h.screenshot(alice, 'stream-offer-390-dark');
  await alice.emulateMedia({ colorScheme: 'light' });
  await alice.setViewportSize({ width: 1280, height: 800 });
  const { bob, callId } = await aliceCallsBob(alice);
  // A stream starts as soon as the call's media is in; a second of the call is long past that.
  await alice.waitForSelector('[data-testid="local-level"]:not([data-level="0.000"])', { state: 'attached', timeout: 10000 });
  await alice.waitForTimeout(1000);
  assert.equal(await alice.locator('[data-testid="audio-stream"]').count(), 0, 'no stream on screen');
  const seqs = await fetch(`${env.server.url}/audio-sink/${callId}/seqs`);
  assert.equal(seqs.status, 404, 'the sink never heard of this call');
  await hangUp(alice, bob);
  // Dismissed, it is gone, and the next page load asks again (nothing was saved).
  await alice.click('[data-testid="stream-offer-dismiss"]');
  assert.equal(await offer.count(), 0);
  await h.reload(alice);
  await alice.waitForSelector('[data-testid="stream-offer"]');
  for (const page of [alice, bob]) await page.context().close();
});

/** Alice (streaming to the sink) calls Bob (not streaming); resolves once connected. */
async function streamingCall(extraQuery = '') {
  const sink = `ws://127.0.0.1:${env.server.port}/audio-sink`;
  const alice = await h.openApp(env.browser, env.server, 'Alice', {
    query: `&audioStream=${encodeURIComponent(sink)}${extraQuery}`,
    beforeLoad: h.countWorkletPosts,
  });
  // The link only asks: Alice allows it.
  await alice.click('[data-testid="stream-offer-allow"]');
  return { alice, ...(await aliceCallsBob(alice)) };
}

/** Bob opens the page and takes Alice's audio call; resolves once both are connected. */
async function aliceCallsBob(alice) {
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  await h.waitForPeer(alice, bob);
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  await h.waitForCallState(bob, 'connected');
  // Alice placed the call: her stream is the caller's.
  const callId = `${await alice.getAttribute('[data-testid="call-panel"]', 'data-call-id')}-caller`;
  return { bob, callId };
}

async function stream(page) {
  const el = page.locator('[data-testid="audio-stream"]');
  return {
    status: await el.getAttribute('data-status'),
    sent: Number(await el.getAttribute('data-sent')),
    dropped: Number(await el.getAttribute('data-dropped')),
  };
}

async function waitForStatus(page, status, timeout = 15000) {
  await page.waitForSelector(`[data-testid="audio-stream"][data-status="${status}"]`, { timeout });
}

/** Asks the sink to close this call's stream and refuse it for `refuseMs`. */
async function dropSink(callId, refuseMs) {
  const res = await fetch(`${env.server.url}/audio-sink/${callId}/disconnect?refuseMs=${refuseMs}`, { method: 'POST' });
  assert.equal(res.status, 204);
}

/** The sink's account of the call, once its sockets are closed (the files are final then). */
async function finalSummary(callId) {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${env.server.url}/audio-sink/${callId}/seqs`);
    if (res.ok) {
      const summary = await res.json();
      if (summary.live === 0) return summary;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the sink kept the stream open');
}

/** Parses a PCM WAV file: format and per-channel RMS / peak of the samples. */
function readWav(file) {
  const buf = fs.readFileSync(file);
  assert.equal(buf.toString('ascii', 0, 4), 'RIFF');
  assert.equal(buf.toString('ascii', 8, 12), 'WAVE');
  let offset = 12, format = null, data = null;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = buf.subarray(offset + 8, offset + 8 + size);
    if (id === 'fmt ') {
      format = { audioFormat: body.readUInt16LE(0), channels: body.readUInt16LE(2), sampleRate: body.readUInt32LE(4), bits: body.readUInt16LE(14) };
    } else if (id === 'data') {
      data = body;
    }
    offset += 8 + size + (size % 2);
  }
  assert.ok(format && data, 'fmt and data chunks');
  const frames = data.length / 2 / format.channels;
  const levels = [];
  for (let c = 0; c < format.channels; c++) {
    let squares = 0, peak = 0;
    for (let i = 0; i < frames; i++) {
      const s = data.readInt16LE((i * format.channels + c) * 2);
      squares += s * s;
      peak = Math.max(peak, Math.abs(s));
    }
    levels.push({ rms: Math.sqrt(squares / frames), peak });
  }
  return { ...format, seconds: frames / format.sampleRate, levels };
}

async function hangUp(alice, bob) {
  await alice.click('[data-testid="hangup-button"]');
  await h.waitForCallState(bob, 'ended');
}

test('short sink outages lose nothing: every frame arrives once and in order', { timeout: 90000 }, async () => {
  const { alice, bob, callId } = await streamingCall();
  await waitForStatus(alice, 'active');
  await h.screenshot(alice, 'audio-stream-active');
  await alice.waitForFunction(() => Number(document.querySelector('[data-testid="audio-stream"]').dataset.sent) > 50);

  for (const outage of [1, 2]) {
    await dropSink(callId, 400);
    await waitForStatus(alice, 'reconnecting', 5000);
    if (outage === 1) await h.screenshot(alice, 'audio-stream-reconnecting');
    await waitForStatus(alice, 'active', 10000);
    await alice.waitForTimeout(1500);
  }
  assert.equal(await h.callState(alice), 'connected', 'the call never noticed');
  const shown = await stream(alice);
  assert.equal(shown.dropped, 0, 'nothing dropped on screen');
  assert.equal(await alice.locator('[data-testid="audio-stream-dropped"]').count(), 0);

  await hangUp(alice, bob);
  const summary = await finalSummary(callId);
  console.log(`sink: ${summary.seqs.length} frames over ${summary.connections} connections, ${summary.rejected} rejected`);
  assert.equal(summary.connections, 3, 'two reconnects');
  assert.equal(summary.rejected, 0);
  assert.ok(summary.seqs.length > 150, `several seconds of audio: ${summary.seqs.length}`);
  summary.seqs.forEach((seq, i) => assert.equal(seq, i, `frame ${i} is sequence number ${i} (once, in order)`));

  const wav = readWav(path.join(SINK_DIR, `${callId}.wav`));
  console.log(`wav: ${JSON.stringify(wav)}`);
  assert.deepEqual([wav.audioFormat, wav.channels, wav.sampleRate, wav.bits], [1, 2, 16000, 16]);
  assert.ok(Math.abs(wav.seconds - summary.seqs.length * 0.02) < 0.001, 'one 20 ms frame per sequence number');
  assert.ok(wav.levels[0].peak > 3000 && wav.levels[0].rms > 100, `Alice's beep is in the left channel: ${JSON.stringify(wav.levels[0])}`);
  assert.ok(wav.levels[1].peak > 3000 && wav.levels[1].rms > 100, `Bob's beep is in the right channel: ${JSON.stringify(wav.levels[1])}`);
  for (const page of [alice, bob]) await page.context().close();
});

test('a long sink outage drops the oldest frames and the count on screen matches the gap', { timeout: 90000 }, async () => {
  const { alice, bob, callId } = await streamingCall();
  await waitForStatus(alice, 'active');
  await alice.waitForFunction(() => Number(document.querySelector('[data-testid="audio-stream"]').dataset.sent) > 25);

  await dropSink(callId, 300);
  await waitForStatus(alice, 'active', 10000);
  await alice.waitForTimeout(1000);
  await dropSink(callId, 3500);
  await alice.waitForSelector('[data-testid="audio-stream-dropped"]', { timeout: 10000 });
  await h.screenshot(alice, 'audio-stream-dropped');
  await waitForStatus(alice, 'active', 15000);
  await alice.waitForTimeout(1000);
  const shown = await stream(alice);
  const samples = await h.sampleInboundAudio(bob, 1000);
  assert.ok(samples[samples.length - 1].packets > samples[0].packets, 'Bob still hears Alice');
  assert.equal(await h.callState(alice), 'connected');

  await hangUp(alice, bob);
  const summary = await finalSummary(callId);
  const seqs = summary.seqs;
  seqs.slice(1).forEach((seq, i) => assert.ok(seq > seqs[i], `in order: ${seqs[i]} then ${seq}`));
  const missing = seqs[seqs.length - 1] + 1 - seqs.length;
  console.log(`dropped on screen ${shown.dropped}, missing at the sink ${missing}, connections ${summary.connections}`);
  assert.ok(shown.dropped > 25, `more than 2 s away loses frames: ${shown.dropped}`);
  assert.equal(missing, shown.dropped, 'the count shown is exactly what the sink missed');
  assert.equal(summary.silenceFrames, missing, 'the WAV keeps the timing: the gap is silence');
  const wav = readWav(path.join(SINK_DIR, `${callId}.wav`));
  assert.ok(Math.abs(wav.seconds - (seqs[seqs.length - 1] + 1) * 0.02) < 0.001);
  assert.ok(wav.levels[0].peak > 3000, 'the beep is there');
  for (const page of [alice, bob]) await page.context().close();
});

test('the sink URL from settings is remembered and used; the stream can be turned off and on in a call', { timeout: 90000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  // An operator's setting: in the menu's "Stream call audio" dialog, not in Devices.
  const openStreamDialog = async () => {
    await alice.click('[data-testid="menu-button"]');
    await alice.click('[data-testid="menu-stream-audio"]');
  };
  await openStreamDialog();
  const input = alice.locator('[data-testid="audio-stream-url-input"]');
  await input.fill('http://not-a-socket');
  await input.press('Enter');
  await input.blur();
  await alice.waitForSelector('[data-testid="audio-stream-url-error"]');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  await input.fill(`ws://127.0.0.1:${env.server.port}/audio-sink`);
  await input.blur();
  await alice.waitForSelector('[data-testid="audio-stream-url-error"]', { state: 'detached' });
  await h.screenshot(alice, 'settings-audio-stream');
  await h.reload(alice);
  await openStreamDialog();
  assert.equal(await alice.inputValue('[data-testid="audio-stream-url-input"]'), `ws://127.0.0.1:${env.server.port}/audio-sink`, 'remembered');
  await alice.click('[data-testid="stream-audio-done"]');

  const { bob, callId } = await aliceCallsBob(alice);
  await waitForStatus(alice, 'active');
  assert.equal(await bob.locator('[data-testid="audio-stream"]').count(), 0, 'Bob has no sink configured');

  await alice.click('[data-testid="audio-stream-toggle"]');
  await waitForStatus(alice, 'idle');
  assert.equal(await alice.getAttribute('[data-testid="audio-stream-toggle"]', 'aria-pressed'), 'false');
  for (let i = 0; i < 50; i++) {
    const s = await (await fetch(`${env.server.url}/audio-sink/${callId}/seqs`)).json();
    if (s.live === 0) break;
    await alice.waitForTimeout(100);
  }
  const paused = await (await fetch(`${env.server.url}/audio-sink/${callId}/seqs`)).json();
  assert.equal(paused.live, 0, 'off closes the sink connection');
  await alice.click('[data-testid="audio-stream-toggle"]');
  await waitForStatus(alice, 'active');
  await alice.waitForTimeout(1000);
  assert.equal(await h.callState(alice), 'connected');
  await hangUp(alice, bob);
  const summary = await finalSummary(callId);
  assert.equal(summary.connections, 2);
  summary.seqs.slice(1).forEach((seq, i) => assert.ok(seq > summary.seqs[i], 'numbers stay unique and in order across the pause'));
  assert.ok(summary.seqs.length > paused.seqs.length, 'streaming resumed');
  for (const page of [alice, bob]) await page.context().close();
});

const converterBatches = (page) => h.workletPosts(page, 'pcm16-stream');

test('a sink that stays away: ten attempts, then failed with a code, the converter stopped, and a retry that works', { timeout: 150000 }, async () => {
  const { alice, bob, callId } = await streamingCall();
  await waitForStatus(alice, 'active');
  await alice.waitForFunction(() => window.__workletPosts['pcm16-stream'] > 0, null, { timeout: 5000 }); // the converter runs
  await dropSink(callId, 60000);
  await waitForStatus(alice, 'failed', 70000);
  const failed = alice.locator('[data-testid="audio-stream"]');
  assert.equal(await failed.getAttribute('data-attempts'), '10');
  // Given up: no audio is converted for it (a phone's battery), and the count of lost frames
  // on screen stops where it was (it used to run on, ~50 a second, for the rest of the call).
  await alice.waitForTimeout(300);
  const idle = { batches: await converterBatches(alice), dropped: (await stream(alice)).dropped };
  await alice.waitForTimeout(2000);
  const later = { batches: await converterBatches(alice), dropped: (await stream(alice)).dropped };
  console.log(`failed stream: ${JSON.stringify(idle)} → ${JSON.stringify(later)} after 2 s`);
  assert.equal(later.batches, idle.batches, 'the converter stopped');
  assert.equal(later.dropped, idle.dropped, 'the lost-frame count stays');
  assert.equal(await alice.textContent('[data-testid="audio-stream-error"]'), 'AUDIO_STREAM_FAILED');
  assert.equal(await h.callState(alice), 'connected', 'the call goes on');
  assert.equal(await alice.locator('[data-testid="error-banner"]').count(), 0, 'no page-wide alarm for the stream');
  await h.screenshot(alice, 'audio-stream-failed');

  await dropSink(callId, 0); // the sink is back
  await alice.click('[data-testid="audio-stream-retry-button"]');
  await waitForStatus(alice, 'active', 10000);
  const restarted = await converterBatches(alice);
  await alice.waitForFunction((n) => window.__workletPosts['pcm16-stream'] > n, restarted, { timeout: 5000 }); // converting again
  const shown = await stream(alice);
  await alice.waitForTimeout(500);
  await hangUp(alice, bob);
  const summary = await finalSummary(callId);
  const seqs = summary.seqs;
  seqs.slice(1).forEach((seq, i) => assert.ok(seq > seqs[i]));
  assert.equal(seqs[seqs.length - 1] + 1 - seqs.length, shown.dropped, 'the gap is what the screen counted');
  for (const page of [alice, bob]) await page.context().close();
});

test('with one channel the stream is both sides mixed: a mono WAV with the beep', { timeout: 60000 }, async () => {
  const { alice, bob, callId } = await streamingCall('&audioStreamChannels=1');
  await waitForStatus(alice, 'active');
  await alice.waitForFunction(() => Number(document.querySelector('[data-testid="audio-stream"]').dataset.sent) > 100);
  await hangUp(alice, bob);
  const summary = await finalSummary(callId);
  assert.equal(summary.channels, 1);
  summary.seqs.forEach((seq, i) => assert.equal(seq, i));
  const wav = readWav(path.join(SINK_DIR, `${callId}.wav`));
  assert.deepEqual([wav.channels, wav.sampleRate, wav.bits], [1, 16000, 16]);
  assert.ok(Math.abs(wav.seconds - summary.seqs.length * 0.02) < 0.001);
  assert.ok(wav.levels[0].peak > 3000 && wav.levels[0].rms > 100, `the beeps are in the mix: ${JSON.stringify(wav.levels[0])}`);
  for (const page of [alice, bob]) await page.context().close();
});

test('both people can stream the same call: two recordings, each complete', { timeout: 60000 }, async () => {
  const sink = encodeURIComponent(`ws://127.0.0.1:${env.server.port}/audio-sink`);
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: `&audioStream=${sink}` });
  const bob = await h.openApp(env.browser, env.server, 'Bob', { query: `&audioStream=${sink}` });
  for (const page of [alice, bob]) await page.click('[data-testid="stream-offer-allow"]');
  await h.waitForPeer(alice, bob);
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  const callId = await alice.getAttribute('[data-testid="call-panel"]', 'data-call-id');
  await waitForStatus(alice, 'active');
  await waitForStatus(bob, 'active');
  await bob.waitForFunction(() => Number(document.querySelector('[data-testid="audio-stream"]').dataset.sent) > 75);
  await hangUp(alice, bob);
  for (const side of ['caller', 'callee']) {
    const summary = await finalSummary(`${callId}-${side}`);
    assert.ok(summary.seqs.length > 50, `${side}: ${summary.seqs.length} frames`);
    summary.seqs.forEach((seq, i) => assert.equal(seq, i, `${side}: frame ${i} once, in order`));
    const wav = readWav(path.join(SINK_DIR, `${callId}-${side}.wav`));
    assert.ok(wav.levels[0].peak > 3000, `${side}: their own microphone is the left channel`);
  }
  for (const page of [alice, bob]) await page.context().close();
});
