// Several server nodes sharing a real Redis: two people on different nodes call each other; a
// node is killed mid-call and its client resumes on the other node with the same id while the
// call's audio keeps flowing.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.redisAndBrowser();

const startNode = (port = 0) => h.startServer({ port, args: ['--redis', env.redis.url] });
const selfId = (page) => page.getAttribute('[data-testid="self-id"]', 'data-peer-id');
const callId = (page) => page.getAttribute('[data-testid="call-panel"]', 'data-call-id');

/** Signaling works end to end: a mute on one side shows on the other. */
async function assertMuteReaches(from, to) {
  await from.click('[data-testid="mute-button"]');
  await to.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached', timeout: 10000 });
  await from.click('[data-testid="mute-button"]');
  await to.waitForSelector('[data-testid="remote-mic-state"][data-muted="false"]', { state: 'attached', timeout: 10000 });
}

test('a call between two nodes survives the death of one: its client resumes on the other', { timeout: 120000 }, async () => {
  const nodeA = await startNode();
  const nodeB = await startNode();
  // Alice reaches the cluster through a load balancer that prefers node A; Bob is on node B.
  const balancer = await h.startFailoverProxy([nodeA.port, nodeB.port]);
  try {
    const alice = await h.openApp(env.browser, balancer, 'Alice');
    const bob = await h.openApp(env.browser, nodeB, 'Bob');
    const carol = await h.openApp(env.browser, balancer, 'Carol');
    await h.placeAcceptedCall(alice, bob);
    await h.assertAudioFlows(alice, 'before, Alice');
    // Carol, on node A, sees both in a call (Bob's state crossed from node B).
    for (const other of [alice, bob]) {
      await h.peerRow(carol, other).locator('[data-testid="peer-busy"]').waitFor({ timeout: 10000 });
    }
    await h.screenshot(carol, 'cluster-carol-sees-both-busy');
    const [aliceId, id] = [await selfId(alice), await callId(alice)];

    await nodeA.stop(); // SIGKILL: no close frames, no goodbye to Redis
    await alice.waitForSelector('[data-testid="connection-status"]:not([data-status="online"])', { timeout: 10000 });
    // The media path does not go through the server: audio keeps flowing meanwhile.
    await h.assertAudioFlows(bob, 'during the outage, Bob');
    await h.waitOnline(alice);
    await h.screenshot(alice, 'cluster-alice-resumed-on-node-b');

    assert.equal(await selfId(alice), aliceId, 'Alice has her id back, now on node B');
    for (const page of [alice, bob]) {
      assert.equal(await h.callState(page), 'connected');
      assert.equal(await callId(page), id, 'the same call');
    }
    await h.assertAudioFlows(alice, 'after, Alice');
    await assertMuteReaches(alice, bob);
    await assertMuteReaches(bob, alice);
    // In a call the people list is in the drawer; Alice is still in it: Bob never saw her leave.
    await bob.click('[data-testid="drawer-button"]');
    const stillListed = await h.peerRow(bob, alice).waitFor({ timeout: 3000 }).then(() => true, () => false);
    assert.ok(stillListed, 'Bob never saw Alice leave');
    for (const page of [alice, bob, carol]) await page.context().close();
  } finally {
    await balancer.stop();
    await nodeA.stop();
    await nodeB.stop();
  }
});
