// A big room: 700 people online before the page opens. Its people list comes as one frame of
// ~70 KB, more than the 64 KiB a client may send; the page read it against that bound, dropped
// it, and showed nobody at all. The others are plain WebSocket clients (the `ws` package) on
// the real server, each with a name, as a crowd of other browsers would be. And a room that is
// full (--max-room-people): the page says so, keeps trying, and joins when a place frees.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const WebSocket = require('ws');
const h = require('./harness.cjs');

const CROWD = 700;

/** Opens `count` signaling connections in `room`; resolves once each was given an id. */
async function crowd(server, room, count) {
  const sockets = [];
  for (let n = 0; n < count; n++) {
    // Long names (the server keeps 40 characters) with letters outside ASCII, as real ones have.
    const name = `Ängsö Ölünd-Ääkkönen Ürgüplü ${String(n).padStart(3, '0')} Øre`;
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws?name=${encodeURIComponent(name)}&room=${room}`);
    await new Promise((resolve, reject) => {
      socket.on('message', function first(data) {
        if (JSON.parse(String(data)).type === 'client-id') {
          socket.off('message', first);
          resolve();
        }
      });
      socket.on('error', reject);
    });
    sockets.push(socket);
  }
  return sockets;
}

test(`a room with ${CROWD} people online lists them all (a people list larger than a client's own frames)`, { timeout: 120000 }, async () => {
  // One address opens all 700 here: the per-address cap is lifted for the test.
  const server = await h.startServer({ args: ['--max-connections-per-ip', '0'] });
  const browser = await h.launchBrowser();
  let sockets = [];
  try {
    sockets = await crowd(server, 'big', CROWD);
    // What the page will be sent: one list larger than the 64 KiB a client's own frame may be.
    const [probe] = await crowd(server, 'big', 1);
    const listBytes = await new Promise((resolve) => {
      probe.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'peer-list') resolve(Buffer.byteLength(String(data)));
      });
      probe.send(JSON.stringify({ type: 'list-peers' }));
    });
    // A goodbye (close frame): it leaves the room at once, with no resume grace to wait out.
    await new Promise((resolve) => { probe.once('close', resolve); probe.close(); });
    assert.ok(listBytes > 65536, `the list is one frame of ${listBytes} bytes`);
    const page = await h.openApp(browser, server, 'Viewer', { query: '&room=big' });
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="peer-item"]').length === n, CROWD, { timeout: 30000 });
    assert.equal(await page.textContent('[data-testid="peer-count"]'), String(CROWD));
    // In a desktop window the list scrolls in its own panel: the page stays the window's height
    // and "Ready for calls" stays in view beside it.
    assert.ok(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1), 'the page does not grow with the list');
    const ready = await page.locator('#stage-idle-title').boundingBox();
    assert.ok(ready && ready.y > 0 && ready.y + ready.height < 800, `the stage's title is in view: ${JSON.stringify(ready)}`);
    const list = await page.locator('.tab-body').evaluate((el) => ({ scrolls: el.scrollHeight > el.clientHeight, top: el.scrollTop }));
    assert.deepEqual(list, { scrolls: true, top: 0 });
    // The list still follows the room: one leaves, one joins.
    sockets.pop().close();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="peer-item"]').length === n, CROWD - 1, { timeout: 10000 });
    const late = await crowd(server, 'big', 1);
    sockets.push(...late);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="peer-item"]').length === n, CROWD, { timeout: 10000 });
    await h.screenshot(page, 'big-room');
  } finally {
    for (const socket of sockets) socket.terminate();
    await browser.close();
    await server.stop();
  }
});

test('a full room: the page says so (ROOM_FULL), keeps trying, and joins once someone leaves; phone and desktop, both themes', { timeout: 90000 }, async () => {
  const server = await h.startServer({ args: ['--max-room-people', '2'] });
  const browser = await h.launchBrowser();
  let sockets = [];
  try {
    sockets = await crowd(server, 'tiny', 2);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => { page.__errors = (page.__errors || []).concat(String(error)); });
    // Counts the page's signaling attempts.
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      window.__attempts = 0;
      window.WebSocket = class extends Native {
        constructor(...args) { super(...args); window.__attempts += 1; }
      };
    });
    await page.goto(`${server.url}/?name=Third&room=tiny`);
    const banner = page.locator('[data-testid="error-banner"][data-code="ROOM_FULL"]');
    await banner.waitFor({ timeout: 15000 });
    assert.match(await banner.innerText(), /This room is full, so you are not in it yet\. The page keeps trying/);
    // A wait, not an error: told as a status in the accent's colour, not an alert in red.
    assert.equal(await banner.getAttribute('data-kind'), 'wait');
    assert.equal(await banner.getAttribute('role'), 'status');
    // Not "lost the connection" nor "offline": the server is there, the room has no place yet.
    assert.notEqual(await page.getAttribute('[data-testid="connection-status"]', 'data-status'), 'online');
    await page.waitForFunction(() => /Room full/.test(document.querySelector('[data-testid="connection-status"]').textContent));
    assert.match(await page.innerText('[data-testid="peer-list-empty"]'), /This room is full/);
    assert.equal(await page.getAttribute('[data-testid="connection-status"]', 'data-room-full'), 'true');
    assert.doesNotMatch(await page.innerText('body'), /offline|No connection to the server/i);
    // It retries with its back-off: still full after two more attempts, the reason stays.
    await page.waitForFunction(() => window.__attempts >= 3, null, { timeout: 15000 });
    assert.equal(await banner.count(), 1, 'the reason stays while the room is full');
    assert.equal(await page.locator('[data-testid="error-banner"][data-code="SIGNALING_LOST"]').count(), 0);
    for (const theme of ['light', 'dark']) {
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      await h.screenshot(page, `room-full-390-${theme}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await page.innerText('#stage-idle-title'), 'This room is full');
    await h.screenshot(page, 'room-full-1280-dark');
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
    // One leaves (a goodbye): the next attempt gets in, lists the other, and the notice goes.
    const left = sockets.shift();
    await new Promise((resolve) => { left.once('close', resolve); left.close(); });
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="peer-item"]').length === 1, null, { timeout: 5000 });
    assert.equal(await banner.count(), 0, 'the notice goes once the page is in the room');
    assert.equal(await page.getAttribute('[data-testid="connection-status"]', 'data-room-full'), 'false');
    assert.deepEqual(page.__errors || [], []);
  } finally {
    for (const socket of sockets) socket.terminate();
    await browser.close();
    await server.stop();
  }
});
