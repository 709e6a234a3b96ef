// In-call control over the call's data channel on Dialtone's own server (issue #16): while the
// signaling server is down (a lone node without Redis, killed), mute, camera-off and hang-up
// still reach the peer within 1 s; once it is back the call goes on and nothing is applied twice.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const t = require('./control_timing.cjs');

const env = { browser: null };
const figures = {};

before(async () => { env.browser = await h.launchBrowser(); });
after(async () => {
  console.log(JSON.stringify({ bench: 'outage-control', ...figures }));
  await env.browser?.close();
});

const selfId = (page) => page.getAttribute('[data-testid="self-id"]', 'data-peer-id');

/** A video call between Alice and Bob on a fresh lone server; both control links usable. */
async function callOnLoneServer() {
  const server = await h.startServer();
  const pages = [];
  try {
    pages.push(await h.openApp(env.browser, server, 'Alice'));
    pages.push(await h.openApp(env.browser, server, 'Bob'));
    const [alice, bob] = pages;
    await h.placeAcceptedCall(alice, bob, 'video');
    await t.waitUsable(alice);
    await t.waitUsable(bob);
    return { server, alice, bob };
  } catch (error) {
    // A set-up that failed must not leave its server running: the file would never finish.
    await Promise.all(pages.map((page) => page.context().close()));
    await server.stop();
    throw error;
  }
}

async function killServer(server, ...pages) {
  await server.stop('SIGKILL');
  for (const page of pages) {
    await page.waitForSelector('[data-testid="connection-status"]:not([data-status="online"])', { timeout: 10000 });
  }
}

test('with the server down, mute and camera-off reach the peer; back up, the call goes on and nothing is applied twice', { timeout: 120000 }, async () => {
  let { server, alice, bob } = await callOnLoneServer();
  const port = server.port;
  const idsBefore = [await selfId(alice), await selfId(bob)];
  try {
    await killServer(server, alice, bob);
    figures.muteMs = await t.clickAndSee(bob, '[data-testid="mute-button"]', alice, '[data-testid="remote-mic-state"][data-muted="true"]');
    t.assertWithin('mute while the server is down', figures.muteMs);
    figures.cameraOffMs = await t.clickAndSee(bob, '[data-testid="camera-button"]', alice, '[data-testid="remote-camera-off"]');
    t.assertWithin('camera off while the server is down', figures.cameraOffMs);
    await h.screenshot(alice, 'outage-peer-muted');
    assert.equal((await t.controlLink(alice)).applied, 2);

    // Back up, without memory: both get new ids; the call goes on.
    server = await h.startServer({ port });
    await h.waitOnline(alice);
    await h.waitOnline(bob);
    assert.notDeepEqual([await selfId(alice), await selfId(bob)], idsBefore, 'a server without memory gives new ids');
    for (const page of [alice, bob]) assert.equal(await h.callState(page), 'connected');
    await h.assertAudioFlows(alice, 'after the restart, Alice');
    await alice.waitForTimeout(1500);
    const after = await t.controlLink(alice);
    assert.deepEqual([after.applied, after.stale], [2, 0], `nothing applied twice: ${JSON.stringify(after)}`);
    assert.equal(await alice.getAttribute('[data-testid="remote-mic-state"]', 'data-muted'), 'true', 'still muted');
    assert.equal(await alice.locator('[data-testid="remote-camera-off"]').count(), 1, 'still camera-off');

    // And control still works both ways.
    await t.clickAndSee(bob, '[data-testid="mute-button"]', alice, '[data-testid="remote-mic-state"][data-muted="false"]');
    await t.clickAndSee(alice, '[data-testid="mute-button"]', bob, '[data-testid="remote-mic-state"][data-muted="true"]');
    await alice.waitForTimeout(1000);
    assert.deepEqual([(await t.controlLink(alice)).applied, (await t.controlLink(bob)).applied], [3, 1]);
    assert.deepEqual([alice.__errors, bob.__errors], [undefined, undefined], 'no page errors');
  } finally {
    await alice.context().close();
    await bob.context().close();
    await server.stop();
  }
});

test('with the server down, a hang-up reaches the peer within 1 s and both histories agree', { timeout: 120000 }, async () => {
  const { server, alice, bob } = await callOnLoneServer();
  try {
    await alice.waitForTimeout(2000);
    await killServer(server, alice, bob);
    figures.hangUpMs = await t.clickAndSee(bob, '[data-testid="hangup-button"]', alice, '[data-testid="call-end-reason"][data-code="REMOTE_HUNG_UP"]');
    t.assertWithin('hang-up while the server is down', figures.hangUpMs);
    const [a, b] = [await t.latestHistory(alice), await t.latestHistory(bob)];
    assert.deepEqual([a.reason, b.reason], ['REMOTE_HUNG_UP', 'HUNG_UP']);
    assert.ok(Math.abs(a.durationMs - b.durationMs) < 1500, `both histories agree: ${a.durationMs} vs ${b.durationMs} ms`);
    // Bob's connection closes once the channel has flushed the end.
    await bob.waitForFunction(() => window.__peerConnections.at(-1).connectionState === 'closed', null, { timeout: 3000 });
  } finally {
    await alice.context().close();
    await bob.context().close();
    await server.stop();
  }
});
