// The call's connection on the stage (issue #13 item 12): in a connected call the quality bars
// show a level and a plausible round trip, named for screen readers; the details panel opens
// with figures and graphs that grow; and when the media path is cut the stage says
// "Reconnecting to …", the level falls to poor (said once by the announcer), and both clear
// when the path is back and audio flows again. At 1280×800 and 390×844, light and dark.
'use strict';

const { execFileSync } = require('node:child_process');
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const cleanup = [];
after(async () => {
  restoreMedia();
  for (const fn of cleanup.reverse()) await fn();
});

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// Blocks the media path only: every UDP packet, and TCP except to and from the signaling
// server (so ICE cannot fall back to TCP candidates while the call's signaling stays up). The
// nftables table lives in the test's private network namespace.
const nft = (...args) => execFileSync('nft', args, { stdio: 'pipe' });
function cutMedia(serverPort) {
  nft('add', 'table', 'inet', 'dialtone_media');
  nft('add', 'chain', 'inet', 'dialtone_media', 'out', '{ type filter hook output priority 0; policy accept; }');
  nft('add', 'rule', 'inet', 'dialtone_media', 'out', 'meta', 'l4proto', 'udp', 'drop');
  nft('add', 'rule', 'inet', 'dialtone_media', 'out', 'tcp', 'dport', '!=', String(serverPort), 'tcp', 'sport', '!=', String(serverPort), 'drop');
}
function restoreMedia() {
  try { nft('delete', 'table', 'inet', 'dialtone_media'); } catch { /* not there */ }
}
const needsNetns = process.env.DIALTONE_E2E_NETNS !== '1' && 'needs the private network namespace of scripts/test.sh';

const indicator = '[data-testid="quality-indicator"]';

async function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function bothThemes(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    assert.equal(await sidewaysOverflow(page), 0, `${name} (${scheme}) fits the width`);
    await h.screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function call(viewport, query = '') {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const alice = await h.openApp(browser, server, 'Alice', { viewport, query });
  const bob = await h.openApp(browser, server, 'Bob', { viewport, query });
  await h.placeAcceptedCall(alice, bob);
  return { server, alice, bob };
}

/** Waits for the bars to show a level (not "measuring") and returns what they say. */
async function shownQuality(page) {
  await page.waitForSelector(`${indicator}:not([data-level="measuring"])`, { timeout: 10000 });
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return { level: el.dataset.level, rtt: el.dataset.rtt, name: el.getAttribute('aria-label'), lit: el.querySelectorAll('.bar.lit').length };
  }, indicator);
}

async function graphPoints(page, which) {
  return Number(await page.getAttribute(`[data-testid="quality-graph-${which}"]`, 'data-points'));
}

