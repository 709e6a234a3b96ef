// A phone's screen stays on during a call with video (docs/ARCHITECTURE.md, "Keeping the
// screen on"): the page holds a real screen wake lock from the call's start to its end, gives it
// back when the tab is hidden and takes it again when shown; an audio call never asks for one.
// The widget does the same inside another site's iframe. The locks are the browser's own
// (`navigator.wakeLock`); the test only watches which ones the page asked for.
'use strict';

const path = require('node:path');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const PHONE = { width: 390, height: 844 };
const env = { browser: null, server: null };

before(async () => {
  env.browser = await h.launchBrowser();
});
after(async () => {
  await env.browser?.close();
});

/** Keeps every lock the page (or a frame) is granted, to read `released` later. */
const WATCH_WAKE_LOCKS = () => {
  window.__wakeLocks = [];
  if (!('WakeLock' in window)) return;
  const request = WakeLock.prototype.request;
  WakeLock.prototype.request = async function (...args) {
    const sentinel = await request.apply(this, args);
    window.__wakeLocks.push(sentinel);
    return sentinel;
  };
};

/** The page's locks: how many it was granted, and the types of those still held. */
const locks = (target) => target.evaluate(() => ({
  granted: window.__wakeLocks.length,
  held: window.__wakeLocks.filter((s) => !s.released).map((s) => s.type),
}));

async function waitHeld(target, count, label) {
  await target.waitForFunction((n) => window.__wakeLocks.filter((s) => !s.released).length === n, count, { timeout: 5000 })
    .catch(async () => assert.fail(`${label}: ${count} lock(s) held expected, got ${JSON.stringify(await locks(target))}`));
}

/**
 * Headless Chromium never hides a tab, so the test says it is hidden (or shown) the way the
 * browser would: the document's visibility, then its `visibilitychange` event. On a real hide the
 * browser releases the lock itself; here the page must give it back on its own.
 */
const setHidden = (page, hidden) => page.evaluate((hidden) => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}, hidden);

const open = (server, name) => h.openApp(env.browser, server, name, { viewport: PHONE, beforeLoad: (p) => p.addInitScript(WATCH_WAKE_LOCKS) });

test('a video call on a phone keeps the screen on until it ends, and takes the lock again when the tab is shown', { timeout: 90000 }, async () => {
  const server = await h.startServer();
  const alice = await open(server, 'Alice');
  const bob = await open(server, 'Bob');
  try {
    assert.deepEqual(await locks(alice), { granted: 0, held: [] }, 'no call, no lock');
    await h.placeAcceptedCall(alice, bob, 'video');
    await waitHeld(alice, 1, 'Alice in the call');
    await waitHeld(bob, 1, 'Bob in the call');
    assert.deepEqual(await locks(bob), { granted: 1, held: ['screen'] });

    await setHidden(bob, true);
    await waitHeld(bob, 0, 'Bob, tab hidden');
    await setHidden(bob, false);
    await waitHeld(bob, 1, 'Bob, tab shown again');
    assert.equal((await locks(bob)).granted, 2, 'one new lock on showing');

    await alice.click('[data-testid="hangup-button"]');
    await h.waitForCallState(bob, 'ended');
    await waitHeld(alice, 0, 'Alice after hanging up');
    await waitHeld(bob, 0, 'Bob after the call ended');
    assert.deepEqual([alice.__errors, bob.__errors], [undefined, undefined], 'no page errors');
  } finally {
    await alice.context().close();
    await bob.context().close();
    await server.stop();
  }
});

test('an audio call never asks for the lock: a phone held to the ear may sleep', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  const alice = await open(server, 'Alice');
  const bob = await open(server, 'Bob');
  try {
    await h.placeAcceptedCall(alice, bob, 'audio');
    await h.assertAudioFlows(bob, 'Bob');
    assert.deepEqual([await locks(alice), await locks(bob)], [{ granted: 0, held: [] }, { granted: 0, held: [] }]);
  } finally {
    await alice.context().close();
    await bob.context().close();
    await server.stop();
  }
});

test('the widget keeps the screen on during a video call inside another site', { timeout: 90000 }, async () => {
  const host = await h.startStatic(path.join(h.ROOT, 'examples', 'embed'));
  const server = await h.startServer({ args: ['--embed-origins', host.origin] });
  const agent = await h.openApp(env.browser, server, 'Agent', { query: '&room=support' });
  const context = await env.browser.newContext({ viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.addInitScript(WATCH_WAKE_LOCKS);
    await page.goto(`${host.url}/index.html?server=${encodeURIComponent(server.url)}`);
    await page.waitForSelector('[data-testid="host-status"]:has-text("Support is online")', { timeout: 20000 });
    const frame = page.frames().find((f) => f.url().startsWith(server.url));
    const visitor = await frame.getAttribute('[data-testid="self-id"]', 'data-peer-id');
    await h.peerRow(agent, { __peerId: visitor }).locator('[data-testid="call-video-button"]').click();
    // The site answers through the widget's API (examples/embed's answer button).
    await page.click('[data-testid="host-answer-button"]');
    await h.waitForCallState(agent, 'connected');
    await waitHeld(frame, 1, 'the widget in a video call');
    await agent.click('[data-testid="hangup-button"]');
    await waitHeld(frame, 0, 'the widget after the call');
    assert.equal((await locks(page)).granted, 0, 'the host page itself holds nothing');
  } finally {
    await context.close();
    await agent.context().close();
    await server.stop();
    await host.stop();
  }
});
