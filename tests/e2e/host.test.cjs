// Host mode end to end (specs/host-protocol.md): a test host runs two real bridges
// (`dialtone-server host`) and drives two host-mode pages in Chromium through full calls,
// relaying offer, answer and candidates between them as a real host would.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');
const { Bridge, openHostPage, hostCall } = require('./host_harness.cjs');

let browser;
const bridges = [];
before(async () => { browser = await h.launchBrowser(); });
after(async () => {
  await Promise.all(bridges.map((b) => b.kill()));
  if (browser) await browser.close();
});

async function twoPages() {
  const caller = await Bridge.start();
  const callee = await Bridge.start();
  bridges.push(caller, callee);
  const callerPage = await openHostPage(browser, caller);
  const calleePage = await openHostPage(browser, callee);
  return { caller, callee, callerPage, calleePage };
}

const isEvent = (type) => (m) => m.resp && m.resp.type === type && !m.command;
const peerMedia = (source, enabled) => (m) => isEvent('peerMedia')(m) && m.resp.source === source && m.resp.enabled === enabled;

/** Inbound audio (bytes, energy) growth over `ms` on the page's peer connection. */
async function audioGrowth(page, ms = 2500) {
  const samples = await h.sampleInboundAudio(page, ms);
  const first = samples[0];
  const last = samples[samples.length - 1];
  return { bytes: last.bytes - first.bytes, energy: last.energy - first.energy };
}

async function frames(page) {
  const read = (name) => page.getAttribute('[data-testid="host-page"]', `data-frames-${name}`).then(Number);
  return { encrypted: await read('encrypted'), decrypted: await read('decrypted'), dropped: await read('dropped') };
}

