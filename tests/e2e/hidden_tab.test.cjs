// A call ringing in a tab nobody is looking at (issue #13 item 3): the title says who is calling
// and comes back when the call stops ringing (cancelled, missed) or the tab is shown; with
// notifications allowed (asked from the menu, never on load) one Notification per call says
// "Incoming video call from Alice", and clicking it brings the tab forward and closes it.
//
// The tab is hidden for real. Playwright keeps every page "visible" (document.hidden never
// changes there, whatever is brought to front or minimised), so Bob's page runs in the same
// Chromium under puppeteer-core, where a second tab brought to front hides the first one
// (document.hidden = true, a visibilitychange event), as it does for a person switching tabs.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const puppeteer = require('puppeteer-core');
const h = require('./harness.cjs');

const env = { server: null, browser: null, puppet: null };
before(async () => {
  env.server = await h.startServer();
  env.browser = await h.launchBrowser();
  env.puppet = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
      '--disable-features=WebRtcHideLocalIpsWithMdns', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1'],
  });
});
after(async () => {
  await env.puppet?.close();
  await env.browser?.close();
  await env.server?.stop();
});

const notifications = (page) => page.evaluate(() => window.__notifications.map(({ title, body, closed }) => ({ title, body, closed })));
const hidden = (page) => page.evaluate(() => document.hidden);

async function titles(page, ms) {
  const seen = new Set();
  for (const end = Date.now() + ms; Date.now() < end;) {
    seen.add(await page.title());
    await new Promise((r) => setTimeout(r, 200));
  }
  return [...seen];
}

async function waitForTitle(page, pattern, timeout = 10000) {
  for (const end = Date.now() + timeout; Date.now() < end;) {
    const title = await page.title();
    if (pattern.test(title)) return title;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`title never matched ${pattern}: "${await page.title()}"`);
}

test('a hidden tab: the title says who calls and comes back; one Notification per call, once allowed from the menu', { timeout: 120000 }, async () => {
  const context = await env.puppet.createBrowserContext();
  const bob = await context.newPage();
  await bob.setViewport({ width: 1280, height: 800 });
  await bob.evaluateOnNewDocument(h.RECORD_NOTIFICATIONS);
  await bob.goto(`${env.server.url}/?name=Bob&room=hidden`);
  await bob.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
  const bobId = await bob.$eval('[data-testid="self-id"]', (e) => e.dataset.peerId);
  assert.equal(await bob.title(), 'Dialtone');

  // Never asked on load; asked from the menu, where the answer shows.
  await bob.click('[data-testid="menu-button"]');
  await bob.waitForSelector('[data-testid="menu-notify"][data-permission="ask"]');
  await context.overridePermissions(env.server.url, ['notifications']);
  await bob.click('[data-testid="menu-notify"]');
  await bob.waitForSelector('[data-testid="menu-notify"][data-permission="granted"]', { timeout: 5000 });
  assert.match(await bob.$eval('[data-testid="menu-notify"]', (e) => e.textContent), /Notifications on/);
  await bob.keyboard.press('Escape');

  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=hidden' });
  const row = alice.locator(`[data-testid="peer-item"][data-peer-id="${bobId}"]`);
  await row.waitFor({ timeout: 10000 });

  // Bob looks at another tab.
  const elsewhere = await context.newPage();
  await elsewhere.bringToFront();
  await bob.waitForFunction(() => document.hidden, { timeout: 5000 });

  // 1. Alice calls and gives up: title while ringing, restored after; the notification closes.
  await row.locator('[data-testid="call-video-button"]').click();
  await waitForTitle(bob, /Alice is calling/);
  const seen = await titles(bob, 2600);
  assert.ok(seen.includes('📞 Alice is calling — Dialtone'), `who: ${seen}`);
  assert.ok(seen.includes('📞 Incoming video call — Dialtone'), `what: ${seen}`);
  let shown = await notifications(bob);
  assert.equal(shown.length, 1, `one notification: ${JSON.stringify(shown)}`);
  assert.equal(shown[0].title, 'Incoming video call from Alice');
  assert.match(shown[0].body, /answer/);
  await alice.click('[data-testid="hangup-button"]');
  await waitForTitle(bob, /^Dialtone$/);
  shown = await notifications(bob);
  assert.equal(shown.length, 1, 'still one');
  assert.equal(shown[0].closed, true, 'closed when the call stopped ringing');
  await alice.locator('[data-testid="dismiss-call-button"]').click();

  // 2. Alice calls again; Bob clicks the notification: the tab comes forward, the title is
  //    the app's again, the dialog is there, and he answers.
  await row.locator('[data-testid="call-audio-button"]').click();
  await waitForTitle(bob, /Alice is calling|Incoming audio call/);
  shown = await notifications(bob);
  assert.equal(shown.length, 2);
  assert.equal(shown[1].title, 'Incoming audio call from Alice');
  await bob.evaluate(() => window.__notifications[1].instance.onclick());
  // A headless browser has no window manager to raise the tab; bring it forward as one would.
  await bob.bringToFront();
  assert.equal(await hidden(bob), false);
  await waitForTitle(bob, /^Dialtone$/, 3000);
  assert.equal((await notifications(bob))[1].closed, true, 'the clicked notification is gone');
  await bob.waitForSelector('[data-testid="incoming-call"]');
  // The menu Bob left open (for notifications) stepped aside for the call's dialog.
  assert.equal(await bob.$eval('[data-testid="menu-button"]', (b) => b.getAttribute('aria-expanded')), 'false', 'the menu closed for the call');
  assert.equal(await bob.$eval('[data-testid="menu"]', (m) => m.getClientRects().length), 0, 'its panel is not shown');
  await h.screenshot(bob, 'hidden-tab-back-to-dialog');
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  assert.equal(await bob.title(), 'Dialtone', 'no title change in a call');
  await alice.click('[data-testid="hangup-button"]');

  // 3. Without permission nothing is shown, but the title still changes.
  await alice.locator('[data-testid="dismiss-call-button"]').click();
  await context.overridePermissions(env.server.url, []);
  await elsewhere.bringToFront();
  await bob.waitForFunction(() => document.hidden, { timeout: 5000 });
  await row.locator('[data-testid="call-audio-button"]').click();
  await waitForTitle(bob, /Alice is calling|Incoming audio call/);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal((await notifications(bob)).length, 2, 'no notification without permission');
  // Shown again: the title comes back at once, though the call still rings.
  await bob.bringToFront();
  await waitForTitle(bob, /^Dialtone$/, 3000);
  await bob.click('[data-testid="reject-button"]');
  assert.equal(await h.endReason(alice), 'REJECTED');
  await alice.context().close();
  await context.close();
});

