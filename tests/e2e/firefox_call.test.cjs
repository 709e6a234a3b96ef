// Calls between Chromium and Firefox ESR through the real server, both ways: audio flows each
// way, a mute in one browser is seen in the other, and a hang-up on either side ends both.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const ff = require('./firefox_harness.cjs');

let server, chromium, pulse, fleet;
before(async () => {
  pulse = await ff.startPulse();
  fleet = new ff.FirefoxFleet(pulse);
  server = await h.startServer();
  chromium = await h.launchBrowser();
});
after(async () => {
  await fleet?.closeAll();
  await chromium?.close();
  await server?.stop();
  await pulse?.stop();
});

test('Chromium calls Firefox: audio both ways, Firefox mutes and Chromium sees it, Chromium hangs up', { timeout: 120000 }, async () => {
  const alice = await h.openApp(chromium, server, 'Alice');
  const bob = await ff.openFirefoxApp(fleet, server, 'Bob');
  await h.waitForPeer(alice, bob);
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await ff.click(bob, '[data-testid="accept-button"]', 'accept');
  await h.waitForCallState(alice, 'connected');
  await ff.waitForCallState(bob, 'connected');

  const heard = await ff.assertAudioFlows(alice, 'Chromium hears Firefox');
  const hears = await ff.assertAudioFlows(bob, 'Firefox hears Chromium');
  console.log(`figures: first audio after connected, Firefox→Chromium ${heard.startMs} ms, Chromium→Firefox ${hears.startMs} ms`);
  await ff.screenshot(bob, 'firefox-callee-in-call');
  await ff.click(bob, '[data-testid="theme-toggle"]', 'the theme toggle');
  await ff.waitFor(bob, 'html[data-theme="dark"]', 'the dark theme', 5000);
  await ff.screenshot(bob, 'firefox-callee-in-call-dark');

  await ff.click(bob, '[data-testid="mute-button"]', 'mute');
  await ff.waitFor(bob, '[data-testid="mute-button"][data-enabled="false"]', 'the mute is confirmed', 10000);
  await alice.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached', timeout: 10000 });
  await ff.click(bob, '[data-testid="mute-button"]', 'unmute');
  await alice.waitForSelector('[data-testid="remote-mic-state"][data-muted="false"]', { state: 'attached', timeout: 10000 });

  await alice.click('[data-testid="hangup-button"]');
  assert.equal(await ff.endReason(bob), 'REMOTE_HUNG_UP');
  assert.equal(await h.endReason(alice), 'HUNG_UP');
  // Firefox has no scheduler.postTask: its first call was rehearsed in idle callbacks.
  await ff.waitFor(bob, '[data-testid="app"][data-rehearsed="true"]', 'the first call rehearsed', 10000);
  assert.deepEqual(bob.__errors, [], 'no uncaught error in Firefox');
  await ff.screenshot(bob, 'firefox-callee-ended');
  await fleet.closePage(bob);
  await alice.context().close();
});

test('Firefox calls Chromium on a phone-sized window, dark: audio both ways, mutes seen both ways, Firefox hangs up', { timeout: 120000 }, async () => {
  const alice = await ff.openFirefoxApp(fleet, server, 'Alice', { viewport: { width: 390, height: 844 } });
  // This one in the dark theme (chosen before the call: the call covers the header on a phone).
  await ff.click(alice, '[data-testid="theme-toggle"]', 'the theme toggle');
  await ff.waitFor(alice, 'html[data-theme="dark"]', 'the dark theme', 5000);
  const bob = await h.openApp(chromium, server, 'Bob');
  await ff.waitFor(alice, `[data-testid="peer-item"][data-peer-id="${bob.__peerId}"]`, 'Bob in the list');
  await ff.click(alice, `[data-testid="peer-item"][data-peer-id="${bob.__peerId}"] [data-testid="call-audio-button"]`, 'call Bob');
  await bob.click('[data-testid="accept-button"]');
  await ff.waitForCallState(alice, 'connected');
  await h.waitForCallState(bob, 'connected');

  await ff.assertAudioFlows(alice, 'Firefox hears Chromium');
  await ff.assertAudioFlows(bob, 'Chromium hears Firefox');
  await ff.screenshot(alice, 'firefox-caller-in-call-390x844-dark');

  await ff.click(alice, '[data-testid="mute-button"]', 'mute');
  await bob.waitForSelector('[data-testid="remote-mic-state"][data-muted="true"]', { state: 'attached', timeout: 10000 });
  await bob.click('[data-testid="mute-button"]');
  await ff.waitFor(alice, '[data-testid="remote-mic-state"][data-muted="true"]', 'Chromium\'s mute seen in Firefox', 10000);
  await ff.screenshot(alice, 'firefox-caller-both-muted-390x844-dark');

  await ff.click(alice, '[data-testid="hangup-button"]', 'hang up');
  assert.equal(await h.endReason(bob), 'REMOTE_HUNG_UP');
  assert.equal(await ff.endReason(alice), 'HUNG_UP');
  assert.deepEqual(alice.__errors, [], 'no uncaught error in Firefox');
  await fleet.closePage(alice);
  await bob.context().close();
});
