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

// An output chosen before any call has nothing to switch yet: the call's element, once there, is
// switched like any choice and confirmed only when the browser did it. When the browser refuses
// (here: its next setSinkId fails as it does without permission), the page says so and shows
// where the call really plays, instead of the choice it could not make.
test('an output chosen before a call: the call plays there, or the page says why not', { timeout: 90000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  await bob.click('[data-testid="tab-devices"]');
  await bob.waitForFunction(() => document.querySelectorAll('[data-testid="output-select"] option').length > 2);
  const target = (await options(bob, 'output-select')).filter((o) => o.value && o.value !== 'default').at(-1);
  await bob.selectOption('[data-testid="output-select"]', target.value);
  await bob.waitForSelector(`[data-testid="output-select"][data-pending="false"][data-confirmed="${target.value}"]`);
  await bob.evaluate(() => {
    const real = HTMLMediaElement.prototype.setSinkId;
    HTMLMediaElement.prototype.setSinkId = function refuseOnce() {
      HTMLMediaElement.prototype.setSinkId = real;
      return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    };
  });

  await h.placeAcceptedCall(alice, bob);
  await bob.click('[data-testid="drawer-button"]');
  await bob.click('[data-testid="tab-devices"]');
  await bob.waitForSelector('[data-testid="output-select"][data-pending="false"][data-confirmed=""]');
  assert.equal(await bob.$eval('[data-testid="remote-video"]', (v) => v.sinkId), '', 'the call plays to the default');
  assert.equal(await bob.textContent('[data-testid="output-error"]'), 'Could not switch to the speaker you chose (NOT_ALLOWED)');
  await h.screenshot(bob, 'devices-output-refused');
  // On a phone, in dark: the refusal sits under the speaker's select, readable.
  await bob.setViewportSize({ width: 390, height: 844 });
  await bob.emulateMedia({ colorScheme: 'dark' });
  await bob.locator('[data-testid="output-error"]').scrollIntoViewIfNeeded();
  await h.screenshot(bob, 'devices-output-refused-390-dark');
  await bob.setViewportSize({ width: 1280, height: 800 });
  await bob.emulateMedia({ colorScheme: 'light' });
  // Chosen again, it switches.
  await bob.selectOption('[data-testid="output-select"]', target.value);
  await bob.waitForSelector(`[data-testid="output-select"][data-pending="false"][data-confirmed="${target.value}"]`);
  assert.equal(await bob.$eval('[data-testid="remote-video"]', (v) => v.sinkId), target.value);
  assert.equal(await bob.$('[data-testid="output-error"]'), null, 'the refusal is no longer shown');
  await h.assertAudioFlows(bob, 'Bob');

  // The next call plays there from its start.
  await bob.click('[data-testid="hangup-button"]');
  await h.waitForCallState(alice, 'ended');
  await h.placeAcceptedCall(alice, bob);
  await bob.waitForFunction((id) => document.querySelector('[data-testid="remote-video"]')?.sinkId === id, target.value);
  await bob.click('[data-testid="drawer-button"]');
  await bob.click('[data-testid="tab-devices"]');
  await bob.waitForSelector(`[data-testid="output-select"][data-pending="false"][data-confirmed="${target.value}"]`);
  assert.equal(await bob.$('[data-testid="output-error"]'), null);
  await h.assertAudioFlows(bob, 'Bob, second call');
  assert.deepEqual([...(alice.__errors || []), ...(bob.__errors || [])], []);
  for (const page of [alice, bob]) await page.context().close();
});

