// A call coming in to a page nobody has clicked, tapped or typed on yet. By default Chrome (and
// Firefox) hold such a page's sound: its AudioContext stays suspended, so the call would ring on
// screen only. The other e2e tests lift that rule (--autoplay-policy=no-user-gesture-required)
// so their tones play; here the browser keeps its own rule, as a person's browser does.
//
// The page must say so while a call could come in, and let the sound go on the person's first
// click, tap or key anywhere; the next call then rings out loud.
//
// Bob's page is watched without touching it: Playwright's own evaluations and waits run as a
// user gesture (they would give the page the very activation under test), so his page is read
// through a bare CDP session, whose evaluations give none. Every test checks that his page was
// really untouched (`navigator.userActivation.hasBeenActive` false) before the person acts.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const h = require('./harness.cjs');
const { axeViolations, describe } = require('./axe.cjs');

const { SCREENSHOTS } = h;

const env = { server: null, strict: null, lifted: null };
const { before, after } = require('node:test');
before(async () => {
  env.server = await h.startServer();
  env.strict = await h.launchBrowser({ soundNeedsUse: true });
  env.lifted = await h.launchBrowser();
});
after(async () => {
  await env.strict?.close();
  await env.lifted?.close();
  await env.server?.stop();
});

// Keeps the page's AudioContexts and the oscillators it starts (the ringtone is made of them)
// reachable. The real classes and methods run: this only watches.
const WATCH_AUDIO = () => {
  const Native = window.AudioContext;
  window.__audioContexts = [];
  window.AudioContext = class extends Native {
    constructor(...args) {
      super(...args);
      window.__audioContexts.push(this);
    }
  };
  // Whether the notice was ever on the page, however briefly.
  window.__noticeSeen = false;
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="silent-ringing"]')) window.__noticeSeen = true;
  }).observe(document, { childList: true, subtree: true });
  window.__oscillatorsStarted = 0;
  const start = window.OscillatorNode.prototype.start;
  window.OscillatorNode.prototype.start = function (...args) {
    window.__oscillatorsStarted += 1;
    return start.apply(this, args);
  };
};

