// The callee answers while its microphone opens (docs/ARCHITECTURE.md, "The first call"): with a
// microphone and camera that take 1.5 s to start (a Bluetooth headset, a slow phone), the call
// connects first and the media follows into it, both ways, video included. A microphone refused
// after the answer still ends the call on both sides, and the caller reads that it was theirs;
// so does a caller whose description the callee's browser refused.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

/**
 * Makes getUserMedia settle `ms` later than the browser would: the real devices open, the page
 * only learns of it late (or, with `refuse`, is refused as by a blocked permission prompt).
 */
const SLOW_CAPTURE = ({ ms, refuse }) => {
  const real = MediaDevices.prototype.getUserMedia;
  window.__capture = { asked: 0, settled: 0 };
  MediaDevices.prototype.getUserMedia = function (...args) {
    window.__capture.asked += 1;
    const devices = this;
    return new Promise((resolve, reject) => setTimeout(() => {
      window.__capture.settled += 1;
      if (refuse) reject(new DOMException('Permission denied', 'NotAllowedError'));
      else real.apply(devices, args).then(resolve, reject);
    }, ms));
  };
};

const settled = (page) => page.evaluate(() => window.__capture.settled);

/** Alice calls Bob, whose media settles late (`capture`, as SLOW_CAPTURE takes), and Bob accepts. */
async function callSlowCallee(media, capture) {
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob', { beforeLoad: (page) => page.addInitScript(SLOW_CAPTURE, capture) });
  await h.waitForPeer(alice, bob);
  await h.peerRow(alice, bob).locator(`[data-testid="call-${media}-button"]`).click();
  await bob.click('[data-testid="accept-button"]');
  return { alice, bob };
}

/** The page's remote video shows frames, from one stream holding the call's audio and video. */
const seesVideo = (page) => page.waitForFunction(() => {
  const video = document.querySelector('[data-testid="remote-video"]');
  return video && video.videoWidth > 0 && video.srcObject.getTracks().length === 2;
}, null, { timeout: 5000 });