test('two host pages hold a video call: replies, events, audio both ways, media confirmed and seen by the peer, end', { timeout: 120000 }, async () => {
  const { caller, callee, callerPage, calleePage } = await twoPages();
  const call = await hostCall(caller, callee, { media: 'video' });

  assert.equal(call.capabilities.resp.type, 'capabilities');
  assert.deepEqual(call.capabilities.command, { type: 'capabilities', media: 'video' }, 'the command is echoed as received');
  assert.equal(typeof call.capabilities.resp.capabilities.encryption, 'boolean');
  assert.equal(call.start.resp.type, 'offer');
  assert.match(call.start.resp.offer, /^[A-Za-z0-9+/]+=*$/, 'an LZ-string base64 offer');
  assert.equal(typeof call.start.resp.iceCandidates, 'string');
  assert.equal(call.offer.resp.type, 'answer');
  assert.equal(call.answer.resp.type, 'ok');

  // Both pages connect and report it, with the selected candidate pair.
  for (const bridge of [caller, callee]) {
    const up = await bridge.waitFor((m) => isEvent('connection')(m) && m.resp.state.connectionState === 'connected', 20000, 'connection connected');
    const connected = await bridge.waitFor(isEvent('connected'), 10000, 'connected');
    const delay = bridge.at(connected) - bridge.at(up);
    assert.ok(delay >= 350 && delay <= 1500, `connected follows connection:connected by ~500 ms (${delay} ms)`);
    assert.ok(['host', 'srflx', 'prflx', 'relay'].includes(connected.resp.connectionInfo.localCandidate.candidateType));
    assert.ok(connected.resp.connectionInfo.iceCandidatePair.id);
    await bridge.waitFor(peerMedia('mic', true), 10000, 'peerMedia mic true');
    await bridge.waitFor(peerMedia('camera', true), 10000, 'peerMedia camera true');
  }
  // The peer connection really has four transceivers in the fixed order.
  const mids = await callerPage.evaluate(() => window.__peerConnections.at(-1).getTransceivers().map((t) => `${t.mid}:${t.receiver.track.kind}`));
  assert.deepEqual(mids, ['0:audio', '1:video', '2:audio', '3:video']);

  // Audio flows both ways (the fake device's beep has energy).
  for (const page of [callerPage, calleePage]) {
    const growth = await audioGrowth(page);
    assert.ok(growth.bytes > 1000 && growth.energy > 0, `audio arrives: ${JSON.stringify(growth)}`);
  }
  await calleePage.waitForSelector('[data-testid="host-remote-video"].shown');
  await callee.command({ type: 'description', state: 'Connected', description: 'Call with Alice (end-to-end encrypted when both sides support it)' });
  await caller.command({ type: 'description', state: 'Connected', description: 'Call with Bob' });
  await calleePage.waitForSelector('[data-testid="host-spinner"]', { state: 'detached' });
  await h.screenshot(calleePage, 'host-callee-in-call');
  await h.screenshot(callerPage, 'host-caller-in-call');

  // Mic off: ok only once applied, then the peer's host hears peerMedia mic false.
  const before = callee.messages.length;
  const micOff = await caller.command({ type: 'media', source: 'mic', enable: false });
  assert.equal(micOff.resp.type, 'ok');
  const sender = await callerPage.evaluate(() => window.__peerConnections.at(-1).getTransceivers()[0].sender.track);
  assert.equal(sender, null, 'a disabled mic sends nothing (replaceTrack(null))');
  const micFalse = await callee.waitFor((m) => callee.messages.indexOf(m) >= before && peerMedia('mic', false)(m), 8000, 'peerMedia mic false');
  const silentFor = callee.at(micFalse) - caller.at(micOff);
  assert.ok(silentFor >= 2000 && silentFor <= 6000, `peerMedia false 3–5 s after the sender stopped (${silentFor} ms)`);
  assert.equal(await callerPage.getAttribute('[data-testid="host-mute-button"]', 'data-on'), 'false');
  const micOn = await caller.command({ type: 'media', source: 'mic', enable: true });
  assert.equal(micOn.resp.type, 'ok');
  await callee.waitFor((m) => callee.messages.indexOf(m) > callee.messages.findIndex(peerMedia('mic', false)) && peerMedia('mic', true)(m), 8000, 'peerMedia mic true again');

  // Camera off from the callee's page button: a page-originated ok, and the caller's host sees it.
  const callerBefore = caller.messages.length;
  await calleePage.click('[data-testid="host-camera-button"]');
  await callee.waitFor((m) => !('corrId' in m) && m.command && m.command.type === 'media' && m.command.source === 'camera' && m.command.enable === false && m.resp.type === 'ok', 8000, 'page-originated camera ok');
  await caller.waitFor((m) => caller.messages.indexOf(m) >= callerBefore && peerMedia('camera', false)(m), 8000, 'peerMedia camera false');
  const cameraOn = await callee.command({ type: 'media', source: 'camera', enable: true });
  assert.equal(cameraOn.resp.type, 'ok');
  await caller.waitFor((m) => caller.messages.indexOf(m) > caller.messages.findIndex(peerMedia('camera', false)) && peerMedia('camera', true)(m), 8000, 'peerMedia camera true again');
  // Screen sharing (Dialtone sends it on mid 3): confirmed, seen by the peer, shown full window
  // with the remote camera collapsed to a small box (§7); then off again.
  const screenFrom = callee.messages.length;
  assert.equal((await caller.command({ type: 'media', source: 'screenVideo', enable: true })).resp.type, 'ok');
  await callee.waitFor((m) => callee.messages.indexOf(m) >= screenFrom && peerMedia('screenVideo', true)(m), 8000, 'peerMedia screenVideo true');
  await calleePage.waitForSelector('[data-testid="host-remote-screen"].shown');
  await calleePage.waitForSelector('[data-testid="host-remote-video"].small');
  await h.screenshot(calleePage, 'host-callee-screen-shared');
  assert.equal((await caller.command({ type: 'media', source: 'screenVideo', enable: false })).resp.type, 'ok');
  await callee.waitFor((m) => callee.messages.indexOf(m) >= screenFrom && peerMedia('screenVideo', false)(m), 8000, 'peerMedia screenVideo false');

  // Switching the camera's facing mode during the call re-acquires it and is confirmed.
  assert.equal((await callee.command({ type: 'camera', camera: 'environment' })).resp.type, 'ok');
  assert.equal(await calleePage.evaluate(() => window.__peerConnections.at(-1).getTransceivers()[1].sender.track.readyState), 'live');
  assert.deepEqual((await callerPage.evaluate(() => window.__errors || [])), []);

  // End: the callee's user presses end → `end` event; its host ends and stops; the caller's
  // host ends too. Both pages stop their tracks and show the end screen; both bridges exit.
  // (First, a command type the host made up, 5,000 characters long: refused, and the page's log
  // shows it cut to a type's length.)
  await callee.command({ type: 'z'.repeat(5000) });
  await calleePage.click('[data-testid="host-hangup-button"]');
  await callee.waitFor(isEvent('end'), 5000, 'the end event');
  assert.equal((await callee.command({ type: 'end' })).resp.type, 'ok');
  assert.equal((await caller.command({ type: 'end' })).resp.type, 'ok');
  assert.equal(await callee.close(), 0);
  assert.equal(await caller.close(), 0);
  for (const page of [callerPage, calleePage]) {
    await page.waitForSelector('[data-testid="host-ended"]', { timeout: 5000 });
    const live = await page.evaluate(() => window.__peerConnections.at(-1).connectionState);
    assert.equal(live, 'closed');
    const tracks = await page.evaluate(() => window.__peerConnections.at(-1).getSenders().map((s) => s.track && s.track.readyState));
    assert.ok(tracks.every((state) => state === null || state === 'ended'), `every local track is stopped: ${tracks}`);
    // The event log (under "Events") lists each frame by its type only, the newest 100, in order.
    const log = await page.$$eval('[data-testid="host-event-log"] li', (items) => items.map((item) => item.textContent));
    assert.ok(log.length > 5 && log.length <= 100, `the event log holds the session's frames: ${log.length}`);
    assert.match(log[0], /^[←→] /, 'a frame is logged with its direction');
    assert.equal(log.at(-1), 'socket closed', 'the newest line is last');
    assert.ok(log.every((line) => !/aesKey|token|sdp/i.test(line)), 'no key, token or description in the log');
    assert.ok(log.every((line) => line.length <= 80), `a host's text is cut in the log: ${log.map((l) => l.length)}`);
  }
  await h.screenshot(calleePage, 'host-ended');
});

