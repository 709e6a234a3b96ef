// The embeddable widget on another site: the example host page (served from another origin)
// drives a real call through the public API only; origins are enforced in both directions.
'use strict';

const path = require('node:path');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const EXAMPLE = path.join(h.ROOT, 'examples', 'embed');
let host, stranger, server, browser;

before(async () => {
  host = await h.startStatic(EXAMPLE);
  stranger = await h.startStatic(EXAMPLE);
  server = await h.startServer({ args: ['--embed-origins', host.origin] });
  browser = await h.launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.stop();
  await stranger?.stop();
});

async function openHost(origin = host, query = '') {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => { page.__errors = (page.__errors || []).concat(String(e)); });
  // Also runs in the widget's iframe, so the test can read its getStats().
  await page.addInitScript(h.RECORD_PEER_CONNECTIONS);
  await page.goto(`${origin.url}/index.html?server=${encodeURIComponent(server.url)}${query}`);
  return page;
}

function widgetFrame(page) {
  return page.frames().find((f) => f.url().startsWith(server.url));
}

async function waitForEvent(page, name, predicate = '() => true', timeout = 20000) {
  const handle = await page.waitForFunction(
    ([name, predicate]) => {
      const test = eval(predicate);
      return window.__events.find((e) => e.name === name && test(e.args));
    },
    [name, predicate],
    { timeout },
  );
  return handle.jsonValue();
}

