// Accessibility of every main screen (issue #13): axe-core runs in the real app at desktop 1280×800
// and phone 390×844, in the light and the dark theme, and no state may carry a serious or critical
// violation. Each check also leaves a screenshot (test-results/screenshots/a11y-*) to look at.
// Moderate and minor findings are printed as diagnostics without failing.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const axe = require('./axe.cjs');
const { startMediasfuDouble } = require('../mediasfu_double.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const SIZES = [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]];
const THEMES = ['light', 'dark'];

/**
 * Collects what axe finds, state by state, so one run reports every screen that needs fixing
 * instead of stopping at the first.
 */
function auditor(t) {
  const failures = [];
  let checks = 0;
  return {
    /**
     * Audits `target` (a page, or a frame of `page`) in both themes; `setTheme` switches the
     * theme (by default the page's colour-scheme preference, which the app follows on Auto).
     */
    async check(page, name, { target = page, setTheme } = {}) {
      for (const scheme of THEMES) {
        if (setTheme) await setTheme(scheme);
        else await page.emulateMedia({ colorScheme: scheme });
        // The theme really is the one audited: the page's own background says so.
        await target.waitForFunction((dark) => {
          const rgb = getComputedStyle(document.body).backgroundColor.match(/\d+(\.\d+)?/g);
          if (!rgb || Number(rgb[3] ?? 1) === 0) return false;
          const light = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255 > 0.5;
          return light !== dark;
        }, scheme === 'dark', { timeout: 3000 }).catch(() => {
          failures.push(`${name} (${scheme}): the page does not show the ${scheme} theme`);
        });
        const violations = await axe.axeViolations(target);
        checks += 1;
        await h.screenshot(page, `a11y-${name}-${scheme}`);
        const { failing, other } = axe.partition(violations);
        if (failing.length) failures.push(`${name} (${scheme}):\n${axe.describe(failing)}`);
        if (other.length) t.diagnostic(`${name} (${scheme}), not failing: ${other.map((v) => `${v.impact} ${v.id} ×${v.nodes.length}`).join(', ')}`);
      }
      if (setTheme) await setTheme('light');
      else await page.emulateMedia({ colorScheme: 'light' });
    },
    assertClean() {
      t.diagnostic(`axe-core ${axe.AXE_VERSION}: ${checks} checks`);
      assert.equal(failures.length, 0, `serious or critical accessibility violations:\n\n${failures.join('\n\n')}`);
    },
  };
}

const T = (page, id) => page.locator(`[data-testid="${id}"]`);

for (const [size, viewport] of SIZES) {
  test(`${size}: people, chat, devices, menu and dialogs, a ringing, answered, muted and ended call, the drawer, history, a lost server`, { timeout: 240000 }, async (t) => {
    const audit = auditor(t);
    const server = await h.startServer();
    cleanup.push(() => server.stop());
    const browser = await h.launchBrowser();
    cleanup.push(() => browser.close());
    const alice = await h.openApp(browser, server, 'Alice', { viewport });
    const bob = await h.openApp(browser, server, 'Bob', { viewport });
    await h.waitForPeer(alice, bob);

    // Bob writes first: Alice's people list shows him online and an unread count on Chat.
    await T(bob, 'tab-chat').click();
    await T(bob, 'chat-input').fill('Hi Alice, free for a quick call?');
    await T(bob, 'chat-send-button').click();
    await T(alice, 'chat-unread').waitFor();
    await audit.check(alice, `${size}-idle-people`);
    // Chat both ways, so the list holds a line of each side.
    await T(alice, 'tab-chat').click();
    await T(alice, 'chat-input').fill('Sure, calling you now');
    await T(alice, 'chat-send-button').click();
    await alice.waitForFunction(() => document.querySelectorAll('[data-testid="chat-message"]').length === 2);
    await audit.check(alice, `${size}-chat`);

    await T(alice, 'tab-devices').click();
    await T(alice, 'mic-select').waitFor();
    await audit.check(alice, `${size}-devices`);
    // The pre-call check with camera and mic live (opened only on the user's click), then closed.
    await T(alice, 'precall-open-button').click();
    await T(alice, 'precall').waitFor();
    await T(alice, 'precall-start-button').click();
    await alice.waitForSelector('[data-testid="precall"][data-state="on"]');
    await audit.check(alice, `${size}-precall-live`);
    await T(alice, 'first-run-done').click();
    await T(alice, 'precall').waitFor({ state: 'detached' });

    // The header's "More" menu, the "Stream call audio" dialog it opens, the shortcut list.
    await T(alice, 'menu-button').click();
    await T(alice, 'menu').waitFor();
    await audit.check(alice, `${size}-menu`);
    await T(alice, 'menu-stream-audio').click();
    await T(alice, 'stream-audio-dialog').waitFor();
    await audit.check(alice, `${size}-stream-audio-dialog`);
    await T(alice, 'stream-audio-done').click();
    await T(alice, 'stream-audio-dialog').waitFor({ state: 'detached' });
    await alice.keyboard.press('?');
    await T(alice, 'shortcut-help').waitFor();
    await audit.check(alice, `${size}-shortcut-help`);
    await T(alice, 'shortcut-help-close').click();
    await T(alice, 'shortcut-help').waitFor({ state: 'detached' });

    // An audio call: Alice hears it ring, Bob gets the dialog.
    await T(alice, 'tab-people').click();
    await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
    await T(bob, 'incoming-call').waitFor();
    await h.waitForCallState(alice, 'invitation-sent');
    await audit.check(alice, `${size}-outgoing-ringing`);
    await audit.check(bob, `${size}-incoming-dialog`);
    await T(bob, 'accept-button').click();
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    await audit.check(alice, `${size}-in-call-audio`);

    await T(alice, 'hangup-button').click();
    await T(alice, 'call-ended').waitFor();
    await T(bob, 'call-ended').waitFor();
    await audit.check(alice, `${size}-ended`);
    await T(alice, 'dismiss-call-button').click();
    await T(bob, 'dismiss-call-button').click();

    // Bob calls and gives up before Alice answers: a missed call in her list too.
    await T(bob, 'tab-people').click();
    await h.peerRow(bob, alice).locator('[data-testid="call-audio-button"]').click();
    await T(alice, 'incoming-call').waitFor();
    await T(bob, 'hangup-button').click();
    await T(alice, 'incoming-call').waitFor({ state: 'detached' });
    // The summary, where there is one, is dismissed; Alice may only have a missed-call entry.
    await Promise.all([alice, bob].map((page) => T(page, 'call-ended').waitFor({ timeout: 3000 })
      .then(() => T(page, 'dismiss-call-button').click(), () => {})));

    await T(alice, 'tab-history').click();
    await alice.locator('[data-testid="history-item"].missed').waitFor();
    await audit.check(alice, `${size}-history`);
    await T(alice, 'tab-people').click();

    // A video call with Alice's microphone muted: both ends.
    await h.peerRow(alice, bob).locator('[data-testid="call-video-button"]').click();
    await T(bob, 'accept-button').click();
    await h.waitForCallState(alice, 'connected');
    await h.waitForCallState(bob, 'connected');
    await T(alice, 'mute-button').click();
    await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached' });
    await alice.waitForFunction(() => [...document.querySelectorAll('video')].every((v) => !v.srcObject || v.readyState >= 2));
    await audit.check(alice, `${size}-in-call-video-muted`);
    await audit.check(bob, `${size}-in-call-video-peer-muted`);
    // People and chat as a drawer over the call.
    await T(alice, 'drawer-button').click();
    await alice.waitForSelector('[data-testid="drawer-button"][aria-expanded="true"]');
    await audit.check(alice, `${size}-in-call-drawer`);
    await T(alice, 'drawer-close-button').click();
    await alice.waitForSelector('[data-testid="drawer-button"][aria-expanded="false"]');
    await T(bob, 'hangup-button').click();
    await T(alice, 'call-ended').waitFor();
    await T(alice, 'dismiss-call-button').click();

    // The server goes away: the page says so and keeps trying.
    await server.stop();
    await alice.waitForSelector('[data-testid="error-banner"][data-code="SIGNALING_LOST"]', { timeout: 15000 });
    await audit.check(alice, `${size}-server-lost`);
    audit.assertClean();
  });
}

for (const [size, viewport] of SIZES) {
  test(`${size}: the telephony page, empty, signed in to MediaSFU (the local double) and in a call`, { timeout: 150000 }, async (t) => {
    const audit = auditor(t);
    const double = await startMediasfuDouble({ rateWindowMs: 5000, timeScale: 0.5 });
    cleanup.push(() => double.stop());
    const server = await h.startServer();
    cleanup.push(() => server.stop());
    const browser = await h.launchBrowser();
    cleanup.push(() => browser.close());
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${server.url}/telephony`);
    await T(page, 'telephony-page').waitFor();
    await audit.check(page, `${size}-telephony-empty`);

    const account = { username: `a11y${size}`.padEnd(6, '0'), key: `a11y${size}`.padEnd(64, 'K'), kind: 'sandbox' };
    await fetch(`${double.url}/__fake/seed`, { method: 'POST', body: JSON.stringify({ accounts: [account] }) });
    await T(page, 'tel-username').fill(account.username);
    await T(page, 'tel-key').fill(account.key);
    await T(page, 'tel-base-url').fill(double.url);
    await T(page, 'tel-save').click();
    await page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout: 20000 });
    await audit.check(page, `${size}-telephony-ready`);

    // A call placed (the agent calls first) and answered: the live row with its controls.
    await T(page, 'tel-number').fill('+15551230001');
    await T(page, 'tel-place-call').click();
    await page.locator('[data-testid="tel-call-row"][data-phase="connected"]').waitFor({ timeout: 60000 });
    await audit.check(page, `${size}-telephony-in-call`);
    audit.assertClean();
  });
}

test('the embed widget on a host page: idle and in a call, both themes (set through the API)', { timeout: 120000 }, async (t) => {
  const audit = auditor(t);
  const path = require('node:path');
  const host = await h.startStatic(path.join(h.ROOT, 'examples', 'embed'));
  cleanup.push(() => host.stop());
  const server = await h.startServer({ args: ['--embed-origins', host.origin] });
  cleanup.push(() => server.stop());
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const agent = await h.openApp(browser, server, 'Agent', { query: '&room=support' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${host.url}/index.html?server=${encodeURIComponent(server.url)}`);
  await page.waitForSelector('[data-testid="host-status"]:has-text("Support is online")', { timeout: 20000 });
  const frame = page.frames().find((f) => f.url().startsWith(server.url));
  const setTheme = (theme) => page.evaluate((theme) => window.supportWidget.setTheme(theme), theme);
  await audit.check(page, 'embed-idle', { target: frame, setTheme });

  await page.click('[data-testid="host-call-button"]');
  await T(agent, 'incoming-call').waitFor();
  await T(agent, 'accept-button').click();
  await page.waitForSelector('[data-testid="host-status"]:has-text("Connected to support")');
  await audit.check(page, 'embed-in-call', { target: frame, setTheme });
  audit.assertClean();
});