test('a video call connects while the callee\'s camera and microphone open, then both ways carry them', { timeout: 90000 }, async () => {
  const { alice, bob } = await callSlowCallee('video', { ms: 1500 });
  try {
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    assert.equal(await settled(bob), 0, 'connected before Bob\'s media opened');
    assert.equal(await bob.isDisabled('[data-testid="mute-button"]'), true, 'nothing to mute yet');

    await bob.waitForFunction(() => window.__capture.settled === 1, null, { timeout: 5000 });
    await bob.waitForSelector('[data-testid="mute-button"]:not([disabled])', { timeout: 5000 });
    await h.assertAudioFlows(alice, 'Alice hears Bob');
    await h.assertAudioFlows(bob, 'Bob hears Alice');
    // Bob's camera reaches Alice in the call's one stream (his answer named none); Alice's, Bob.
    await seesVideo(alice);
    await seesVideo(bob);
    await h.screenshot(bob, 'answering-media-in');
    assert.deepEqual([alice.__errors, bob.__errors], [undefined, undefined], 'no page errors');
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test('a microphone refused after the answer ends the call on both sides; the caller reads it was theirs', { timeout: 60000 }, async () => {
  const { alice, bob } = await callSlowCallee('audio', { ms: 1000, refuse: true });
  try {
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(alice, 'ended');
    await h.waitForCallState(bob, 'ended');
    assert.deepEqual([await h.endReason(alice), await h.endReason(bob)], ['MIC_PERMISSION_DENIED', 'MIC_PERMISSION_DENIED']);
    assert.equal(await alice.textContent('[data-testid="call-end-reason"]'), 'Bob\'s microphone or camera could not start, so the call ended.');
    assert.match(await bob.textContent('[data-testid="call-end-reason"]'), /can't use your microphone: permission was denied/);
    await h.screenshot(alice, 'answering-their-microphone');
    // The history row's description says whose microphone it was too (its outcome is the call's
    // length: it connected).
    await alice.click('[data-testid="tab-history"]');
    const row = alice.locator('[data-testid="history-item"][data-reason="MIC_PERMISSION_DENIED"]');
    assert.equal(await row.locator('[data-testid="history-text"]').getAttribute('title'), 'Bob\'s microphone or camera could not start, so the call ended.');
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test('a description the callee\'s browser refuses: the caller reads that it was their browser', { timeout: 60000 }, async () => {
  // Bob's browser refuses every offer it is given, as one without a codec in common would.
  const refuseOffers = () => {
    const real = RTCPeerConnection.prototype.setRemoteDescription;
    RTCPeerConnection.prototype.setRemoteDescription = function (description, ...rest) {
      if (description && description.type === 'offer') return Promise.reject(new DOMException('refused', 'OperationError'));
      return real.call(this, description, ...rest);
    };
  };
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob', { beforeLoad: (page) => page.addInitScript(refuseOffers) });
  try {
    await h.waitForPeer(alice, bob);
    await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
    await h.waitForCallState(alice, 'ended');
    assert.equal(await h.endReason(alice), 'BAD_SDP');
    assert.equal(await alice.textContent('[data-testid="call-end-reason"]'), 'Bob\'s browser could not use this call\'s description, so the call ended.');
    await alice.click('[data-testid="tab-history"]');
    const row = alice.locator('[data-testid="history-item"][data-reason="BAD_SDP"]');
    assert.equal(await row.locator('[data-testid="history-text"]').getAttribute('title'), 'Bob\'s browser could not use this call\'s description, so the call ended.');
    assert.equal(await row.locator('[data-testid="history-outcome"]').textContent(), 'Failed');
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});

test('a microphone refused before the call connects: the caller\'s history says it was theirs', { timeout: 60000 }, async () => {
  // Bob's page takes relayed connections only and there is no relay: the call cannot connect, so
  // it is still connecting when his microphone is refused a second after Accept.
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob', {
    query: '&relay=1',
    beforeLoad: (page) => page.addInitScript(SLOW_CAPTURE, { ms: 1000, refuse: true }),
  });
  try {
    await h.waitForPeer(alice, bob);
    await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
    await bob.click('[data-testid="accept-button"]');
    await h.waitForCallState(alice, 'ended');
    assert.equal(await h.endReason(alice), 'MIC_PERMISSION_DENIED');
    await alice.click('[data-testid="tab-history"]');
    const row = alice.locator('[data-testid="history-item"][data-reason="MIC_PERMISSION_DENIED"]');
    assert.equal(await row.getAttribute('data-duration-ms'), '0', 'it never connected');
    assert.equal(await row.locator('[data-testid="history-outcome"]').textContent(), 'Their mic or camera failed');
    assert.equal(await row.locator('[data-testid="history-text"]').getAttribute('title'), 'Bob\'s microphone or camera could not start, so the call ended.');
    // Bob's own history reads as his.
    await bob.click('[data-testid="tab-history"]');
    const his = bob.locator('[data-testid="history-item"][data-reason="MIC_PERMISSION_DENIED"]');
    assert.equal(await his.locator('[data-testid="history-outcome"]').textContent(), 'Permission denied');
    // Looked at on a desktop and on a phone (where the list shows once the ended call is
    // dismissed), in both themes: the long outcome is whole.
    const bothThemes = async (name) => {
      for (const scheme of ['light', 'dark']) {
        await alice.emulateMedia({ colorScheme: scheme });
        await h.screenshot(alice, `${name}-${scheme}`);
      }
    };
    await bothThemes('history-their-microphone-desktop');
    await alice.click('[data-testid="dismiss-call-button"]');
    await alice.setViewportSize({ width: 390, height: 844 });
    await alice.click('[data-testid="tab-history"]');
    await row.locator('[data-testid="history-outcome"]').waitFor();
    await bothThemes('history-their-microphone-phone');
  } finally {
    await alice.context().close();
    await bob.context().close();
  }
});