test('with the same aesKey audio flows through the frame transforms; with different keys nothing decodes', { timeout: 120000 }, async () => {
  const key = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
  const other = 'HxwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgEAAAA=';

  const same = await twoPages();
  const sameCall = await hostCall(same.caller, same.callee, { media: 'audio', callerKey: key, calleeKey: key });
  assert.equal(sameCall.capabilities.resp.capabilities.encryption, true, 'Chromium has RTCRtpScriptTransform');
  assert.equal(sameCall.start.resp.capabilities.encryption, true);
  await same.caller.waitFor(isEvent('connected'), 20000, 'connected');
  await same.callee.waitFor(isEvent('connected'), 20000, 'connected');
  for (const page of [same.callerPage, same.calleePage]) {
    const growth = await audioGrowth(page);
    assert.ok(growth.bytes > 1000 && growth.energy > 0, `encrypted audio is decoded: ${JSON.stringify(growth)}`);
    const counted = await frames(page);
    assert.ok(counted.encrypted > 0 && counted.decrypted > 0, JSON.stringify(counted));
    assert.equal(counted.dropped, 0);
  }
  await h.screenshot(same.callerPage, 'host-audio-call');
  await same.caller.close();
  await same.callee.close();

  const diff = await twoPages();
  await hostCall(diff.caller, diff.callee, { media: 'audio', callerKey: key, calleeKey: other });
  // ICE and DTLS do not depend on the frame key: the connection itself comes up.
  await diff.caller.waitFor(isEvent('connected'), 20000, 'connected');
  await diff.callee.waitFor(isEvent('connected'), 20000, 'connected');
  await diff.callerPage.waitForTimeout(1500);
  for (const page of [diff.callerPage, diff.calleePage]) {
    const growth = await audioGrowth(page);
    const counted = await frames(page);
    assert.ok(counted.encrypted > 0, `frames are encrypted: ${JSON.stringify(counted)}`);
    assert.ok(counted.dropped > 20 && counted.decrypted === 0, `no frame decrypts with another key: ${JSON.stringify(counted)}`);
    assert.ok(growth.energy < 1e-6, `no intelligible audio: ${JSON.stringify(growth)}`);
  }
  await diff.caller.close();
  await diff.callee.close();
});

test('a page without RTCRtpScriptTransform encrypts through createEncodedStreams, and talks with one that has it', { timeout: 90000 }, async () => {
  const key = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
  const caller = await Bridge.start();
  const callee = await Bridge.start();
  bridges.push(caller, callee);
  // The older API only: the page must find the fallback by itself (§6.2, §6.3).
  const callerPage = await openHostPage(browser, caller, { initScript: () => { delete window.RTCRtpScriptTransform; } });
  const calleePage = await openHostPage(browser, callee);
  assert.equal(await callerPage.evaluate(() => typeof window.RTCRtpScriptTransform), 'undefined');
  const call = await hostCall(caller, callee, { media: 'video', callerKey: key, calleeKey: key });
  assert.equal(call.capabilities.resp.capabilities.encryption, true, 'createEncodedStreams counts as the capability');
  await caller.waitFor(isEvent('connected'), 20000, 'connected');
  await callee.waitFor(isEvent('connected'), 20000, 'connected');
  await caller.waitFor(peerMedia('camera', true), 10000, 'encrypted video decodes on the fallback side');
  await callee.waitFor(peerMedia('camera', true), 10000, 'encrypted video decodes on the script-transform side');
  for (const page of [callerPage, calleePage]) {
    const growth = await audioGrowth(page);
    assert.ok(growth.bytes > 1000 && growth.energy > 0, `audio decodes across the two APIs: ${JSON.stringify(growth)}`);
    const counted = await frames(page);
    assert.ok(counted.encrypted > 0 && counted.decrypted > 0, JSON.stringify(counted));
  }
  await calleePage.waitForSelector('[data-testid="host-remote-video"].shown');
  const videoSize = await calleePage.evaluate(() => document.querySelector('[data-testid="host-remote-video"]').videoWidth);
  assert.ok(videoSize > 0, 'the decrypted VP8 frames decode into pictures');
  await caller.close();
  await callee.close();
});