test('the host page calls an agent through the API and follows the call by events', { timeout: 120000 }, async () => {
  const agent = await h.openApp(browser, server, 'Agent', { query: '&room=support' });
  const page = await openHost();
  await page.waitForSelector('[data-testid="host-status"]:has-text("Support is online")', { timeout: 20000 });
  const ready = await waitForEvent(page, 'ready');
  assert.ok(ready.args.id, 'ready carries the widget id');
  const peers = await waitForEvent(page, 'peers', '(p) => p.length === 1');
  assert.deepEqual(peers.args, [{ id: agent.__peerId, name: 'Agent', busy: false }]);
  await h.screenshot(page, 'embed-idle');

  await page.click('[data-testid="host-call-button"]');
  await waitForEvent(page, 'call-state', '(c) => c.state === "invitation-sent"');
  await agent.waitForSelector('[data-testid="incoming-call"]');
  assert.equal(await agent.textContent('[data-testid="incoming-caller"]'), 'Visitor');
  await h.screenshot(page, 'embed-ringing');
  await agent.click('[data-testid="accept-button"]');
  const connected = await waitForEvent(page, 'call-state', '(c) => c.state === "connected"');
  assert.equal(connected.args.peer, agent.__peerId);
  assert.equal(connected.args.peerName, 'Agent');
  await page.waitForSelector('[data-testid="host-status"]:has-text("Connected to support")');

  // Audio really flows into the widget.
  const frame = widgetFrame(page);
  const samples = await h.sampleInboundAudio(frame, 2000);
  assert.ok(samples.at(-1).bytes > samples[0].bytes, `audio reaches the widget: ${JSON.stringify(samples)}`);
  await h.screenshot(page, 'embed-in-call');

  // Audio output through the API: an unknown device is refused; a real one takes effect.
  const unknown = await page.evaluate(() => window.supportWidget.setOutputDevice('no-such-speaker').then(() => null, (e) => e.code));
  assert.equal(unknown, 'DEVICE_NOT_FOUND');
  const speaker = await frame.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
    .filter((d) => d.kind === 'audiooutput' && d.deviceId && d.deviceId !== 'default').at(-1).deviceId);
  assert.deepEqual(await page.evaluate((id) => window.supportWidget.setOutputDevice(id), speaker), { deviceId: speaker });
  await frame.waitForFunction((id) => document.querySelector('[data-testid="remote-video"]').sinkId === id, speaker);

  // Mute through the API: the event carries the confirmed state, which the track really has.
  await page.click('[data-testid="host-mute-button"]');
  const muted = await waitForEvent(page, 'media-state', '(m) => m.mic === false');
  assert.equal(muted.args.callId, connected.args.callId);
  const trackEnabled = await frame.evaluate(() =>
    window.__peerConnections.at(-1).getSenders().find((s) => s.track && s.track.kind === 'audio').track.enabled);
  assert.equal(trackEnabled, false);
  await agent.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached' });
  const state = await page.evaluate(() => window.supportWidget.getState());
  assert.equal(state.call.state, 'connected');
  assert.equal(state.call.muted.mic, true);

  await page.waitForTimeout(1200);
  await page.click('[data-testid="host-hangup-button"]');
  const ended = await waitForEvent(page, 'call-ended');
  assert.equal(ended.args.reason, 'HUNG_UP');
  assert.ok(ended.args.duration >= 1000, `duration in ms: ${ended.args.duration}`);
  assert.equal(await h.endReason(agent), 'REMOTE_HUNG_UP');

  // The agent calls the visitor: the host learns of it and answers through the API.
  await h.peerRow(agent, { __peerId: ready.args.id }).locator('[data-testid="call-audio-button"]').click();
  const incoming = await waitForEvent(page, 'incoming-call');
  assert.equal(incoming.args.peer, agent.__peerId);
  await page.click('[data-testid="host-answer-button"]');
  await waitForEvent(page, 'call-state', `(c) => c.state === "connected" && c.callId === ${JSON.stringify(incoming.args.callId)}`);
  await h.waitForCallState(agent, 'connected');
  await page.evaluate(() => window.supportWidget.hangUp());
  await waitForEvent(page, 'call-ended', `(e) => e.callId === ${JSON.stringify(incoming.args.callId)}`);

  // Chat both ways: the site's sendChat reaches the agent's page; the agent's line comes to the
  // site as a `chat` event. Every event has its own id in one numbering (none is 0).
  await page.evaluate(() => window.supportWidget.sendChat('Hello from the site'));
  await agent.click('[data-testid="tab-chat"]');
  await agent.waitForSelector('[data-testid="chat-message"] >> text=Hello from the site');
  await agent.fill('[data-testid="chat-input"]', 'Hello, visitor');
  await agent.click('[data-testid="chat-send-button"]');
  const line = await waitForEvent(page, 'chat', '(c) => c.text === "Hello, visitor"');
  assert.deepEqual(line.args, { from: agent.__peerId, name: 'Agent', text: 'Hello, visitor', direct: false });
  const ids = await page.evaluate(() => window.__raw.map((r) => JSON.parse(r)).filter((m) => m.kind === 'event').map((m) => m.id));
  assert.ok(ids.length > 5 && ids.every((id) => id > 0), `event ids: ${ids}`);
  assert.equal(new Set(ids).size, ids.length, `event ids are unique: ${ids}`);

  // Nothing secret ever crossed postMessage: no SDP, no candidates, no ICE credentials.
  const raw = await page.evaluate(() => window.__raw.join('\n'));
  assert.ok(raw.length > 0);
  for (const secret of ['sdp', 'ice-pwd', 'ice-ufrag', 'candidate', 'fingerprint', 'resume', 'token']) {
    assert.ok(!raw.includes(secret), `"${secret}" never reaches the host page`);
  }
  assert.deepEqual(page.__errors, undefined);
  await agent.context().close();
  await page.context().close();
});

