// The first load: the call page's loader opens the signaling socket while the app downloads (and
// asks for the people list on it), and the app takes that socket (one socket per page load, never
// two), from a named link, from the name remembered on this device, in the widget, and on a first
// visit (the loader makes up the name).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();
const WASM_DELAY_MS = 800;

/**
 * Loads `path` in a fresh page of `context` with the wasm held back WASM_DELAY_MS (a slow link),
 * and records, in order, each WebSocket the page opens and the moment the wasm is let through.
 */
async function load(context, path) {
  const page = await context.newPage();
  const events = [];
  page.on('websocket', (ws) => {
    events.push({ socket: new URL(ws.url()) });
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"type":"peer-list"')) events.push({ list: true });
    });
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"type":"list-peers"')) events.push({ asked: true });
    });
  });
  await page.route(/_bg\.wasm$/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, WASM_DELAY_MS));
    events.push({ wasm: true });
    await route.continue();
  });
  await page.goto(`${env.server.url}${path}`);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
  page.__peerId = await page.getAttribute('[data-testid="self-id"]', 'data-peer-id');
  // Settle: a socket the app opened after taking (or refusing) the loader's would show up now.
  await page.waitForTimeout(300);
  const sockets = events.filter((e) => e.socket).map((e) => e.socket);
  const firstSocket = events.findIndex((e) => e.socket);
  const wasm = events.findIndex((e) => e.wasm);
  const list = events.findIndex((e) => e.list);
  return {
    page,
    sockets,
    socketBeforeWasm: firstSocket !== -1 && firstSocket < wasm,
    listBeforeWasm: list !== -1 && list < wasm,
    listsAsked: events.filter((e) => e.asked).length,
  };
}

async function nameSeenBy(viewer, other) {
  await h.waitForPeer(viewer, other);
  return (await h.peerRow(viewer, other).locator('[data-testid="peer-name"]').textContent()).trim();
}

test('a named link connects while the app downloads, on one socket the app then uses', { timeout: 60000 }, async () => {
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  const context = await env.browser.newContext();
  const first = await load(context, '/?name=Alice%20O%27Neil');
  assert.equal(first.sockets.length, 1, `one signaling socket, not ${first.sockets.length}`);
  assert.equal(first.sockets[0].searchParams.get('name'), "Alice O'Neil");
  assert.ok(first.socketBeforeWasm, 'the socket opened before the wasm arrived');
  // The loader asked for the people list at once: the app starts with it, a round trip sooner.
  assert.ok(first.listBeforeWasm, 'the people list arrived before the wasm');
  // Asked once per load: the app knows the loader asked, and the server sends the list once.
  assert.equal(first.listsAsked, 1, `the list asked for ${first.listsAsked} times`);
  assert.equal(await nameSeenBy(bob, first.page), "Alice O'Neil");
  assert.equal(await nameSeenBy(first.page, bob), 'Bob');
  // The socket is the page's: a call over it connects and carries audio.
  await h.peerRow(first.page, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(first.page, 'connected');
  await h.assertAudioFlows(bob);
  await first.page.click('[data-testid="hangup-button"]');
  await first.page.close();

  // The next visit has no name in the link: the remembered one is used, still on one socket.
  const again = await load(context, '/');
  assert.equal(again.sockets.length, 1);
  assert.ok(again.socketBeforeWasm);
  assert.equal(again.listsAsked, 1);
  assert.equal(await nameSeenBy(bob, again.page), "Alice O'Neil");
  await context.close();
  await bob.context().close();
});

test('the widget and a first visit connect early too: the made-up name is the one the app uses, and the welcome still shows', { timeout: 60000 }, async () => {
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  const context = await env.browser.newContext();
  const widget = await load(context, '/?mode=embed&name=Widget%20user');
  assert.equal(widget.sockets.length, 1);
  assert.ok(widget.socketBeforeWasm, 'the widget connected while its wasm downloaded');
  assert.equal(widget.listsAsked, 1);
  await context.close();

  const fresh = await env.browser.newContext();
  const visit = await load(fresh, '/');
  assert.equal(visit.sockets.length, 1, `one signaling socket, not ${visit.sockets.length}`);
  assert.ok(visit.socketBeforeWasm, 'a first visit connected while the wasm downloaded');
  assert.equal(visit.listsAsked, 1);
  const madeUp = visit.sockets[0].searchParams.get('name');
  assert.match(madeUp, /^Guest \d{4}$/);
  await visit.page.waitForSelector('[data-testid="first-run"][data-step="name"]');
  assert.equal(await visit.page.inputValue('[data-testid="first-run-name-input"]'), madeUp);
  assert.equal(await nameSeenBy(bob, visit.page), madeUp);
  await visit.page.close();
  // The next load in this browser is not a first visit: no welcome, the same name, one socket.
  const back = await load(fresh, '/');
  assert.equal(back.sockets.length, 1);
  assert.equal(back.sockets[0].searchParams.get('name'), madeUp);
  assert.equal(await back.page.locator('[data-testid="first-run"]').count(), 0, 'welcomed once');
  await fresh.close();
  await bob.context().close();
});

// Before any click the page brings up the browser's WebRTC stack with a throwaway connection
// shaped like a call's first offer (rtc/warm_up.rs). It must capture nothing and send nothing:
// relay-only with no relay server gathers no candidate, and it is closed once its offer is set.
test('the call page warms WebRTC up before the first click, without a candidate, a capture or a frame', { timeout: 60000 }, async () => {
  const countCaptures = () => {
    window.__captures = 0;
    const original = MediaDevices.prototype.getUserMedia;
    MediaDevices.prototype.getUserMedia = function (...args) { window.__captures += 1; return original.apply(this, args); };
  };
  // Every frame the page sends, from its first socket on.
  const sent = [];
  const alice = await h.openApp(env.browser, env.server, 'Alice', {
    beforeLoad: (page) => {
      page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => sent.push(String(payload))));
      return page.addInitScript(countCaptures);
    },
  });
  await alice.waitForFunction(() => window.__peerConnections.length > 0 && window.__peerConnections[0].signalingState === 'closed', null, { timeout: 10000 });
  const warm = await alice.evaluate(() => {
    const pc = window.__peerConnections[0];
    const sdp = pc.localDescription?.sdp || '';
    return {
      connections: window.__peerConnections.length,
      policy: pc.getConfiguration().iceTransportPolicy,
      sections: sdp.split('\r\n').filter((line) => line.startsWith('m=')).map((line) => line.split(' ')[0]),
      candidates: sdp.split('\r\n').filter((line) => line.startsWith('a=candidate')).length,
    };
  });
  assert.deepEqual(warm, { connections: 1, policy: 'relay', sections: ['m=audio', 'm=application'], candidates: 0 });
  await alice.waitForTimeout(300);
  assert.ok(sent.some((frame) => frame.includes('"type":"list-peers"')), 'the page\'s frames are seen');
  assert.deepEqual(sent.filter((frame) => /"type":"(offer|answer|ice-candidate)"/.test(frame)), [], 'nothing of the warm-up is sent');
  assert.equal(await alice.evaluate(() => window.__captures), 0, 'nothing captured');
  assert.deepEqual(alice.__errors || [], []);
  await alice.context().close();
});