test('a hidden tab in a call: a second caller waiting changes the title and notifies, and both go when they give up', { timeout: 120000 }, async () => {
  const context = await env.puppet.createBrowserContext();
  await context.overridePermissions(env.server.url, ['notifications']);
  const bob = await context.newPage();
  await bob.setViewport({ width: 1280, height: 800 });
  await bob.evaluateOnNewDocument(h.RECORD_NOTIFICATIONS);
  await bob.goto(`${env.server.url}/?name=Bob&room=waiting-hidden`);
  await bob.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
  const bobId = await bob.$eval('[data-testid="self-id"]', (e) => e.dataset.peerId);
  const rowOf = (page) => page.locator(`[data-testid="peer-item"][data-peer-id="${bobId}"]`);

  // Bob is in a call with Alice, then looks at another tab.
  const alice = await h.openApp(env.browser, env.server, 'Alice', { query: '&room=waiting-hidden' });
  await rowOf(alice).waitFor({ timeout: 10000 });
  await rowOf(alice).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="accept-button"]');
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  const elsewhere = await context.newPage();
  await elsewhere.bringToFront();
  await bob.waitForFunction(() => document.hidden, { timeout: 5000 });
  assert.equal(await bob.title(), 'Dialtone', 'a call in progress changes no title');

  // Carol calls: her call waits, and Bob hears of it in the title and a notification.
  const carol = await h.openApp(env.browser, env.server, 'Carol', { query: '&room=waiting-hidden' });
  await rowOf(carol).waitFor({ timeout: 10000 });
  await rowOf(carol).locator('[data-testid="call-video-button"]').click();
  await waitForTitle(bob, /Carol is calling|Incoming video call/);
  const shown = await notifications(bob);
  assert.equal(shown.length, 1, `one notification: ${JSON.stringify(shown)}`);
  assert.equal(shown[0].title, 'Incoming video call from Carol');

  // Carol gives up: the title is the app's again and the notification closes; Alice's call goes on.
  await carol.click('[data-testid="hangup-button"]');
  await waitForTitle(bob, /^Dialtone$/);
  assert.equal((await notifications(bob))[0].closed, true, 'closed when the waiting call stopped ringing');
  assert.equal(await h.callState(alice), 'connected');
  await alice.context().close();
  await carol.context().close();
  await context.close();
});
