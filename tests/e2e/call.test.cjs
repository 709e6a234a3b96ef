// Two real browsers call each other through the real server, with fake media devices.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

async function twoPeople(query = '') {
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query });
  const bob = await h.openApp(env.browser, env.server, 'Bob', { query });
  await h.waitForPeer(alice, bob);
  await h.waitForPeer(bob, alice);
  return { alice, bob };
}

async function closeAll(...pages) {
  for (const page of pages) await page.context().close();
}

test('a call connects, audio flows both ways, and hanging up ends it on both sides', { timeout: 90000 }, async () => {
  const { alice, bob } = await twoPeople();
  await h.peerRow(alice, bob).locator('[data-testid="call-video-button"]').click();
  await h.waitForCallState(alice, 'invitation-sent');
  await bob.waitForSelector('[data-testid="incoming-call"]');
  assert.equal(await bob.textContent('[data-testid="incoming-caller"]'), 'Alice');
  await bob.click('[data-testid="accept-button"]');

  await h.waitForCallState(alice, 'connected');
  await h.waitForCallState(bob, 'connected');
  assert.equal(await alice.textContent('[data-testid="call-peer"]'), 'Bob');
  assert.equal(await bob.textContent('[data-testid="call-peer"]'), 'Alice');

  // Audio really flows: inbound bytes grow on both sides, sample after sample, for over 2 s,
  // and the fake microphone's beep carries energy.
  const [aliceIn, bobIn] = await Promise.all([h.sampleInboundAudio(alice), h.sampleInboundAudio(bob)]);
  for (const [who, samples] of [['Alice', aliceIn], ['Bob', bobIn]]) {
    for (let i = 1; i < samples.length; i++) {
      assert.ok(samples[i].bytes > samples[i - 1].bytes, `${who}: inbound audio grows (${JSON.stringify(samples)})`);
    }
    assert.ok(samples.at(-1).packets > samples[0].packets + 50, `${who}: packets arrive`);
    assert.ok(samples.at(-1).energy > 0, `${who}: the beep's energy arrives`);
  }
  // The remote video is playing, and the timer runs.
  const playing = await alice.$eval('[data-testid="remote-video"]', (v) => v.readyState >= 2 && v.videoWidth > 0);
  assert.ok(playing, 'remote video renders frames');
  assert.match(await alice.textContent('[data-testid="call-timer"]'), /^\d+:\d\d$/);
  for (const scheme of ['light', 'dark']) {
    await alice.emulateMedia({ colorScheme: scheme });
    await h.screenshot(alice, `in-call-video-${scheme}`);
  }

  await alice.click('[data-testid="hangup-button"]');
  assert.equal(await h.endReason(alice), 'HUNG_UP');
  assert.equal(await h.endReason(bob), 'REMOTE_HUNG_UP');
  assert.equal(await h.callState(bob), 'ended');
  // An ordinary end says what happened and how long it lasted, with no code to puzzle over.
  for (const page of [alice, bob]) {
    assert.equal(await page.locator('[data-testid="call-end-code"]').count(), 0, 'no code for a hang-up');
    assert.match(await page.textContent('.end-meta'), /^\s*Lasted \d+:\d\d\s*$/);
  }
  // Media is released: the peer connections are closed.
  assert.equal(await alice.evaluate(() => window.__peerConnections.at(-1).connectionState), 'closed');
  await h.screenshot(bob, 'call-ended');
  assert.deepEqual([alice.__errors, bob.__errors], [undefined, undefined], 'no page errors');
  await closeAll(alice, bob);
});

test('declining an incoming call ends it as rejected on both sides', { timeout: 60000 }, async () => {
  const { alice, bob } = await twoPeople();
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="incoming-call"][data-media="audio"]');
  await h.screenshot(bob, 'incoming-call');
  await bob.click('[data-testid="reject-button"]');
  assert.equal(await h.endReason(alice), 'REJECTED');
  assert.equal(await h.endReason(bob), 'REJECTED');
  assert.equal(await bob.locator('[data-testid="incoming-call"]').count(), 0, 'the dialog is gone');
  await alice.click('[data-testid="dismiss-call-button"]');
  await alice.waitForSelector('[data-testid="call-idle"]');
  await closeAll(alice, bob);
});

test('a callee who leaves while ringing makes the call unavailable', { timeout: 60000 }, async () => {
  const { alice, bob } = await twoPeople();
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="incoming-call"]');
  await bob.context().close();
  assert.equal(await h.endReason(alice), 'PEER_UNAVAILABLE');
  assert.equal(await h.peerRow(alice, bob).count(), 0, 'Bob is gone from the list');
  await closeAll(alice);
});

test('calling a peer the server no longer knows ends with PEER_UNAVAILABLE', { timeout: 60000 }, async () => {
  // Alice's view of the room goes stale: the test holds back the peer-left frames on her socket
  // (the server itself is untouched), so she still sees Bob after he has gone.
  const holdBackPeerLeft = async (page) => {
    await page.routeWebSocket(/\/ws/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((m) => upstream.send(m));
      upstream.onMessage((m) => {
        if (typeof m === 'string' && m.includes('"peer-left"')) return;
        ws.send(m);
      });
    });
  };
  const alice = await h.openApp(env.browser, env.server, 'Alice', { beforeLoad: holdBackPeerLeft });
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  await h.waitForPeer(alice, bob);
  const stale = h.peerRow(alice, bob);
  await bob.context().close();
  await alice.waitForTimeout(500);
  await stale.locator('[data-testid="call-audio-button"]').click();
  assert.equal(await h.endReason(alice), 'PEER_UNAVAILABLE');
  assert.match(await alice.textContent('[data-testid="call-end-reason"]'), /no longer online/);
  await closeAll(alice);
});

test('an unanswered call ends with NO_ANSWER after the ring timer', { timeout: 60000 }, async () => {
  const { alice, bob } = await twoPeople('&ringMs=3000');
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="incoming-call"]');
  assert.equal(await h.endReason(alice), 'NO_ANSWER');
  assert.equal(await h.endReason(bob), 'NO_ANSWER');
  await closeAll(alice, bob);
});
