// Device choice mid-call with Chromium's fake devices: the audio output really switches
// (setSinkId, confirmed before it shows), and a new microphone replaces the sending track live.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

async function options(page, testid) {
  return page.$$eval(`[data-testid="${testid}"] option`, (os) => os.map((o) => ({ value: o.value, label: o.textContent })));
}

test('switching the audio output and the microphone during a call', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env);

  // Bob sends the call's audio to another (fake) output (the side panel is a drawer in a call).
  await bob.click('[data-testid="drawer-button"]');
  await bob.click('[data-testid="tab-devices"]');
  await bob.waitForFunction(() => document.querySelectorAll('[data-testid="output-select"] option').length > 2);
  const outputs = (await options(bob, 'output-select')).filter((o) => o.value && o.value !== 'default');
  assert.ok(outputs.length >= 1, `fake outputs listed: ${JSON.stringify(outputs)}`);
  const target = outputs.at(-1);
  await bob.selectOption('[data-testid="output-select"]', target.value);
  await bob.waitForSelector(`[data-testid="output-select"][data-pending="false"][data-confirmed="${target.value}"]`);
  assert.equal(await bob.$eval('[data-testid="remote-video"]', (v) => v.sinkId), target.value, 'audio really plays there');
  await h.screenshot(bob, 'devices-in-call');

  // Alice moves to another microphone: the sender's track is replaced, audio keeps flowing.
  await alice.click('[data-testid="drawer-button"]');
  await alice.click('[data-testid="tab-devices"]');
  await alice.waitForFunction(() => document.querySelectorAll('[data-testid="mic-select"] option').length > 2);
  const mics = (await options(alice, 'mic-select')).filter((o) => o.value && o.value !== 'default');
  const mic = mics.at(-1);
  const trackLabel = () => alice.evaluate(() =>
    window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio').track.label);
  const before = await trackLabel();
  await alice.selectOption('[data-testid="mic-select"]', mic.value);
  await alice.waitForFunction((label) => {
    const sender = window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio');
    return sender.track.label === label;
  }, mic.label);
  assert.notEqual(await trackLabel(), before, `switched from ${before} to ${mic.label}`);
  const samples = await h.sampleInboundAudio(bob, 1500);
  for (let i = 1; i < samples.length; i++) assert.ok(samples[i].bytes > samples[i - 1].bytes, 'audio keeps flowing');
  // Back to the system default: the default microphone is sent again.
  await alice.selectOption('[data-testid="mic-select"]', '');
  await alice.waitForFunction((label) => {
    const sender = window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio');
    return sender.track.label === label;
  }, before);
  // Mute still acts on the new track.
  await alice.keyboard.press('m');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="false"][data-pending="false"]');
  assert.equal(await alice.evaluate(() =>
    window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio').track.enabled), false);
  for (const page of [alice, bob]) await page.context().close();
});