// A device that goes away mid-call (a headset's battery dies, a USB camera is pulled out): the
// browser ends the track and fires `ended`, which is what `unplug` does to Alice's own track.
// The page opens another device in its place and says so; mute carries over; with none left it
// says so, and a device plugged in later is opened.
const unplug = (page, kind) => page.evaluate((kind) => {
  const track = window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === kind).track;
  track.stop();
  track.dispatchEvent(new Event('ended'));
  return track.id;
}, kind);
const sending = (page, kind) => page.evaluate((kind) => {
  const track = window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === kind)?.track;
  return track && { id: track.id, state: track.readyState, enabled: track.enabled };
}, kind);
const videoFrames = (page) => page.evaluate(async () => {
  let frames = 0;
  (await window.__peerConnections.at(-1).getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
  });
  return frames;
});
/** How much Bob heard over 1.2 s (the fake microphone's beeps; 0 for silence). */
async function heard(page) {
  const before = (await h.inboundAudio(page)).energy;
  await page.waitForTimeout(1200);
  return (await h.inboundAudio(page)).energy - before;
}
async function notice(page, code) {
  await page.waitForSelector(`[data-testid="error-banner"][data-code="${code}"]`, { timeout: 10000 });
  const text = await page.textContent('[data-testid="error-message"]');
  await page.click('[data-testid="dismiss-error-button"]');
  await page.waitForSelector('[data-testid="error-banner"]', { state: 'detached' });
  return text;
}

