// The server restarted in the middle of a call: the call's media goes on (it never passes the
// server), and both clients get their ids back when they reconnect, so the call's signaling
// (mute, hang-up) works again. Two ways a deployment keeps its memory: a lone node's state file
// across a graceful restart, and Redis across a crash.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./harness.cjs');

const env = h.redisAndBrowser();

const selfId = (page) => page.getAttribute('[data-testid="self-id"]', 'data-peer-id');

/** Restarts the server under a call and checks what the users would. */
async function callSurvivesRestart({ start, stop, label }) {
  let server = await start(0);
  const port = server.port;
  try {
    const alice = await h.openApp(env.browser, server, 'Alice');
    const bob = await h.openApp(env.browser, server, 'Bob');
    await h.placeAcceptedCall(alice, bob);
    const ids = [await selfId(alice), await selfId(bob)];

    await stop(server);
    await alice.waitForSelector('[data-testid="connection-status"]:not([data-status="online"])', { timeout: 10000 });
    // The banner says the call goes on (its own code: with no call, it would not say so).
    await alice.waitForSelector('[data-testid="error-banner"][data-code="SIGNALING_LOST_IN_CALL"]', { timeout: 10000 });
    assert.match(await alice.textContent('[data-testid="error-message"]'), /Your call goes on/);
    await h.assertAudioFlows(alice, `${label}: while the server is down, Alice`);
    server = await start(port);
    await h.waitOnline(alice);
    assert.equal(await alice.locator('[data-testid="error-banner"]').count(), 0, 'the notice goes once back');
    await h.waitOnline(bob);

    assert.deepEqual([await selfId(alice), await selfId(bob)], ids, `${label}: the same ids after the restart`);
    for (const page of [alice, bob]) assert.equal(await h.callState(page), 'connected');
    await h.assertAudioFlows(bob, `${label}: after the restart, Bob`);
    // Signaling works again: Bob's mute reaches Alice, and his hang-up ends the call on both sides.
    await bob.click('[data-testid="mute-button"]');
    await alice.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached', timeout: 10000 });
    await h.screenshot(alice, `restart-${label}-alice-after`);
    await bob.click('[data-testid="hangup-button"]');
    assert.equal(await h.endReason(alice), 'REMOTE_HUNG_UP');
    for (const page of [alice, bob]) await page.context().close();
  } finally {
    await server.stop();
  }
}

test('a lone server restarted gracefully mid-call: media continues, clients resume their ids', { timeout: 120000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-e2e-'));
  const stateFile = path.join(dir, 'state.json');
  try {
    await callSurvivesRestart({
      label: 'state-file',
      start: (port) => h.startServer({ port, args: ['--state-file', stateFile] }),
      stop: (server) => server.stop('SIGTERM'),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a server on Redis killed mid-call and started again: media continues, clients resume their ids', { timeout: 120000 }, async () => {
  await callSurvivesRestart({
    label: 'redis',
    start: (port) => h.startServer({ port, args: ['--redis', env.redis.url] }),
    stop: (server) => server.stop('SIGKILL'),
  });
});