for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`${label}: the bars show a level and a plausible round trip; the panel's figures and graphs are live`, { timeout: 90000 }, async () => {
    const { alice, bob } = await call(viewport);
    const started = Date.now();
    const shown = await shownQuality(alice);
    console.log(`${label}: first level after ${Date.now() - started} ms: ${JSON.stringify(shown)}`);
    assert.equal(shown.level, 'good', 'a loopback call is good');
    assert.equal(shown.lit, 3);
    const rtt = Number(shown.rtt);
    assert.ok(shown.rtt !== '' && rtt >= 0 && rtt < 100, `loopback round trip: ${shown.rtt} ms`);
    assert.match(shown.name, /^Connection: good, <?\d+ ms$/);
    assert.equal(await alice.getAttribute(indicator, 'aria-expanded'), 'false');
    assert.ok(await alice.locator(indicator).isVisible(), 'the bars are on screen');

    await alice.click(indicator);
    const panel = alice.locator('[data-testid="quality-panel"]');
    await panel.waitFor();
    assert.equal(await alice.getAttribute(indicator, 'aria-expanded'), 'true');
    // Rates and loss need two samples (a second apart); until then they read "—".
    await alice.waitForFunction(() => document.querySelector('[data-testid="quality-receive"]')?.textContent !== '—', null, { timeout: 5000 });
    assert.match(await alice.textContent('[data-testid="quality-rtt"]'), /^<?\d+ ms$/);
    assert.match(await alice.textContent('[data-testid="quality-loss"]'), /^\d+\.\d %$/);
    assert.match(await alice.textContent('[data-testid="quality-jitter"]'), /^<?\d+ ms$/);
    // Opus at its default rate: tens of kilobits each way.
    for (const id of ['quality-send', 'quality-receive']) {
      const text = await alice.textContent(`[data-testid="${id}"]`);
      const kbps = Number((text.match(/^(\d+) kbps$/) || [])[1]);
      assert.ok(kbps >= 8 && kbps <= 500, `${id}: ${text}`);
    }
    const before = { rtt: await graphPoints(alice, 'rtt'), receive: await graphPoints(alice, 'receive') };
    await alice.waitForTimeout(3000);
    const later = { rtt: await graphPoints(alice, 'rtt'), receive: await graphPoints(alice, 'receive') };
    console.log(`${label}: graph points ${JSON.stringify(before)} → ${JSON.stringify(later)}`);
    assert.ok(later.rtt >= before.rtt + 2 && later.receive >= before.receive + 2, 'the graphs grow about a point a second');
    const line = await alice.getAttribute('[data-testid="quality-graph-rtt"] polyline', 'points');
    assert.equal(line.trim().split(/\s+/).length, later.rtt, `one point per second: ${line}`);
    const box = await panel.boundingBox();
    const size = alice.viewportSize();
    assert.ok(box.x >= 0 && box.x + box.width <= size.width, `the panel is inside the screen: ${JSON.stringify(box)}`);
    await bothThemes(alice, `quality-panel-${label}`);

    // Escape closes it and gives focus back to the bars.
    await alice.focus('[data-testid="quality-panel-close"]');
    await alice.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    assert.equal(await alice.evaluate(() => document.activeElement?.dataset.testid), 'quality-indicator');
    assert.equal(await alice.getAttribute(indicator, 'aria-expanded'), 'false');
    await bothThemes(alice, `quality-bars-${label}`);

    // Bob's side measures too; the call goes on (Escape did not hang up).
    assert.equal((await shownQuality(bob)).level, 'good');
    assert.equal(await h.callState(alice), 'connected');
    await alice.click('[data-testid="hangup-button"]');
    await alice.waitForSelector('[data-testid="call-ended"]');
    await alice.waitForSelector(indicator, { state: 'detached', timeout: 1000 });
    for (const page of [alice, bob]) assert.deepEqual(page.__errors || [], []);
  });

  test(`${label}: a cut media path shows Reconnecting and poor, both clear once it is back and audio flows`, { timeout: 120000, skip: needsNetns }, async () => {
    const { server, alice, bob } = await call(viewport);
    await shownQuality(alice);
    await h.assertAudioFlows(alice, 'before the cut');
    assert.equal(await alice.locator('[data-testid="call-reconnecting"]').count(), 0, 'no banner while connected');
    const cutAt = Date.now();
    cutMedia(server.port);
    let shownAfter;
    try {
      await alice.waitForSelector('[data-testid="call-reconnecting"]', { timeout: 20000 });
      shownAfter = Date.now() - cutAt;
      assert.equal(await alice.textContent('[data-testid="call-reconnecting"] strong'), 'Reconnecting to Bob…');
      await bob.waitForSelector('[data-testid="call-reconnecting"]', { timeout: 20000 });
      assert.equal(await bob.textContent('[data-testid="call-reconnecting"] strong'), 'Reconnecting to Alice…');
      assert.equal(await h.callState(alice), 'connected', 'the same call, still up');
      assert.equal(await alice.textContent('[data-testid="call-state"]'), 'Reconnecting…');
      // The direct link is down with the media path: its dot does not say it works.
      assert.equal(await alice.getAttribute('[data-testid="control-link"]', 'data-interrupted'), 'true');
      // Nothing arrives: the level falls to poor and the announcer says so (once).
      await alice.waitForSelector(`${indicator}[data-level="poor"]`, { timeout: 10000 });
      const spoken = await alice.textContent('[data-testid="call-announcer"]');
      assert.match(spoken, /Your connection is poor/);
      assert.match(spoken, /Reconnecting to Bob/);
      assert.equal((spoken.match(/connection is poor/g) || []).length, 1);
      // The server link is fine: its pill does not say anything is wrong.
      assert.equal(await alice.getAttribute('[data-testid="connection-status"]', 'data-status'), 'online');
      await bothThemes(alice, `reconnecting-${label}`);
    } finally {
      restoreMedia();
    }
    const restoredAt = Date.now();
    await alice.waitForSelector('[data-testid="call-reconnecting"]', { state: 'detached', timeout: 30000 });
    await bob.waitForSelector('[data-testid="call-reconnecting"]', { state: 'detached', timeout: 30000 });
    console.log(`${label}: banner ${shownAfter} ms after the cut, gone ${Date.now() - restoredAt} ms after the restore`);
    assert.equal(await h.callState(alice), 'connected');
    assert.equal(await alice.textContent('[data-testid="call-state"]'), 'Connected');
    assert.equal(await alice.getAttribute('[data-testid="control-link"]', 'data-interrupted'), 'false');
    await h.assertAudioFlows(alice, 'after the restore');
    await h.assertAudioFlows(bob, 'after the restore');
    // The level comes back up (slower than it fell: five good seconds).
    await alice.waitForSelector(`${indicator}[data-level="good"]`, { timeout: 20000 });
    assert.doesNotMatch(await alice.textContent('[data-testid="call-announcer"]'), /poor|Reconnecting/);
    for (const page of [alice, bob]) assert.deepEqual(page.__errors || [], []);
  });
}

