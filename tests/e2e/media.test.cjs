// Confirmation-based media controls in real browsers: the UI shows what the tracks really do,
// and the peer's indicator agrees.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

const connectedCall = (media) => h.connectedCall(env, { media });

/** What the sender's track really does, from the peer connection's own sender. */
function senderTrackEnabled(page, kind) {
  return page.evaluate((kind) => {
    const pc = window.__peerConnections.at(-1);
    return pc.getSenders().find((s) => s.track && s.track.kind === kind).track.enabled;
  }, kind);
}

async function settled(page, testid) {
  await page.waitForSelector(`[data-testid="${testid}"][data-pending="false"]`);
  return (await page.getAttribute(`[data-testid="${testid}"]`, 'data-enabled')) === 'true';
}

test('100 rapid mute toggles end with the UI, the track and the peer in agreement', { timeout: 90000 }, async () => {
  const { alice, bob } = await connectedCall('audio');

  // 100 clicks in one burst, faster than any confirmation can come back.
  await alice.$eval('[data-testid="mute-button"]', (button) => { for (let i = 0; i < 100; i++) button.click(); });
  assert.equal(await settled(alice, 'mute-button'), true, 'an even number of toggles: unmuted');
  assert.equal(await senderTrackEnabled(alice, 'audio'), true);
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="false"]', { state: 'attached' });

  // One more, by keyboard shortcut: muted, really, on both sides.
  await alice.keyboard.press('m');
  assert.equal(await settled(alice, 'mute-button'), false, 'muted');
  assert.equal(await senderTrackEnabled(alice, 'audio'), false);
  assert.equal(await alice.getAttribute('[data-testid="mute-button"]', 'aria-pressed'), 'true');
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached' });
  await h.screenshot(alice, 'in-call-audio-muted');
  await h.screenshot(bob, 'in-call-audio-peer-muted');

  // Another burst of 51 key presses: odd, so unmuted again.
  for (let i = 0; i < 51; i++) await alice.keyboard.press('m');
  assert.equal(await settled(alice, 'mute-button'), true);
  assert.equal(await senderTrackEnabled(alice, 'audio'), true);
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="false"]', { state: 'attached' });
  await alice.context().close();
  await bob.context().close();
});

test('turning the camera off and on is confirmed and shown to the peer', { timeout: 90000 }, async () => {
  const { alice, bob } = await connectedCall('video');
  await alice.click('[data-testid="camera-button"]');
  assert.equal(await settled(alice, 'camera-button'), false);
  assert.equal(await senderTrackEnabled(alice, 'video'), false);
  await bob.waitForSelector('[data-testid="remote-camera-off"]');
  await h.screenshot(bob, 'in-call-peer-camera-off');
  await alice.keyboard.press('v');
  assert.equal(await settled(alice, 'camera-button'), true);
  assert.equal(await senderTrackEnabled(alice, 'video'), true);
  await bob.waitForSelector('[data-testid="remote-camera-off"]', { state: 'detached' });
  // h hangs up.
  await bob.keyboard.press('h');
  assert.equal(await h.endReason(bob), 'HUNG_UP');
  assert.equal(await h.endReason(alice), 'REMOTE_HUNG_UP');
  await alice.context().close();
  await bob.context().close();
});

