// Local recording and the mic check. A recorded video call tells the peer first, and its file
// downloads as WebM (EBML header, Opus audio and VP8 video, a real duration, the beep's sound)
// once the call ends. The mic check in settings shows the fake microphone's level before a call.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

/** Duration, video size and audio RMS of a recording, as the browser itself decodes it. */
async function inspectInPage(page, bytes) {
  return page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const blob = new Blob([bytes], { type: 'video/webm' });
    const video = document.createElement('video');
    video.muted = true;
    video.src = URL.createObjectURL(blob);
    await new Promise((resolve, reject) => { video.onloadedmetadata = resolve; video.onerror = () => reject(new Error('not playable')); });
    // MediaRecorder's WebM has no duration in its header: seeking to the end makes the
    // browser find it from the last cluster.
    if (!Number.isFinite(video.duration)) {
      await new Promise((resolve) => { video.ondurationchange = () => Number.isFinite(video.duration) && resolve(); video.currentTime = 1e9; });
    }
    const audio = await new AudioContext().decodeAudioData(bytes.buffer.slice(0));
    const samples = audio.getChannelData(0);
    let squares = 0;
    for (const s of samples) squares += s * s;
    return { duration: video.duration, width: video.videoWidth, height: video.videoHeight, audioSeconds: audio.duration, rms: Math.sqrt(squares / samples.length) };
  }, bytes.toString('base64'));
}

test('a recorded call tells the peer, then downloads as a playable WebM when it ends', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env, { media: 'video' });
  await alice.click('[data-testid="record-button"]');
  await alice.waitForSelector('[data-testid="record-button"][aria-pressed="true"]');
  await alice.waitForSelector('[data-testid="recording-indicator"][data-local="true"]');
  await bob.waitForSelector('[data-testid="recording-indicator"][data-remote="true"]', { timeout: 5000 });
  assert.match(await bob.textContent('[data-testid="recording-indicator"]'), /Alice is recording this call/);
  await h.screenshot(bob, 'recording-peer-notice');
  await alice.waitForTimeout(3500);

  await alice.click('[data-testid="hangup-button"]');
  const link = alice.locator('[data-testid="recording-download-link"]');
  await link.waitFor({ timeout: 10000 });
  await h.screenshot(alice, 'recording-download-offered');
  const [download] = await Promise.all([alice.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /^dialtone-call-.*\.webm$/);
  const bytes = fs.readFileSync(await download.path());
  console.log(`recording: ${bytes.length} bytes`);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], 'EBML header');
  assert.ok(bytes.subarray(0, 64).includes(Buffer.from('webm')), 'DocType webm');
  assert.ok(bytes.includes(Buffer.from('A_OPUS')), 'Opus audio track');
  assert.ok(bytes.includes(Buffer.from('V_VP8')), 'VP8 video track');

  const seen = await inspectInPage(alice, bytes);
  console.log(`decoded: ${JSON.stringify(seen)}`);
  assert.ok(seen.duration > 2.5 && seen.duration < 8, `about the recorded time: ${seen.duration} s`);
  assert.ok(seen.width > 0 && seen.height > 0, 'the video plays');
  assert.ok(seen.rms > 0.005, `the beep is in the mixed audio: ${seen.rms}`);
  for (const page of [alice, bob]) await page.context().close();
});

test('a recording is never lost to a click: after Done, and through the next call, it stays offered until saved or discarded', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env, { media: 'audio', query: '&room=keep-recording' });
  await alice.click('[data-testid="record-button"]');
  await alice.waitForSelector('[data-testid="record-button"][aria-pressed="true"]');
  await alice.waitForTimeout(1500);
  await alice.click('[data-testid="hangup-button"]');
  const offered = alice.locator('[data-testid="recording-download-link"]');
  await offered.waitFor({ timeout: 10000 });
  const bytes = await offered.getAttribute('data-bytes');
  assert.equal(await alice.locator('[data-testid="recording-ready"]').count(), 0, 'the ended screen offers it itself');

  // Done without saving: the file is still offered, the same one.
  await alice.click('[data-testid="dismiss-call-button"]');
  const ready = alice.locator('[data-testid="recording-ready"]');
  await ready.waitFor();
  assert.equal(await alice.getAttribute('[data-testid="recording-ready-download"]', 'data-bytes'), bytes);
  assert.match(await alice.textContent('[data-testid="recording-ready-download"]'), /\((< )?\d+\.\d MB\)/);
  assert.doesNotMatch(await alice.textContent('[data-testid="recording-ready-download"]'), /\(0\.0 MB\)/, 'never an empty-looking size');
  await h.screenshot(alice, 'recording-ready-after-done');
  await alice.setViewportSize({ width: 390, height: 844 });
  await h.screenshot(alice, 'recording-ready-after-done-phone');
  await alice.setViewportSize({ width: 1280, height: 800 });

  // The next call comes and goes: still there, and it saves as the recording.
  await h.placeAcceptedCall(bob, alice, 'audio');
  assert.equal(await ready.count(), 1, 'offered during the next call');
  await bob.click('[data-testid="hangup-button"]');
  await h.waitForCallState(alice, 'ended');
  await alice.click('[data-testid="dismiss-call-button"]');
  const [download] = await Promise.all([alice.waitForEvent('download'), alice.click('[data-testid="recording-ready-download"]')]);
  const saved = fs.readFileSync(await download.path());
  assert.equal(String(saved.length), bytes, 'the same file');
  assert.deepEqual([...saved.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3], 'EBML header');

  // Discard lets it go: the bar goes and the memory with it (the object URL is revoked).
  const url = await alice.getAttribute('[data-testid="recording-ready-download"]', 'href');
  await alice.click('[data-testid="recording-discard-button"]');
  await ready.waitFor({ state: 'detached' });
  const readable = await alice.evaluate((u) => fetch(u).then(() => true, () => false), url);
  assert.equal(readable, false, 'the file is freed');
  for (const page of [alice, bob]) await page.context().close();
});

test('the mic check shows the microphone level before a call, and stops', { timeout: 60000 }, async () => {
  const page = await h.openApp(env.browser, env.server, 'Carol');
  await page.click('[data-testid="tab-devices"]');
  await page.click('[data-testid="mic-check-button"]');
  await page.waitForSelector('[data-testid="mic-check"][data-state="on"]', { timeout: 10000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="mic-check-level"]')?.dataset.level) > 0.01, null, { timeout: 10000 });
  await h.screenshot(page, 'settings-mic-check');
  await page.click('[data-testid="mic-check-button"]');
  await page.waitForSelector('[data-testid="mic-check"][data-state="off"]');
  assert.equal(await page.locator('[data-testid="mic-check-level"]').count(), 0);
  await page.context().close();
});

test('a mic check without microphone permission says why, with a stable code', { timeout: 60000 }, async () => {
  const browser = await h.launchBrowser({ fakeMedia: false });
  try {
    const page = await h.openApp(browser, env.server, 'Dave');
    await page.click('[data-testid="tab-devices"]');
    await page.click('[data-testid="mic-check-button"]');
    await page.waitForSelector('[data-testid="mic-check"][data-state="failed"]', { timeout: 15000 });
    assert.equal(await page.getAttribute('[data-testid="mic-check-error"]', 'data-code'), 'MIC_PERMISSION_DENIED');
    assert.match(await page.textContent('[data-testid="mic-check-error"]'), /permission was denied/);
    assert.equal(await page.getAttribute('[data-testid="mic-check-button"]', 'aria-pressed'), 'false', 'it can be tried again');
    await h.screenshot(page, 'settings-mic-check-denied');
  } finally {
    await browser.close();
  }
});
