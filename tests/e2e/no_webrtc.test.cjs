// A browser without WebRTC (issue #13 item 11; seen in WebKitGTK builds): simulated in Chromium
// by deleting RTCPeerConnection and its friends (or getUserMedia) before the app loads. That
// page says so up front with WEBRTC_UNAVAILABLE and offers no call; callers see "can't take
// calls in this browser" with the buttons off (the server relays `calls: false`); and where the
// flag cannot travel (a base server), an offer is turned away at once with that code, which the
// caller shows as "Bob's browser cannot take calls" (never BAD_SDP, never a dialog for Bob).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness.cjs');
const { startBaseServer } = require('./base_server.cjs');

const DIST = process.env.DIALTONE_DIST || path.join(h.ROOT, 'dist');
const env = { server: null, base: null, browser: null };
before(async () => {
  env.server = await h.startServer();
  env.base = await startBaseServer({ dist: DIST });
  env.browser = await h.launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.stop();
  await env.base?.stop();
});

const T = (page, id) => page.locator(`[data-testid="${id}"]`);

/** What a browser without WebRTC looks like to the page. */
const WITHOUT = {
  peerConnection: () => {
    for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'RTCDataChannel', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver']) {
      delete window[name];
    }
  },
  getUserMedia: () => {
    delete MediaDevices.prototype.getUserMedia;
  },
};

function openWithout(server, name, room, what, viewport) {
  return h.openApp(env.browser, server, name, {
    query: `&room=${room}`,
    viewport,
    beforeLoad: (page) => page.addInitScript(WITHOUT[what]),
  });
}

async function assertNoCallsHere(page) {
  const notice = T(page, 'webrtc-unavailable');
  await notice.waitFor({ timeout: 5000 });
  assert.equal(await notice.getAttribute('data-code'), 'WEBRTC_UNAVAILABLE');
  assert.match(await notice.innerText(), /This browser cannot make or take calls/);
  assert.doesNotMatch(await notice.innerText(), /other side|the peer|server/i, 'blames nobody else');
}

for (const what of ['peerConnection', 'getUserMedia']) {
  test(`without ${what}: the page says so and calls nobody; callers see Bob can't take calls, buttons off`, { timeout: 60000 }, async () => {
    const room = `nowebrtc-${what}`;
    const alice = await h.openApp(env.browser, env.server, 'Alice', { query: `&room=${room}` });
    const bob = await openWithout(env.server, 'Bob', room, what);
    await assertNoCallsHere(bob);
    assert.deepEqual(bob.__errors || [], [], 'no page errors');

    // Bob's own page: every call button off.
    await h.waitForPeer(bob, alice);
    for (const id of ['call-audio-button', 'call-video-button']) {
      assert.equal(await h.peerRow(bob, alice).locator(`[data-testid="${id}"]`).isDisabled(), true, `Bob's ${id} is off`);
    }
    // Alice's row for Bob says why, with the buttons off; chat still works between them.
    await h.waitForPeer(alice, bob);
    const row = h.peerRow(alice, bob);
    await row.locator('[data-testid="peer-cannot-take-calls"]').waitFor({ timeout: 5000 });
    assert.match(await row.locator('[data-testid="peer-cannot-take-calls"]').innerText(), /can't take calls in this browser/i);
    for (const id of ['call-audio-button', 'call-video-button']) {
      assert.equal(await row.locator(`[data-testid="${id}"]`).isDisabled(), true, `Alice's ${id} for Bob is off`);
    }
    await bob.click('[data-testid="tab-chat"]');
    await bob.fill('[data-testid="chat-input"]', 'no calls from this browser, sorry');
    await bob.click('[data-testid="chat-send-button"]');
    await alice.click('[data-testid="tab-chat"]');
    await alice.locator('[data-testid="chat-text"]', { hasText: 'no calls from this browser' }).waitFor({ timeout: 5000 });
    await alice.click('[data-testid="tab-people"]');
    await bob.click('[data-testid="tab-people"]');
    if (what === 'peerConnection') {
      await h.screenshot(bob, 'no-webrtc-self-desktop');
      await h.screenshot(alice, 'no-webrtc-caller-row-desktop');
    }
    await alice.context().close();
    await bob.context().close();
  });
}

test('at the phone size, both themes: the notice fits and the row says it', { timeout: 60000 }, async () => {
  const viewport = { width: 390, height: 844 };
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=nowebrtc-phone', viewport });
  const bob = await openWithout(env.server, 'Bob', 'nowebrtc-phone', 'peerConnection', viewport);
  await assertNoCallsHere(bob);
  await h.peerRow(alice, bob).locator('[data-testid="peer-cannot-take-calls"]').waitFor({ timeout: 5000 });
  for (const scheme of ['light', 'dark']) {
    for (const [page, who] of [[bob, 'self'], [alice, 'caller-row']]) {
      await page.emulateMedia({ colorScheme: scheme });
      const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
      assert.ok(scroll <= width, `${who} ${scheme}: ${scroll} px in ${width}`);
      await h.screenshot(page, `no-webrtc-${who}-phone-${scheme}`);
    }
  }
  await alice.context().close();
  await bob.context().close();
});

test("on a base server (no flag relayed) an offer is turned away at once: '<name>'s browser cannot take calls', no dialog for Bob", { timeout: 60000 }, async () => {
  const alice = await h.openApp(env.browser, env.base, 'Alice', { query: '&room=nowebrtc-base' });
  const bob = await openWithout(env.base, 'Bob', 'nowebrtc-base', 'peerConnection');
  await assertNoCallsHere(bob);
  await h.waitForPeer(alice, bob);
  const row = h.peerRow(alice, bob);
  assert.equal(await row.locator('[data-testid="call-video-button"]').isDisabled(), false, 'a base server cannot tell Alice');
  const started = Date.now();
  await row.locator('[data-testid="call-video-button"]').click();
  assert.equal(await h.endReason(alice), 'WEBRTC_UNAVAILABLE');
  const took = Date.now() - started;
  // A base server shares no names, and the call never opened to tell one: the row's name is used.
  const shownAs = await row.locator('[data-testid="peer-name"]').innerText();
  assert.equal(await T(alice, 'call-end-reason').innerText(), `${shownAs}'s browser cannot take calls.`);
  const summary = await T(alice, 'call-ended').innerText();
  assert.doesNotMatch(summary, /BAD_SDP|could not use/);
  assert.equal(await T(bob, 'incoming-call').count(), 0, 'Bob never saw a dialog');
  console.log(`refused in ${took} ms (click to the caller's ended screen)`);
  assert.ok(took < 10000, `turned away at once, not after the ring time: ${took} ms`);
  await h.screenshot(alice, 'no-webrtc-caller-refused-desktop');
  // From now on Alice's row knows, as it would have from a Dialtone server.
  await row.locator('[data-testid="peer-cannot-take-calls"]').waitFor({ timeout: 2000 });
  assert.equal(await row.locator('[data-testid="call-audio-button"]').isDisabled(), true, 'learned from the refusal');
  // The history's call-back follows the same rule as the row: Bob is here, but cannot take calls.
  await alice.click('[data-testid="dismiss-call-button"]');
  await alice.click('[data-testid="tab-history"]');
  const back = T(alice, 'history-call-button');
  await back.waitFor({ timeout: 2000 });
  assert.equal(await back.isDisabled(), true, "the history's call button is off for someone who cannot take calls");
  await alice.context().close();
  await bob.context().close();
});