// A site may write the widget's iframe in its own markup, inside <dialtone-call> (docs/EMBED.md):
// it then loads with the site's page, not after embed.js. The element adopts it, before or after
// the widget is ready. (bench/load.sh's host page adopts one with Dialtone.mount on a div.)
test('a widget iframe in the site markup is adopted, even when embed.js comes after it is ready', { timeout: 120000 }, async () => {
  const agent = await h.openApp(browser, server, 'Agent', { query: '&room=support' });

  // embed.js at once: the widget announces itself as usual.
  const early = await openHost(host, '&markup=1');
  const earlyReady = await waitForEvent(early, 'ready');
  assert.ok(earlyReady.args.id);
  await waitForEvent(early, 'peers', '(p) => p.length === 1');
  assert.equal(await early.locator('#widget iframe').count(), 1, 'the markup iframe is used, none added');
  await early.context().close();

  // embed.js only once the widget is connected and listed the agent: its own "ready" went unheard.
  const page = await openHost(host, '&markup=1&embed=late');
  await page.waitForFunction((origin) => [...document.querySelectorAll('iframe')].some((f) => f.src.startsWith(origin)), server.url);
  const frame = await (async () => {
    for (;;) {
      const found = widgetFrame(page);
      if (found) return found;
      await page.waitForTimeout(50);
    }
  })();
  await frame.waitForSelector(`[data-testid="peer-item"][data-peer-id="${agent.__peerId}"]`, { timeout: 20000 });
  assert.equal(await page.evaluate(() => typeof window.Dialtone), 'undefined', 'the loader is not there yet');
  await page.evaluate(() => window.loadEmbed());
  const ready = await waitForEvent(page, 'ready');
  const state = await page.evaluate(() => window.supportWidget.getState());
  assert.equal(ready.args.id, state.id, 'ready says who the widget is, as the widget itself would');
  assert.equal(ready.args.name, 'Visitor');
  const peers = await waitForEvent(page, 'peers', '(p) => p.length === 1');
  assert.deepEqual(peers.args, [{ id: agent.__peerId, name: 'Agent', busy: false }]);
  assert.equal(await page.evaluate(() => window.__events.filter((e) => e.name === 'ready').length), 1, 'ready once');
  assert.equal(await page.locator('#widget iframe').count(), 1);
  assert.equal(frame.isDetached(), false, 'the same iframe, never reloaded');
  assert.equal(await page.evaluate(() => document.querySelector('#widget dialtone-call').widget.adopted), true,
    'the <dialtone-call> element adopted its iframe');

  // And it is a working widget: a call through the API, with audio flowing into it.
  await page.waitForSelector('[data-testid="host-status"]:has-text("Support is online")');
  await page.click('[data-testid="host-call-button"]');
  await agent.waitForSelector('[data-testid="incoming-call"]');
  await agent.click('[data-testid="accept-button"]');
  await waitForEvent(page, 'call-state', '(c) => c.state === "connected"');
  const samples = await h.sampleInboundAudio(frame, 1500);
  assert.ok(samples.at(-1).bytes > samples[0].bytes, `audio reaches the adopted widget: ${JSON.stringify(samples)}`);
  await h.screenshot(page, 'embed-markup-in-call');
  await page.click('[data-testid="host-hangup-button"]');
  assert.equal((await waitForEvent(page, 'call-ended')).args.reason, 'HUNG_UP');
  assert.deepEqual(page.__errors, undefined);
  await agent.context().close();
  await page.context().close();
});

test('malformed commands get error replies; unknown ones reject the promise', { timeout: 60000 }, async () => {
  const page = await openHost();
  await waitForEvent(page, 'ready');
  const error = await page.evaluate(() => window.supportWidget.command('teleport').then(() => null, (e) => e.code));
  assert.equal(error, 'UNKNOWN_COMMAND');
  const badArgs = await page.evaluate(() => window.supportWidget.command('call', [42]).then(() => null, (e) => e.code));
  assert.equal(badArgs, 'BAD_ARGS');
  const notNow = await page.evaluate(() => window.supportWidget.answer().then(() => null, (e) => e.code));
  assert.equal(notNow, 'NOT_ALLOWED', 'answering with no call is refused with the reason');
  // Raw malformed messages from the host: an error reply when they carry an id.
  await page.evaluate(() => {
    const frame = document.querySelector('#widget iframe').contentWindow;
    frame.postMessage({ dialtone: 1, id: 901, kind: 'command', name: 'setMuted', args: 'mic' }, '*');
    frame.postMessage({ dialtone: 7, id: 902, kind: 'command', name: 'getState' }, '*');
    frame.postMessage('just a string', '*');
    // 8 MB: refused from its id alone (the widget neither copies nor parses it).
    frame.postMessage({ dialtone: 1, id: 903, kind: 'command', name: 'sendChat', args: ['x'.repeat(8 << 20)] }, '*');
  });
  const replies = await page.waitForFunction(() => {
    const parsed = window.__raw.map((r) => JSON.parse(r)).filter((m) => m.kind === 'reply' && m.id > 900);
    return parsed.length === 3 && parsed;
  });
  const codes = (await replies.jsonValue()).sort((a, b) => a.id - b.id).map((r) => r.error.code);
  assert.deepEqual(codes, ['BAD_ARGS', 'BAD_MESSAGE', 'TOO_LARGE']);
  // Still answering after it.
  assert.equal(await page.evaluate(() => window.supportWidget.command('getState').then((s) => typeof s)), 'object');
  await page.context().close();
});

