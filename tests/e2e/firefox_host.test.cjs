// Host mode and the widget in Firefox ESR: a host-mode page in Firefox holds an encrypted call
// (same aesKey on both sides) with one in Chromium, and the widget, framed by the example host
// site in Firefox, places and receives calls through the postMessage API.
'use strict';

const path = require('node:path');
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const ff = require('./firefox_harness.cjs');
const { Bridge, openHostPage, hostCall } = require('./host_harness.cjs');

let chromium, pulse, fleet;
const bridges = [];
const stops = [];
before(async () => {
  pulse = await ff.startPulse();
  fleet = new ff.FirefoxFleet(pulse);
  chromium = await h.launchBrowser();
});
after(async () => {
  await Promise.all(bridges.map((b) => b.kill()));
  await fleet?.closeAll();
  await chromium?.close();
  for (const stop of stops) await stop();
  await pulse?.stop();
});

const isEvent = (type) => (m) => m.resp && m.resp.type === type && !m.command;

async function frames(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="host-page"]');
    const read = (name) => Number(root.getAttribute(`data-frames-${name}`));
    return { encrypted: read('encrypted'), decrypted: read('decrypted'), dropped: read('dropped') };
  });
}

test('host mode: Firefox calls Chromium with the same aesKey; audio decodes both ways through the frame transforms', { timeout: 120000 }, async () => {
  const key = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';
  const caller = await Bridge.start();
  const callee = await Bridge.start();
  bridges.push(caller, callee);
  const callerPage = await fleet.newPage('Firefox host page', { viewport: { width: 960, height: 600 } });
  await callerPage.goto(caller.url);
  await callerPage.bringToFront();
  await ff.waitFor(callerPage, '[data-testid="host-page"]', 'the host page', 15000);
  const calleePage = await openHostPage(chromium, callee);

  const call = await hostCall(caller, callee, { media: 'audio', callerKey: key, calleeKey: key });
  assert.equal(call.capabilities.resp.capabilities.encryption, true, 'Firefox can encrypt frames (RTCRtpScriptTransform)');
  assert.equal(call.answer.resp.type, 'ok');
  for (const bridge of [caller, callee]) await bridge.waitFor(isEvent('connected'), 20000, 'connected');

  const firefoxHears = await ff.assertAudioFlows(callerPage, 'Firefox decodes Chromium\'s encrypted audio');
  const chromiumHears = await ff.assertAudioFlows(calleePage, 'Chromium decodes Firefox\'s encrypted audio');
  console.log(`figures: first audio after connected, Chromium→Firefox ${firefoxHears.startMs} ms, Firefox→Chromium ${chromiumHears.startMs} ms`);
  for (const [name, page] of [['Firefox', callerPage], ['Chromium', calleePage]]) {
    const counted = await frames(page);
    assert.ok(counted.encrypted > 0 && counted.decrypted > 0, `${name} encrypts and decrypts frames: ${JSON.stringify(counted)}`);
  }
  await caller.command({ type: 'description', state: 'Connected', description: 'Call with Bob (end-to-end encrypted)' });
  await callerPage.waitForSelector('[data-testid="host-spinner"]', { hidden: true, timeout: 5000 });
  await ff.screenshot(callerPage, 'firefox-host-encrypted-call');

  assert.equal((await caller.command({ type: 'end' })).resp.type, 'ok');
  assert.equal((await callee.command({ type: 'end' })).resp.type, 'ok');
  assert.equal(await callerPage.evaluate(() => window.__peerConnections.at(-1).connectionState), 'closed');
  assert.deepEqual(callerPage.__errors, [], 'no uncaught error in Firefox');
  // The socket closes → the page calls window.close() (§7). Firefox lets a script close a tab
  // with one history entry, as HTML allows, so the page goes; a browser that refuses shows the
  // end screen instead. Either is right; the page must not stay in the call.
  const closed = new Promise((resolve) => callerPage.once('close', () => resolve('closed')));
  const endScreen = callerPage.waitForSelector('[data-testid="host-ended"]', { timeout: 5000 })
    .then(() => 'end screen', () => new Promise(() => {}));
  assert.equal(await caller.close(), 0);
  assert.equal(await callee.close(), 0);
  const outcome = await ff.within(5000, 'the Firefox host page closes itself or shows its end screen', Promise.race([closed, endScreen]));
  console.log(`figures: after the socket closed, the Firefox host page: ${outcome}`);
  await fleet.closePage(callerPage);
  await calleePage.context().close();
});

