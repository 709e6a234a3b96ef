// Telephony (MediaSFU, issues #5 and #17) end to end: the real app in headless Chromium against the
// local MediaSFU double (tests/mediasfu_double.cjs), directly and through dialtone-server's proxy.
// The double keeps MediaSFU's real window: 1 request per 5 s per key, 429 beyond. Tests click when a
// user would, never waiting for the window themselves: the page's request gate does that, and the
// double's log must show no 429 the app caused. Calls progress at half speed (timeScale 0.5).
// Each test has its own MediaSFU account (the window is per key) and its faults name it, so the
// tests run side by side: the file takes about as long as its longest test.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, launchBrowser, screenshot, SCREENSHOTS } = require('./harness.cjs');
const { startMediasfuDouble } = require('../mediasfu_double.cjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const T = (page, id) => page.locator(`[data-testid="${id}"]`);
/** The page's gate: a window plus its margin after the previous answer (core `gate.rs`). */
const SPACING_MS = 5500;
const DOUBLE_OPTIONS = { rateWindowMs: 5000, timeScale: 0.5 };

async function fake(double, route, body) {
  const r = await fetch(`${double.url}/__fake/${route}`, { method: 'POST', body: JSON.stringify(body || {}) });
  return r.json();
}

async function fakeGet(double, route) {
  return (await fetch(`${double.url}/__fake/${route}`)).json();
}

/** What the double saw from one user (`origin` null: through the proxy). */
function requestsOf(double, username) {
  return double.log().filter((e) => e.username === username);
}

/** No request of `username` got a 429, and every one went out a window after the one before. */
function assertWellSpaced(double, username, what) {
  const mine = requestsOf(double, username);
  const limited = mine.filter((e) => e.status === 429);
  assert.equal(limited.length, 0, `${what}: 429s at ${limited.map((e) => e.path).join(', ')}`);
  for (let i = 1; i < mine.length; i++) {
    assert.ok(mine[i].t - mine[i - 1].t >= 5000, `${what}: ${mine[i - 1].path} then ${mine[i].path} ${mine[i].t - mine[i - 1].t} ms apart`);
  }
}

/** The next poll the double answers for `username` (its log time). */
async function nextPoll(double, username, timeout = 20000) {
  const seen = requestsOf(double, username).filter((e) => e.path === '/v1/sipcall/list').length;
  const until = Date.now() + timeout;
  for (;;) {
    const polls = requestsOf(double, username).filter((e) => e.path === '/v1/sipcall/list');
    if (polls.length > seen) return polls.at(-1);
    assert.ok(Date.now() < until, 'a poll came');
    await sleep(20);
  }
}

async function openTelephony(browser, server, query = '', viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
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

async function connected(page, timeout = 15000) {
  await page.locator('[data-testid="tel-settings-status"][data-code="OK"]').waitFor({ timeout });
}

async function waitPhase(page, phase, timeout = 30000) {
  await page.locator(`[data-testid="tel-call-row"][data-phase="${phase}"]`).waitFor({ timeout });
}

/**
 * Places `count` calls one after another (Call pressed again as soon as the last one is
 * connected); returns the time each took from the click to connected, in seconds.
 */
async function placeInARow(page, { room, count }) {
  await T(page, 'tel-number').fill('+15551230001');
  await T(page, 'tel-room').fill(room);
  const times = [];
  const ids = new Set();
  for (let i = 0; i < count; i++) {
    const started = Date.now();
    await T(page, 'tel-place-call').click();
    await page.waitForFunction((seen) => {
      const p = document.querySelector('[data-testid="tel-placement"]');
      return p && p.dataset.state === 'connected' && p.dataset.callId && !seen.includes(p.dataset.callId);
    }, [...ids], { timeout: 40000, polling: 50 });
    ids.add(await T(page, 'tel-placement').getAttribute('data-call-id'));
    times.push((Date.now() - started) / 1000);
  }
  assert.equal(ids.size, count);
  return times;
}

/** A control pressed right after a poll's answer: it waits for the gate, then confirms. */
async function holdRightAfterAPoll(page, double, username) {
  const row = page.locator('[data-testid="tel-call-row"][data-phase="connected"]').first();
  const id = await row.getAttribute('data-call-id');
  const poll = await nextPoll(double, username);
  await row.locator('[data-testid="tel-hold"]').click();
  await page.locator(`[data-testid="tel-call-row"][data-call-id="${id}"][data-phase="on-hold"]`).waitFor({ timeout: 20000 });
  const hold = requestsOf(double, username).find((e) => e.path === `/v1/sipcall/${id}/hold`);
  assert.equal(hold.status, 200);
  assert.ok(hold.t - poll.t >= SPACING_MS - 100, `hold ${hold.t - poll.t} ms after the poll`);
  return (hold.t - poll.t) / 1000;
}

function summary(times) {
  const sum = times.reduce((a, b) => a + b, 0);
  return `mean ${(sum / times.length).toFixed(1)} s, max ${Math.max(...times).toFixed(1)} s`;
}

/** Screenshots (git-ignored): `telephony-<state>-<viewport>-<theme>.png`. */
async function shoot(page, state) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [size, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    if (size === 'phone') {
      // A live call's controls take a finger on a phone: none is under 44 px tall.
      const small = await page.$$eval('.tel-call button', (buttons) => buttons
        .filter((b) => b.getBoundingClientRect().width > 0 && b.getBoundingClientRect().height < 44)
        .map((b) => `${b.textContent.trim()} ${Math.round(b.getBoundingClientRect().height)} px`));
      assert.deepEqual(small, [], `${state}: live-call buttons under 44 px on a phone`);
      // The history reads as cards on a phone: nothing in it scrolls sideways.
      const sideways = await page.$$eval('.tel-table-wrap', (wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
      assert.equal(sideways, 0, `${state}: the history scrolls sideways on a phone`);
      // A live call's options and keypad wait behind its "More": the row's controls stay in view.
      const row = page.locator('[data-testid="tel-call-row"]').first();
      if (await row.count()) {
        const more = row.locator('[data-testid="tel-call-more"]');
        assert.equal(await row.locator('.tel-call-extra').isVisible(), false, `${state}: options shown before More on a phone`);
        await more.click();
        assert.equal(await more.getAttribute('aria-expanded'), 'true');
        assert.ok(await row.locator('[data-testid="tel-hold-message"]').isVisible(), `${state}: More shows the hold message`);
        for (const theme of ['light', 'dark']) {
          await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
          await row.screenshot({ path: path.join(SCREENSHOTS, `telephony-${state}-phone-more-${theme}.png`) });
        }
        await more.click();
        assert.equal(await row.locator('.tel-call-extra').isVisible(), false, `${state}: a second press hides them again`);
      }
    } else {
      // On a wide screen everything shows at once and there is no toggle.
      const more = page.locator('[data-testid="tel-call-more"]');
      for (let i = 0; i < await more.count(); i += 1) assert.equal(await more.nth(i).isVisible(), false, `${state}: More on a wide screen`);
    }
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `telephony-${state}-${size}-${theme}`, { fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
}

let accountSeq = 0;
/** A fresh sandbox account of the double, for one test (the rate window is per key). */
async function newAccount(double, label) {
  accountSeq += 1;
  const username = `${label}${accountSeq}`.replace(/[^A-Za-z0-9]/g, '').padEnd(6, '0');
  const key = (username + 'K3y'.repeat(30)).replace(/[^A-Za-z0-9]/g, '').slice(0, 64);
  const account = { username, key, kind: 'sandbox' };
  await fake(double, 'seed', { accounts: [account] });
  return account;
}

/** Folders the key files live in, removed once the servers that read them have stopped. */
const keyFolders = [];

function proxyKeyFile(account) {
  return secretFile(`${account.username}:${account.key}\n`);
}

/** A file only this user reads, holding `contents`. */
function secretFile(contents) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-mediasfu-'));
  keyFolders.push(dir);
  const file = path.join(dir, 'secret');
  fs.writeFileSync(file, contents, { mode: 0o600 });
  return file;
}

// Six at a time: enough to overlap the waits for the window, few enough for a 2-core machine.
test.describe('Telephony against the MediaSFU double', { concurrency: 6 }, () => {
  let double;
  let server;
  let proxyAgent;
  let proxyRoom;
  let browser;
  const proxyAccounts = {
    agent: { username: 'proxyagent1', key: 'Pr0xyAg3'.repeat(8), kind: 'sandbox' },
    room: { username: 'proxyroom01', key: 'Pr0xyR00'.repeat(8), kind: 'sandbox' },
  };
  test.before(async () => {
    double = await startMediasfuDouble(DOUBLE_OPTIONS);
    await fake(double, 'seed', { accounts: Object.values(proxyAccounts) });
    // One server per proxied key, so the two proxied runs go side by side like the direct ones.
    const proxyArgs = (a) => ({ args: ['--mediasfu-key-file', proxyKeyFile(a), '--mediasfu-base-url', double.url] });
    [server, proxyAgent, proxyRoom] = await Promise.all([
      startServer(), startServer(proxyArgs(proxyAccounts.agent)), startServer(proxyArgs(proxyAccounts.room)),
    ]);
    browser = await launchBrowser({ fakeMedia: false });
  });
  test.after(async () => {
    await browser?.close();
    await Promise.all([server?.stop(), proxyAgent?.stop(), proxyRoom?.stop()]);
    await double?.stop();
    for (const dir of keyFolders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('agent-first and room calls, 10 each, each connected; a control right after a poll confirms; no 429', async (t) => {
    const directAgent = await newAccount(double, 'directagent');
    const directRoom = await newAccount(double, 'directroom');
    const direct = async (account) => {
      const page = await openTelephony(browser, server);
      await enterCredentials(page, double, account);
      await connected(page);
      return page;
    };
    const proxied = async (via) => {
      const page = await openTelephony(browser, via);
      page.__bodies = [];
      page.on('response', async (r) => { try { page.__bodies.push(await r.text()); } catch { /* aborted */ } });
      await T(page, 'tel-mode-proxy').check();
      await T(page, 'tel-save').click();
      await connected(page);
      return page;
    };
    const runs = [
      ['direct, agent first', directAgent, () => direct(directAgent), '', null],
      ['direct, room', directRoom, () => direct(directRoom), 's1234567', null],
      ['proxy, agent first', proxyAccounts.agent, () => proxied(proxyAgent), '', proxyAgent],
      ['proxy, room', proxyAccounts.room, () => proxied(proxyRoom), 's7654321', proxyRoom],
    ];
    const started = Date.now();
    const results = await Promise.all(runs.map(async ([what, account, open, room, via]) => {
      const page = await open();
      const times = await placeInARow(page, { room, count: 10 });
      const holdAfter = await holdRightAfterAPoll(page, double, account.username);
      if (via) {
        // The server's key never reaches the browser: not stored, not in any answer or log line.
        const storage = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
        assert.ok(!storage.includes(account.key), `${what}: not in storage`);
        assert.ok(!page.__bodies.some((b) => b.includes(account.key)), `${what}: not in any response`);
        assert.ok(!page.__console.some((l) => l.includes(account.key)), `${what}: not in the console`);
        assert.ok(!via.log().includes(account.key), `${what}: not in the server log`);
      }
      await page.context().close();
      return { what, username: account.username, times, holdAfter, proxied: !!via };
    }));
    for (const { what, username, times, holdAfter, proxied: viaProxy } of results) {
      assertWellSpaced(double, username, what);
      const outgoing = requestsOf(double, username).filter((e) => e.path === '/v1/sipcall/outgoingCall');
      assert.equal(outgoing.length, 10, `${what}: one outgoingCall per call`);
      assert.ok(outgoing.every((e) => e.status === 200));
      if (viaProxy) {
        assert.ok(requestsOf(double, username).every((e) => e.origin === null), `${what}: only the server reached MediaSFU`);
      }
      t.diagnostic(`${what}: 10 calls, click → connected ${summary(times)}; hold sent ${holdAfter.toFixed(1)} s after a poll; 0 × 429`);
    }
    t.diagnostic(`all four runs side by side: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });

  test("the server's proxy takes its own token from the page's link, never the call links' token", async () => {
    const account = await newAccount(double, 'proxytoken');
    await fake(double, 'seed', { accounts: [account] });
    const guarded = await startServer({
      args: ['--mediasfu-key-file', proxyKeyFile(account), '--mediasfu-base-url', double.url,
        '--mediasfu-proxy-token-file', secretFile('operators-only-7f3a\n'), '--access-token-file', secretFile('call-links-2b9c\n')],
    });
    try {
      const attempt = async (query) => {
        const page = await openTelephony(browser, guarded, query);
        await T(page, 'tel-mode-proxy').check();
        await T(page, 'tel-save').click();
        return page;
      };
      // Without a token, and with the token every invited caller has: the proxy refuses, and the
      // page says it is the proxy that wants its token (not MediaSFU, not the key).
      for (const query of ['', '?token=call-links-2b9c']) {
        const page = await attempt(query);
        const banner = page.locator('[data-testid="tel-banner"][data-code="PROXY_TOKEN_REQUIRED"]');
        await banner.waitFor({ timeout: 15000 });
        assert.match(await banner.innerText(), /proxy needs its token/);
        assert.equal(await T(page, 'tel-banner-edit').count(), 0, 'no credentials to edit: the page holds none');
        await page.context().close();
      }
      assert.equal(requestsOf(double, account.username).length, 0, 'MediaSFU was never asked');
      // With the operators' link: served, and the token leaves the address bar.
      const page = await attempt('?token=operators-only-7f3a');
      await connected(page);
      assert.ok(!page.url().includes('operators-only'), `the token left the address bar: ${page.url()}`);
      // The tab keeps it (sessionStorage) across a reload.
      await page.reload();
      await T(page, 'telephony-page').waitFor();
      await T(page, 'tel-mode-proxy').check();
      await T(page, 'tel-save').click();
      await connected(page);
      await page.context().close();
    } finally {
      await guarded.stop();
    }
  });

  test('a call to connected and every control, each confirmed with no 429; history', async () => {
    const account = await newAccount(double, 'flow');
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, account);
    await connected(page);
    assert.match(await T(page, 'tel-settings-status').innerText(), /3 SIP configurations, 1 usable/);
    assert.equal(await T(page, 'tel-caller-id').inputValue(), '+15550001111');
    // E.164 before any request: no "+" is refused locally.
    await T(page, 'tel-number').fill('15551230001');
    await T(page, 'tel-place-call').click();
    assert.equal(await T(page, 'tel-dial-error').getAttribute('data-code'), 'INVALID_NUMBER');
    assert.equal(requestsOf(double, account.username).filter((e) => e.path.includes('outgoingCall')).length, 0);
    // The keypad: + only starts a number, ⌫ takes the last character back.
    await T(page, 'tel-number').fill('');
    for (const key of ['plus', '1', '5', 'plus', '9', 'back']) await T(page, `tel-key-${key}`).click();
    assert.equal(await T(page, 'tel-number').inputValue(), '+15');
    // Paste cleanup.
    await T(page, 'tel-number').fill('+1 (555) 123-0001');
    assert.equal(await T(page, 'tel-number').inputValue(), '+15551230001');
    await T(page, 'tel-room').fill('s1234567');
    await T(page, 'tel-name').fill('alice');
    await T(page, 'tel-place-call').click();
    await waitPhase(page, 'connected', 40000);
    const row = T(page, 'tel-call-row');
    const id = await row.getAttribute('data-call-id');
    assert.equal(await row.locator('[data-testid="tel-call-to"]').innerText(), '+15551230001');
    assert.equal(await row.locator('[data-testid="tel-call-direction"]').textContent(), 'Outgoing');
    await page.locator('[data-testid="tel-placement"][data-state="connected"]').waitFor({ timeout: 10000 });
    assert.equal(await T(page, 'tel-placement').innerText(), 'Connected to +15551230001.');
    assert.match(await row.locator('[data-testid="tel-call-duration"]').innerText(), /^\d+:\d\d$/);
    // A 2xx whose body is not JSON is still a success (§2): the hold happened and is confirmed.
    await fake(double, 'fault', { kind: 'nonjson', path: `/v1/sipcall/${id}/hold`, username: account.username, after: true });
    await T(page, 'tel-hold').click();
    await page.locator('[data-testid="tel-control-status"]').waitFor({ timeout: 5000 });
    await waitPhase(page, 'on-hold', 20000);
    assert.equal(await T(page, 'tel-control-error').count(), 0, 'not shown as failed');
    await T(page, 'tel-resume').click();
    await waitPhase(page, 'connected', 20000);
    // Play to all reflects the last 2xx.
    await T(page, 'tel-play-to-all').click();
    await page.locator('[data-testid="tel-play-to-all"][aria-pressed="true"][data-state="confirmed"]').waitFor({ timeout: 15000 });
    // To human names the person who placed the call, not a made-up "operator".
    await T(page, 'tel-takeover').click();
    await page.locator('[data-testid="tel-takeover"][data-state="confirmed"]').waitFor({ timeout: 20000 });
    assert.match(await T(page, 'tel-monitor-source').innerText(), /alice \(a person\)/);
    const switched = requestsOf(double, account.username).find((e) => e.path === `/v1/sipcall/${id}/switch-source`);
    assert.equal(switched.status, 200);
    // A 429 without Retry-After (another client's doing) still says when to try again.
    await fake(double, 'fault', { kind: '429', path: `/v1/sipcall/${id}/switch-source`, username: account.username });
    await T(page, 'tel-to-agent').click();
    const error = page.locator('[data-testid="tel-control-error"][data-code="RATE_LIMITED"]');
    await error.waitFor({ timeout: 15000 });
    assert.match(await error.innerText(), /try again (in \d+ s|now)/);
    await T(page, 'tel-control-error-dismiss').click();
    assert.equal(await T(page, 'tel-control-error').count(), 0);
    // Play checks its source first: an http:// URL is refused on the page and nothing is sent.
    await T(page, 'tel-play-source').fill('http://example.com/a.mp3');
    await T(page, 'tel-play-is-url').check();
    await T(page, 'tel-play').click();
    await page.locator('[data-testid="tel-control-error"][data-code="INVALID_SOURCE"]').waitFor({ timeout: 5000 });
    assert.equal(requestsOf(double, account.username).filter((e) => e.path.endsWith('/play')).length, 0);
    await T(page, 'tel-control-error-dismiss').click();
    await T(page, 'tel-to-agent').click();
    await page.locator('[data-testid="tel-to-agent"][data-state="confirmed"]').waitFor({ timeout: 20000 });
    // DTMF: presses go out together as one string 1.5 s after the last one.
    for (const k of ['1', '2', 'hash']) await T(page, `tel-dtmf-key-${k}`).click();
    assert.equal(await T(page, 'tel-dtmf-pending').innerText(), '12#');
    await page.locator('[data-testid="tel-dtmf"][data-state="confirmed"]').waitFor({ timeout: 15000 });
    assert.ok(requestsOf(double, account.username).some((e) => e.path.endsWith('/send-dtmf') && e.status === 200));
    // End.
    await T(page, 'tel-end').click();
    await T(page, 'tel-no-calls').waitFor({ timeout: 20000 });
    const hist = page.locator(`[data-testid="tel-history-row"][data-call-id="${id}"][data-live="false"]`);
    await hist.waitFor({ timeout: 20000 });
    // The history settles on the server's final duration (reported values win over estimates).
    const ended = (await fakeGet(double, `calls?username=${account.username}`)).find((c) => c.sipCallId === id);
    assert.ok(ended && ended.callEnded, 'the double still lists the ended call');
    await page.locator(`[data-testid="tel-history-row"][data-call-id="${id}"][data-duration="${ended.durationSeconds}"]`).waitFor({ timeout: 15000 });
    assert.match(await hist.locator('[data-testid="tel-history-status"]').innerText(), /Ended/);
    // Filter and clear.
    await T(page, 'tel-history-filter').fill('nomatch');
    assert.equal(await page.locator('[data-testid="tel-history-row"]').count(), 0);
    await T(page, 'tel-history-filter').fill('');
    await T(page, 'tel-history-clear').click();
    assert.equal(await page.locator('[data-testid="tel-history-row"]').count(), 0);
    await page.waitForSelector('[data-testid="tel-history-clear"]', { state: 'hidden' });
    // The key is in no console line, and not in localStorage (session-only by default).
    assert.ok(!page.__console.some((l) => l.includes(account.key)), 'no console line holds the key');
    assert.ok(!(await page.evaluate(() => JSON.stringify(localStorage))).includes(account.key));
    // Only the injected 429 (another client's) in the whole run; every request a window apart.
    const limited = requestsOf(double, account.username).filter((e) => e.status === 429);
    assert.deepEqual(limited.map((e) => e.path), [`/v1/sipcall/${id}/switch-source`]);
    const polls = requestsOf(double, account.username).filter((e) => e.path === '/v1/sipcall/list').map((e) => e.t);
    for (let i = 1; i < polls.length; i++) assert.ok(polls[i] - polls[i - 1] >= 5000, `polls ${polls[i] - polls[i - 1]} ms apart`);
    await page.context().close();
  });

  test('an outgoingCall answer that is garbled is found by its room; a refused one removes the room it created', async () => {
    const account = await newAccount(double, 'garbled');
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, account);
    await connected(page);
    await T(page, 'tel-number').fill('+15551230001');
    // Agent first: the room is created, the call is placed, but its answer is garbage.
    await fake(double, 'fault', { kind: 'nonjson', path: '/v1/sipcall/outgoingCall', username: account.username, after: true });
    await T(page, 'tel-place-call').click();
    await page.locator('[data-testid="tel-placement"][data-state="finding"]').waitFor({ timeout: 20000 });
    // §8.6: the call is in the history as a draft (no id yet) while it is looked for.
    const draft = page.locator('[data-testid="tel-history-row"][data-call-id=""][data-live="true"]');
    await draft.waitFor({ timeout: 5000 });
    await page.locator('[data-testid="tel-placement"][data-state="connected"]').waitFor({ timeout: 30000 });
    const found = await T(page, 'tel-placement').getAttribute('data-call-id');
    // Found: the draft became the call's row (one row, with the id).
    await page.locator(`[data-testid="tel-history-row"][data-call-id="${found}"]`).waitFor({ timeout: 5000 });
    assert.equal(await page.locator('[data-testid="tel-history-row"][data-call-id=""]').count(), 0, 'no draft left');
    const listed = await fakeGet(double, `calls?username=${account.username}`);
    assert.ok(listed.some((c) => c.sipCallId === found), 'the call that was placed, found by its room');
    assert.equal(requestsOf(double, account.username).filter((e) => e.path === '/v1/sipcall/outgoingCall').length, 1, 'never posted twice');
    // Now MediaSFU refuses the call: the room created for it is deleted.
    await fake(double, 'fault', { kind: '400', path: '/v1/sipcall/outgoingCall', username: account.username });
    await T(page, 'tel-place-call').click();
    const failed = page.locator('[data-testid="tel-placement"][data-state="failed"]');
    await failed.waitFor({ timeout: 30000 });
    assert.equal(await failed.getAttribute('data-code'), 'REQUEST_REFUSED');
    assert.match(await failed.innerText(), /^REQUEST_REFUSED\s+The call to \+15551230001 was not placed\. \S/);
    // Its draft stays in the history, ended as failed.
    const refused = page.locator('[data-testid="tel-history-row"][data-call-id=""][data-live="false"]');
    await refused.waitFor({ timeout: 5000 });
    assert.match(await refused.locator('[data-testid="tel-history-status"]').innerText(), /Ended \(Failed\)/);
    const roomsOf = async () => (await fakeGet(double, 'rooms')).filter((r) => r.username === account.username);
    for (let i = 0; i < 100; i++) {
      const rooms = await roomsOf();
      if (rooms.length === 2 && rooms.filter((r) => r.deletedAt !== null).length === 1) break;
      await sleep(200);
    }
    const rooms = await roomsOf();
    const refusedRoom = requestsOf(double, account.username).filter((e) => e.path === '/v1/rooms/').length;
    assert.equal(rooms.length, 2);
    assert.deepEqual(rooms.map((r) => r.deletedAt !== null), [false, true], 'the live call keeps its room; the refused one is gone');
    assert.equal(refusedRoom, 3, 'two creations and one deletion');
    assertWellSpaced(double, account.username, 'garbled and refused placements');
    await page.context().close();
  });

  test('in Spanish: the caller-ID, poller and placement lines, the live row, its control line and the history say status, direction and an estimate in Spanish; the filter finds what is shown', async () => {
    const account = await newAccount(double, 'spanish');
    const page = await openTelephony(browser, server, '?lang=es');
    assert.equal(await T(page, 'tel-caller-id-status').innerText(), 'Guarda tus ajustes de MediaSFU para cargar los identificadores de llamada.');
    await enterCredentials(page, double, account);
    await connected(page);
    assert.equal(await T(page, 'tel-settings-status').innerText(), 'Conectado: 3 configuraciones SIP, 1 utilizable para llamadas salientes.');
    await T(page, 'tel-number').fill('+15551230002');
    await T(page, 'tel-place-call').click();
    await waitPhase(page, 'connected', 40000);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 15000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /^En directo: se actualiza cada \d+ s\.$/);
    const row = T(page, 'tel-call-row');
    const id = await row.getAttribute('data-call-id');
    assert.equal(await row.locator('[data-testid="tel-call-direction"]').textContent(), 'Saliente');
    assert.equal(await row.locator('[data-testid="tel-call-status"]').innerText(), 'Conectada');
    await page.locator('[data-testid="tel-placement"][data-state="connected"]').waitFor({ timeout: 10000 });
    assert.equal(await T(page, 'tel-placement').innerText(), 'Conectada con +15551230002.');
    const hist = page.locator(`[data-testid="tel-history-row"][data-call-id="${id}"]`);
    await hist.locator('[data-testid="tel-history-status"][data-status="connected"]').waitFor({ timeout: 10000 });
    assert.equal(await hist.locator('[data-testid="tel-history-status"]').innerText(), 'Conectada');
    assert.equal(await hist.locator('[data-testid="tel-history-direction"]').innerText(), 'Saliente');
    // A control under way says so in Spanish, whichever stage it has reached when read.
    await row.locator('[data-testid="tel-hold"]').click();
    assert.match(await row.locator('[data-testid="tel-control-status"]').innerText(),
      /^Poner en espera: (en cola; MediaSFU acepta una solicitud cada 5 s\.|enviado, esperando a MediaSFU…|aceptado; esperando a que la llamada lo muestre…)$/);
    await waitPhase(page, 'on-hold', 30000);
    // Signing out freezes the live call: it says why, and that its talk time is an estimate.
    await T(page, 'tel-sign-out').click();
    const frozen = page.locator(`[data-testid="tel-history-row"][data-call-id="${id}"][data-live="false"]`);
    await frozen.waitFor({ timeout: 5000 });
    assert.equal(await T(page, 'tel-poller-status').getAttribute('data-state'), 'off');
    assert.equal(await T(page, 'tel-poller-status').innerText(), 'Sin sesión: guarda tus ajustes de MediaSFU para ver las llamadas.');
    assert.equal(await T(page, 'tel-no-calls').isVisible(), false, 'signed out, nothing is known about live calls');
    assert.equal(await frozen.locator('[data-testid="tel-history-status"]').getAttribute('data-status'), 'not-followed');
    assert.equal(await frozen.locator('[data-testid="tel-history-status"]').innerText(), 'Sin seguimiento (sesión cerrada)');
    assert.match(await frozen.locator('[data-testid="tel-history-duration"]').innerText(), /^\d+:\d\d \(estimada\)$/);
    // The filter matches the words on screen, not the English kept underneath.
    const rows = page.locator('[data-testid="tel-history-row"]');
    for (const [query, expected] of [['sesión cerrada', 1], ['SALIENTE', 1], ['signed out', 0], ['Outgoing', 0], [id, 1]]) {
      await T(page, 'tel-history-filter').fill(query);
      await page.waitForFunction(([n]) => document.querySelectorAll('[data-testid="tel-history-row"]').length === n, [expected], { timeout: 5000 });
      assert.equal(await rows.count(), expected, `filter "${query}"`);
    }
    await page.context().close();
  });

  test('in German: the settings line counts the SIP configurations, and after a 401 points at the alert, as in English', async () => {
    const refused = await openTelephony(browser, server, '?lang=de');
    await enterCredentials(refused, double, { username: 'nobodyde401', key: 'Z'.repeat(64) });
    await refused.locator('[data-testid="tel-settings-status"][data-code="CREDENTIALS_REJECTED"]').waitFor({ timeout: 10000 });
    assert.equal(await T(refused, 'tel-settings-status').innerText(), 'Nicht verbunden: siehe den Hinweis oben.');
    await refused.context().close();
    // On the narrowest phone: the longer German line must still read well (screenshot).
    const page = await openTelephony(browser, server, '?lang=de', { width: 320, height: 720 });
    await enterCredentials(page, double, await newAccount(double, 'german'));
    await connected(page);
    assert.equal(await T(page, 'tel-settings-status').innerText(), 'Verbunden: 3 SIP-Konfigurationen, 1 für ausgehende Anrufe nutzbar.');
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await T(page, 'tel-settings-status').screenshot({ path: path.join(SCREENSHOTS, `telephony-de-settings-connected-320-${theme}.png`) });
      await page.locator('.tel-header').screenshot({ path: path.join(SCREENSHOTS, `telephony-de-header-320-${theme}.png`) });
    }
    // The header says where you are on a phone too (the call page shows only its mark there), and
    // its name and "Zurück zu den Anrufen" fit beside each other without scrolling sideways.
    const header = await page.evaluate(() => {
      const title = document.querySelector('.tel-header h1');
      const back = document.querySelector('[data-testid="calls-link"]');
      const box = (el) => el.getBoundingClientRect();
      return {
        fontSize: parseFloat(getComputedStyle(title).fontSize),
        titleRight: box(title).right,
        backLeft: box(back).left,
        backRight: box(back).right,
        pageWidth: document.documentElement.scrollWidth,
      };
    });
    assert.ok(header.fontSize >= 14, `the page's name is shown (font-size ${header.fontSize} px)`);
    assert.ok(header.titleRight <= header.backLeft, 'the name and the link do not overlap');
    assert.ok(header.backRight <= 320 && header.pageWidth <= 320, 'nothing sticks out at 320 px');
    await T(page, 'tel-sign-out').click();
    await page.locator('[data-testid="tel-settings-status"][data-code="SIGNED_OUT"]').waitFor({ timeout: 5000 });
    assert.equal(await T(page, 'tel-settings-status').innerText(), 'Abgemeldet: In diesem Browser ist nichts mehr gespeichert.');
    await page.context().close();
  });

  test('401: one clear credentials error, and nothing more is sent until Retry', async () => {
    const page = await openTelephony(browser, server);
    const nobody = { username: 'nobody401', key: 'Z'.repeat(64) };
    const sent = () => requestsOf(double, nobody.username).length;
    await enterCredentials(page, double, nobody);
    await page.locator('[data-testid="tel-banner"][data-code="CREDENTIALS_REJECTED"]').waitFor({ timeout: 10000 });
    assert.match(await T(page, 'tel-banner').innerText(), /CREDENTIALS_REJECTED[\s\S]*rejected these credentials/);
    // Said once: the settings and poller lines point at the banner instead of repeating it.
    assert.equal(await T(page, 'tel-settings-status').getAttribute('data-code'), 'CREDENTIALS_REJECTED');
    assert.doesNotMatch(await T(page, 'tel-settings-status').innerText(), /rejected these/);
    await page.locator('[data-testid="tel-poller-status"][data-state="stopped"]').waitFor({ timeout: 15000 });
    assert.doesNotMatch(await T(page, 'tel-poller-status').innerText(), /rejected these/);
    const count = sent();
    await sleep(7000);
    assert.equal(sent(), count, 'the poller stopped');
    // "Edit credentials": the key field, focused, the saved key masked and replaceable; still quiet.
    await T(page, 'tel-banner-edit').click();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'tel-key');
    const placeholder = await T(page, 'tel-key').getAttribute('placeholder');
    assert.match(placeholder, /saved .*type to replace/);
    assert.ok(!placeholder.includes('Z'.repeat(64)), 'the key is masked');
    assert.equal(await T(page, 'tel-key').inputValue(), '');
    await sleep(1500);
    assert.equal(sent(), count, 'editing alone sends nothing');
    // Retry restarts traffic (and meets the same 401).
    await T(page, 'tel-banner-retry').click();
    for (let i = 0; i < 60 && sent() === count; i++) await sleep(250);
    assert.ok(sent() > count, 'Retry restarts polling');
    await page.context().close();
  });

  test('settings modes: disposable mode takes only a disposable key; long-lived mode takes the other', async () => {
    const page = await openTelephony(browser, server);
    assert.equal(await T(page, 'tel-mode-long-lived').isChecked(), true, 'long-lived is the default');
    await T(page, 'tel-mode-disposable').check();
    const longLived = await newAccount(double, 'modes');
    await enterCredentials(page, double, longLived);
    await page.locator('[data-testid="tel-settings-status"][data-code="CREDENTIALS_INVALID"]').waitFor({ timeout: 5000 });
    assert.match(await T(page, 'tel-settings-status').innerText(), /disposable key starts with tempsand or tempprod/);
    assert.equal(requestsOf(double, longLived.username).length, 0, 'refused before any request');
    // A tempsand… key passes the local check and reaches MediaSFU.
    const disposable = double.accounts().find((a) => a.disposable);
    const withIt = () => double.log().filter((e) => e.keyTail === disposable.key.slice(-4)).length;
    await enterCredentials(page, double, disposable);
    for (let i = 0; i < 40 && withIt() === 0; i++) await sleep(250);
    assert.ok(withIt() > 0, 'the disposable key was used');
    // Proxy mode hides the key fields.
    await T(page, 'tel-mode-proxy').check();
    assert.equal(await T(page, 'tel-key').count(), 0);
    await page.context().close();
  });

  test('SIP configs: a rate-limited fetch is tried again on its own; an old list is fetched again', async () => {
    // The refresh age is 1 h; the query shortens it (floor 5 s) so the test sees a refresh.
    const page = await openTelephony(browser, server, '?mediasfuConfigMaxAgeMs=5000');
    const account = await newAccount(double, 'configs');
    const fetches = () => requestsOf(double, account.username).filter((e) => e.path.startsWith('/v1/sipconfigs'));
    await fake(double, 'fault', { kind: '429', path: '/v1/sipconfigs/', username: account.username });
    await enterCredentials(page, double, account);
    await page.locator('[data-testid="tel-caller-id-status"][data-state="retrying"]').waitFor({ timeout: 10000 });
    assert.match(await T(page, 'tel-caller-id-status').innerText(), /RATE_LIMITED.*trying again in \d+ s/);
    await page.locator('[data-testid="tel-caller-id"][data-state="ready"]').waitFor({ timeout: 20000 });
    assert.equal(await T(page, 'tel-caller-id-status').count(), 0);
    assert.equal(await T(page, 'tel-caller-id').inputValue(), '+15550001111');
    assert.equal(await T(page, 'tel-settings-status').getAttribute('data-code'), 'OK');
    // Over the (shortened) age: fetched again, polling goes on around it.
    for (let i = 0; i < 120 && fetches().length < 3; i++) await sleep(250);
    assert.ok(fetches().length >= 3, 'refreshed after the age passed');
    assert.ok(requestsOf(double, account.username).some((e) => e.path === '/v1/sipcall/list'), 'polling goes on');
    const mine = requestsOf(double, account.username).filter((e) => e.status !== 429).map((e) => e.t);
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i] - mine[i - 1] >= 5000, 'the refresh keeps the spacing');
    await page.context().close();
  });

  test('the Telephony page is reachable from the call page and back', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    // In the header's menu: an operator feature, out of the everyday top bar.
    await T(page, 'menu-button').click();
    await T(page, 'telephony-link').click();
    await T(page, 'telephony-page').waitFor({ timeout: 10000 });
    await T(page, 'calls-link').click();
    await T(page, 'app').waitFor({ timeout: 10000 });
    assert.equal(await T(page, 'telephony-page').count(), 0);
    await context.close();
  });

  test('403 from an unregistered origin; remember, untick (forgotten at once), sign out (and the page says so)', async () => {
    const page = await openTelephony(browser, server);
    const prod = double.accounts()[1];
    await enterCredentials(page, double, prod);
    await page.locator('[data-testid="tel-banner"][data-code="ACCESS_DENIED"]').waitFor({ timeout: 10000 });
    assert.match(await T(page, 'tel-banner').innerText(), /sandbox key/);
    assert.equal(await T(page, 'tel-settings-status').getAttribute('data-code'), 'ACCESS_DENIED');
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
    [local, session] = await stored();
    assert.equal(local, null, 'unticking deletes the persistent copy at once, before Save');
    assert.ok(session, 'the session copy stays');
    await T(page, 'tel-sign-out').click();
    assert.deepEqual(await stored(), [null, null]);
    assert.equal(await T(page, 'tel-poller-status').getAttribute('data-state'), 'off');
    assert.doesNotMatch(await T(page, 'tel-poller-status').innerText(), /Live/);
    assert.equal(await T(page, 'tel-settings-status').getAttribute('data-code'), 'SIGNED_OUT');
    assert.equal(await T(page, 'tel-banner').count(), 0);
    const count = requestsOf(double, prod.username).length;
    await sleep(6500);
    assert.equal(requestsOf(double, prod.username).length, count, 'nothing is sent after sign-out');
    await page.context().close();
  });

  test('an incoming call appears through the poller and can be rejected', async () => {
    const account = await newAccount(double, 'incoming');
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, account);
    await connected(page);
    const { sipCallId } = await fake(double, 'incoming', { username: account.username, callerId: '+15557654321' });
    const row = page.locator(`[data-testid="tel-call-row"][data-call-id="${sipCallId}"]`);
    await row.waitFor({ timeout: 20000 });
    assert.equal(await row.locator('[data-testid="tel-call-direction"]').textContent(), 'Incoming');
    assert.match(await row.locator('[data-testid="tel-call-from"]').innerText(), /\+15557654321/);
    assert.equal(await row.locator('[data-testid="tel-call-duration"]').innerText(), '—', 'no talk time before an answer');
    await row.locator('[data-testid="tel-reject"]').click();
    await row.waitFor({ state: 'detached', timeout: 20000 });
    const end = requestsOf(double, account.username).find((e) => e.path === `/v1/sipcall/${sipCallId}/end`);
    assert.equal(end?.status, 200);
    assertWellSpaced(double, account.username, 'incoming');
    await page.context().close();
  });

  test('another client hogging the key: visible back-off, recovery, and the app never exceeds the rate limit', async () => {
    const account = await newAccount(double, 'hogged');
    const page = await openTelephony(browser, server);
    await enterCredentials(page, double, account);
    await connected(page);
    // Another client on the same key hogs the window for a while.
    const auth = { authorization: `Bearer ${account.username}:${account.key}` };
    let hog = true;
    const hogging = (async () => { while (hog) { await fetch(`${double.url}/v1/sipcall/summary`, { headers: auth }); await sleep(400); } })();
    await page.locator('[data-testid="tel-poller-status"][data-state="rate-limited"]').waitFor({ timeout: 20000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /Rate limited, retrying in \d+ s/);
    hog = false;
    await hogging;
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 60000 });
    const mine = requestsOf(double, account.username).filter((e) => e.origin === server.url).map((e) => e.t);
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i] - mine[i - 1] >= 5000, `app requests ${mine[i] - mine[i - 1]} ms apart`);
    await page.context().close();
  });

  test('malformed JSON and a timeout give clear errors and the page keeps working', async () => {
    const account = await newAccount(double, 'malformed');
    const page = await openTelephony(browser, server, '?mediasfuTimeoutMs=2000');
    await enterCredentials(page, double, account);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 20000 });
    await fake(double, 'fault', { kind: 'nonjson', path: '/v1/sipcall/list', username: account.username });
    await page.locator('[data-testid="tel-poller-status"][data-state="error"]').waitFor({ timeout: 15000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /Unexpected answer from MediaSFU.*BAD_RESPONSE/);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 15000 });
    // An answer with no length that never ends: read up to the page's bound (1 MiB), then
    // dropped as a bad answer, and the connection let go (not read until the time-out).
    await fake(double, 'fault', { kind: 'endless', path: '/v1/sipcall/list', username: account.username });
    await page.locator('[data-testid="tel-poller-status"][data-state="error"]').waitFor({ timeout: 15000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /Unexpected answer from MediaSFU.*BAD_RESPONSE/);
    const endless = requestsOf(double, account.username).find((e) => e.status === 'endless');
    for (let waited = 0; !endless.closed && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.ok(endless.closed, 'the page lets go of the endless answer');
    assert.ok(endless.streamed < 16 * 1024 * 1024, `streamed ${endless.streamed} B before the page stopped reading`);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 15000 });
    await fake(double, 'fault', { kind: 'hang', path: '/v1/sipcall/list', username: account.username });
    await page.locator('[data-testid="tel-poller-status"][data-state="error"]').waitFor({ timeout: 20000 });
    assert.match(await T(page, 'tel-poller-status').innerText(), /did not answer/);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 20000 });
    // Still usable: a local check answers at once.
    await T(page, 'tel-number').fill('12');
    await T(page, 'tel-place-call').click();
    assert.equal(await T(page, 'tel-dial-error').getAttribute('data-code'), 'INVALID_NUMBER');
    await page.context().close();
  });

  test('screenshots of what a call-centre operator sees, at 1280×800 and 390×844, light and dark', async () => {
    const account = await newAccount(double, 'operator');
    const page = await openTelephony(browser, server, '', { width: 1280, height: 800 });
    await shoot(page, '01-signed-out');
    await enterCredentials(page, double, account);
    await connected(page);
    await page.locator('[data-testid="tel-poller-status"][data-state="ok"]').waitFor({ timeout: 15000 });
    await shoot(page, '02-ready');
    // Placing agent first: the room is being created / the call queued for the window.
    await T(page, 'tel-number').fill('+15551230001');
    await T(page, 'tel-name').fill('alice');
    await T(page, 'tel-place-call').click();
    await page.locator('[data-testid="tel-placement"][data-state="placing"]').waitFor({ timeout: 15000 });
    await shoot(page, '03-placing');
    await waitPhase(page, 'connected', 30000);
    await shoot(page, '04-connected');
    await T(page, 'tel-hold').click();
    await page.locator('[data-testid="tel-control-status"]').waitFor({ timeout: 5000 });
    await shoot(page, '05-control-queued');
    await waitPhase(page, 'on-hold', 20000);
    await shoot(page, '06-on-hold');
    const id = await T(page, 'tel-call-row').getAttribute('data-call-id');
    await fake(double, 'fault', { kind: '429', path: `/v1/sipcall/${id}/unhold`, username: account.username });
    await T(page, 'tel-resume').click();
    await page.locator('[data-testid="tel-control-error"]').waitFor({ timeout: 15000 });
    await shoot(page, '07-control-failed');
    // An incoming call rings beside the one on hold.
    await fake(double, 'incoming', { username: account.username, callerId: '+15557654321' });
    await page.locator('[data-testid="tel-call-row"][data-phase="ringing"]').waitFor({ timeout: 20000 });
    await shoot(page, '08-incoming');
    // An outgoing call that rings unanswered (…408 rings 15 s at this speed, then ends).
    await T(page, 'tel-number').fill('+15551230408');
    await T(page, 'tel-place-call').click();
    await page.locator('[data-testid="tel-placement"][data-state="ringing"]').waitFor({ timeout: 30000 });
    await shoot(page, '09-outgoing-ringing');
    await page.locator('[data-testid="tel-placement"][data-state="ended"]').waitFor({ timeout: 30000 });
    // A placement MediaSFU refuses.
    await fake(double, 'fault', { kind: '400', path: '/v1/sipcall/outgoingCall', username: account.username });
    await T(page, 'tel-number').fill('+15551239999');
    await T(page, 'tel-place-call').click();
    await page.locator('[data-testid="tel-placement"][data-state="failed"]').waitFor({ timeout: 30000 });
    await shoot(page, '10-placement-failed');
    // Another client hogs the key: the poller backs off visibly.
    const auth = { authorization: `Bearer ${account.username}:${account.key}` };
    let hog = true;
    const hogging = (async () => { while (hog) { await fetch(`${double.url}/v1/sipcall/summary`, { headers: auth }); await sleep(400); } })();
    await page.locator('[data-testid="tel-poller-status"][data-state="rate-limited"]').waitFor({ timeout: 30000 });
    await shoot(page, '11-rate-limited');
    hog = false;
    await hogging;
    // Rejected credentials.
    await enterCredentials(page, double, { username: account.username, key: 'Z'.repeat(64) });
    await page.locator('[data-testid="tel-banner"]').waitFor({ timeout: 20000 });
    await shoot(page, '12-credentials-rejected');
    await page.context().close();
  });

});