/** Opens the app as `name` without giving the page a user activation; returns the page and a reader. */
async function openUntouched(browser, name, { viewport = { width: 1280, height: 800 }, query = '', touch = false, notifications = false } = {}) {
  const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
  // Notifications allowed on an earlier visit: the permission stays, the page's activation does not.
  if (notifications) await context.grantPermissions(['notifications'], { origin: env.server.url });
  const page = await context.newPage();
  if (notifications) await page.addInitScript(h.RECORD_NOTIFICATIONS);
  page.on('pageerror', (error) => { page.__errors = (page.__errors || []).concat(String(error)); });
  await page.addInitScript(WATCH_AUDIO);
  await page.addInitScript(h.RECORD_PEER_CONNECTIONS);
  const cdp = await context.newCDPSession(page);
  // A bare Runtime.evaluate: no userGesture, unlike Playwright's own evaluate.
  const read = async (expression) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value;
  };
  const until = async (expression, what, timeout = 15000) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      if (await read(expression)) return;
      if (Date.now() > deadline) throw new Error(`${name}: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  // Playwright's screenshot gives the page an activation as well: the browser's own capture does not.
  const screenshot = async (file) => {
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    fs.writeFileSync(path.join(SCREENSHOTS, `${file}.png`), Buffer.from(data, 'base64'));
  };
  await page.goto(`${env.server.url}/?name=${encodeURIComponent(name)}${query}`);
  await until(`!!document.querySelector('[data-testid="connection-status"][data-status="online"]')`, 'online');
  page.__peerId = await read(`document.querySelector('[data-testid="self-id"]').dataset.peerId`);
  return { page, read, until, screenshot };
}

const AUDIO = `(() => { const c = window.__audioContexts[0]; return c ? { state: c.state, time: c.currentTime } : null; })()`;
const NOTICE = `!!document.querySelector('[data-testid="silent-ringing"]')`;
const USED = 'navigator.userActivation.hasBeenActive';

/** The centre of `selector` in Bob's page, read without touching it. */
async function centreOf(read, selector) {
  return read(`(() => { const r = document.querySelector('${selector}').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
}

test('a page nobody has used says a call would ring silently; after a click on "Turn on sound" the next call rings out loud', async () => {
  const alice = await h.openApp(env.lifted, env.server, 'Alice');
  const bob = await openUntouched(env.strict, 'Bob');
  await bob.until(NOTICE, 'the silent-ringing notice');
  assert.equal(await bob.read(USED), false, "nobody has used Bob's page");
  assert.equal((await bob.read(AUDIO)).state, 'suspended', 'the browser holds the page sound');
  assert.equal(
    await bob.read(`document.querySelector('[data-testid="silent-ringing"]').textContent`),
    'Your browser keeps this page silent until you click, tap or press a key on it, so an incoming call would ring without sound.Turn on sound',
  );
  await bob.screenshot('silent-ringing-desktop-light');
  await bob.read(`document.documentElement.dataset.theme = 'dark'`);
  await bob.screenshot('silent-ringing-desktop-dark');

  // A call now rings on screen only: that is what the notice warned of.
  await h.waitForPeer(alice, bob.page);
  await h.peerRow(alice, bob.page).locator('[data-testid="call-audio-button"]').click();
  await bob.until(`!!document.querySelector('[data-testid="incoming-call"]')`, 'the incoming call');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const held = await bob.read(AUDIO);
  assert.deepEqual(held, { state: 'suspended', time: 0 }, 'the ring made no sound');
  assert.ok(await bob.read('window.__oscillatorsStarted') > 0, 'the ringtone was started all the same');
  await alice.click('[data-testid="hangup-button"]');
  await bob.until(`!document.querySelector('[data-testid="incoming-call"]')`, 'the call to go');
  assert.equal(await bob.read(USED), false, "still nobody has used Bob's page");

  // Bob clicks the notice's button, a real click of the mouse.
  const button = await centreOf(bob.read, '[data-testid="allow-sound-button"]');
  await bob.page.mouse.click(button.x, button.y);
  await bob.until(`!${NOTICE}`, 'the notice to go');
  assert.equal((await bob.read(AUDIO)).state, 'running', 'the page may sound now');

  // The next call rings out loud: the context runs and its clock moves while it rings.
  const startedBefore = await bob.read('window.__oscillatorsStarted');
  await h.peerRow(alice, bob.page).locator('[data-testid="call-audio-button"]').click();
  await bob.until(`!!document.querySelector('[data-testid="incoming-call"]')`, 'the second call');
  await bob.until(`window.__oscillatorsStarted > ${startedBefore}`, 'the ringtone');
  const ringing = await bob.read(AUDIO);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const later = await bob.read(AUDIO);
  assert.equal(later.state, 'running');
  assert.ok(later.time - ringing.time > 0.3, `the audio clock runs while it rings: ${ringing.time} -> ${later.time}`);
  assert.equal(await bob.read(NOTICE), false, 'nothing says it is silent');
  await bob.page.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  await h.assertAudioFlows(bob.page, 'Bob hears Alice');
  assert.deepEqual(bob.page.__errors || [], []);
  await alice.context().close();
  await bob.page.context().close();
});

test('with notifications allowed on an earlier visit, a call to a page still kept silent is also told by a system notification, gone once the page may sound', async () => {
  const alice = await h.openApp(env.lifted, env.server, 'Alice');
  const bob = await openUntouched(env.strict, 'Bob', { notifications: true });
  const shown = async () => JSON.parse(await bob.read(`JSON.stringify(window.__notifications.map(({ title, body, closed }) => ({ title, body, closed })))`));
  await bob.until(NOTICE, 'the silent-ringing notice');
  assert.equal(await bob.read('document.hidden'), false, "Bob's page is on screen");
  assert.deepEqual(await shown(), [], 'no notification before a call');

  // 1. A call rings in silence: the system's notification says it (and makes the system's sound).
  await h.waitForPeer(alice, bob.page);
  await h.peerRow(alice, bob.page).locator('[data-testid="call-audio-button"]').click();
  await bob.until(`!!document.querySelector('[data-testid="incoming-call"]')`, 'the incoming call');
  await bob.until('window.__notifications.length === 1', 'a notification');
  assert.deepEqual(await shown(), [{ title: 'Incoming audio call from Alice', body: 'Open Dialtone to answer or decline.', closed: false }]);
  assert.equal((await bob.read(AUDIO)).state, 'suspended', 'the dialog rings in silence');
  // Alice gives up: the notification goes with the ring.
  await alice.click('[data-testid="hangup-button"]');
  await bob.until('window.__notifications[0].closed', 'the notification to close');
  assert.equal(await bob.read(USED), false, "nobody has used Bob's page");

  // 2. Alice calls again; Bob, back at his screen, clicks in the dialog (on the caller's name,
  // not a button). The page may sound now: the ring goes on out loud, and the notification goes.
  await h.peerRow(alice, bob.page).locator('[data-testid="call-audio-button"]').click();
  await bob.until('window.__notifications.length === 2', 'a notification for the second call');
  const name = await centreOf(bob.read, '[data-testid="incoming-caller"]');
  await bob.page.mouse.click(name.x, name.y);
  await bob.until('window.__notifications[1].closed', 'the notification to close once the page sounds');
  assert.equal((await bob.read(AUDIO)).state, 'running', 'the ring is heard now');
  assert.equal(await bob.read(`!!document.querySelector('[data-testid="incoming-call"]')`), true, 'the call still rings');
  assert.equal((await shown()).length, 2, 'no third notification');
  await bob.page.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  await h.assertAudioFlows(bob.page, 'Bob hears Alice');

  // 3. A page that sounds gets no notification for a call it rings out loud.
  await bob.page.click('[data-testid="hangup-button"]');
  await h.waitForCallState(alice, 'ended');
  await h.peerRow(alice, bob.page).locator('[data-testid="call-audio-button"]').click();
  await bob.until(`!!document.querySelector('[data-testid="incoming-call"]')`, 'the third call');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await shown()).length, 2, 'a call heard on a page on screen is not notified');
  assert.deepEqual(bob.page.__errors || [], []);
  await alice.context().close();
  await bob.page.context().close();
});

