// Leaving the page during a call: closing the tab is how many people hang up, and a reload or a
// tap on Back happens by mistake. The other side reads who ended the call at once (before, it
// showed "Reconnecting…" for 30 s and then blamed the connection); a connected call makes the
// browser ask first; a call ringing here, or an idle page, does not.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

/** Accepts every dialog the page shows and records its type. */
function recordDialogs(page) {
  const seen = [];
  page.on('dialog', (dialog) => { seen.push(dialog.type()); dialog.accept().catch(() => {}); });
  return seen;
}

test('closing the tab mid-call: the browser asks first, and the other side reads at once who ended it', { timeout: 60000 }, async () => {
  const { alice, bob } = await h.connectedCall(env);
  const dialogs = recordDialogs(alice);
  const closed = alice.waitForEvent('close');
  const at = Date.now();
  await alice.close({ runBeforeUnload: true });
  await closed;
  await bob.waitForSelector('[data-testid="call-ended"]', { timeout: 10000 });
  const took = Date.now() - at;
  assert.deepEqual(dialogs, ['beforeunload'], 'a connected call is not cut without asking');
  assert.equal(await h.endReason(bob), 'REMOTE_HUNG_UP');
  assert.match(await bob.textContent('[data-testid="call-end-reason"]'), /Alice hung up/);
  assert.ok(took < 3000, `Bob knew within ${took} ms`);
  console.log(`closed tab: the other side knew ${took} ms after the close`);
  await bob.context().close();
});

test('a reload mid-call hangs up too; a ringing call or an idle page leaves without asking', { timeout: 90000 }, async () => {
  const { alice, bob } = await h.connectedCall(env);
  const bobDialogs = recordDialogs(bob);
  const at = Date.now();
  await h.reload(bob);
  assert.equal(await h.endReason(alice), 'REMOTE_HUNG_UP');
  assert.ok(Date.now() - at < 5000, 'Alice knew before Bob was back');
  assert.deepEqual(bobDialogs, ['beforeunload']);

  // Bob, back with a new id, is called and closes the tab while it rings: not held up, and
  // Alice reads that he is unavailable (he left), not that he declined.
  await alice.click('[data-testid="dismiss-call-button"]');
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await bob.waitForSelector('[data-testid="incoming-call"]');
  const ringingDialogs = recordDialogs(bob);
  const closed = bob.waitForEvent('close');
  await bob.close({ runBeforeUnload: true });
  await closed;
  assert.equal(await h.endReason(alice), 'PEER_UNAVAILABLE');
  assert.deepEqual(ringingDialogs, [], 'a ringing call does not hold the tab');

  // Alice, idle again, closes without being asked.
  await alice.click('[data-testid="dismiss-call-button"]');
  const idleDialogs = recordDialogs(alice);
  const gone = alice.waitForEvent('close');
  await alice.close({ runBeforeUnload: true });
  await gone;
  assert.deepEqual(idleDialogs, []);
  await alice.context().close();
  await bob.context().close();
});
