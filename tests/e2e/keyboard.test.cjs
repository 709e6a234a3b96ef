// Keyboard and screen-reader basics at desktop size (issue #13): one h1, tabs linked to their
// panel and moved with the arrow keys, toggles named once with aria-pressed telling their state,
// and mute changes said aloud.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

test('tabs, toggles and announcements work for keyboard and screen-reader users', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const alice = await h.openApp(browser, server, 'Alice');
  const bob = await h.openApp(browser, server, 'Bob');

  assert.equal(await alice.locator('h1').count(), 1, 'one h1');
  assert.equal((await alice.textContent('h1')).trim(), 'Dialtone');

  // Tabs: the panel is labelled by the selected tab; arrows move selection and focus.
  await alice.focus('[data-testid="tab-people"]');
  await alice.keyboard.press('ArrowRight');
  assert.equal(await alice.getAttribute('[data-testid="tab-history"]', 'aria-selected'), 'true');
  assert.equal(await alice.evaluate(() => document.activeElement.dataset.testid), 'tab-history');
  const panel = alice.locator('[role="tabpanel"]');
  assert.equal(await panel.getAttribute('aria-labelledby'), await alice.getAttribute('[data-testid="tab-history"]', 'id'));
  await alice.keyboard.press('End');
  assert.equal(await alice.getAttribute('[data-testid="tab-devices"]', 'aria-selected'), 'true');
  await alice.keyboard.press('ArrowRight');
  assert.equal(await alice.getAttribute('[data-testid="tab-people"]', 'aria-selected'), 'true', 'wraps around');
  assert.equal(await alice.getAttribute('[data-testid="tab-chat"]', 'tabindex'), '-1', 'one tab stop for the list');

  await h.placeAcceptedCall(alice, bob, 'audio');
  const mute = '[data-testid="mute-button"]';
  const screen = '[data-testid="screen-button"]';
  assert.equal(await alice.getAttribute(mute, 'aria-label'), 'Mute');
  assert.equal(await alice.getAttribute(mute, 'aria-pressed'), 'false');
  assert.equal(await alice.getAttribute(screen, 'aria-pressed'), 'false', 'not sharing: not pressed');

  await alice.keyboard.press('m');
  await alice.waitForSelector(`${mute}[aria-pressed="true"][data-pending="false"]`);
  assert.equal(await alice.getAttribute(mute, 'aria-label'), 'Mute', 'the name stays; the state is in aria-pressed');
  await alice.waitForFunction(() => document.querySelector('[data-testid="call-announcer"]').textContent.includes('You are muted.'));
  await bob.waitForFunction(() => document.querySelector('[data-testid="call-announcer"]').textContent.includes('Alice is muted.'));
  await h.screenshot(alice, 'keyboard-muted');
});
