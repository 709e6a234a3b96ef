// Dialtone's page in front of a base signaling server (tests/e2e/base_server.cjs: relays only
// offer, answer, ice-candidate and chat; no call-end, call-media, names, errors or ICE servers).
// What works must work, and what cannot is said once, plainly (issue #16).
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const h = require('./harness.cjs');
const { startBaseServer } = require('./base_server.cjs');
const t = require('./control_timing.cjs');

const DIST = process.env.DIALTONE_DIST || path.join(h.ROOT, 'dist');
const env = { server: null, browser: null };
const figures = {};

before(async () => {
  env.server = await startBaseServer({ dist: DIST });
  env.browser = await h.launchBrowser();
});
after(async () => {
  console.log(JSON.stringify({ bench: 'base-server-control', ...figures }));
  await env.browser?.close();
  await env.server?.stop();
});

/** Opens a page and keeps its console errors. */
async function open(name, options = {}) {
  const page = await h.openApp(env.browser, env.server, name, {
    ...options,
    beforeLoad: (p) => {
      p.__consoleErrors = [];
      p.on('console', (m) => { if (m.type() === 'error') p.__consoleErrors.push(m.text()); });
    },
  });
  return page;
}

async function twoPeople(options) {
  const alice = await open('Alice', options);
  const bob = await open('Bob', options);
  await h.waitForPeer(alice, bob);
  await h.waitForPeer(bob, alice);
  return { alice, bob };
}

async function closeAll(...pages) {
  for (const page of pages) await page.context().close();
}

test('a base server is said once, plainly, and the ICE-server fetch is tried once', { timeout: 60000 }, async () => {
  const asked = env.server.stats.iceServerRequests;
  const { alice, bob } = await twoPeople();
  for (const page of [alice, bob]) {
    await page.waitForSelector('[data-testid="server-banner"][data-code="BASE_SERVER"]');
    assert.equal(await page.locator('[data-testid="server-banner"]').count(), 1, 'one banner');
    assert.match(await page.textContent('[data-testid="server-banner-message"]'), /cannot keep a message private/);
    assert.equal(await page.locator('[data-testid="error-banner"]').count(), 0, 'nothing is shown as an error');
  }
  for (const [viewport, label] of [[{ width: 1280, height: 800 }, 'desktop'], [{ width: 390, height: 844 }, 'phone']]) {
    await alice.setViewportSize(viewport);
    await h.screenshot(alice, `base-server-banner-${label}`);
  }
  await alice.setViewportSize({ width: 1280, height: 800 });
  // A base server answers /api/ice-servers with its HTML page: "none configured", not retried.
  await alice.waitForTimeout(4000);
  assert.equal(env.server.stats.iceServerRequests - asked, 2, 'one request per page, no retries');
  assert.deepEqual(alice.__consoleErrors, [], 'no console errors');

  // Dismissed, it stays away, even when the page reconnects to a restarted server; the page
  // that kept it still shows one.
  await alice.click('[data-testid="dismiss-server-banner-button"]');
  await alice.waitForSelector('[data-testid="server-banner"]', { state: 'detached' });
  const port = env.server.port;
  await env.server.stop();
  await alice.waitForSelector('[data-testid="connection-status"]:not([data-status="online"])', { timeout: 10000 });
  env.server = await startBaseServer({ dist: DIST, port });
  await h.waitOnline(alice);
  await h.waitOnline(bob);
  assert.equal(await alice.locator('[data-testid="server-banner"]').count(), 0, 'not again');
  assert.equal(await bob.locator('[data-testid="server-banner"]').count(), 1, 'still one');
  await closeAll(alice, bob);
});

test('room chat shows once for its sender; private chat is refused with the reason', { timeout: 60000 }, async () => {
  const { alice, bob } = await twoPeople();
  const relayed = env.server.stats.relayed.chat || 0;
  await alice.click('[data-testid="tab-chat"]');
  await bob.click('[data-testid="tab-chat"]');
  const text = `hello room ${Date.now()}`;
  await alice.fill('[data-testid="chat-input"]', text);
  await alice.click('[data-testid="chat-send-button"]');
  const line = (page) => page.locator('[data-testid="chat-message"]', { hasText: text });
  await line(bob).waitFor();
  // The base server echoes it back to Alice: she still sees it once, as hers.
  await alice.waitForTimeout(1000);
  assert.equal(await line(alice).count(), 1, 'no duplicate own message');
  assert.match(await line(alice).getAttribute('class'), /mine/);
  assert.equal(await line(bob).count(), 1);

  // A private message: refused before it leaves the page.
  await alice.selectOption('[data-testid="chat-recipient"]', bob.__peerId);
  const refused = alice.locator('[data-testid="chat-private-refused"]');
  await refused.waitFor();
  assert.match(await refused.textContent(), /This server cannot keep a message private/);
  assert.equal(await refused.getAttribute('data-code'), 'PRIVATE_CHAT_UNAVAILABLE');
  assert.ok(await alice.isDisabled('[data-testid="chat-send-button"]'), 'Send is off for a private recipient');
  await alice.fill('[data-testid="chat-input"]', 'a secret');
  await alice.press('[data-testid="chat-input"]', 'Enter');
  for (const [viewport, label] of [[{ width: 1280, height: 800 }, 'desktop'], [{ width: 390, height: 844 }, 'phone']]) {
    await alice.setViewportSize(viewport);
    await h.screenshot(alice, `base-server-private-refused-${label}`);
  }
  await alice.waitForTimeout(500);
  assert.equal(await bob.locator('[data-testid="chat-message"]', { hasText: 'a secret' }).count(), 0, 'nothing sent');
  assert.equal((env.server.stats.relayed.chat || 0) - relayed, 1, 'only the room message reached the server');
  await closeAll(alice, bob);
});