test('screen sharing starts and stops mid-call through renegotiation, and the peer sees it', { timeout: 90000 }, async () => {
  const { alice, bob } = await connectedCall('audio');
  const transceivers = (page) => page.evaluate(() => window.__peerConnections.at(-1).getTransceivers().length);
  const before = await transceivers(bob);
  await alice.click('[data-testid="screen-button"]');
  await alice.waitForSelector('[data-testid="screen-button"][data-enabled="true"][data-pending="false"]');
  await alice.waitForSelector('[data-testid="local-screen-state"]');
  // Bob receives the screen: a new transceiver (renegotiated), frames in the screen tile.
  await bob.waitForSelector('[data-testid="remote-screen"]');
  await bob.waitForFunction(() => {
    const video = document.querySelector('[data-testid="remote-screen"]');
    return video && video.readyState >= 2 && video.videoWidth > 0;
  }, null, { timeout: 20000 });
  assert.ok(await transceivers(bob) > before, 'the call was renegotiated');
  const sending = await alice.evaluate(() => window.__peerConnections.at(-1).getSenders().filter((s) => s.track).map((s) => s.track.label));
  assert.ok(sending.some((label) => label.startsWith('screen')), `the screen is sent: ${sending}`);
  await h.screenshot(bob, 'in-call-screen-share');
  await alice.click('[data-testid="screen-button"]');
  await alice.waitForSelector('[data-testid="screen-button"][data-enabled="false"][data-pending="false"]');
  await bob.waitForSelector('[data-testid="remote-screen"]', { state: 'detached' });
  const after = await alice.evaluate(() => window.__peerConnections.at(-1).getSenders().filter((s) => s.track).map((s) => s.track.label));
  assert.ok(!after.some((label) => label.startsWith('screen')), 'the screen is no longer sent');

  // Sharing again, then the browser's own "Stop sharing" (the track ends by itself).
  await alice.keyboard.press('s');
  await alice.waitForSelector('[data-testid="screen-button"][data-enabled="true"][data-pending="false"]');
  await bob.waitForSelector('[data-testid="remote-screen"]');
  await alice.evaluate(() => {
    const sender = window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.label.startsWith('screen'));
    sender.track.dispatchEvent(new Event('ended'));
  });
  await alice.waitForSelector('[data-testid="screen-button"][data-enabled="false"]');
  await bob.waitForSelector('[data-testid="remote-screen"]', { state: 'detached' });
  // The call itself is untouched.
  assert.equal(await h.callState(alice), 'connected');
  const samples = await h.sampleInboundAudio(bob, 1000);
  assert.ok(samples.at(-1).bytes > samples[0].bytes);
  await alice.context().close();
  await bob.context().close();
});

test('screen sharing: no button where the browser cannot capture (a phone); a capture that fails or is refused is said in screen words, and the call goes on', { timeout: 90000 }, async () => {
  // Alice's browser fails the capture the way a broken capture source does, then as a closed picker.
  const failingCapture = () => {
    MediaDevices.prototype.getDisplayMedia = function () {
      return Promise.reject(new DOMException('Could not start video source', window.__captureError || 'NotReadableError'));
    };
  };
  const noCapture = () => { delete MediaDevices.prototype.getDisplayMedia; };
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=screen-fail', beforeLoad: (p) => p.addInitScript(failingCapture) });
  const bob = await h.openApp(env.browser, env.server, 'Bob', { query: '&room=screen-fail', viewport: { width: 390, height: 844 }, beforeLoad: (p) => p.addInitScript(noCapture) });
  await h.placeAcceptedCall(alice, bob, 'audio');

  assert.equal(await bob.locator('[data-testid="screen-button"]').count(), 0, 'no screen button without getDisplayMedia');
  assert.equal(await bob.locator('[data-testid="mute-button"]').count(), 1);
  await h.screenshot(bob, 'screen-share-unsupported-phone');
  // Its key is gone with it: not listed, and pressing it starts nothing.
  await bob.keyboard.press('?');
  await bob.waitForSelector('[data-testid="shortcut-list"]');
  assert.equal(await bob.locator('[data-testid="shortcut-list"] [data-key="s"]').count(), 0, 'no "s" in the list');
  assert.equal(await bob.locator('[data-testid="shortcut-list"] [data-key="m"]').count(), 1);
  await bob.keyboard.press('Escape');
  await bob.keyboard.press('s');
  await bob.waitForTimeout(500);
  assert.equal(await bob.locator('[data-testid="error-banner"]').count(), 0, 'the key tried no capture');

  await alice.click('[data-testid="screen-button"]');
  await alice.waitForSelector('[data-testid="error-banner"][data-code="SCREEN_CAPTURE_FAILED"]');
  const said = await alice.textContent('[data-testid="error-message"]');
  assert.match(said, /could not capture the screen, window or tab you chose\. The call goes on/);
  assert.doesNotMatch(said, /microphone|camera/i, 'never a microphone or camera problem');
  assert.equal(await settled(alice, 'screen-button'), false, 'not sharing');
  await h.screenshot(alice, 'screen-share-failed');

  await alice.evaluate(() => { window.__captureError = 'NotAllowedError'; });
  await alice.click('[data-testid="screen-button"]');
  await alice.waitForSelector('[data-testid="error-banner"][data-code="SCREEN_PERMISSION_DENIED"]');
  assert.match(await alice.textContent('[data-testid="error-message"]'), /Screen sharing was not allowed/);
  assert.equal(await h.callState(alice), 'connected', 'the call goes on');
  await h.assertAudioFlows(bob, 'Bob after the failed shares');
  await alice.context().close();
  await bob.context().close();
});
