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