test('a command the site was told timed out never runs later, when the widget is ready at last', { timeout: 60000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  const page = await context.newPage();
  // The widget cannot start its bridge until it knows the allowed origins: hold that answer past
  // the loader's 15 s, as a slow link would.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  // Requests the widget gave up on (each is bounded in time) are gone by then.
  await context.route('**/api/embed-config', async (route) => { await held; await route.continue().catch(() => {}); });
  await page.goto(`${host.url}/index.html?server=${encodeURIComponent(server.url)}`);
  await page.waitForFunction(() => window.supportWidget);
  const late = await page.evaluate(() => {
    const id = window.supportWidget.nextId;
    window.__late = window.supportWidget.setTheme('dark').then(() => 'ran', (e) => e.code);
    return id;
  });
  assert.equal(await page.evaluate(() => window.__late), 'TIMEOUT');
  release();
  await waitForEvent(page, 'ready');
  // A command sent now is answered after anything posted before it: once its reply is in, a
  // reply to the late command would be too.
  assert.ok(await page.evaluate(() => window.supportWidget.getState().then((s) => !!s)));
  const replies = await page.evaluate(() => window.__raw.map((r) => JSON.parse(r)).filter((m) => m.kind === 'reply').map((m) => m.id));
  assert.ok(!replies.includes(late), `the timed-out command ran after all: replies ${JSON.stringify(replies)}`);
  assert.notEqual(await widgetFrame(page).evaluate(() => document.documentElement.dataset.theme), 'dark', 'its effect is not there either');
  await context.close();
});

test('a moment\'s outage as the widget loads: it asks its server again, and its API comes up', { timeout: 60000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  const page = await context.newPage();
  let asked = 0;
  await context.route('**/api/embed-config', async (route) => {
    asked += 1;
    if (asked <= 2) await route.abort('connectionreset'); else await route.continue();
  });
  await page.goto(`${host.url}/index.html?server=${encodeURIComponent(server.url)}`);
  await waitForEvent(page, 'ready');
  assert.equal(asked, 3, 'asked again after each failure');
  const state = await page.evaluate(() => window.supportWidget.getState());
  assert.ok(state && typeof state === 'object', 'commands are answered');
  await context.close();
});

test('a server that takes the request and never answers: the widget gives up on it, asks again, and its API comes up', { timeout: 60000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  const page = await context.newPage();
  let asked = 0;
  // The first request is never answered (a hung server or proxy); before, the widget waited on it
  // for good and its API never came up.
  await context.route('**/api/embed-config', async (route) => {
    asked += 1;
    if (asked > 1) await route.continue();
  });
  const started = Date.now();
  await page.goto(`${host.url}/index.html?server=${encodeURIComponent(server.url)}`);
  await waitForEvent(page, 'ready');
  const took = Date.now() - started;
  assert.equal(asked, 2, 'asked once more after giving up on the first');
  assert.ok(took >= 5000 && took < 15000, `the first request's limit (5 s), then the next: ${took} ms`);
  const state = await page.evaluate(() => window.supportWidget.getState());
  assert.ok(state && typeof state === 'object', 'commands are answered');
  await context.close();
});

