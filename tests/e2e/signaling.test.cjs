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
