// TURN against a real coturn (use-auth-secret): a relay-only call connects with the credentials
// /api/ice-servers issues; expired credentials are refused by coturn, and the page refreshes its
// own before they expire, so calls keep working.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const SECRET = `turn-secret-${process.pid}`;
const TURN_PORT = 34780;
const TTL_SECS = 4;
let coturn;

const env = h.serverAndBrowser({
  beforeAll: async () => { coturn = await h.startCoturn({ port: TURN_PORT, secret: SECRET }); },
  serverOptions: {
    // No access token on this test server: TURN for anyone who asks, which it must say it wants.
    args: ['--turn-urls', `turn:127.0.0.1:${TURN_PORT}?transport=udp`, '--turn-ttl-secs', String(TTL_SECS), '--open-turn'],
    env: { DIALTONE_TURN_SECRET: SECRET },
  },
  afterAll: async () => { await coturn?.stop(); },
});

/** The candidate types of the pair that carries the call (from the browser's stats). */
const selectedPair = (page) => page.evaluate(async () => {
  const report = await window.__peerConnections.at(-1).getStats();
  const stats = [...report.values()];
  const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = transport ? report.get(transport.selectedCandidatePairId)
    : stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  return pair ? [report.get(pair.localCandidateId).candidateType, report.get(pair.remoteCandidateId).candidateType] : null;
});

async function relayCall() {
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&relay=1' });
  const bob = await h.openApp(env.browser, env.server, 'Bob', { query: '&relay=1' });
  await h.waitForPeer(alice, bob);
  return { alice, bob };
}

async function connectAndCheck(alice, bob) {
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  await h.waitForCallState(bob, 'connected');
  for (const page of [alice, bob]) {
    assert.deepEqual(await selectedPair(page), ['relay', 'relay'], 'only relayed paths are used');
    const samples = await h.sampleInboundAudio(page, 1500);
    assert.ok(samples.at(-1).bytes > samples[0].bytes, 'audio flows through the relay');
  }
  await alice.click('[data-testid="hangup-button"]');
  await h.endReason(bob);
}

test('the ice-servers endpoint hands out coturn credentials that expire', { timeout: 30000 }, async () => {
  const body = await (await fetch(`${env.server.url}/api/ice-servers`)).json();
  assert.equal(body.ttl, TTL_SECS);
  const [turn] = body.iceServers;
  assert.deepEqual(turn.urls, [`turn:127.0.0.1:${TURN_PORT}?transport=udp`]);
  const expiry = Number(turn.username.split(':')[0]);
  assert.ok(Math.abs(expiry - (Date.now() / 1000 + TTL_SECS)) < 3, 'username starts with the expiry time');
  assert.ok(!JSON.stringify(body).includes(SECRET), 'the secret never leaves the server');
});

test('a relay-only call connects through coturn and audio flows', { timeout: 60000 }, async () => {
  const { alice, bob } = await relayCall();
  await connectAndCheck(alice, bob);
  for (const page of [alice, bob]) await page.context().close();
});

test('expired credentials are refused by coturn; the page has refreshed its own', { timeout: 90000 }, async () => {
  const { alice, bob } = await relayCall();
  const stale = (await (await fetch(`${env.server.url}/api/ice-servers`)).json()).iceServers;
  await alice.waitForTimeout((TTL_SECS + 2) * 1000);
  // The stale credentials: coturn refuses the allocation, so no relay candidate comes.
  const result = await alice.evaluate(async (iceServers) => {
    const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
    const found = { relay: 0, errors: [] };
    pc.onicecandidate = (e) => { if (e.candidate && e.candidate.type === 'relay') found.relay++; };
    pc.onicecandidateerror = (e) => found.errors.push(e.errorCode);
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((r) => { pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 8000); });
    pc.close();
    return found;
  }, stale);
  assert.equal(result.relay, 0, 'no relay with expired credentials');
  assert.ok(result.errors.includes(401), `coturn answered 401: ${JSON.stringify(result.errors)}`);
  // The pages' own credentials, fetched when they opened, have expired too: they refreshed them.
  await connectAndCheck(alice, bob);
  for (const page of [alice, bob]) await page.context().close();
});

test('an ICE-server request that never answers is given up and asked again: a relay-only call still connects', { timeout: 90000 }, async () => {
  // Each page's first request is taken and never answered (a hung server or proxy). Before, the
  // page waited on it for good: no TURN servers, and a relay-only call never connected.
  const asked = new Map();
  const holdFirst = (name) => (page) => page.route('**/api/ice-servers', async (route) => {
    asked.set(name, (asked.get(name) || 0) + 1);
    if (asked.get(name) > 1) await route.continue();
  });
  const started = Date.now();
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&relay=1', beforeLoad: holdFirst('alice') });
  const bob = await h.openApp(env.browser, env.server, 'Bob', { query: '&relay=1', beforeLoad: holdFirst('bob') });
  await h.waitForPeer(alice, bob);
  while (!(asked.get('alice') > 1 && asked.get('bob') > 1)) {
    assert.ok(Date.now() - started < 40000, `asked again: ${JSON.stringify([...asked])}`);
    await alice.waitForTimeout(250);
  }
  const waited = Date.now() - started;
  assert.ok(waited >= 10000, `not before the request's 10 s: ${waited} ms`);
  // The new servers reach the next connection.
  await alice.waitForTimeout(500);
  await connectAndCheck(alice, bob);
  for (const page of [alice, bob]) await page.context().close();
});