/** The first widget event `name` whose args pass `predicate` (source text, run in the page). */
async function widgetEvent(page, name, predicate = '() => true', timeout = 20000) {
  try {
    const handle = await page.waitForFunction(
      (name, predicate) => {
        const test = eval(predicate);
        return window.__events && window.__events.find((e) => e.name === name && test(e.args));
      },
      { timeout, polling: 100 },
      name, predicate,
    );
    return await handle.jsonValue();
  } catch (error) {
    const seen = await page.evaluate(() => (window.__events || []).map((e) => e.name)).catch(() => []);
    throw new Error(`${page.__label}: widget event ${name} ${predicate} not within ${timeout} ms (seen: ${seen.join(', ')}): ${error.message}`);
  }
}

test('the widget in Firefox: the host site calls an agent and answers the agent\'s call through the API', { timeout: 120000 }, async () => {
  const site = await h.startStatic(path.join(h.ROOT, 'examples', 'embed'));
  stops.push(() => site.stop());
  const server = await h.startServer({ args: ['--embed-origins', site.origin] });
  stops.push(() => server.stop());
  const agent = await h.openApp(chromium, server, 'Agent', { query: '&room=support' });

  const page = await fleet.newPage('Firefox host site', { viewport: { width: 1200, height: 720 } });
  await page.goto(`${site.url}/index.html?server=${encodeURIComponent(server.url)}`);
  await page.bringToFront();
  const ready = await widgetEvent(page, 'ready');
  await widgetEvent(page, 'peers', '(p) => p.length === 1');
  await ff.screenshot(page, 'firefox-embed-idle');

  // The visitor calls the agent.
  await ff.click(page, '[data-testid="host-call-button"]', 'Call support');
  await agent.waitForSelector('[data-testid="incoming-call"]', { timeout: 20000 });
  await agent.click('[data-testid="accept-button"]');
  const connected = await widgetEvent(page, 'call-state', '(c) => c.state === "connected"');
  assert.equal(connected.args.peer, agent.__peerId);
  await h.waitForCallState(agent, 'connected');
  const frame = page.frames().find((f) => f.url().startsWith(server.url));
  assert.ok(frame, 'the widget frame is on the page');
  await ff.assertAudioFlows(frame, 'the widget in Firefox hears the agent');
  await ff.assertAudioFlows(agent, 'the agent hears the widget in Firefox');
  await ff.screenshot(page, 'firefox-embed-in-call');

  // Mute through the host page: confirmed by an event, seen by the agent.
  await ff.click(page, '[data-testid="host-mute-button"]', 'Mute');
  await widgetEvent(page, 'media-state', '(m) => m.mic === false');
  await agent.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached', timeout: 10000 });
  await ff.click(page, '[data-testid="host-hangup-button"]', 'Hang up');
  const ended = await widgetEvent(page, 'call-ended');
  assert.equal(ended.args.reason, 'HUNG_UP');
  assert.equal(await h.endReason(agent), 'REMOTE_HUNG_UP');

  // The agent calls the visitor; the host site answers through the API.
  await h.peerRow(agent, { __peerId: ready.args.id }).locator('[data-testid="call-audio-button"]').click();
  const incoming = await widgetEvent(page, 'incoming-call');
  await ff.click(page, '[data-testid="host-answer-button"]', 'Answer');
  await widgetEvent(page, 'call-state', `(c) => c.state === "connected" && c.callId === ${JSON.stringify(incoming.args.callId)}`);
  await h.waitForCallState(agent, 'connected');
  await ff.assertAudioFlows(agent, 'the agent hears the widget that answered');
  await page.evaluate(() => window.supportWidget.hangUp());
  await widgetEvent(page, 'call-ended', `(e) => e.callId === ${JSON.stringify(incoming.args.callId)}`);
  assert.equal(await h.endReason(agent), 'REMOTE_HUNG_UP');
  assert.deepEqual(page.__errors, [], 'no uncaught error in Firefox');
  await fleet.closePage(page);
  await agent.context().close();
});
