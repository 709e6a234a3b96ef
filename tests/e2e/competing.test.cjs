// Competing calls in real browsers: cancel while ringing, busy, end-current-and-accept, and two
// people calling each other at the same moment.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

async function people(...names) {
  const pages = [];
  for (const name of names) pages.push(await h.openApp(env.browser, env.server, name));
  for (const a of pages) for (const b of pages) if (a !== b) await h.waitForPeer(a, b);
  return pages;
}

async function call(from, to, media = 'audio') {
  await h.peerRow(from, to).locator(`[data-testid="call-${media}-button"]`).click();
}

async function connect(from, to) {
  await call(from, to);
  await to.click('[data-testid="accept-button"]');
  await h.waitForCallState(from, 'connected');
  await h.waitForCallState(to, 'connected');
}

const closeAll = async (pages) => { for (const p of pages) await p.context().close(); };

test('cancelling while it rings ends the call on both sides as cancelled', { timeout: 60000 }, async () => {
  const [alice, bob] = await people('Alice', 'Bob');
  await call(alice, bob);
  await bob.waitForSelector('[data-testid="incoming-call"]');
  assert.equal(await alice.textContent('[data-testid="hangup-button"]'), 'Cancel');
  await alice.click('[data-testid="hangup-button"]');
  assert.equal(await h.endReason(alice), 'CANCELLED');
  assert.equal(await h.endReason(bob), 'CANCELLED');
  await bob.waitForSelector('[data-testid="incoming-call"]', { state: 'detached' });
  await closeAll([alice, bob]);
});

test('a call to someone on a call waits; declining it tells the caller they are busy', { timeout: 60000 }, async () => {
  const [alice, bob, carol] = await people('Alice', 'Bob', 'Carol');
  await connect(alice, bob);
  await call(carol, alice);
  await alice.waitForSelector('[data-testid="waiting-call"]');
  assert.match(await alice.textContent('[data-testid="waiting-call"]'), /Carol is calling \(audio\)/);
  await h.screenshot(alice, 'call-waiting');
  await alice.click('[data-testid="decline-waiting-button"]');
  assert.equal(await h.endReason(carol), 'PEER_BUSY');
  assert.match(await carol.textContent('[data-testid="call-end-reason"]'), /on another call/);
  assert.equal(await h.callState(alice), 'connected', 'the first call goes on');
  assert.equal(await h.callState(bob), 'connected');
  await closeAll([alice, bob, carol]);
});

test('ending the current call to accept the waiting one connects the new call', { timeout: 90000 }, async () => {
  const [alice, bob, carol] = await people('Alice', 'Bob', 'Carol');
  await connect(alice, bob);
  await call(carol, alice);
  await alice.waitForSelector('[data-testid="waiting-call"]');
  await alice.click('[data-testid="switch-call-button"]');
  assert.equal(await h.endReason(bob), 'SWITCHED');
  await h.waitForCallState(alice, 'connected');
  await h.waitForCallState(carol, 'connected');
  assert.equal(await alice.textContent('[data-testid="call-peer"]'), 'Carol');
  const samples = await h.sampleInboundAudio(carol, 1500);
  assert.ok(samples.at(-1).bytes > samples[0].bytes, 'audio flows in the new call');
  // Still in the call with Carol: the side panel is the drawer.
  await alice.click('[data-testid="drawer-button"]');
  await alice.click('[data-testid="tab-history"]');
  await alice.waitForSelector('[data-testid="history-item"][data-reason="SWITCHED"]');
  await closeAll([alice, bob, carol]);
});

// Holds each invitation at the callee's socket until the callee has sent its own: the test's
// stand-in for a network slow enough that the two invitations pass each other, so every round
// really crosses however loaded the machine is (the server and both pages are untouched).
function crossInvitations() {
  return (page) => page.routeWebSocket(/\/ws/, (ws) => {
    const upstream = ws.connectToServer();
    let sentOwn = false;
    const held = [];
    ws.onMessage((m) => {
      upstream.send(m);
      if (!sentOwn && typeof m === 'string' && m.includes('"type":"offer"')) {
        sentOwn = true;
        page.__ownCallId = JSON.parse(m).payload.callId;
        for (const frame of held.splice(0)) ws.send(frame);
      }
    });
    upstream.onMessage((m) => {
      if (!sentOwn && typeof m === 'string' && m.includes('"type":"offer"')) held.push(m);
      else ws.send(m);
    });
  });
}

test('two people calling each other at once end up in one connected call', { timeout: 90000 }, async () => {
  for (let round = 0; round < 3; round++) {
    const alice = await h.openApp(env.browser, env.server, 'Alice', { beforeLoad: crossInvitations() });
    const bob = await h.openApp(env.browser, env.server, 'Bob', { beforeLoad: crossInvitations() });
    await h.waitForPeer(alice, bob);
    await h.waitForPeer(bob, alice);
    await Promise.all([call(alice, bob), call(bob, alice)]);
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    const ids = await Promise.all([alice, bob].map((p) => p.getAttribute('[data-testid="call-panel"]', 'data-call-id')));
    assert.equal(ids[0], ids[1], 'one call, the same on both sides');
    assert.ok(alice.__ownCallId && bob.__ownCallId, 'both invitations were sent');
    const winner = [alice, bob].sort((a, b) => (a.__peerId < b.__peerId ? -1 : 1))[0];
    assert.equal(ids[0], winner.__ownCallId, "the smaller id's invitation is the call");
    assert.equal(await alice.locator('[data-testid="incoming-call"]').count(), 0);
    assert.equal(await bob.locator('[data-testid="incoming-call"]').count(), 0);
    const live = await Promise.all([alice, bob].map((p) => p.evaluate(() =>
      window.__peerConnections.filter((pc) => pc.connectionState !== 'closed').length)));
    assert.deepEqual(live, [1, 1], 'no stray peer connection is left open');
    const samples = await h.sampleInboundAudio(alice, 1000);
    assert.ok(samples.at(-1).bytes > samples[0].bytes);
    await closeAll([alice, bob]);
  }
});
