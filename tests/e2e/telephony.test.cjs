// Telephony (MediaSFU, issue #5) end to end: the real app in headless Chromium against the local
// MediaSFU double (tests/mediasfu_double.cjs), directly and through dialtone-server's proxy.
// The double's rate window is 1 s in the flow tests (so a test's clicks need not wait 5 s each)
// and the real 5 s in the rate-limit test; the app's own spacing is always the spec's.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, launchBrowser, SCREENSHOTS } = require('./harness.cjs');

/** A full-page screenshot from the top (settings, dialer, live calls and history in one). */
async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
const { startMediasfuDouble } = require('../mediasfu_double.cjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T = (page, id) => page.locator(`[data-testid="${id}"]`);

async function fake(double, route, body) {
  const r = await fetch(`${double.url}/__fake/${route}`, { method: 'POST', body: JSON.stringify(body || {}) });
  return r.json();
}

/** Waits until the key has been quiet for `gapMs` (from the double's log), so a click is admitted. */
async function whenQuiet(double, gapMs) {
  for (;;) {
    const last = double.log().filter((e) => e.status !== 429).at(-1);
    const wait = last ? last.t + gapMs - Date.now() : 0;
    if (wait <= 0) return;
    await sleep(wait + 50);
  }
}

async function openTelephony(browser, server, query = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.__console = [];
  page.on('console', (m) => page.__console.push(m.text()));
  page.on('pageerror', (e) => page.__console.push(String(e)));
  await page.goto(`${server.url}/telephony${query}`);
  await T(page, 'telephony-page').waitFor();
  return page;
}

async function enterCredentials(page, double, account) {
  await T(page, 'tel-username').fill(account.username);
  await T(page, 'tel-key').fill(account.key);
  await T(page, 'tel-base-url').fill(double.url);
  await T(page, 'tel-save').click();
}

async function waitPhase(page, phase, timeout = 30000) {
  await page.locator(`[data-testid="tel-call-row"][data-phase="${phase}"]`).waitFor({ timeout });
}

test.describe('Telephony against the MediaSFU double', () => {
  let double;
  let server;
  let browser;
  test.before(async () => {
    double = await startMediasfuDouble({ rateWindowMs: 1000, timeScale: 0.5 });
    server = await startServer();
    browser = await launchBrowser({ fakeMedia: false });
  });
  test.after(async () => {
    await browser?.close();
    await server?.stop();
    await double?.stop();
  });
  test.beforeEach(() => fake(double, 'reset', { rateWindowMs: 1000, timeScale: 0.5 }));

  test('credentials, SIP configs, a call to connected, hold/resume, play-to-all, takeover, DTMF, end, history', async () => {
    const account = double.accounts()[0];
    const page = await openTelephony(browser, server);
    await screenshot(page, 'telephony-settings-empty');
    await enterCredentials(page, double, account);
    await assert.doesNotReject(page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout: 10000 }));
    assert.match(await T(page, 'tel-settings-status').innerText(), /3 SIP configuration\(s\), 1 usable/);
    assert.equal(await T(page, 'tel-caller-id').inputValue(), '+15550001111');
    // E.164 before any request: no "+" is refused locally.
    const before = double.log().length;
    await T(page, 'tel-number').fill('15551230001');
    await T(page, 'tel-place-call').click();
    assert.equal(await T(page, 'tel-dial-error').getAttribute('data-code'), 'INVALID_NUMBER');
    assert.equal(double.log().filter((e) => e.path.includes('outgoingCall')).length, 0);
    // Paste cleanup.
    await T(page, 'tel-number').fill('+1 (555) 123-0001');
    assert.equal(await T(page, 'tel-number').inputValue(), '+15551230001');
    await T(page, 'tel-room').fill('s1234567');
    await whenQuiet(double, 1100);
    await T(page, 'tel-place-call').click();
    await waitPhase(page, 'connected', 40000);
    assert.ok(double.log().length > before);
    const row = T(page, 'tel-call-row');
    assert.equal(await row.locator('[data-testid="tel-call-to"]').innerText(), '+15551230001');
    assert.equal(await row.locator('[data-testid="tel-call-direction"]').innerText(), 'Outgoing');
    await screenshot(page, 'telephony-live-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await screenshot(page, 'telephony-live-dark');
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
    await page.emulateMedia({ colorScheme: 'light' });

    // Hold: pending until a poll shows on-hold, then Resume.
    await whenQuiet(double, 1100);
    await T(page, 'tel-hold').click();
    await waitPhase(page, 'on-hold', 20000);
    const holdLog = double.log().find((e) => e.path.endsWith('/hold'));
    assert.equal(holdLog.status, 200);
    await whenQuiet(double, 1100);
    await T(page, 'tel-resume').click();
    await waitPhase(page, 'connected', 20000);
    // Play to all reflects the last 2xx.
    await whenQuiet(double, 1100);
    await T(page, 'tel-play-to-all').click();
    await page.locator('[data-testid="tel-play-to-all"][aria-pressed="true"][data-state="confirmed"]').waitFor({ timeout: 10000 });
    // Takeover: the caller hears a human once a poll shows it.
    await whenQuiet(double, 1100);
    await T(page, 'tel-takeover').click();
    await page.locator('[data-testid="tel-takeover"][data-state="confirmed"]').waitFor({ timeout: 20000 });
    assert.match(await T(page, 'tel-monitor-source').innerText(), /human/);
    // DTMF: presses go out together as one string 1.5 s after the last one.
    for (let attempt = 0; attempt < 3; attempt++) {
      await whenQuiet(double, 1100);
      for (const k of ['1', '2', 'hash']) await T(page, `tel-dtmf-key-${k}`).click();
      assert.equal(await T(page, 'tel-dtmf-pending').innerText(), '12#');
      // Sent once the buffer empties; then wait for the answer.
      await page.waitForFunction(() => document.querySelector('[data-testid="tel-dtmf-pending"]').textContent === '', null, { timeout: 5000 });
      await page.locator('[data-testid="tel-dtmf"]:is([data-state="confirmed"], [data-state="failed"])').waitFor({ timeout: 10000 });
      if (await T(page, 'tel-dtmf').getAttribute('data-state') === 'confirmed') break;
    }
    assert.equal(await T(page, 'tel-dtmf').getAttribute('data-state'), 'confirmed');
    assert.ok(double.log().some((e) => e.path.endsWith('/send-dtmf') && e.status === 200));
    // End.
    await whenQuiet(double, 1100);
    await T(page, 'tel-end').click();
    await T(page, 'tel-no-calls').waitFor({ timeout: 20000 });
    const hist = page.locator('[data-testid="tel-history-row"][data-live="false"]');
    await hist.first().waitFor({ timeout: 20000 });
    const callId = await hist.first().getAttribute('data-call-id');
    // The history settles on the server's final duration (reported values win over estimates).
    await sleep(600);
    const ended = (await (await fetch(`${double.url}/__fake/calls?username=${account.username}`)).json()).find((c) => c.sipCallId === callId);
    assert.ok(ended && ended.callEnded, 'the double still lists the ended call');
    await page.locator(`[data-testid="tel-history-row"][data-call-id="${callId}"][data-duration="${ended.durationSeconds}"]`).waitFor({ timeout: 15000 });
    assert.ok(Number(await hist.first().getAttribute('data-duration')) >= 1);
    assert.match(await hist.first().locator('[data-testid="tel-history-status"]').innerText(), /Ended/);
    await screenshot(page, 'telephony-history-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await screenshot(page, 'telephony-history-dark');
    // Filter and clear.
    await T(page, 'tel-history-filter').fill('nomatch');
    assert.equal(await page.locator('[data-testid="tel-history-row"]').count(), 0);
    await T(page, 'tel-history-filter').fill('');
    await T(page, 'tel-history-clear').click();
    assert.equal(await page.locator('[data-testid="tel-history-row"]').count(), 0);
    // The key is in no console line, and not in localStorage (session-only by default).
    assert.ok(!page.__console.some((l) => l.includes(account.key)), 'no console line holds the key');
    const local = await page.evaluate(() => JSON.stringify(localStorage));
    assert.ok(!local.includes(account.key));
    // The app never polled faster than every 6 s.
    const polls = double.log().filter((e) => e.path === '/v1/sipcall/list' && e.origin === server.url).map((e) => e.t);
    for (let i = 1; i < polls.length; i++) assert.ok(polls[i] - polls[i - 1] >= 5000, `polls ${polls[i] - polls[i - 1]} ms apart`);
    await page.context().close();
  });

  test('401: a clear credentials error, and nothing more is sent until Retry', async () => {
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, { username: 'dialtoneuser1', key: 'Z'.repeat(64) });
    await page.locator('[data-testid="tel-settings-status"][data-code="CREDENTIALS_REJECTED"]').waitFor({ timeout: 10000 });
    assert.match(await T(page, 'tel-settings-status').innerText(), /rejected these credentials/);
    await page.locator('[data-testid="tel-poller-status"][data-state="stopped"]').waitFor({ timeout: 15000 });
    assert.equal(await T(page, 'tel-banner').getAttribute('data-code'), 'CREDENTIALS_REJECTED');
    const count = double.log().length;
    await sleep(7000);
    assert.equal(double.log().length, count, 'the poller stopped');
    // "Edit credentials": the key field, focused, the saved key masked and replaceable; still quiet.
    await T(page, 'tel-banner-edit').click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tel-key');
    const placeholder = await T(page, 'tel-key').getAttribute('placeholder');
    assert.match(placeholder, /saved .*type to replace/);
    assert.ok(!placeholder.includes('Z'.repeat(64)), 'the key is masked');
    assert.equal(await T(page, 'tel-key').inputValue(), '');
    await sleep(1500);
    assert.equal(double.log().length, count, 'editing alone sends nothing');
    // Retry restarts traffic (and meets the same 401).
    await T(page, 'tel-banner-retry').click();
    for (let i = 0; i < 40 && double.log().length === count; i++) await sleep(250);
    assert.ok(double.log().length > count, 'Retry restarts polling');
    await page.context().close();
  });

  test('settings modes: disposable mode takes only a disposable key; long-lived mode takes the other', async () => {
    const page = await openTelephony(browser, server);
    assert.equal(await T(page, 'tel-mode-long-lived').isChecked(), true, 'long-lived is the default');
    await T(page, 'tel-mode-disposable').check();
    const before = double.log().length;
    await enterCredentials(page, double, double.accounts()[0]);
    await page.locator('[data-testid="tel-settings-status"][data-code="CREDENTIALS_INVALID"]').waitFor({ timeout: 5000 });
    assert.match(await T(page, 'tel-settings-status').innerText(), /disposable key starts with tempsand or tempprod/);
    assert.equal(double.log().length, before, 'refused before any request');
    // A tempsand… key passes the local check and reaches MediaSFU.
    const disposable = double.accounts().find((a) => a.disposable);
    await enterCredentials(page, double, disposable);
    for (let i = 0; i < 40 && double.log().length === before; i++) await sleep(250);
    assert.ok(double.log().length > before, 'the disposable key was used');
    // Proxy mode hides the key fields.
    await T(page, 'tel-mode-proxy').check();
    assert.equal(await T(page, 'tel-key').count(), 0);
    await page.context().close();
  });

  test('SIP configs are fetched again once the cached list is older than the refresh age', async () => {
    // The app's refresh age is 1 h; the query shortens it (floor 5 s) so the test sees a refresh.
    const page = await openTelephony(browser, server, '?mediasfuConfigMaxAgeMs=5000');
    try {
      await enterCredentials(page, double, double.accounts()[0]);
      await page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout: 10000 });
      const fetches = () => double.log().filter((e) => e.path.startsWith('/v1/sipconfigs')).length;
      const polls = () => double.log().filter((e) => e.path.includes('/list')).length;
      assert.equal(fetches(), 1);
      // A due tick goes to the refresh, then polling carries on.
      for (let i = 0; i < 120 && (fetches() < 2 || polls() < 1); i++) await sleep(250);
      assert.ok(fetches() >= 2, 'refreshed after the age passed');
      assert.ok(polls() >= 1, 'polling goes on around it');
      const times = double.log().filter((e) => e.status !== 429).map((e) => e.t);
      for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 4900, 'the refresh keeps the 5 s spacing');
    } finally {
      await page.context().close();
    }
  });

  test('the Telephony page is reachable from the call page and back', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await T(page, 'telephony-link').click();
    await T(page, 'telephony-page').waitFor({ timeout: 10000 });
    await T(page, 'calls-link').click();
    await T(page, 'app').waitFor({ timeout: 10000 });
    assert.equal(await T(page, 'telephony-page').count(), 0);
    await context.close();
  });

  test('403 from an unregistered origin; remember on this device, untick, sign out', async () => {
    const page = await openTelephony(browser, server);
    const prod = double.accounts()[1];
    await enterCredentials(page, double, prod);
    await page.locator('[data-testid="tel-settings-status"][data-code="ACCESS_DENIED"]').waitFor({ timeout: 10000 });
    assert.match(await T(page, 'tel-settings-status').innerText(), /sandbox key/);
    assert.equal(await T(page, 'tel-banner').getAttribute('data-code'), 'ACCESS_DENIED');
    const stored = () => page.evaluate(() => [localStorage.getItem('dialtone.mediasfu.credentials'), sessionStorage.getItem('dialtone.mediasfu.credentials')]);
    // Session-only by default.
    let [local, session] = await stored();
    assert.equal(local, null);
    assert.ok(session);
    await T(page, 'tel-remember').check();
    await T(page, 'tel-remember-warning').waitFor();
    await T(page, 'tel-save').click();
    [local] = await stored();
    assert.ok(local, 'remembered on opt-in');
    // The key is never shown back: the field is empty, the placeholder masked.
    assert.equal(await T(page, 'tel-key').inputValue(), '');
    assert.ok(!(await T(page, 'tel-key').getAttribute('placeholder')).includes(prod.key.slice(0, 20)));
    await T(page, 'tel-remember').uncheck();
    await T(page, 'tel-save').click();
    [local] = await stored();
    assert.equal(local, null, 'unticking deletes the persistent copy');
    await T(page, 'tel-sign-out').click();
    assert.deepEqual(await stored(), [null, null]);
    await page.context().close();
  });

  test('an incoming call appears through the poller and can be rejected', async () => {
    const account = double.accounts()[0];
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, account);
    await page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout: 10000 });
    const { sipCallId } = await fake(double, 'incoming', { username: account.username, callerId: '+15557654321' });
    const row = page.locator(`[data-testid="tel-call-row"][data-call-id="${sipCallId}"]`);
    await row.waitFor({ timeout: 20000 });
    assert.equal(await row.locator('[data-testid="tel-call-direction"]').innerText(), 'Incoming');
    assert.match(await row.locator('[data-testid="tel-call-from"]').innerText(), /\+15557654321/);
    await whenQuiet(double, 1100);
    await row.locator('[data-testid="tel-reject"]').click();
    await row.waitFor({ state: 'detached', timeout: 20000 });
    const end = double.log().find((e) => e.path === `/v1/sipcall/${sipCallId}/end`);
    assert.equal(end?.status, 200);
    await page.context().close();
  });

  test('429 burst: visible back-off, recovery, and the app never exceeds the rate limit', async () => {
    await fake(double, 'options', { rateWindowMs: 5000 });
    const account = double.accounts()[0];
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, account);
    await page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout: 10000 });
    // Another client on the same key hogs the window for a while.
    const auth = { authorization: `Bearer ${account.username}:${account.key}` };
    let hog = true;
    const hogging = (async () => { while (hog) { await fetch(`${double.url}/v1/sipcall/summary`, { headers: auth }); await sleep(400); } })();
    await page.locator('[data-testid="tel-poller-status"][data-state="rate-limited"]').waitFor({ timeout: 20000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /Rate limited, retrying in \d+ s/);
    hog = false;
    await hogging;
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 60000 });
    const mine = double.log().filter((e) => e.origin === server.url).map((e) => e.t);
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i] - mine[i - 1] >= 4900, `app requests ${mine[i] - mine[i - 1]} ms apart`);
    await page.context().close();
  });

  test('malformed JSON and a timeout give clear errors and the page keeps working', async () => {
    const account = double.accounts()[0];
    const page = await openTelephony(browser, server, '?mediasfuTimeoutMs=2000');
    await enterCredentials(page, double, account);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 20000 });
    await fake(double, 'fault', { kind: 'nonjson' });
    await page.locator('[data-testid="tel-poller-status"][data-state="error"]').waitFor({ timeout: 15000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /Unexpected answer from MediaSFU/);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 15000 });
    await fake(double, 'fault', { kind: 'hang' });
    await page.locator('[data-testid="tel-poller-status"][data-state="error"]').waitFor({ timeout: 20000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /did not answer/);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 20000 });
    // Still usable: a local check answers at once.
    await T(page, 'tel-number').fill('+12');
    await T(page, 'tel-place-call').click();
    await T(page, 'tel-placement').waitFor();
    await page.context().close();
  });
});

