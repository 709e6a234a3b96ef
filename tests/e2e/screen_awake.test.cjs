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
const { Bridge, openHostPage, hostCall } = require('./host_harness.cjs');

const PHONE = { width: 390, height: 844 };
const env = { browser: null, server: null, bridges: [] };

before(async () => {
  env.browser = await h.launchBrowser();
});
after(async () => {
  await Promise.all(env.bridges.map((b) => b.kill()));
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

/** Two host pages, each driven by its own bridge, watching their wake locks. */
async function twoHostPages() {
  const caller = await Bridge.start();
  const callee = await Bridge.start();
  env.bridges.push(caller, callee);
  const callerPage = await openHostPage(env.browser, caller, { initScript: WATCH_WAKE_LOCKS });
  const calleePage = await openHostPage(env.browser, callee, { initScript: WATCH_WAKE_LOCKS });
  return { caller, callee, callerPage, calleePage };
}

const peerMedia = (source, enabled) => (m) => m.resp?.type === 'peerMedia' && !m.command && m.resp.source === source && m.resp.enabled === enabled;

test('the host page keeps the screen on through a video call, gives the lock back when hidden, and lets it go at the end', { timeout: 120000 }, async () => {
  const { caller, callee, callerPage, calleePage } = await twoHostPages();
  await hostCall(caller, callee, { media: 'video' });
  await caller.waitFor(peerMedia('camera', true), 15000, 'the callee\'s camera arrives');
  await waitHeld(callerPage, 1, 'the caller in a video call');
  await waitHeld(calleePage, 1, 'the callee in a video call');

  await setHidden(calleePage, true);
  await waitHeld(calleePage, 0, 'the callee, tab hidden');
  await setHidden(calleePage, false);
  await waitHeld(calleePage, 1, 'the callee, tab shown again');
  assert.equal((await locks(calleePage)).granted, 2, 'one new lock on showing');

  assert.equal((await caller.command({ type: 'end' })).resp.type, 'ok');
  assert.equal((await callee.command({ type: 'end' })).resp.type, 'ok');
  await waitHeld(callerPage, 0, 'the caller after the end');
  await waitHeld(calleePage, 0, 'the callee after the end');
  assert.deepEqual([callerPage.__errors, calleePage.__errors], [undefined, undefined], 'no page errors');
  await callerPage.context().close();
  await calleePage.context().close();
});

test('a host page\'s audio call lets the screen sleep until video arrives: a shared screen holds it on both sides while it is shared', { timeout: 120000 }, async () => {
  const { caller, callee, callerPage, calleePage } = await twoHostPages();
  await hostCall(caller, callee, { media: 'audio' });
  await caller.waitFor(peerMedia('mic', true), 15000, 'the callee\'s voice arrives');
  await callee.waitFor(peerMedia('mic', true), 15000, 'the caller\'s voice arrives');
  assert.deepEqual([await locks(callerPage), await locks(calleePage)], [{ granted: 0, held: [] }, { granted: 0, held: [] }], 'an audio call asks for no lock');

  assert.equal((await caller.command({ type: 'media', source: 'screenVideo', enable: true })).resp.type, 'ok');
  await waitHeld(callerPage, 1, 'the caller sharing a screen');
  await callee.waitFor(peerMedia('screenVideo', true), 8000, 'the shared screen arrives');
  await waitHeld(calleePage, 1, 'the callee watching a shared screen');

  assert.equal((await caller.command({ type: 'media', source: 'screenVideo', enable: false })).resp.type, 'ok');
  await waitHeld(callerPage, 0, 'the caller once the sharing stopped');
  // The callee's page learns of it as its host does: three silent polls.
  await callee.waitFor(peerMedia('screenVideo', false), 8000, 'the shared screen stops');
  await waitHeld(calleePage, 0, 'the callee once nothing arrives');
  assert.deepEqual([callerPage.__errors, calleePage.__errors], [undefined, undefined], 'no page errors');
  await callerPage.context().close();
  await calleePage.context().close();
});