/** What of a call, if anything, is in `page`'s document, and where keyboard focus is. */
function callTraces(page) {
  return page.evaluate(() => ({
    apps: document.querySelectorAll('[data-testid="app"]').length,
    panels: document.querySelectorAll('[data-testid="call-panel"]').length,
    dialogs: document.querySelectorAll('[data-testid="incoming-call"]').length,
    idle: document.querySelectorAll('[data-testid="call-idle"]').length,
    // The rehearsal's laid-out copy lives for one task only.
    inert: document.querySelectorAll('body [inert]').length,
    focus: document.activeElement === document.body ? 'body' : document.activeElement?.outerHTML.slice(0, 80),
  }));
}

// The page draws its first call once, off the page, so a first click does not wait for that code
// to compile (ui/rehearsal.rs; bench/call_setup.sh measures the effect). Nobody may notice it: no
// element, no focus, no error. Bob is called the moment he is online, so his rehearsal is usually
// still under way and must give way to the real call, in the page and in the widget.
for (const [label, query] of [['the call page', ''], ['the widget', '&mode=embed']]) {
  test(`${label} rehearses its first call unseen, and a call that comes during the rehearsal is not disturbed`, { timeout: 60000 }, async () => {
    const alice = await h.openApp(env.browser, env.server, 'Alice');
    await alice.waitForSelector('[data-testid="app"][data-rehearsed="true"]', { timeout: 10000 });
    assert.deepEqual(await callTraces(alice), { apps: 1, panels: 0, dialogs: 0, idle: 1, inert: 0, focus: 'body' });

    const bob = await h.openApp(env.browser, env.server, 'Bob', { query });
    await h.waitForPeer(alice, bob);
    await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
    await bob.click('[data-testid="accept-button"]');
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    await h.assertAudioFlows(bob);
    await bob.waitForSelector('[data-testid="app"][data-rehearsed="true"]', { timeout: 10000 });
    const during = await callTraces(bob);
    assert.equal(during.panels, 1, 'only the real call is in the page');
    assert.equal(during.dialogs, 0);
    assert.equal(during.inert, 0);
    await alice.click('[data-testid="hangup-button"]');
    await h.endReason(bob);
    for (const page of [alice, bob]) assert.deepEqual(page.__errors || [], [], `no uncaught error in ${page.url()}`);
    await alice.context().close();
    await bob.context().close();
  });
}
