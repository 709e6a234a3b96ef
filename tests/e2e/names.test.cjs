// Names, not ids (issue #13): a name set in the page shows on the peer at once and is remembered;
// chat lines carry their time; a message replayed after its sender left still shows their name.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

test('set your name in the page; chat shows times and the names of people who left', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  // No ?name=: the page makes one up, and the user changes it.
  const first = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const alice = await first.newPage();
  await alice.goto(`${server.url}/?room=names`);
  await h.waitOnline(alice);
  alice.__peerId = await alice.getAttribute('[data-testid="self-id"]', 'data-peer-id');
  const bob = await h.openApp(browser, server, 'Bob', { query: '&room=names' });
  await h.waitForPeer(bob, alice);
  assert.match(await h.peerRow(bob, alice).locator('[data-testid="peer-name"]').textContent(), /^Guest \d{4}$/);

  await alice.click('[data-testid="edit-name-button"]');
  await alice.fill('[data-testid="name-input"]', '  Alicia  ');
  await alice.keyboard.press('Enter');
  assert.equal(await alice.textContent('[data-testid="self-name"]'), 'Alicia');
  await h.peerRow(bob, alice).locator('[data-testid="peer-name"]', { hasText: 'Alicia' }).waitFor({ timeout: 5000 });
  assert.equal(await alice.evaluate(() => document.activeElement.dataset.testid), 'edit-name-button', 'focus returns to the name');
  await h.screenshot(bob, 'names-renamed-peer');

  // Remembered on this device.
  await alice.reload();
  await h.waitOnline(alice);
  assert.equal(await alice.textContent('[data-testid="self-name"]'), 'Alicia');

  // Bob writes to the room, then leaves; Carol arrives later and reads it with his name and time.
  await bob.click('[data-testid="tab-chat"]');
  await bob.fill('[data-testid="chat-input"]', 'back in five');
  await bob.click('[data-testid="chat-send-button"]');
  const time = await bob.locator('[data-testid="chat-time"]').first().textContent();
  assert.match(time, /\d{1,2}[:.]\d{2}/, `a time on the line: ${time}`);
  await alice.click('[data-testid="tab-chat"]');
  await alice.locator('[data-testid="chat-text"]', { hasText: 'back in five' }).waitFor();
  await bob.context().close();
  const carol = await h.openApp(browser, server, 'Carol', { query: '&room=names' });
  await carol.click('[data-testid="tab-chat"]');
  const line = carol.locator('[data-testid="chat-message"]', { hasText: 'back in five' });
  await line.waitFor({ timeout: 5000 });
  const who = await line.locator('.chat-who').textContent();
  assert.match(who, /^Bob/, `the sender's name, not an id: ${who}`);
  await h.screenshot(carol, 'names-chat-history');
});