test('on a phone, a tap anywhere lets the sound play and nothing it tapped moves; the notice fits at 390 and 320 wide in both themes', async () => {
  for (const width of [390, 320]) {
    const bob = await openUntouched(env.strict, 'Bob', { viewport: { width, height: 844 }, touch: true });
    await bob.until(NOTICE, 'the silent-ringing notice');
    for (const theme of ['light', 'dark']) {
      await bob.read(`document.documentElement.dataset.theme = '${theme}'`);
      await bob.screenshot(`silent-ringing-phone-${width}-${theme}`);
    }
    const notice = await bob.read(`(() => { const r = document.querySelector('[data-testid="silent-ringing"]').getBoundingClientRect(); return { left: r.left, right: r.right, height: r.height }; })()`);
    assert.ok(notice.left >= 0 && notice.right <= width, `the notice fits the width: ${JSON.stringify(notice)}`);
    assert.equal(await bob.read('document.documentElement.scrollWidth'), width, 'nothing sticks out sideways');
    // A tap on the people list's heading: not on the notice, not on any control. The notice
    // goes while the finger is still down; what was tapped must not move under it.
    const heading = await centreOf(bob.read, '.panel-title');
    assert.equal(await bob.read(USED), false, "nobody has used Bob's page");
    await bob.page.touchscreen.tap(heading.x, heading.y);
    await bob.until(`!${NOTICE}`, 'the notice to go');
    assert.equal((await bob.read(AUDIO)).state, 'running');
    assert.deepEqual(await centreOf(bob.read, '.panel-title'), heading, 'the list did not move');
    await bob.page.context().close();
  }
});