test('a media path that stays cut ends the call with the reason, and the banner goes', { timeout: 120000, skip: needsNetns }, async () => {
  // Short timers: restart after 1 s of "disconnected", give up 4 s later.
  const { server, alice } = await call(DESKTOP, '&disconnectedGraceMs=1000&disconnectedMs=4000');
  await shownQuality(alice);
  cutMedia(server.port);
  try {
    await alice.waitForSelector('[data-testid="call-reconnecting"]', { timeout: 20000 });
    assert.equal(await h.endReason(alice), 'CONNECTION_LOST');
  } finally {
    restoreMedia();
  }
  assert.equal(await alice.locator('[data-testid="call-reconnecting"]').count(), 0);
  assert.equal(await alice.locator(indicator).count(), 0);
  const sentence = await alice.textContent('[data-testid="call-end-reason"]');
  assert.ok(sentence.length > 10, `the end says why: ${sentence}`);
  console.log(`gave up: "${sentence}"`);
  await bothThemes(alice, 'reconnect-gave-up-desktop');
});

// A computer's clock may be set back or forward during a call (its time corrected, a laptop
// woken in another time zone's settings). The talk time and the quality sampler run on the
// page's monotonic clock, so neither freezes nor jumps: Alice's clock goes back an hour, Bob's
// forward an hour, and both keep counting seconds while Alice's graphs keep growing.
test('a system clock set back or forward mid-call: the talk time and the quality graphs keep going', { timeout: 90000 }, async () => {
  const { alice, bob } = await call(DESKTOP);
  await shownQuality(alice);
  await alice.click(indicator);
  await alice.locator('[data-testid="quality-panel"]').waitFor();
  const seconds = async (page) => {
    const [m, s] = (await page.textContent('[data-testid="call-timer"]')).split(':').map(Number);
    return m * 60 + s;
  };
  await alice.waitForFunction(() => document.querySelector('[data-testid="call-timer"]')?.textContent >= '0:02', null, { timeout: 10000 });
  const shift = async (page, ms) => page.evaluate((ms) => {
    const real = Date.now.bind(Date);
    Date.now = () => real() + ms;
  }, ms);
  await shift(alice, -3_600_000);
  await shift(bob, 3_600_000);
  const before = { alice: await seconds(alice), bob: await seconds(bob), points: await graphPoints(alice, 'rtt') };
  const started = Date.now();
  await alice.waitForTimeout(4000);
  const elapsed = (Date.now() - started) / 1000;
  const after = { alice: await seconds(alice), bob: await seconds(bob), points: await graphPoints(alice, 'rtt') };
  console.log(`clock shifted: ${JSON.stringify(before)} → ${JSON.stringify(after)} in ${elapsed.toFixed(1)} s`);
  for (const who of ['alice', 'bob']) {
    const counted = after[who] - before[who];
    assert.ok(counted >= elapsed - 2 && counted <= elapsed + 2, `${who}'s talk time counted ${counted} s in ${elapsed.toFixed(1)} s`);
  }
  assert.ok(after.points >= before.points + 2, `Alice's graphs keep growing: ${before.points} → ${after.points}`);
  assert.equal(await h.callState(alice), 'connected');
  await h.assertAudioFlows(alice, 'after the clock moved');
  for (const page of [alice, bob]) assert.deepEqual(page.__errors || [], []);
});
