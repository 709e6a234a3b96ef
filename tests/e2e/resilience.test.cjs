// A call survives a total network cut: every packet on the (namespace's) loopback is dropped for
// 5 seconds with nftables; the caller restarts ICE and media comes back in the same call.
'use strict';

const { execFileSync } = require('node:child_process');
const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

// These tests change the network of the namespace they run in: never outside one.
const inPrivateNetns = process.env.DIALTONE_E2E_NETNS === '1';

const nft = (...args) => execFileSync('nft', args, { stdio: 'pipe' });
const cutNetwork = () => {
  nft('add', 'table', 'inet', 'dialtone_cut');
  nft('add', 'chain', 'inet', 'dialtone_cut', 'out', '{ type filter hook output priority 0; policy drop; }');
};
const restoreNetwork = () => {
  try { nft('delete', 'table', 'inet', 'dialtone_cut'); } catch { /* already gone */ }
};

const env = h.serverAndBrowser({ afterAll: async () => { restoreNetwork(); } });

const localUfrag = (page) => page.evaluate(() =>
  (window.__peerConnections.at(-1).localDescription.sdp.match(/a=ice-ufrag:(\S+)/) || [])[1]);

const needsNetns = !inPrivateNetns && 'needs the private network namespace of scripts/test.sh';

async function connectedCall(query) {
  const { alice, bob } = await h.connectedCall(env, { query });
  // Media is flowing before the cut.
  await alice.waitForFunction(async () => {
    const report = await window.__peerConnections.at(-1).getStats();
    let bytes = 0;
    report.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio') bytes += s.bytesReceived; });
    return bytes > 2000;
  });
  return { alice, bob, callId: await alice.getAttribute('[data-testid="call-panel"]', 'data-call-id') };
}

/** After the network is back: the same call, connected on both sides, audio flowing again. */
async function assertCallCameBack({ alice, bob, callId }) {
  for (const page of [alice, bob]) {
    await page.waitForFunction(() => window.__peerConnections.at(-1).connectionState === 'connected', null, { timeout: 30000 });
    assert.equal(await h.callState(page), 'connected');
    assert.equal(await page.getAttribute('[data-testid="call-panel"]', 'data-call-id'), callId, 'the same call');
    const samples = await h.sampleInboundAudio(page, 1500);
    for (let i = 1; i < samples.length; i++) {
      assert.ok(samples[i].bytes > samples[i - 1].bytes, `audio flows again: ${JSON.stringify(samples)}`);
    }
  }
}

test('a call carries on through a 5-second total network cut', { timeout: 120000, skip: needsNetns }, async () => {
  const call = await connectedCall('');
  cutNetwork();
  try {
    await call.alice.waitForTimeout(5000);
  } finally {
    restoreNetwork();
  }
  await assertCallCameBack(call);
  for (const page of [call.alice, call.bob]) await page.context().close();
});

test('a cut long enough for ICE to notice is healed by an ICE restart in the same call', { timeout: 120000, skip: needsNetns }, async () => {
  // A short grace, so the caller restarts ICE while the network is still down.
  const call = await connectedCall('&disconnectedGraceMs=1000');
  const ufragBefore = await localUfrag(call.alice);
  const started = Date.now();
  cutNetwork();
  try {
    await call.alice.waitForTimeout(5000);
    // Hold the cut until the browser has noticed it, then past the grace.
    await call.alice.waitForFunction(() => ['disconnected', 'failed'].includes(window.__peerConnections.at(-1).connectionState),
      null, { timeout: 15000, polling: 100 });
    await call.alice.waitForTimeout(1500);
  } finally {
    restoreNetwork();
  }
  console.log(`network cut for ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await assertCallCameBack(call);
  assert.notEqual(await localUfrag(call.alice), ufragBefore, 'ICE was restarted (new credentials)');
  for (const page of [call.alice, call.bob]) await page.context().close();
});