test('the notice passes axe on a phone in both themes', async () => {
  const bob = await openUntouched(env.strict, 'Bob', { viewport: { width: 390, height: 844 }, touch: true });
  await bob.until(NOTICE, 'the silent-ringing notice');
  // axe runs through Playwright, which gives the page an activation: that alone starts nothing
  // (no click, tap or key reached the page), so the notice is still there to check.
  for (const theme of ['light', 'dark']) {
    await bob.read(`document.documentElement.dataset.theme = '${theme}'`);
    const violations = await axeViolations(bob.page);
    assert.deepEqual(violations, [], `axe ${theme}:\n${describe(violations)}`);
    assert.equal(await bob.read(NOTICE), true);
  }
  await bob.page.context().close();
});

test('a key pressed in the widget lets the sound play too', async () => {
  const bob = await openUntouched(env.strict, 'Bob', { viewport: { width: 320, height: 480 }, query: '&mode=embed' });
  await bob.until(NOTICE, 'the silent-ringing notice');
  await bob.screenshot('silent-ringing-widget-320');
  assert.equal(await bob.read(USED), false, "nobody has used Bob's widget");
  await bob.page.keyboard.press('Tab');
  await bob.until(`!${NOTICE}`, 'the notice to go');
  assert.equal((await bob.read(AUDIO)).state, 'running');
  await bob.page.context().close();
});

test('a site embedding the widget hears that calls would ring silently, and when they no longer would (mounted, and an iframe in its markup)', async () => {
  const host = await h.startStatic(path.join(h.ROOT, 'examples', 'embed'));
  const server = await h.startServer({ args: ['--embed-origins', host.origin] });
  try {
    // With the iframe in the markup the widget is often ready before embed.js listens: the
    // loader catches up from getState().
    for (const markup of ['', '&markup=1&embed=late']) await embeddedSilentRinging(server, host, markup);
  } finally {
    await server.stop();
    await host.stop();
  }
});

async function embeddedSilentRinging(server, host, markup) {
  {
    const context = await env.strict.newContext({ viewport: { width: 1200, height: 720 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const read = async (expression) => (await cdp.send('Runtime.evaluate', { expression, returnByValue: true })).result.value;
    const events = () => read('JSON.stringify(window.__events || [])').then((text) => JSON.parse(text || '[]'));
    const until = async (check, what) => {
      const deadline = Date.now() + 15000;
      while (!check(await events())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await events())}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const silent = (list) => list.filter((e) => e.name === 'silent-ringing').map((e) => e.args.silent);
    await page.goto(`${host.url}/index.html?server=${encodeURIComponent(server.url)}${markup}`);
    if (markup.includes('embed=late')) {
      // The widget said it before any loader listened (the page keeps every message it got):
      // only then does embed.js come, and must catch up.
      const deadline = Date.now() + 15000;
      while (!(await read(`JSON.stringify(window.__raw || [])`)).includes('silent-ringing')) {
        if (Date.now() > deadline) throw new Error('the widget never said it');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(await read('typeof window.Dialtone'), 'undefined', 'the loader is not there yet');
      await read('window.loadEmbed()');
    }
    await until((list) => silent(list).length === 1, `the silent-ringing event (${markup || 'mounted'})`);
    assert.deepEqual(silent(await events()), [true]);
    assert.equal(await read(`document.querySelector('[data-testid="host-sound-hint"]').hidden`), false, 'the example page asks for a click');
    // The visitor clicks in the widget (a real click of the mouse, inside its iframe).
    const frame = await read(`(() => { const r = document.querySelector('iframe').getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 }; })()`);
    await page.mouse.click(frame.x, frame.y);
    await until((list) => silent(list).length === 2, 'the second silent-ringing event');
    assert.deepEqual(silent(await events()), [true, false]);
    assert.equal(await read(`document.querySelector('[data-testid="host-sound-hint"]').hidden`), true);
    await context.close();
  }
}

test('where the browser lets the page sound from the start, nothing is said', async () => {
  const bob = await openUntouched(env.lifted, 'Bob');
  // The page has made its audio and drawn its first call: it knows whether it may sound.
  await bob.until(`!!document.querySelector('[data-testid="app"][data-rehearsed="true"]')`, 'the first call prepared');
  await bob.until(`(window.__audioContexts[0] || {}).state === 'running'`, 'the page audio');
  assert.equal(await bob.read('window.__noticeSeen'), false, 'the notice never showed, not even for a moment');
  await bob.page.context().close();
});