test('relay: true with the host\'s TURN server connects through the relay only (a stuns: entry is tolerated)', { timeout: 90000 }, async () => {
  const TURN_PORT = 3481;
  const SECRET = 'host-mode-turn-secret';
  const coturn = await h.startCoturn({ port: TURN_PORT, secret: SECRET });
  try {
    // TURN REST credentials, as a host's own service would issue them.
    const username = `${Math.floor(Date.now() / 1000) + 600}:host-test`;
    const credential = require('node:crypto').createHmac('sha1', SECRET).update(username).digest('base64');
    const iceServers = [
      { urls: ['stuns:127.0.0.1:5349'] },
      { urls: [`turn:127.0.0.1:${TURN_PORT}?transport=udp`], username, credential },
    ];
    const { caller, callee, callerPage } = await twoPages();
    await hostCall(caller, callee, { media: 'audio', relay: true, iceServers });
    for (const bridge of [caller, callee]) {
      const connected = await bridge.waitFor(isEvent('connected'), 20000, 'connected through TURN');
      assert.equal(connected.resp.connectionInfo.localCandidate.candidateType, 'relay');
    }
    const config = await callerPage.evaluate(() => window.__peerConnections.at(-1).getConfiguration());
    assert.equal(config.iceTransportPolicy, 'relay');
    assert.ok(config.iceServers.some((s) => s.urls.some((u) => u.startsWith('turn:'))), 'the host\'s servers, not defaults');
    const growth = await audioGrowth(callerPage);
    assert.ok(growth.bytes > 1000 && growth.energy > 0, `audio through the relay: ${JSON.stringify(growth)}`);
    await caller.close();
    await callee.close();
  } finally {
    await coturn.stop();
  }
});

test('the transform worker writes and reads the core frame-crypto vectors byte for byte', { timeout: 60000 }, async () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(h.ROOT, 'crates/dialtone-core/tests/vectors/frames.json'), 'utf8'));
  const bridge = await Bridge.start();
  bridges.push(bridge);
  // `mode=host` in the query enters host mode on any path (§1.1).
  const page = await openHostPage(browser, bridge, { url: `${bridge.origin}/?mode=host#token=${bridge.token}` });
  assert.equal(await page.evaluate(() => location.hash), '', 'the token is removed from the address bar');
  assert.equal((await bridge.command({ type: 'description', state: 'Idle', description: '<b>plain</b>' })).resp.type, 'ok');
  assert.equal(await page.textContent('[data-testid="host-description-text"]'), '<b>plain</b>', 'host text is shown as text');
  const cases = [
    ...vectors.cases.map((c) => ({ ...c, key: vectors.key })),
    ...vectors.reference.map((c) => ({ ...c, key: vectors.key, iv: undefined })),
  ];
  const results = await page.evaluate(async (cases) => {
    const worker = new Worker('/public/host-frame-crypto.js');
    const out = [];
    for (const vector of cases) {
      out.push(await new Promise((resolve) => {
        const listener = ({ data }) => { if (data.vector) { worker.removeEventListener('message', listener); resolve(data.vector); } };
        worker.addEventListener('message', listener);
        worker.postMessage({ vector });
      }));
    }
    worker.terminate();
    return out;
  }, cases);
  assert.equal(results.length, 44);
  cases.forEach((c, i) => {
    if (c.iv) assert.equal(results[i].encrypted, c.encrypted, `encrypt ${c.kind} ${c.frame}`);
    assert.equal(results[i].decrypted, c.frame, `decrypt ${c.kind} ${c.encrypted}`);
  });
  // A flipped bit is dropped, not passed on.
  const flipped = { ...cases[0], iv: undefined, encrypted: cases[0].encrypted.replace(/^(.{24})(.)/, (_, a, b) => a + (b === '0' ? '1' : '0')) };
  const dropped = await page.evaluate(async (vector) => {
    const worker = new Worker('/public/host-frame-crypto.js');
    return new Promise((resolve) => {
      worker.addEventListener('message', ({ data }) => { if (data.vector) resolve(data.vector); });
      worker.postMessage({ vector });
    });
  }, flipped);
  assert.equal(dropped.decrypted, null);
  await bridge.close();
});