test('messages from another window or origin cannot command the widget', { timeout: 60000 }, async () => {
  const agent = await h.openApp(browser, server, 'Agent', { query: '&room=support' });
  const page = await openHost();
  await waitForEvent(page, 'peers', '(p) => p.length === 1');
  // A frame from another origin inside the host page posts commands straight to the widget.
  await page.evaluate((src) => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.onload = resolve;
    document.body.appendChild(frame);
  }), `${stranger.url}/intruder.html`);
  const intruder = page.frames().find((f) => f.url().startsWith(stranger.url));
  await intruder.evaluate((peer) => window.attack(peer), agent.__peerId);
  await page.waitForTimeout(2000);
  assert.equal(await agent.locator('[data-testid="incoming-call"]').count(), 0, 'no call was placed');
  assert.deepEqual(await intruder.evaluate(() => window.received), [], 'no reply reached the intruder');
  const state = await page.evaluate(() => window.supportWidget.getState());
  assert.equal(state.call, null);
  assert.equal((await page.evaluate(() => window.__events.filter((e) => e.name === 'call-state').length)), 0);
  await agent.context().close();
  await page.context().close();
});

test('a site that is not on the embed list cannot frame the widget', { timeout: 60000 }, async () => {
  const page = await openHost(stranger);
  await page.waitForTimeout(3000);
  assert.equal(await page.evaluate(() => window.__events.length), 0, 'the widget never became ready');
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the iframe exists');
  console.log('blocked frame url:', frame.url());
  const widgetRendered = await frame.evaluate(() => !!document.querySelector('[data-testid="app"]')).catch(() => false);
  assert.equal(widgetRendered, false, `frame-ancestors blocked the widget (frame url ${frame.url()})`);
  await page.context().close();
});

test('the widget follows the host theme and fits 320×480', { timeout: 60000 }, async () => {
  const agent = await h.openApp(browser, server, 'Agent', { query: '&room=support' });
  const page = await openHost();
  await waitForEvent(page, 'peers', '(p) => p.length === 1');
  await page.evaluate(() => { const w = document.getElementById('widget'); w.style.width = '320px'; w.style.height = '480px'; });
  const result = await page.evaluate(() => window.supportWidget.setTheme('dark'));
  assert.deepEqual(result, { theme: 'dark' });
  const frame = widgetFrame(page);
  assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const background = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(11, 14, 20)', 'dark background');
  // The widget's own theme button follows the host's choice: dark shown, light offered.
  const toggle = frame.locator('[data-testid="theme-toggle"]');
  assert.equal(await toggle.getAttribute('data-theme'), 'dark');
  assert.equal(await toggle.getAttribute('aria-label'), 'Switch to light theme');
  // Nothing overflows sideways at the smallest supported size.
  const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await h.screenshot(page, 'embed-dark-320x480');
  await page.click('[data-testid="host-call-button"]');
  await agent.click('[data-testid="accept-button"]');
  await waitForEvent(page, 'call-state', '(c) => c.state === "connected"');
  const controlsVisible = await frame.evaluate(() => {
    const r = document.querySelector('[data-testid="hangup-button"]').getBoundingClientRect();
    return r.bottom <= window.innerHeight && r.right <= window.innerWidth && r.width > 0;
  });
  assert.ok(controlsVisible, 'the hang-up button is on screen at 320×480');
  // The call's flags and its time share one line under the name (not a column of three).
  await frame.waitForSelector('[data-testid="call-timer"]');
  const middle = (id) => frame.locator(`[data-testid="${id}"]`).evaluate((el) => { const r = el.getBoundingClientRect(); return r.top + r.height / 2; });
  const [link, timer] = [await middle('control-link'), await middle('call-timer')];
  assert.ok(Math.abs(link - timer) < 8, `one line: the link at ${link}, the time at ${timer}`);
  await h.screenshot(page, 'embed-dark-320x480-in-call');
  await page.evaluate(() => window.supportWidget.hangUp());
  await agent.context().close();
  await page.context().close();
});