test.describe('Telephony through the server proxy', () => {
  let double;
  let server;
  let browser;
  const serverAccount = { username: 'proxyuser01', key: 'Pr0xyK3y'.repeat(8) };
  test.before(async () => {
    double = await startMediasfuDouble({ rateWindowMs: 1000, timeScale: 0.5 });
    await fake(double, 'seed', { accounts: [{ ...serverAccount, kind: 'sandbox' }] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-mediasfu-'));
    const keyFile = path.join(dir, 'key');
    fs.writeFileSync(keyFile, `${serverAccount.username}:${serverAccount.key}\n`, { mode: 0o600 });
    server = await startServer({ args: ['--mediasfu-key-file', keyFile, '--mediasfu-base-url', double.url] });
    browser = await launchBrowser({ fakeMedia: false });
  });
  test.after(async () => {
    await browser?.close();
    await server?.stop();
    await double?.stop();
  });

  test('the same flow with the key never reaching the browser', async () => {
    const page = await openTelephony(browser, server);
    const bodies = [];
    page.on('response', async (r) => { try { bodies.push(await r.text()); } catch { /* bodies of aborted requests */ } });
    await T(page, 'tel-mode-proxy').check();
    await T(page, 'tel-save').click();
    await page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout: 10000 });
    await T(page, 'tel-number').fill('+15551230001');
    await T(page, 'tel-room').fill('s7654321');
    await whenQuiet(double, 5200);
    await T(page, 'tel-place-call').click();
    await waitPhase(page, 'connected', 40000);
    await whenQuiet(double, 5200);
    await T(page, 'tel-end').click();
    await T(page, 'tel-no-calls').waitFor({ timeout: 30000 });
    await page.locator('[data-testid="tel-history-row"][data-live="false"]').first().waitFor({ timeout: 20000 });
    const log = double.log();
    assert.ok(log.length > 0);
    assert.ok(log.every((e) => e.username === serverAccount.username && e.origin === null), 'only the server\'s credential reached MediaSFU');
    assert.ok(log.some((e) => e.path === '/v1/sipcall/outgoingCall' && e.status === 200));
    const storage = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
    assert.ok(!storage.includes(serverAccount.key), 'not in storage');
    assert.ok(!bodies.some((b) => b.includes(serverAccount.key)), 'not in any response');
    assert.ok(!page.__console.some((l) => l.includes(serverAccount.key)));
    assert.ok(!server.log().includes(serverAccount.key), 'not in the server log');
    await page.context().close();
  });
});
