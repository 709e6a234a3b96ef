// The everyday experience around calls: chat both ways, call history that survives a reload,
// the theme choice, and how each screen looks in light and dark.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

async function twoPeople() {
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  await h.waitForPeer(alice, bob);
  await h.waitForPeer(bob, alice);
  return { alice, bob };
}

/** Screenshots a screen in both themes (following the system setting, as most people do). */
async function bothThemes(page, name) {
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await h.screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('chat reaches the whole lobby, and privately one person, both ways', { timeout: 60000 }, async () => {
  const { alice, bob } = await twoPeople();
  const carol = await h.openApp(env.browser, env.server, 'Carol');
  await h.waitForPeer(alice, carol);
  for (const page of [alice, bob, carol]) await page.click('[data-testid="tab-chat"]');

  await alice.fill('[data-testid="chat-input"]', 'Hello lobby');
  await alice.click('[data-testid="chat-send-button"]');
  for (const page of [bob, carol]) {
    await page.waitForSelector('[data-testid="chat-message"][data-direct="false"] >> text=Hello lobby');
  }
  assert.equal(await alice.inputValue('[data-testid="chat-input"]'), '', 'the draft clears once sent');

  await bob.selectOption('[data-testid="chat-recipient"]', alice.__peerId);
  await bob.fill('[data-testid="chat-input"]', 'Just for you, Alice');
  await bob.press('[data-testid="chat-input"]', 'Enter');
  await alice.waitForSelector('[data-testid="chat-message"][data-direct="true"] >> text=Just for you, Alice');
  await carol.waitForTimeout(500);
  assert.equal(await carol.locator('text=Just for you, Alice').count(), 0, 'private means private');
  // Who wrote it and to whom, as words apart (the screen and a screen reader read them so).
  const who = (page) => page.$$eval('[data-testid="chat-message"] .chat-who', (ws) => ws.map((w) => w.textContent.replace(/\d{1,2}:\d{2}.*$/, '').trim()));
  assert.deepEqual(await who(alice), ['You', 'Bob private']);
  assert.deepEqual(await who(bob), ['Alice', 'You to Alice · private']);
  await bothThemes(alice, 'chat');
  for (const page of [alice, bob, carol]) await page.context().close();
});

// Whom a line goes to follows what the person chose: the call's peer once a call starts (the
// room again when it ends), else the person chosen. A private line for someone who has left is
// refused (CHAT_RECIPIENT_LEFT) and kept, never sent on to someone else; the list still shows
// whom it was for, marked, until another is chosen.
test('the chat recipient follows the call; a chosen person who left is kept, marked, and not written to', { timeout: 60000 }, async () => {
  const { alice, bob } = await twoPeople();
  const carol = await h.openApp(env.browser, env.server, 'Carol');
  await h.waitForPeer(alice, carol);
  await alice.click('[data-testid="tab-chat"]');
  const recipient = () => alice.$eval('[data-testid="chat-recipient"]', (s) => s.selectedIndex >= 0 ? s.value : null);
  const becomes = (id) => alice.waitForFunction((id) => document.querySelector('[data-testid="chat-recipient"]')?.value === id, id, { timeout: 5000 });
  assert.equal(await recipient(), '', 'the room, outside a call');

  await alice.click('[data-testid="tab-people"]');
  await h.placeAcceptedCall(alice, bob);
  // In a call the panel is the drawer beside it.
  await alice.click('[data-testid="drawer-button"]');
  await alice.click('[data-testid="tab-chat"]');
  await becomes(bob.__peerId).catch(() => {});
  assert.equal(await recipient(), bob.__peerId, 'in a call: the person in it');
  // Not chosen, it follows the call back to the room when the call ends.
  await alice.click('[data-testid="hangup-button"]');
  await h.endReason(bob);
  await becomes('').catch(() => {});
  assert.equal(await recipient(), '', 'the call over: the room again');
  for (const page of [alice, bob]) await page.click('[data-testid="dismiss-call-button"]');
  await alice.click('[data-testid="tab-chat"]');

  await alice.selectOption('[data-testid="chat-recipient"]', carol.__peerId);
  await alice.fill('[data-testid="chat-input"]', 'Just between us, Carol');
  await carol.context().close();
  await alice.waitForSelector('[data-testid="chat-recipient-left"][data-code="CHAT_RECIPIENT_LEFT"]', { timeout: 10000 });
  assert.equal(await recipient(), carol.__peerId, 'still Carol, not quietly someone else');
  assert.equal(await alice.$eval('[data-testid="chat-recipient"]', (s) => s.selectedOptions[0].textContent), 'Carol (left)');
  assert.ok(await alice.isDisabled('[data-testid="chat-send-button"]'));
  await alice.press('[data-testid="chat-input"]', 'Enter');
  assert.equal(await alice.inputValue('[data-testid="chat-input"]'), 'Just between us, Carol', 'kept');
  await h.screenshot(alice, 'chat-recipient-left');
  // Choosing Bob clears it (and the mark goes: Carol is no longer in the list).
  await alice.selectOption('[data-testid="chat-recipient"]', bob.__peerId);
  await alice.waitForSelector('[data-testid="chat-recipient-left"]', { state: 'detached' });
  assert.equal(await alice.locator(`[data-testid="chat-recipient"] option[value="${carol.__peerId}"]`).count(), 0);
  await alice.fill('[data-testid="chat-input"]', 'Still with me?');
  await alice.press('[data-testid="chat-input"]', 'Enter');
  await bob.click('[data-testid="tab-chat"]');
  await bob.waitForSelector('[data-testid="chat-message"][data-direct="true"] >> text=Still with me?');
  assert.equal(await bob.locator('text=Just between us, Carol').count(), 0, 'Carol\'s line never reached Bob');
  for (const page of [alice, bob]) await page.context().close();
});

test('calls are kept in the history with direction, media, duration and reason, across reloads', { timeout: 90000 }, async () => {
  const { alice, bob } = await twoPeople();
  // A connected video call Alice makes and hangs up after a couple of seconds.
  await h.peerRow(alice, bob).locator('[data-testid="call-video-button"]').click();
  await bob.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  await alice.waitForTimeout(2200);
  await alice.click('[data-testid="hangup-button"]');
  await h.endReason(bob);
  await bothThemes(alice, 'call-ended');
  // An audio call Bob declines.
  await alice.click('[data-testid="dismiss-call-button"]');
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.click('[data-testid="reject-button"]');
  await h.endReason(alice);

  await alice.click('[data-testid="tab-history"]');
  const items = alice.locator('[data-testid="history-item"]');
  await items.nth(1).waitFor();
  const rows = await items.evaluateAll((els) => els.map((el) => ({
    direction: el.dataset.direction, media: el.dataset.media, reason: el.dataset.reason,
    duration: Number(el.dataset.durationMs), outcome: el.querySelector('[data-testid="history-outcome"]').textContent,
  })));
  assert.deepEqual(rows.map((r) => [r.direction, r.media, r.reason]), [
    ['outgoing', 'audio', 'REJECTED'],
    ['outgoing', 'video', 'HUNG_UP'],
  ]);
  assert.ok(rows[1].duration >= 2000 && rows[1].duration < 10000, `talk time: ${rows[1].duration}`);
  assert.match(rows[1].outcome, /^0:0[2-9]$/);
  assert.equal(rows[0].outcome, 'Declined');
  await bob.click('[data-testid="tab-history"]');
  await bob.waitForSelector('[data-testid="history-item"][data-direction="incoming"][data-reason="REMOTE_HUNG_UP"]');
  await bothThemes(alice, 'history');

  // Calling back from the history.
  await alice.click('[data-testid="history-item"] >> nth=0 >> [data-testid="history-call-button"]');
  await bob.waitForSelector('[data-testid="incoming-call"][data-media="audio"]');
  await bob.click('[data-testid="reject-button"]');
  await h.endReason(alice);

  await h.reload(alice);
  await alice.click('[data-testid="tab-history"]');
  assert.equal(await alice.locator('[data-testid="history-item"]').count(), 3, 'the history survives a reload');
  await alice.click('[data-testid="clear-history-button"]');
  await alice.waitForSelector('[data-testid="history-empty"]');
  // A Clear takes all at once, so it is offered back; Undo restores the list, and the store.
  assert.equal(await alice.textContent('[data-testid="history-cleared"]'), 'Cleared 3 calls. Undo');
  await bothThemes(alice, 'history-cleared');
  await alice.click('[data-testid="history-undo-button"]');
  assert.equal(await alice.locator('[data-testid="history-item"]').count(), 3, 'Undo brings the calls back');
  assert.equal(await alice.locator('[data-testid="history-cleared"]').count(), 0, 'and the offer goes');
  await h.reload(alice);
  await alice.click('[data-testid="tab-history"]');
  assert.equal(await alice.locator('[data-testid="history-item"]').count(), 3, 'the undone Clear is undone in the store too');
  // Cleared and reloaded: gone for good (nothing cleared is kept on the device).
  await alice.click('[data-testid="clear-history-button"]');
  await alice.waitForSelector('[data-testid="history-cleared"]');
  await h.reload(alice);
  await alice.click('[data-testid="tab-history"]');
  await alice.waitForSelector('[data-testid="history-empty"]');
  assert.equal(await alice.locator('[data-testid="history-cleared"]').count(), 0);
  for (const page of [alice, bob]) await page.context().close();
});

test('the theme toggle switches light and dark and is remembered', { timeout: 60000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob');
  await h.waitForPeer(alice, bob);
  const background = () => alice.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await alice.click('[data-testid="theme-toggle"]');
  assert.equal(await alice.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const dark = await background();
  assert.notEqual(dark, light);
  await h.reload(alice);
  assert.equal(await alice.evaluate(() => document.documentElement.dataset.theme), 'dark', 'remembered');
  assert.equal(await background(), dark);
  await h.waitForPeer(alice, bob);
  await h.screenshot(alice, 'idle-with-peers-dark-chosen');
  await alice.click('[data-testid="theme-toggle"]');
  assert.equal(await background(), light);
  await bothThemes(alice, 'idle-with-peers');
  await h.waitForPeer(bob, alice);
  // Incoming call and an audio call in both themes.
  await h.peerRow(bob, alice).locator('[data-testid="call-audio-button"]').click();
  await alice.waitForSelector('[data-testid="incoming-call"]');
  await bothThemes(alice, 'incoming-call');
  await alice.click('[data-testid="accept-button"]');
  await h.waitForCallState(alice, 'connected');
  // Muted with a click (the pointer, or a phone's sticky hover, stays on the button): it shows
  // the muted look, light with a dark slashed microphone, not the hover's grey.
  await alice.click('[data-testid="mute-button"]');
  await alice.waitForSelector('[data-testid="mute-button"][data-enabled="false"][data-pending="false"]');
  const look = await alice.$eval('[data-testid="mute-button"]', (b) => ({ hovered: b.matches(':hover'), background: getComputedStyle(b).backgroundColor }));
  assert.deepEqual(look, { hovered: true, background: 'rgb(223, 227, 234)' }, 'muted stays light under the pointer');
  await alice.mouse.move(0, 0);
  assert.equal(await alice.$eval('[data-testid="mute-button"]', (b) => getComputedStyle(b).backgroundColor), 'rgb(241, 243, 247)');
  await bothThemes(alice, 'in-call-audio-muted');
  for (const page of [alice, bob]) await page.context().close();
});
