// A server that requires an access token (issue #12): pages opened with ?token= connect, fetch
// TURN credentials with it (the endpoint refuses anyone without), drop it from the address bar,
// keep working after a reload, and call each other with audio — under the app's full
// Content-Security-Policy, which must not block anything the app does.
'use strict';

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

const TOKEN = 'e2e-access-token-7f3a';

test('with an access token: TURN credentials need it, the address bar loses it, calls work under the CSP', { timeout: 90000 }, async () => {
  const server = await h.startServer({
    args: ['--turn-urls', 'turn:127.0.0.1:3478?transport=udp'],
    env: { DIALTONE_ACCESS_TOKEN: TOKEN, DIALTONE_TURN_SECRET: 'e2e-turn-secret' },
  });
  cleanup.push(server.stop);
  const browser = await h.launchBrowser();
  cleanup.push(() => browser.close());

  // Without the token nothing of value is handed out.
  const bare = await fetch(`${server.url}/api/ice-servers`);
  assert.equal(bare.status, 401);

  const violations = [];
  const watch = async (page) => {
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
  };
  const iceAnswers = [];
  const watchIce = async (page) => {
    await watch(page);
    page.on('response', (response) => {
      if (response.url().includes('/api/ice-servers')) iceAnswers.push(response.status());
    });
  };
  const alice = await h.openApp(browser, server, 'Alice', { query: `&token=${TOKEN}`, beforeLoad: watchIce });
  const bob = await h.openApp(browser, server, 'Bob', { query: `&token=${TOKEN}`, beforeLoad: watch });

  assert.equal(await alice.evaluate(() => new URLSearchParams(location.search).get('token')), null, 'token gone from the address bar');
  assert.equal(await alice.evaluate(() => new URLSearchParams(location.search).get('name')), 'Alice', 'the rest of the query stays');
  for (let i = 0; i < 50 && iceAnswers.length === 0; i++) await alice.waitForTimeout(100);
  assert.deepEqual(iceAnswers.slice(0, 1), [200], 'the page fetched its TURN credentials with the token');

  // A reload (no token in the URL any more) still connects: the tab kept it.
  await h.reload(alice);
  await h.waitForPeer(alice, bob);
  await h.waitForPeer(bob, alice);

  await h.placeAcceptedCall(alice, bob, 'audio');
  await h.assertAudioFlows(alice, 'alice');
  await h.assertAudioFlows(bob, 'bob');
  await h.screenshot(alice, 'access-token-call');
  assert.deepEqual(violations, [], 'nothing was blocked by the Content-Security-Policy');
});
