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

  // A name from a link is anyone's text: cleaned as a typed one, shown and remembered so.
  const dave = await h.openApp(browser, server, `${'Dave'.repeat(50)}\u0007`, { query: '&room=names' });
  assert.equal(await dave.textContent('[data-testid="self-name"]'), 'Dave'.repeat(10));
  assert.equal(await dave.evaluate(() => localStorage.getItem('dialtone.name')), 'Dave'.repeat(10));
  await carol.click('[data-testid="tab-people"]');
  await h.peerRow(carol, dave).locator('[data-testid="peer-name"]', { hasText: 'Dave'.repeat(10) }).waitFor({ timeout: 5000 });
});

test('people are listed in the reader\'s alphabetical order, with upper-case initials in any script', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const room = '&room=collation';
  // In code-point order (what Rust sorts by) "Zoë" and "dave" come before "Émile", and
  // "Guest 1000" before "Guest 999"; a reader expects neither.
  const names = ['Zoë Quinn', 'Émile Zola', 'dave', 'Guest 1000', 'Guest 999', 'ßabine ölund'];
  const people = [];
  for (const name of names) people.push(await h.openApp(browser, server, name, { query: room }));
  const viewer = await h.openApp(browser, server, 'Viewer', { query: room });
  for (const person of people) await h.waitForPeer(viewer, person);
  const listed = await viewer.locator('[data-testid="peer-item"] [data-testid="peer-name"]').allTextContents();
  // "ß" sorts as "ss".
  assert.deepEqual(listed, ['dave', 'Émile Zola', 'Guest 999', 'Guest 1000', 'ßabine ölund', 'Zoë Quinn']);
  const initials = async (i) => (await h.peerRow(viewer, people[i]).locator('[data-testid="avatar"]').textContent()).trim();
  assert.equal(await initials(0), 'ZQ');
  assert.equal(await initials(1), 'ÉZ');
  assert.equal(await initials(2), 'D');
  // "ß" upper-cases to "SS": two letters at most.
  assert.equal(await initials(5), 'SS');
  await h.screenshot(viewer, 'names-reading-order');
});

test('on a 320 phone two long names that start alike are both shown whole, so the person knows whom they call', { timeout: 60000 }, async () => {
  const server = await h.startServer();
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());
  const room = '&room=long-names';
  // Cut to their first word, these would both read "Alexandra…".
  const names = ['Alexandra Konstantinidou', 'Alexandra Konstantinopoulou', 'Bob'];
  const people = [];
  for (const name of names) people.push(await h.openApp(browser, server, name, { query: room }));
  const viewer = await h.openApp(browser, server, 'Viewer', { query: room, viewport: { width: 320, height: 640 } });
  for (const person of people) await h.waitForPeer(viewer, person);
  for (const [i, name] of names.entries()) {
    const row = h.peerRow(viewer, people[i]);
    const shown = await row.locator('[data-testid="peer-name"]').evaluate((el) => ({
      text: el.textContent, clipped: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
    }));
    assert.deepEqual(shown, { text: name, clipped: false }, `${name} is shown whole`);
    for (const id of ['call-audio-button', 'call-video-button']) {
      const box = await row.locator(`[data-testid="${id}"]`).boundingBox();
      assert.ok(box.x + box.width <= 320 && box.width >= 38, `${name}'s ${id} is on screen: ${JSON.stringify(box)}`);
    }
  }
  assert.equal(await viewer.evaluate(() => document.documentElement.scrollWidth), 320, 'nothing sticks out sideways');
  for (const scheme of ['light', 'dark']) {
    await viewer.emulateMedia({ colorScheme: scheme });
    await h.screenshot(viewer, `names-long-320-${scheme}`);
  }
});