test('a call over a base server: names, mute, camera and hang-up reach the peer within 1 s', { timeout: 90000 }, async () => {
  const { alice, bob } = await twoPeople();
  assert.match(await h.peerRow(bob, alice).locator('[data-testid="peer-name"]').textContent(), /^Peer /, 'a base server gives no names');
  await h.placeAcceptedCall(alice, bob, 'video');
  await t.waitUsable(alice);
  await t.waitUsable(bob);
  // Names travel over the call's channel.
  await bob.waitForSelector('[data-testid="call-peer"]:has-text("Alice")', { timeout: 5000 });
  await alice.waitForSelector('[data-testid="call-peer"]:has-text("Bob")', { timeout: 5000 });

  figures.muteMs = await t.clickAndSee(bob, '[data-testid="mute-button"]', alice, '[data-testid="remote-mic-state"][data-muted="true"]');
  t.assertWithin('mute', figures.muteMs);
  figures.cameraOffMs = await t.clickAndSee(bob, '[data-testid="camera-button"]', alice, '[data-testid="remote-camera-off"]');
  t.assertWithin('camera off', figures.cameraOffMs);
  await h.screenshot(alice, 'base-server-in-call-desktop');
  await alice.setViewportSize({ width: 390, height: 844 });
  await h.screenshot(alice, 'base-server-in-call-phone');
  await alice.setViewportSize({ width: 1280, height: 800 });
  // The recording notice goes the same way, before the recorder starts.
  figures.recordingNoticeMs = await t.clickAndSee(bob, '[data-testid="record-button"]', alice, '[data-testid="recording-indicator"][data-remote="true"]');
  t.assertWithin('recording notice', figures.recordingNoticeMs);
  assert.match(await alice.textContent('[data-testid="recording-indicator"]'), /Bob is recording this call/);
  const seen = await t.controlLink(alice);
  assert.equal(seen.applied, 3, `each event applied once: ${JSON.stringify(seen)}`);

  await alice.waitForTimeout(1500);
  figures.hangUpMs = await t.clickAndSee(bob, '[data-testid="hangup-button"]', alice, '[data-testid="call-end-reason"][data-code="REMOTE_HUNG_UP"]');
  t.assertWithin('hang-up', figures.hangUpMs);
  const [a, b] = [await t.latestHistory(alice), await t.latestHistory(bob)];
  assert.deepEqual([a.reason, b.reason], ['REMOTE_HUNG_UP', 'HUNG_UP']);
  assert.ok(Math.abs(a.durationMs - b.durationMs) < 1500, `both histories agree: ${a.durationMs} vs ${b.durationMs} ms`);
  assert.deepEqual([alice.__errors, bob.__errors], [undefined, undefined], 'no page errors');
  await closeAll(alice, bob);
});

test('decline and cancel before connection reach the other side within 1 s', { timeout: 90000 }, async () => {
  const { alice, bob } = await twoPeople();
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="incoming-call"]');
  figures.declineMs = await t.clickAndSee(bob, '[data-testid="reject-button"]', alice, '[data-testid="call-end-reason"][data-code="REJECTED"]');
  t.assertWithin('decline', figures.declineMs);
  await alice.click('[data-testid="dismiss-call-button"]');
  await bob.click('[data-testid="dismiss-call-button"]').catch(() => {});

  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="incoming-call"]');
  figures.cancelMs = await t.clickAndSee(alice, '[data-testid="hangup-button"]', bob, '[data-testid="call-end-reason"][data-code="CANCELLED"]');
  t.assertWithin('cancel', figures.cancelMs);
  assert.equal(await bob.locator('[data-testid="incoming-call"]').count(), 0, 'the ringing stopped');
  await closeAll(alice, bob);
});

test('a caller turned away during a call hears busy within 1 s', { timeout: 90000 }, async () => {
  const { alice, bob } = await twoPeople();
  const carol = await open('Carol');
  await h.placeAcceptedCall(alice, bob, 'audio');
  await h.waitForPeer(carol, alice);
  await h.peerRow(carol, alice).locator('[data-testid="call-audio-button"]').click();
  await alice.waitForSelector('[data-testid="waiting-call"]');
  figures.busyMs = await t.clickAndSee(alice, '[data-testid="decline-waiting-button"]', carol, '[data-testid="call-end-reason"][data-code="PEER_BUSY"]');
  t.assertWithin('busy', figures.busyMs);
  for (const page of [alice, bob]) assert.equal(await h.callState(page), 'connected', 'the call goes on');
  await closeAll(alice, bob, carol);
});

test('on a base server, people without names are named in the reader\'s language everywhere they show', { timeout: 60000 }, async () => {
  const anna = await open('Anna', { locale: 'de-DE' });
  const bob = await open('Bob');
  await h.waitForPeer(anna, bob);
  await h.waitForPeer(bob, anna);
  const shortId = bob.__peerId.slice(0, 6);
  const row = h.peerRow(anna, bob);
  assert.equal((await row.locator('[data-testid="peer-name"]').textContent()).trim(), `Teilnehmer ${shortId}`);
  await anna.click('[data-testid="tab-chat"]');
  const options = await anna.locator('[data-testid="chat-recipient"] option').allTextContents();
  assert.ok(options.includes(`Teilnehmer ${shortId}`), `the chat's recipients: ${JSON.stringify(options)}`);
  assert.match((await h.peerRow(bob, anna).locator('[data-testid="peer-name"]').textContent()).trim(), /^Peer [0-9a-f]{6}$/, 'an English reader reads English');
  await closeAll(anna, bob);
});
