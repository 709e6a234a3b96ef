// The device check and device switching as the call page's machine decides them (issue #14):
// the pre-call check without a camera still tests the microphone, and a failed check can be
// tried again; another microphone chosen during the check reopens the check on it; a
// microphone that will not start mid-call says DEVICE_IN_USE, and the call goes on.
// The browser's devices are Chromium's fake ones; a refusal is made by wrapping getUserMedia.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();
const T = (page, id) => page.locator(`[data-testid="${id}"]`);

// getUserMedia, observed (every stream it gave) and refusable: `window.__refuse(constraints)`
// returns a DOMException name to fail with, or nothing.
const WRAP_CAPTURE = () => {
  const devices = navigator.mediaDevices;
  const real = devices.getUserMedia.bind(devices);
  window.__captures = [];
  window.__refuse = () => null;
  devices.getUserMedia = async (constraints) => {
    const refusal = window.__refuse(constraints);
    if (refusal) throw new DOMException('refused by the test', refusal);
    const stream = await real(constraints);
    window.__captures.push(stream);
    return stream;
  };
};

async function openCheck(name) {
  const page = await h.openApp(env.browser, env.server, name, { beforeLoad: (p) => p.addInitScript(WRAP_CAPTURE) });
  await T(page, 'tab-devices').click();
  await T(page, 'precall-open-button').click();
  await page.waitForSelector('[data-testid="first-run"][data-step="check"]');
  return page;
}

const meterMoves = (page) => page.waitForFunction(
  () => Number(document.querySelector('[data-testid="precall-level"]')?.dataset.level) > 0.001, null, { timeout: 10000 });

test('without a camera the pre-call check tests the microphone; a failed check can be tried again', { timeout: 60000 }, async () => {
  const page = await openCheck('Erin');
  await page.evaluate(() => { window.__refuse = (c) => (c.video ? 'NotAllowedError' : null); });
  await T(page, 'precall-start-button').click();
  await page.waitForSelector('[data-testid="precall-camera-state"][data-state="failed"]', { timeout: 10000 });
  assert.match(await T(page, 'precall-camera-state').textContent(), /CAMERA_PERMISSION_DENIED/);
  await meterMoves(page);
  assert.equal(await T(page, 'precall').getAttribute('data-state'), 'on', 'the microphone is tested alone');
  assert.equal(await page.evaluate(() => window.__captures.at(-1).getVideoTracks().length), 0);

  // Nothing opens: both say why; pressed again once the devices are back, the check runs.
  await T(page, 'precall-start-button').click();
  await page.waitForSelector('[data-testid="precall"][data-state="off"]');
  await page.evaluate(() => { window.__refuse = () => 'NotReadableError'; });
  await T(page, 'precall-start-button').click();
  await page.waitForSelector('[data-testid="precall-camera-state"][data-state="failed"]', { timeout: 10000 });
  await page.waitForFunction(() => /DEVICE_IN_USE/.test(document.querySelector('.precall-level .hint')?.textContent));
  assert.equal(await T(page, 'precall').getAttribute('data-state'), 'off');
  await page.evaluate(() => { window.__refuse = () => null; });
  await T(page, 'precall-start-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="precall-video"]')?.videoWidth > 0, null, { timeout: 10000 });
  await meterMoves(page);
  assert.deepEqual(page.__errors || [], []);
  await page.context().close();
});

test('another microphone chosen during the check: the check reopens on it and lets go of the old one', { timeout: 60000 }, async () => {
  const page = await openCheck('Fay');
  await T(page, 'precall-start-button').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="precall-video"]')?.videoWidth > 0, null, { timeout: 10000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="precall-mic-select"] option').length > 2);
  const mics = await page.$$eval('[data-testid="precall-mic-select"] option', (os) =>
    os.map((o) => ({ value: o.value, label: o.textContent })).filter((o) => o.value && o.value !== 'default'));
  const mic = mics.at(-1);
  const before = await page.evaluate(() => window.__captures.length);
  await page.selectOption('[data-testid="precall-mic-select"]', mic.value);
  await page.waitForFunction((label) => {
    const stream = document.querySelector('[data-testid="precall-video"]').srcObject;
    return stream && stream.getAudioTracks()[0]?.label === label;
  }, mic.label, { timeout: 10000 });
  const streams = await page.evaluate((before) => window.__captures.map((s, i) => ({
    old: i < before,
    live: s.getTracks().filter((t) => t.readyState === 'live').length,
  })), before);
  assert.ok(streams.filter((s) => s.old).every((s) => s.live === 0), `the old stream let go: ${JSON.stringify(streams)}`);
  assert.equal(streams.filter((s) => !s.old && s.live > 0).length, 1, `one stream holds the devices: ${JSON.stringify(streams)}`);
  await meterMoves(page);
  await page.context().close();
});

test('a microphone that will not start mid-call says DEVICE_IN_USE without blaming anyone; the call goes on', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env);
  await alice.click('[data-testid="drawer-button"]');
  await alice.click('[data-testid="tab-devices"]');
  await alice.waitForFunction(() => document.querySelectorAll('[data-testid="mic-select"] option').length > 2);
  const mic = await alice.$$eval('[data-testid="mic-select"] option', (os) => os.map((o) => o.value).filter((v) => v && v !== 'default').at(-1));
  const sent = () => alice.evaluate(() =>
    window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio').track.id);
  const before = await sent();
  // Another application holds that microphone (Chromium's NotReadableError).
  await alice.evaluate((busy) => {
    const devices = navigator.mediaDevices;
    const real = devices.getUserMedia.bind(devices);
    devices.getUserMedia = (c) => (c.audio?.deviceId?.exact === busy
      ? Promise.reject(new DOMException('Could not start audio source', 'NotReadableError'))
      : real(c));
  }, mic);
  await alice.selectOption('[data-testid="mic-select"]', mic);
  await alice.waitForSelector('[data-testid="error-banner"][data-code="DEVICE_IN_USE"]', { timeout: 10000 });
  const message = await T(alice, 'error-message').textContent();
  assert.equal(message, 'Could not switch to that microphone: it may be in use by another application.');
  assert.equal(await sent(), before, 'the call keeps sending the old microphone');
  await h.waitForCallState(alice, 'connected');
  await h.assertAudioFlows(bob, 'after the failed switch');
  for (const page of [alice, bob]) await page.context().close();
});