test('a page without the token, and a socket from another origin, are refused', { timeout: 60000 }, async () => {
  const bridge = await Bridge.start();
  bridges.push(bridge);
  // The page URL without its fragment: the socket is refused, the page ends (§7).
  const tokenless = await openHostPage(browser, bridge, { url: `${bridge.origin}/simplex/call/` });
  await tokenless.waitForSelector('[data-testid="host-ended"]', { timeout: 10000 });

  // Another origin that learnt the token still cannot connect.
  const dir = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'dialtone-evil-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>evil</title>');
  const evil = await h.startStatic(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${evil.url}/index.html`);
  const outcome = await page.evaluate((url) => new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.onopen = () => resolve('open');
    socket.onerror = () => resolve('refused');
  }), `ws://127.0.0.1:${new URL(bridge.origin).port}/?token=${bridge.token}`);
  assert.equal(outcome, 'refused');
  if (evil.stop) await evil.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  // The real page, with the token, still gets the one admission, and takes commands.
  const real = await openHostPage(browser, bridge);
  assert.equal((await bridge.command({ type: 'capabilities', media: 'audio' })).resp.type, 'capabilities');
  const reply = await bridge.command({ type: 'permission', title: 'Microphone blocked', chrome: 'Allow the microphone from the site information icon, left of the address.', safari: 'Allow it in Settings › Websites.' });
  assert.equal(reply.resp.type, 'ok');
  const unknown = await bridge.command({ type: 'dance' });
  assert.match(unknown.resp.message, /^dance: UNKNOWN_COMMAND/);
  await real.waitForSelector('[data-testid="host-permission"]');
  assert.equal(await real.textContent('[data-testid="host-permission-text"]'), 'Allow the microphone from the site information icon, left of the address.');
  await h.screenshot(real, 'host-permission');
  await bridge.close();
  await real.waitForSelector('[data-testid="host-ended"]', { timeout: 5000 });
});

test('commands a page cannot run are answered with stable error codes', { timeout: 60000 }, async () => {
  const bridge = await Bridge.start();
  bridges.push(bridge);
  await openHostPage(browser, bridge);
  const code = (reply) => reply.resp.type === 'error' && reply.resp.message.split(' ')[1];

  // Invalid JSON: MALFORMED, no command echoed (§8.6).
  bridge.child.stdin.write('{"corrId":9,"command":\n');
  bridge.child.stdin.write('not json\n');
  const malformed = await bridge.waitFor((m) => m.resp && m.resp.type === 'error' && /MALFORMED/.test(m.resp.message), 5000, 'MALFORMED');
  assert.equal(malformed.command, undefined);

  assert.equal(code(await bridge.command({ type: 'media', source: 'mic', enable: false })), 'NOT_READY');
  assert.equal(code(await bridge.command({ type: 'answer', answer: 'Q===', iceCandidates: 'NoXSA===' })), 'BAD_STATE');
  assert.equal(code(await bridge.command({ type: 'ice', iceCandidates: 'NoXSA===' })), 'EARLY_CANDIDATES');
  assert.equal(code(await bridge.command({ type: 'offer', offer: 'not lz', iceCandidates: 'NoXSA===', media: 'audio' })), 'BAD_SDP');
  assert.equal(code(await bridge.command({ type: 'start', media: 'audio', aesKey: 'too-short' })), 'BAD_KEY');
  // A wrong enum value is MALFORMED: the corrId comes back, the command is not echoed.
  bridge.send({ corrId: 77, command: { type: 'start', media: 'sound' } });
  const wrong = await bridge.waitFor((m) => m.corrId === 77, 5000, 'the reply to a malformed start');
  assert.equal(code(wrong), 'MALFORMED');
  assert.equal(wrong.command, undefined);
  assert.equal((await bridge.command({ type: 'layout', layout: 'remoteVideo' })).resp.type, 'ok');
  assert.equal((await bridge.command({ type: 'end' })).resp.type, 'ok', 'end with no call is ok');
  await bridge.close();
});
