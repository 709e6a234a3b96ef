// The signaling connection drops mid-call without a goodbye (a network failure between the page
// and the server): the page reconnects, takes its id back, and the call is not disturbed.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

test('a dropped signaling connection resumes with the same id and the call goes on', { timeout: 90000 }, async () => {
  const proxy = await h.startTcpProxy(env.server.port);
  try {
    // Alice reaches the server through the proxy; Bob directly.
    const alice = await h.openApp(env.browser, { url: proxy.url }, 'Alice');
    const bob = await h.openApp(env.browser, env.server, 'Bob');
    await h.waitForPeer(alice, bob);
    await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
    await bob.click('[data-testid="accept-button"]');
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    const aliceId = alice.__peerId;

    proxy.drop();
    await alice.waitForSelector('[data-testid="connection-status"][data-status="reconnecting"]', { timeout: 10000 });
    await alice.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 20000 });
    assert.equal(await alice.getAttribute('[data-testid="self-id"]', 'data-peer-id'), aliceId, 'the same id');
    await alice.waitForSelector('[data-testid="error-banner"]', { state: 'detached' });

    // Bob never saw Alice leave; the call carried on; signaling still reaches her under her id.
    assert.equal(await h.peerRow(bob, alice).count(), 1);
    assert.equal(await h.callState(bob), 'connected');
    const samples = await h.sampleInboundAudio(bob, 1000);
    assert.ok(samples.at(-1).bytes > samples[0].bytes, 'media was never interrupted');
    await bob.click('[data-testid="hangup-button"]');
    assert.equal(await h.endReason(alice), 'REMOTE_HUNG_UP');
    for (const page of [alice, bob]) await page.context().close();
  } finally {
    await proxy.stop();
  }
});

test('a signaling connection that goes silent without a close is found out, and the page reconnects', { timeout: 120000 }, async () => {
  const proxy = await h.startTcpProxy(env.server.port);
  try {
    // Every change of the link status, with when (the reconnecting spell is short).
    const recordStatus = () => {
      window.__statuses = [];
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="connection-status"]')?.dataset.status;
        if (status && window.__statuses.at(-1)?.[1] !== status) window.__statuses.push([Date.now(), status]);
      }).observe(document, { subtree: true, childList: true, attributes: true });
    };
    const alice = await h.openApp(env.browser, { url: proxy.url }, 'Alice', { beforeLoad: (page) => page.addInitScript(recordStatus) });
    const bob = await h.openApp(env.browser, env.server, 'Bob');
    await h.waitForPeer(alice, bob);
    // Before, the page went on saying "Online" over a dead connection until the system's TCP gave
    // up (many minutes), and calls to it went nowhere.
    proxy.stall();
    const stalled = Date.now();
    const lost = await alice.waitForFunction((since) => window.__statuses.find(([at, status]) => at > since && status !== 'online'),
      stalled, { timeout: 50000, polling: 250 });
    const [lostAt, status] = await lost.jsonValue();
    assert.equal(status, 'reconnecting');
    const found = lostAt - stalled;
    assert.ok(found >= 25000 && found < 45000, `found out after the silence and the unanswered ask: ${found} ms`);
    // Back online through a new connection, and the notice it showed meanwhile is gone.
    await alice.waitForFunction((since) => window.__statuses.some(([at, status]) => at > since && status === 'online'), lostAt, { timeout: 20000 });
    await alice.waitForSelector('[data-testid="error-banner"]', { state: 'detached' });
    // Back for real: Bob sees her and she can call him.
    await h.waitForPeer(alice, bob);
    await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
    await bob.click('[data-testid="accept-button"]');
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    assert.deepEqual(alice.__errors || [], []);
    for (const page of [alice, bob]) await page.context().close();
  } finally {
    await proxy.stop();
  }
});