test('a microphone or camera that stops mid-call is replaced and said; with none left it is said, and one plugged in is used', { timeout: 120000 }, async () => {
  const { alice, bob } = await h.connectedCall(env, { media: 'video' });
  await alice.click('[data-testid="drawer-button"]');
  await alice.click('[data-testid="tab-devices"]');
  await alice.waitForFunction(() => document.querySelectorAll('[data-testid="mic-select"] option').length > 2);
  const normal = await heard(bob);
  assert.ok(normal > 0, 'Bob hears Alice at first');

  // The microphone stops: another opens, the call goes on, Alice reads what happened. Bob is
  // told nothing: a microphone back at once must not flicker "muted" on his screen.
  await bob.evaluate(() => {
    window.__micStates = [];
    // Every value the attribute had, the one each change replaced and the one it set.
    window.__micWatch = new MutationObserver((records) => {
      for (const record of records) {
        if (record.target.dataset.testid !== 'remote-mic-state') continue;
        window.__micStates.push(record.oldValue, record.target.getAttribute('data-muted'));
      }
    });
    window.__micWatch.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-muted'], attributeOldValue: true });
  });
  const lostMic = await unplug(alice, 'audio');
  assert.match(await notice(alice, 'MIC_REOPENED'), /Your microphone stopped, so the call opened a microphone again/);
  const mic = await sending(alice, 'audio');
  assert.ok(mic.id !== lostMic && mic.state === 'live', `a new live microphone is sent: ${JSON.stringify(mic)}`);
  assert.ok(await heard(bob) > 0, 'Bob hears Alice again');
  const flicker = await bob.evaluate(() => { window.__micWatch.disconnect(); return window.__micStates; });
  assert.ok(!flicker.includes('true'), `Bob never read Alice as muted: ${JSON.stringify(flicker)}`);

  // Muted when it stops: the new microphone is muted too, and the button still says so.
  await alice.click('[data-testid="mute-button"]');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="false"][data-pending="false"]');
  const mutedMic = await unplug(alice, 'audio');
  await notice(alice, 'MIC_REOPENED');
  const quiet = await sending(alice, 'audio');
  assert.ok(quiet.id !== mutedMic && quiet.state === 'live' && quiet.enabled === false, `still muted: ${JSON.stringify(quiet)}`);
  assert.equal(await alice.getAttribute('[data-testid="mute-button"]', 'data-enabled'), 'false');
  await alice.click('[data-testid="mute-button"]');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="true"][data-pending="false"]');

  // The camera stops: another opens and Bob sees Alice again.
  const lostCamera = await unplug(alice, 'video');
  assert.match(await notice(alice, 'CAMERA_REOPENED'), /Your camera stopped/);
  const camera = await sending(alice, 'video');
  assert.ok(camera.id !== lostCamera && camera.state === 'live', `a new live camera is sent: ${JSON.stringify(camera)}`);
  const frames = await videoFrames(bob);
  await bob.waitForFunction(async (before) => {
    let now = 0;
    (await window.__peerConnections.at(-1).getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') now += s.framesDecoded || 0; });
    return now > before + 10;
  }, frames, { timeout: 10000 });

  // The last microphone goes: the browser lists none and would open none.
  await alice.evaluate(() => {
    const devices = navigator.mediaDevices;
    const enumerate = MediaDevices.prototype.enumerateDevices.bind(devices);
    const open = MediaDevices.prototype.getUserMedia.bind(devices);
    devices.enumerateDevices = async () => (await enumerate()).filter((d) => d.kind !== 'audioinput');
    devices.getUserMedia = (asked) => (asked && asked.audio ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : open(asked));
    devices.dispatchEvent(new Event('devicechange'));
  });
  await alice.waitForFunction(() => ![...document.querySelectorAll('[data-testid="mic-select"] option')].some((o) => o.value && o.value !== 'default'));
  await unplug(alice, 'audio');
  await alice.waitForSelector('[data-testid="error-banner"][data-code="MIC_LOST"]');
  assert.match(await alice.textContent('[data-testid="error-message"]'), /no other microphone could be opened\. The other person can't hear you/);
  await bob.waitForTimeout(500); // what was already on its way plays out
  const silence = await heard(bob);
  assert.ok(silence < normal / 20, `Bob hears (next to) nothing while Alice has no microphone: ${silence} against ${normal}`);
  assert.equal(await h.callState(alice), 'connected', 'the call goes on');
  // Bob is told: nothing of Alice's microphone reaches him, so he reads that it stopped (not
  // that she muted it, and not silence under a microphone shown on).
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"][data-lost="true"]', { state: 'attached', timeout: 5000 });
  assert.equal((await bob.textContent('[data-testid="remote-mic-state"]')).trim(), "Alice's microphone stopped.");
  assert.equal(await alice.getAttribute('[data-testid="mute-button"]', 'data-enabled'), 'true', "Alice's own switch is hers: still on");
  await h.screenshot(alice, 'devices-mic-lost');
  await h.screenshot(bob, 'devices-peer-mic-lost');
  // Alice mutes meanwhile: there is no track to mute, yet the mute must hold; Bob reads it.
  await alice.click('[data-testid="mute-button"]');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="false"][data-pending="false"]');
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"][data-lost="false"]', { state: 'attached', timeout: 5000 });
  assert.equal((await bob.textContent('[data-testid="remote-mic-state"]')).trim(), 'Alice is muted.');
  // A headset is plugged in: it is opened, muted as Alice left it, and the notice says the call
  // has a microphone again.
  await alice.evaluate(() => {
    delete navigator.mediaDevices.enumerateDevices;
    delete navigator.mediaDevices.getUserMedia;
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
  });
  await notice(alice, 'MIC_REOPENED');
  const back = await sending(alice, 'audio');
  assert.ok(back.state === 'live' && back.enabled === false, `the new microphone is muted: ${JSON.stringify(back)}`);
  assert.equal(await alice.getAttribute('[data-testid="mute-button"]', 'data-enabled'), 'false');
  await bob.waitForTimeout(500);
  assert.ok(await heard(bob) < normal / 20, 'Bob hears nothing while Alice is muted');
  assert.equal(await bob.getAttribute('[data-testid="remote-mic-state"]', 'data-muted'), 'true', 'and reads her as muted');
  await alice.click('[data-testid="mute-button"]');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="true"][data-pending="false"]');
  assert.ok(await heard(bob) > 0, 'Bob hears Alice once she unmutes');
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="false"]', { state: 'attached', timeout: 5000 });
  assert.deepEqual([...(alice.__errors || []), ...(bob.__errors || [])], []);
  for (const page of [alice, bob]) await page.context().close();
});
