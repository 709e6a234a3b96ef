// AudioWorklet level meters with Chromium's beeping fake microphone: they move with the beep on
// both sides, stop when muted, and a muted person who keeps talking gets a hint.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

/** The highest level a meter shows over `ms`, sampled every 50 ms. */
async function peakLevel(page, testid, ms) {
  let peak = 0;
  for (let t = 0; t < ms; t += 50) {
    const level = Number(await page.getAttribute(`[data-testid="${testid}"]`, 'data-level'));
    peak = Math.max(peak, level);
    await page.waitForTimeout(50);
  }
  return peak;
}

test('meters follow the microphone, stop when muted, and a muted speaker is told', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env);

  const aliceLocal = await peakLevel(alice, 'local-level', 3000);
  const bobHearsAlice = await peakLevel(bob, 'remote-level', 3000);
  console.log(`levels: alice local ${aliceLocal}, bob remote ${bobHearsAlice}`);
  assert.ok(aliceLocal > 0.01, `Alice's meter moves with the beep: ${aliceLocal}`);
  assert.ok(bobHearsAlice > 0.01, `Bob's meter of Alice moves too: ${bobHearsAlice}`);
  // Each bar says whose sound it shows (a tooltip: the bars are hidden from screen readers).
  assert.equal(await bob.getAttribute('[data-testid="remote-level"]', 'title'), 'How loud Alice is');
  assert.match(await alice.getAttribute('[data-testid="local-level"]', 'title'), /^Your microphone/);
  await alice.waitForSelector('[data-testid="local-level"][data-speaking="true"]', { state: 'attached' });
  await h.screenshot(alice, 'in-call-levels');

  await alice.keyboard.press('m');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="false"][data-pending="false"]');
  await alice.waitForTimeout(500);
  assert.equal(await peakLevel(alice, 'local-level', 2000), 0, 'muted: the meter shows nothing is sent');
  assert.ok(await peakLevel(bob, 'remote-level', 2000) < 0.002, 'Bob hears silence');
  await alice.waitForSelector('[data-testid="muted-speaking-hint"]', { timeout: 10000 });
  await h.screenshot(alice, 'in-call-muted-speaking-hint');

  await alice.keyboard.press('m');
  await alice.waitForSelector('[data-testid="muted-speaking-hint"]', { state: 'detached' });
  assert.ok(await peakLevel(alice, 'local-level', 3000) > 0.01, 'unmuted: the meter moves again');
  for (const page of [alice, bob]) await page.context().close();
});

// A meter is an AudioWorklet processor; one that is only disconnected runs on (and posts to the
// page ~20 times a second) until the page closes, one more for every call. After each call the
// meters stop.
test('the call meters stop running when the call ends, call after call', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env, { beforeLoad: h.countWorkletPosts });
  for (let call = 1; call <= 2; call++) {
    if (call > 1) await h.placeAcceptedCall(alice, bob);
    await alice.waitForSelector('[data-testid="local-level"][data-speaking="true"]', { state: 'attached', timeout: 10000 });
    const during = await h.workletPosts(alice, 'level-meter');
    await alice.waitForTimeout(500);
    assert.ok(await h.workletPosts(alice, 'level-meter') > during, `call ${call}: the meter runs during the call`);
    await alice.click('[data-testid="hangup-button"]');
    await h.waitForCallState(bob, 'ended');
    await alice.waitForTimeout(300);
    const ended = await h.workletPosts(alice, 'level-meter');
    await alice.waitForTimeout(1500);
    const later = await h.workletPosts(alice, 'level-meter');
    console.log(`call ${call}: meter posts ${ended} → ${later} in 1.5 s after hanging up`);
    assert.equal(later, ended, `call ${call}: no meter runs once the call ended`);
    for (const page of [alice, bob]) await page.click('[data-testid="dismiss-call-button"]');
  }
  for (const page of [alice, bob]) await page.context().close();
});
